"""A leaflet's layout: page size, fonts, every text on the page, nothing overlapping."""
from __future__ import annotations

import dataclasses
import datetime as dt
import subprocess

import pypdfium2 as pdfium
import pytest

from scripts.leaflets.html import leaflet_html
from scripts.leaflets.names import page_mm, pdf_name, variant_languages, variants
from scripts.leaflets.render import render_document
from tests.leaflets.pdfcheck import DATA, PRINTED, MM, SETTINGS, text_collisions
from tests.sitecheck import resolve

@pytest.mark.parametrize("size", ["A4", "A5", "A6"])
@pytest.mark.parametrize("variant", ["zh", "en", "bi"])
def test_longest_name_and_six_hotlines_fit_on_one_page(size, variant, tmp_path):
    site = DATA.site("h07")
    six = tuple(DATA.hotlines[:6])
    long = {"zh": "国家级示范性综合服务型隔离观察与康复支持中心第三分部（示例）",
            "en": "National Demonstration Comprehensive Quarantine Observation and Recovery Support "
                  "Centre, Third Branch (sample)"}
    site = dataclasses.replace(site, hotlines=six, name=dataclasses.replace(site.name, values=long))
    doc = render_document(leaflet_html([site], DATA.spoken_languages, SETTINGS, variant, size, False, dt.date(2026, 11, 25)))
    assert len(doc.pages) == 1, "the leaflet overflows onto a second page"
    doc.write_pdf(tmp_path / "leaflet.pdf")
    assert text_collisions(tmp_path / "leaflet.pdf") == []
    width, height = page_mm(size)
    assert (round(doc.pages[0].width * 25.4 / 96, 1), round(doc.pages[0].height * 25.4 / 96, 1)) == (width, height)


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
        if set(variant_languages(variant, SETTINGS)) & {"zh", "en", "ko", "ja"}:
            assert any("CJK" in row for row in rows)  # the cut font (an Arabic leaflet may need none)
        text = pdfium.PdfDocument(pdf)[0].get_textpage().get_text_range()
        site = DATA.site("h07")
        for lang in variant_languages(variant, SETTINGS):
            assert site.name[lang] in text
        for hotline in site.hotlines:
            assert hotline.number.display in text


def test_no_text_overlaps_or_is_cut_off(built_site):
    for site in PRINTED:
        for variant in variants(SETTINGS):
            pdf = built_site / "leaflets" / pdf_name(site.id, variant, "A5")
            assert text_collisions(pdf) == [], pdf


def test_site_pages_link_to_their_leaflets(built_site):
    for prefix in ("", "en/"):
        page = built_site / prefix / "sites" / "h02" / "index.html"
        html = page.read_text(encoding="utf-8")
        for variant in variants(SETTINGS):
            href = next(h for h in html.split('"') if h.endswith(pdf_name("h02", variant, "A5").split("/")[1]))
            assert resolve(built_site, page, href).exists()
    assert (built_site / "leaflets" / "all-zh-a5.pdf").exists()


def test_every_size_and_language_keeps_room_for_the_next_field():
    """The fullest sample leaflet of each size and kind keeps the free height sizes.yml asks for
    (`room`), so a field added later has somewhere to go. The table is printed with -rA."""
    from scripts.leaflets.names import sizes
    from scripts.leaflets.render import free_space_mm
    from tests.leaflets.pdfcheck import PRINTED
    report, short = [], []
    for size, row in sizes().items():
        room = float(row["room"].removesuffix("mm"))
        for variant in variants(SETTINGS):
            html = leaflet_html(PRINTED, DATA.spoken_languages, SETTINGS, variant, size, False,
                                dt.date(2026, 11, 25))
            document = render_document(html)
            assert len(document.pages) == len(PRINTED)
            free = free_space_mm(document)
            fullest = min(free)
            report.append(f"{size} {variant}: {fullest:.1f} mm free on {PRINTED[free.index(fullest)].id} "
                          f"(room {room:g} mm)")
            if fullest < room:
                short.append(report[-1])
    print("\n".join(report))
    assert not short, "too little room left:\n" + "\n".join(short)


def test_the_daily_sessions_are_on_the_leaflet(built_site):
    site = PRINTED[0]
    assert site.sessions
    for variant in variants(SETTINGS):
        pdf = pdfium.PdfDocument(built_site / "leaflets" / pdf_name(site.id, variant, "A5"))
        text = " ".join(pdf[0].get_textpage().get_text_range().split())
        for session in site.sessions:
            assert session.time in text
            for lang in variant_languages(variant, SETTINGS):
                assert session.topic[lang] in text, (variant, lang)
