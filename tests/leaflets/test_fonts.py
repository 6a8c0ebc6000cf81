"""The cut Chinese font: leaflets look exactly as with the full font, and are far smaller."""
import datetime as dt

import pypdfium2 as pdfium
import pytest

from scripts.leaflets.html import leaflet_characters, leaflet_html
from scripts.leaflets.render import render_document
from scripts.leaflets.write import write_leaflets
from scripts.data.config import load_settings
from scripts.data.loader import load_dataset
from scripts.leaflets.fonts import FAMILY, characters, cut_font, font_face, source_font

SETTINGS = load_settings()
DATA = load_dataset(SETTINGS)
DAY = dt.date(2026, 11, 26)

pytestmark = pytest.mark.skipif(source_font() is None, reason="Noto Sans CJK SC is not installed")


def render(variant, font, site="h03", size="A5"):
    html = leaflet_html([DATA.site(site)], DATA.spoken_languages, SETTINGS, variant, size, False, DAY, font)
    pdf = render_document(html).write_pdf()
    page = pdfium.PdfDocument(pdf)[0]
    return pdf, page.render(scale=150 / 72).to_pil().tobytes(), page.get_textpage().get_text_range()


@pytest.mark.parametrize("variant", ["zh", "bi"])
def test_leaflets_look_exactly_as_with_the_full_font_and_are_far_smaller(tmp_path, variant):
    font = cut_font(leaflet_characters(DATA, SETTINGS), tmp_path)
    cut, full = render(variant, font), render(variant, None)
    assert cut[1] == full[1]  # the same pixels at 150 dpi
    assert cut[2] == full[2]  # the same text for copying and searching
    assert len(cut[0]) < len(full[0]) / 2


def test_a_character_the_cut_font_lacks_still_prints(tmp_path):
    name = DATA.site("h03").name["zh"]
    font = cut_font(characters(["扫码", "热线"]), tmp_path)  # hardly any of the name's characters
    cut, full = render("zh", font), render("zh", None)
    assert name in cut[2]
    assert cut[1] == full[1]


def test_the_cut_font_is_made_once_per_set_of_characters(tmp_path):
    first = cut_font({"睡", "眠"}, tmp_path)
    made = first.stat().st_mtime_ns
    assert cut_font({"眠", "睡"}, tmp_path) == first and first.stat().st_mtime_ns >= made
    other = cut_font({"睡", "眠", "安"}, tmp_path)
    assert other != first and other.exists()
    assert f'font-family: "{FAMILY}"' in font_face(other) and other.as_uri() in font_face(other)


def test_characters_come_from_every_text_of_the_data():
    chars = leaflet_characters(DATA, SETTINGS)
    site = DATA.site("h03")
    for text in (site.name["zh"], site.name["en"], site.hotlines[0].name["zh"], site.wechat["zh"]):
        assert set(text) <= chars


def test_sample_leaflets_need_no_character_from_the_full_font(tmp_path):
    """Every character of every sample leaflet is in the cut font: the full Noto Sans CJK SC (a
    65,000-glyph font to subset for each document) is never embedded."""
    import re
    written = write_leaflets(DATA, SETTINGS, tmp_path / "out", cache=tmp_path / "cache" / "leaflets",
                                      printed=DAY, combined=False)
    assert written
    for pdf in written:
        fonts = set(re.findall(rb"/BaseFont\s*/[A-Z]{6}\+([A-Za-z0-9-]+)", pdf.read_bytes()))
        assert not any(f.startswith(b"Noto-Sans-CJK") for f in fonts), pdf
        variant = pdf.name.split("-")[1]
        if variant in ("zh", "en", "bi", "ko", "ja"):
            cut = {"ko": b"Heartline-Leaflet-CJK-KR", "ja": b"Heartline-Leaflet-CJK-JP"}.get(variant, b"Heartline-Leaflet-CJK")
            assert cut in fonts, pdf
