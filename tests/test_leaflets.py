"""Leaflets checked as a printer and a phone would: real PDFs, decoded QR codes, exact sizes."""
from __future__ import annotations

import dataclasses
import datetime as dt
import subprocess

import pypdfium2 as pdfium
import pytest
import zxingcpp

from scripts import leaflets
from scripts.build import build
from scripts.config import load_settings
from scripts.data import load_dataset
from scripts.leaflets import LeafletError, leaflet_html, pdf_name, qr_payload, variants
from tests.sitecheck import resolve

SETTINGS = load_settings()
DATA = load_dataset(SETTINGS)
MM = 72 / 25.4  # PDF points per millimetre


def decode_qr(pdf, dpi):
    page = pdfium.PdfDocument(pdf)[0]
    image = page.render(scale=dpi / 72).to_pil()
    return [r.text for r in zxingcpp.read_barcodes(image)]


def text_collisions(pdf) -> list[str]:
    """Letters that land on other letters or off the page: what a reader would see as overlapping
    or cut-off text. (Neighbouring letters, such as the f and i of "fi", may touch.)"""
    page = pdfium.PdfDocument(pdf)[0]
    width, height = page.get_size()
    text = page.get_textpage()
    boxes = []
    for i in range(text.count_chars()):
        char = text.get_text_range(i, 1)
        if char.strip():
            boxes.append((*text.get_charbox(i), char, i))
    out = [f"{c!r} is off the page" for l, b, r, t, c, _ in boxes
           if l < 0 or b < 0 or r > width or t > height]
    boxes.sort()
    for n, (l1, b1, r1, t1, c1, i1) in enumerate(boxes):
        for l2, b2, r2, t2, c2, i2 in boxes[n + 1:]:
            if l2 >= r1:
                break
            across, up = min(r1, r2) - max(l1, l2), min(t1, t2) - max(b1, b2)
            smaller = min((r1 - l1) * (t1 - b1), (r2 - l2) * (t2 - b2))
            if across > 0 and up > 0 and across * up > 0.25 * smaller and abs(i1 - i2) > 1:
                out.append(f"{c1!r} overlaps {c2!r}")
    return out


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
    svg = str(leaflets.qr_svg(url))
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


def test_qr_operators_are_what_the_drawing_stream_writes_for_the_same_strokes():
    import pydyf
    stream = pydyf.Stream()
    stream.move_to(0, 0)
    for x, y, x2, y2 in [(4, 4.5, 11, 4.5), (4.5, 5, 4.5, 8), (10, 12.5, 11, 12.5)]:
        stream.move_to(float(x), float(y))
        stream.line_to(float(x2), float(y2))
    assert leaflets._qr_operators("M4 4.5h7M4.5 5v3M10 12.5h1") == b"\n".join(stream.stream)
    assert leaflets._qr_operators("M4 4.5h7L9 9") is None  # anything else goes to WeasyPrint


def test_qr_drawn_the_fast_way_is_exactly_what_weasyprint_draws(monkeypatch):
    """The QR path skips WeasyPrint's SVG path parser; the page must come out the same."""
    from weasyprint import svg
    html = leaflet_html([DATA.site("h03")], DATA, SETTINGS, "bi", "A6", False, dt.date(2026, 11, 26))
    leaflets.render_document("<p>x</p>")  # installs the fast QR path
    fast_path = svg.TAGS["path"]
    weasyprint_path = fast_path.general
    assert fast_path.reads_qr_fast
    slow = []
    monkeypatch.setattr(fast_path, "general", lambda drawing, node, size: slow.append(node))
    fast = leaflets.render_document(html).write_pdf()
    assert slow == []  # the QR path never reached WeasyPrint's own parser
    monkeypatch.setitem(svg.TAGS, "path", weasyprint_path)
    general = leaflets.render_document(html).write_pdf()

    def page(pdf):
        return pdfium.PdfDocument(pdf)[0].render(scale=150 / 72).to_pil()
    assert page(fast).tobytes() == page(general).tobytes()
    assert [r.text for r in zxingcpp.read_barcodes(page(fast))] == ["https://heartline.example.org/s/h03/"]


@pytest.mark.parametrize("dpi", [150, 72])
def test_every_leaflet_qr_decodes_to_its_page(built_site, dpi):
    for site in DATA.sites:
        for variant in variants(SETTINGS):
            pdf = built_site / "leaflets" / pdf_name(site.id, variant, "A5")
            assert decode_qr(pdf, dpi) == [f"https://heartline.example.org/s/{site.id}/"], pdf
            short = built_site / "s" / site.id / "index.html"
            assert short.exists()


def test_leaflet_page_size_is_exactly_a5(built_site):
    pdf = pdfium.PdfDocument(built_site / "leaflets" / pdf_name("h01", "bi", "A5"))
    assert len(pdf) == 1
    width, height = pdf[0].get_size()
    assert (round(width / MM, 1), round(height / MM, 1)) == (148.0, 210.0)


