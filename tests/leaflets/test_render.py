"""WeasyPrint's layout with the leaflets' speed-ups: the same pages as without them."""
from __future__ import annotations

import datetime as dt

import pypdfium2 as pdfium
import zxingcpp

from scripts.leaflets import render
from scripts.leaflets.html import leaflet_html
from tests.leaflets.pdfcheck import DATA, SETTINGS

def test_qr_operators_are_what_the_drawing_stream_writes_for_the_same_strokes():
    import pydyf
    stream = pydyf.Stream()
    stream.move_to(0, 0)
    for x, y, x2, y2 in [(4, 4.5, 11, 4.5), (4.5, 5, 4.5, 8), (10, 12.5, 11, 12.5)]:
        stream.move_to(float(x), float(y))
        stream.line_to(float(x2), float(y2))
    assert render.qr_operators("M4 4.5h7M4.5 5v3M10 12.5h1") == b"\n".join(stream.stream)
    assert render.qr_operators("M4 4.5h7L9 9") is None  # anything else goes to WeasyPrint


def test_qr_drawn_the_fast_way_is_exactly_what_weasyprint_draws(monkeypatch):
    """The QR path skips WeasyPrint's SVG path parser; the page must come out the same."""
    from weasyprint import svg
    html = leaflet_html([DATA.site("h03")], DATA.spoken_languages, SETTINGS, "bi", "A6", False, dt.date(2026, 11, 26))
    render.render_document("<p>x</p>")  # installs the fast QR path
    fast_path = svg.TAGS["path"]
    weasyprint_path = fast_path.general
    assert fast_path.reads_qr_fast
    slow = []
    monkeypatch.setattr(fast_path, "general", lambda drawing, node, size: slow.append(node))
    fast = render.render_document(html).write_pdf()
    assert slow == []  # the QR path never reached WeasyPrint's own parser
    monkeypatch.setattr(fast_path, "general", weasyprint_path)
    general = render.render_document(html, qr_path=False).write_pdf()
    assert svg.TAGS["path"] is weasyprint_path

    def page(pdf):
        return pdfium.PdfDocument(pdf)[0].render(scale=150 / 72).to_pil()
    assert page(fast).tobytes() == page(general).tobytes()
    assert [r.text for r in zxingcpp.read_barcodes(page(fast))] == ["https://heartline.example.org/s/h03/"]


def test_leaflets_laid_out_with_weasyprints_own_stylesheet_look_the_same():
    html = leaflet_html([DATA.site("h03")], DATA.spoken_languages, SETTINGS, "bi", "A5", False,
                        dt.date(2026, 11, 26))

    def page(document):
        return pdfium.PdfDocument(document.write_pdf())[0].render(scale=100 / 72).to_pil().tobytes()
    assert page(render.render_document(html)) == page(render.render_document(html, ua_sheet=False))


def test_the_pinned_weasyprint_still_has_what_the_speed_ups_rely_on():
    """If one of these fails after WeasyPrint was upgraded, leaflets still print (the plain way),
    but slower or with fewer checks: adapt scripts/leaflets/render.py or drop that speed-up."""
    from importlib.metadata import version
    weasyprint = version("weasyprint")
    assert render.qr_path_hook_available(), (
        f"WeasyPrint {weasyprint} no longer draws SVG paths through svg.TAGS['path'] into a list of "
        "operators (stream.stream): the fast QR path is off")
    assert render.ua_hook_available(), (
        f"WeasyPrint {weasyprint} no longer takes its user-agent stylesheets from "
        "HTML._ua_stylesheets: leaflets use its full stylesheet")
    assert render.page_boxes_available(), (
        f"WeasyPrint {weasyprint} pages no longer keep their boxes in _page_box: the checks for text "
        "running off a leaflet and for the room left on it cannot see the layout")
