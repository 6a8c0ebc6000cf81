"""The QR code: what it encodes, how it is drawn, and that it decodes from every real leaflet."""
from __future__ import annotations

import pytest

from scripts.leaflets import qr
from scripts.leaflets.names import pdf_name, variants
from scripts.leaflets.qr import qr_payload
from tests.leaflets.pdfcheck import DATA, PRINTED, SETTINGS, decode_qr

def test_qr_payload_is_the_short_address():
    assert qr_payload(DATA.site("h03"), SETTINGS) == "https://heartline.example.org/s/h03/"
    assert pdf_name("h03", "zh", "A5") == "h03/h03-zh-a5.pdf"


@pytest.mark.parametrize("url", ["https://heartline.example.org/s/h03/",
                                 "https://heartline.example.org/s/b1234/",
                                 "https://example.org/a-longer-published-address/s/tj-bh-07/"])
def test_qr_strokes_cover_exactly_the_dark_modules(url):
    """Each stroke runs along the middle of a row or a column, one module thick, so it covers the
    modules from its start to its end; together they must be exactly qrcode's dark modules."""
    import re
    import qrcode
    svg = str(qr.qr_svg(url))
    assert 'fill="none"' in svg and 'stroke-width="1"' in svg
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_Q, border=4)
    code.add_data(url)
    code.make(fit=True)
    matrix = code.get_matrix()
    assert f'viewBox="0 0 {len(matrix)} {len(matrix)}"' in svg
    path = re.search(r' d="([^"]*)"', svg).group(1)
    drawn = set()
    for x, y, length in re.findall(r"M(\d+) (\d+)\.5h(\d+)", path):
        drawn |= {(int(x) + i, int(y)) for i in range(int(length))}
    for x, y, length in re.findall(r"M(\d+)\.5 (\d+)v(\d+)", path):
        drawn |= {(int(x), int(y) + i) for i in range(int(length))}
    assert re.sub(r"M\d+ \d+\.5h\d+|M\d+\.5 \d+v\d+", "", path) == ""  # nothing else
    dark = {(x, y) for y, row in enumerate(matrix) for x, on in enumerate(row) if on}
    assert drawn == dark
    assert all(not matrix[y][x] for y in range(len(matrix)) for x in range(len(matrix))
               if min(x, y) < 4 or max(x, y) >= len(matrix) - 4)  # the quiet zone stays white


@pytest.mark.parametrize("dpi", [150, 72])
def test_every_leaflet_qr_decodes_to_its_page(built_site, dpi):
    for site in PRINTED:
        for variant in variants(SETTINGS):
            pdf = built_site / "leaflets" / pdf_name(site.id, variant, "A5")
            assert decode_qr(pdf, dpi) == [f"https://heartline.example.org/s/{site.id}/"], pdf
            short = built_site / "s" / site.id / "index.html"
            assert short.exists()