def test_fonts_are_embedded_and_text_holds_name_and_numbers(built_site):
    for variant in variants(SETTINGS):
        pdf = built_site / "leaflets" / pdf_name("h07", variant, "A5")
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
        rows = fonts.splitlines()[2:]
        assert rows and all(row.split()[-5] == "yes" for row in rows), fonts
        assert any("CJK" in row for row in rows)
        text = pdfium.PdfDocument(pdf)[0].get_textpage().get_text_range()
        site = DATA.site("h07")
        for lang in leaflets.variant_languages(variant, SETTINGS):
            assert site.name[lang] in text
        for hotline in site.hotlines:
            assert hotline.number.display in text


def test_no_text_overlaps_or_is_cut_off(built_site):
    for site in DATA.sites:
        for variant in variants(SETTINGS):
            pdf = built_site / "leaflets" / pdf_name(site.id, variant, "A5")
            assert text_collisions(pdf) == [], pdf


def test_single_site_pdf_stays_under_250_kb(built_site):
    sizes = [p.stat().st_size for p in (built_site / "leaflets").glob("h*/*.pdf")]
    assert sizes and max(sizes) <= 250 * 1024


def test_site_pages_link_to_their_leaflets(built_site):
    for prefix in ("", "en/"):
        page = built_site / prefix / "sites" / "h02" / "index.html"
        html = page.read_text(encoding="utf-8")
        for variant in variants(SETTINGS):
            href = next(h for h in html.split('"') if h.endswith(f"h02-{variant}-a5.pdf"))
            assert resolve(built_site, page, href).exists()
    assert (built_site / "leaflets" / "all-zh-a5.pdf").exists()


@pytest.mark.parametrize("size", ["A4", "A5", "A6"])
@pytest.mark.parametrize("variant", ["zh", "en", "bi"])
def test_longest_name_and_six_hotlines_fit_on_one_page(size, variant, tmp_path):
    site = DATA.site("h07")
    six = tuple(DATA.hotlines[:6])
    long = {"zh": "国家级示范性综合服务型隔离观察与康复支持中心第三分部（示例）",
            "en": "National Demonstration Comprehensive Quarantine Observation and Recovery Support "
                  "Centre, Third Branch (sample)"}
    site = dataclasses.replace(site, hotlines=six, name=dataclasses.replace(site.name, values=long))
    doc = leaflets.render_document(leaflet_html([site], DATA, SETTINGS, variant, size, False, dt.date(2026, 11, 25)))
    assert len(doc.pages) == 1, "the leaflet overflows onto a second page"
    doc.write_pdf(tmp_path / "leaflet.pdf")
    assert text_collisions(tmp_path / "leaflet.pdf") == []
    width, height = leaflets.SIZES[size]
    assert (round(doc.pages[0].width * 25.4 / 96, 1), round(doc.pages[0].height * 25.4 / 96, 1)) == (width, height)


@pytest.mark.parametrize("url, message", [
    (None, "mkdocs.yml: site_url is missing — set it to the https:// address"),
    ("http://heartline.example.org/", "mkdocs.yml: site_url 'http://heartline.example.org/' is not an "
                                      "https:// address"),
    ("javascript:alert(1)", "is not an https:// address"),
])
def test_bad_site_url_refuses_to_print(url, message):
    settings = dataclasses.replace(SETTINGS, site_url=url)
    with pytest.raises(LeafletError, match=message.replace("(", r"\(").replace(")", r"\)")):
        qr_payload(DATA.site("h01"), settings)


def test_unknown_site_id_is_refused(capsys):
    assert leaflets.main(["--site", "h99"]) == 1
    assert "error: unknown site 'h99'; known: h01, h02" in capsys.readouterr().err


def test_refuses_when_the_target_page_is_not_built(tmp_path, capsys):
    assert leaflets.main(["--site", "h01", "--site-dir", str(tmp_path)]) == 1
    assert "no page at /s/h01/" in capsys.readouterr().err


def test_removing_a_printed_site_fails_the_build_and_keeps_the_site(project, tmp_path, capsys):
    settings = load_settings(project)
    site = tmp_path / "site"
    assert build(settings, site) == 0
    assert "https://heartline.example.org/s/h12/" in (project / "resources" / "printed.yml").read_text()
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    sites = project / "resources" / "sites.yml"
    text = sites.read_text(encoding="utf-8")
    start = text.index("  - id: h12")
    sites.write_text(text[:start] + text[text.index("  - id: h13"):], encoding="utf-8")
    assert build(settings, site) == 1
    err = capsys.readouterr().err
    assert "resources/printed.yml:" in err
    assert "printed address https://heartline.example.org/s/h12/ (site 'h12') would no longer open a page" in err
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before


