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


def test_qr_payload_is_the_short_address():
    assert qr_payload(DATA.site("h03"), SETTINGS) == "https://heartline.example.org/s/h03/"
    assert pdf_name("h03", "zh", "A5") == "h03/h03-zh-a5.pdf"


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
def test_longest_name_and_six_hotlines_fit_on_one_page(size, variant):
    from weasyprint import HTML
    site = DATA.site("h07")
    six = tuple(DATA.hotlines[:6])
    long = {"zh": "国家级示范性综合服务型隔离观察与康复支持中心第三分部（示例）",
            "en": "National Demonstration Comprehensive Quarantine Observation and Recovery Support "
                  "Centre, Third Branch (sample)"}
    site = dataclasses.replace(site, hotlines=six, name=dataclasses.replace(site.name, values=long))
    doc = HTML(string=leaflet_html([site], DATA, SETTINGS, variant, size, False, dt.date(2026, 11, 25))).render()
    assert len(doc.pages) == 1, "the leaflet overflows onto a second page"
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
