"""Writing a build's leaflets: single and combined PDFs, the cache, sheets, one kind only."""
from __future__ import annotations

import datetime as dt

import pypdfium2 as pdfium
import zxingcpp

from scripts.data.config import load_settings
from scripts.data.loader import load_dataset
from scripts.leaflets import write
from scripts.leaflets.html import written_in
from scripts.leaflets.names import pdf_name, variant_languages, variants
from scripts.leaflets.write import write_leaflets
from tests.leaflets.pdfcheck import DATA, PRINTED, MM, SETTINGS, text_collisions

def test_single_site_pdf_stays_under_250_kb(built_site):
    sizes = [p.stat().st_size for p in (built_site / "leaflets").glob("h*/*.pdf")]
    assert sizes and max(sizes) <= 250 * 1024


def test_only_leaflets_whose_data_changed_are_laid_out_again(project, tmp_path, monkeypatch):
    settings = load_settings(project)
    out, cache = tmp_path / "leaflets", tmp_path / "cache"
    laid_out = []
    render = write.render_batch
    monkeypatch.setattr(write, "render_batch",
                        lambda job: (laid_out.extend(l.site_id for l in job.batch), render(job)))
    day = dt.date(2026, 11, 26)
    write_leaflets(load_dataset(settings), settings, out, cache=cache, printed=day, jobs=1)
    kinds = variants(settings)
    assert len(laid_out) == len(kinds) * len(PRINTED)
    before = {p: p.read_bytes() for p in out.rglob("*.pdf")}

    laid_out.clear()
    write_leaflets(load_dataset(settings), settings, out, cache=cache, printed=day, jobs=1)
    assert laid_out == []
    assert {p: p.read_bytes() for p in out.rglob("*.pdf")} == before

    sites = project / "resources" / "sites.yml"
    old = DATA.site("h03").name["en"]
    sites.write_text(sites.read_text(encoding="utf-8").replace(old, "Riverside Rest House"), encoding="utf-8")
    write_leaflets(load_dataset(settings), settings, out, cache=cache, printed=day, jobs=1)
    assert laid_out == ["h03"] * len(kinds)  # every kind of leaflet of that site, and only it
    changed = {p for p, data in before.items() if p.read_bytes() != data}
    name = DATA.site("h03").name
    showing = [v for v in kinds if any(written_in(name, l, settings) == "en" for l in variant_languages(v, settings))]
    assert "en" in showing and "zh+en" in showing and "ko" in showing  # Korean falls back to English
    showing_the_name = {out / pdf_name("h03", v, "A5") for v in showing} | {
        out / combined for combined in (f"all-{pdf_name('x', v, 'A5').split('-', 1)[1]}" for v in showing)}
    everything_of_h03 = {out / pdf_name("h03", v, "A5") for v in kinds} | {
        out / f"all-{pdf_name('x', v, 'A5').split('-', 1)[1]}" for v in kinds}
    assert showing_the_name <= changed <= everything_of_h03
    combined = pdfium.PdfDocument(out / "all-en-a5.pdf")
    texts = [combined[i].get_textpage().get_text_range() for i in range(len(combined))]
    assert len(texts) == len(PRINTED)
    assert "Riverside Rest House" in texts[[s.id for s in PRINTED].index("h03")]
    assert sum("Riverside Rest House" in t for t in texts) == 1


def test_a_new_day_prints_new_dates_and_drops_old_leaflets(tmp_path):
    cache = tmp_path / "cache"
    for day in (dt.date(2026, 11, 25), dt.date(2026, 11, 26)):
        write_leaflets(DATA, SETTINGS, tmp_path / "out", site_ids={"h01"}, cache=cache,
                                printed=day, jobs=1)
    text = pdfium.PdfDocument(tmp_path / "out" / pdf_name("h01", "en", "A5"))[0].get_textpage().get_text_range()
    assert "2026-11-26" in text and "2026-11-25" not in text


def test_one_variant_only(tmp_path):
    written = write_leaflets(DATA, SETTINGS, tmp_path, site_ids={"h02"}, cache=tmp_path / "c",
                                      only_variants=["bi"], jobs=1)
    assert written == [tmp_path / pdf_name("h02", "bi", "A5")]


def test_a4_sheet_holds_two_a5_leaflets_to_cut(tmp_path):
    written = write_leaflets(DATA, SETTINGS, tmp_path, site_ids={"h07"}, sheet=True,
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


def test_a_closed_site_gets_no_new_leaflet(built_site):
    closed = [s for s in DATA.sites if s.status == "closed"]
    assert closed and not any(s in PRINTED for s in closed)
    for site in closed:
        assert not (built_site / "leaflets" / site.id).exists()
        for variant in ("zh", "en", "bi"):
            combined = pdfium.PdfDocument(built_site / "leaflets" / f"all-{variant}-a5.pdf")
            assert len(combined) == len(PRINTED)
            text = "".join(combined[i].get_textpage().get_text_range() for i in range(len(combined)))
            assert site.name["zh" if variant != "en" else "en"] not in text
            assert f"/s/{site.id}/" not in text
        for lang, prefix in (("zh", ""), ("en", "en/")):
            page = (built_site / prefix / "leaflets" / "index.html").read_text(encoding="utf-8")
            item = page[page.index(f"<code>{site.id}</code>"):].split("</li>")[0]
            assert ".pdf" not in item
            assert ("不再印制新的宣传单" if lang == "zh" else "no new leaflets are printed") in item