def test_only_leaflets_whose_data_changed_are_laid_out_again(project, tmp_path, monkeypatch):
    settings = load_settings(project)
    out, cache = tmp_path / "leaflets", tmp_path / "cache"
    laid_out = []
    render = leaflets._render_batch
    monkeypatch.setattr(leaflets, "_render_batch",
                        lambda batch, folder: (laid_out.extend(l.site_id for l in batch), render(batch, folder)))
    day = dt.date(2026, 11, 26)
    leaflets.write_leaflets(load_dataset(settings), settings, out, cache=cache, printed=day, jobs=1)
    assert len(laid_out) == 3 * len(DATA.sites)
    before = {p: p.read_bytes() for p in out.rglob("*.pdf")}

    laid_out.clear()
    leaflets.write_leaflets(load_dataset(settings), settings, out, cache=cache, printed=day, jobs=1)
    assert laid_out == []
    assert {p: p.read_bytes() for p in out.rglob("*.pdf")} == before

    sites = project / "resources" / "sites.yml"
    old = DATA.site("h03").name["en"]
    sites.write_text(sites.read_text(encoding="utf-8").replace(old, "Riverside Rest House"), encoding="utf-8")
    leaflets.write_leaflets(load_dataset(settings), settings, out, cache=cache, printed=day, jobs=1)
    assert laid_out == ["h03", "h03", "h03"]  # zh, en and bilingual
    changed = {p for p, data in before.items() if p.read_bytes() != data}
    showing_the_name = {out / pdf_name("h03", v, "A5") for v in ("en", "bi")} | {
        out / f"all-{v}-a5.pdf" for v in ("en", "bi")}
    assert showing_the_name <= changed <= showing_the_name | {out / pdf_name("h03", "zh", "A5"),
                                                            out / "all-zh-a5.pdf"}
    combined = pdfium.PdfDocument(out / "all-en-a5.pdf")
    texts = [combined[i].get_textpage().get_text_range() for i in range(len(combined))]
    assert len(texts) == len(DATA.sites)
    assert "Riverside Rest House" in texts[[s.id for s in DATA.sites].index("h03")]
    assert sum("Riverside Rest House" in t for t in texts) == 1


def test_batches_keep_kinds_apart_and_shrink_at_the_end():
    kinds = [[("zh", i) for i in range(2000)], [("en", i) for i in range(2000)], [("bi", i) for i in range(5)]]
    out = leaflets.batches(kinds, jobs=2)
    assert [l for batch in out for l in batch] == kinds[0] + kinds[1] + kinds[2]  # each once, in order
    assert all(len({kind for kind, _ in batch}) == 1 for batch in out)  # one kind per document
    assert max(map(len, out)) == leaflets.MAX_BATCH
    ends = {len(kinds[0]) - 1, len(kinds[0]) + len(kinds[1]) - 1}
    position = 0
    for batch in out[:-1]:
        position += len(batch)
        if position - 1 not in ends:  # only the last batch of a kind may be short
            assert len(batch) >= leaflets.MIN_BATCH
    assert len(out[-2]) < leaflets.MAX_BATCH  # the workers finish on short documents


def test_a_new_day_prints_new_dates_and_drops_old_leaflets(tmp_path):
    cache = tmp_path / "cache"
    for day in (dt.date(2026, 11, 25), dt.date(2026, 11, 26)):
        leaflets.write_leaflets(DATA, SETTINGS, tmp_path / "out", site_ids={"h01"}, cache=cache,
                                printed=day, jobs=1)
    text = pdfium.PdfDocument(tmp_path / "out" / pdf_name("h01", "en", "A5"))[0].get_textpage().get_text_range()
    assert "2026-11-26" in text and "2026-11-25" not in text


def test_unknown_variant_is_refused(capsys):
    assert leaflets.main(["--variant", "fr"]) == 1
    assert "error: unknown variant 'fr'; known: zh, en, bi" in capsys.readouterr().err


def test_one_variant_only(tmp_path):
    written = leaflets.write_leaflets(DATA, SETTINGS, tmp_path, site_ids={"h02"}, cache=tmp_path / "c",
                                      only_variants=["bi"], jobs=1)
    assert written == [tmp_path / pdf_name("h02", "bi", "A5")]


def test_a4_sheet_holds_two_a5_leaflets_to_cut(tmp_path):
    written = leaflets.write_leaflets(DATA, SETTINGS, tmp_path, site_ids={"h07"}, sheet=True,
                                      cache=tmp_path / "c", only_variants=["bi"], jobs=1)
    sheet = tmp_path / pdf_name("h07", "bi", "A5", sheet=True)
    assert sheet in written
    pdf = pdfium.PdfDocument(sheet)
    assert len(pdf) == 1
    width, height = pdf[0].get_size()
    assert (round(width / MM, 1), round(height / MM, 1)) == (297.0, 210.0)
    image = pdf[0].render(scale=150 / 72).to_pil()
    assert [r.text for r in zxingcpp.read_barcodes(image)] == ["https://heartline.example.org/s/h07/"] * 2
    assert text_collisions(sheet) == []
    assert pdf[0].get_textpage().get_text_range().count(DATA.site("h07").name["en"]) == 2
