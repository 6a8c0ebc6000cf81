"""Leaflets in every configured language and script: the QR code decodes, the words are there in
their script (right to left in logical order), and the fonts have every letter."""
from __future__ import annotations

import datetime as dt
import re
import subprocess

import pypdfium2 as pdfium
import pytest
import yaml
import zxingcpp

from scripts.data.config import load_settings
from scripts.data.loader import load_dataset
from scripts.leaflets import names, writing
from scripts.leaflets.write import write_leaflets
from scripts.words.templating import labels
from tests.leaflets.pdfcheck import DATA, SETTINGS, text_collisions

DAY = dt.date(2026, 12, 2)
SHIPPED = [lang for lang in ("ko", "ja", "ru", "ar", "ug") if lang in SETTINGS.languages]


def leaflet(tmp_path, variant, site="h03", data=DATA, settings=SETTINGS):
    [pdf] = write_leaflets(data, settings, tmp_path / "out", site_ids={site}, cache=tmp_path / "c",
                           only_variants=[variant], printed=DAY, jobs=1)
    page = pdfium.PdfDocument(pdf)[0]
    image = page.render(scale=150 / 72).to_pil()
    return pdf, [r.text for r in zxingcpp.read_barcodes(image)], page.get_textpage().get_text_range()


def longest_run(words: str, text: str) -> str:
    """The longest run of whole words of `words`, in their order, that the text holds."""
    parts, flat, best = words.split(), " ".join(text.split()), ""
    for start in range(len(parts)):
        for end in range(len(parts), start, -1):
            run = " ".join(parts[start:end])
            if len(run) > len(best) and run in flat:
                best = run
    return best


def test_the_languages_of_the_issue_are_configured():
    assert SHIPPED == ["ko", "ja", "ru", "ar", "ug"]


@pytest.mark.parametrize("lang", SHIPPED)
def test_a_leaflet_in_each_language_scans_and_holds_its_words(tmp_path, lang):
    pdf, codes, text = leaflet(tmp_path, lang)
    assert codes == ["https://heartline.example.org/s/h03/"]
    scan = labels(lang)["leaflet_scan"]
    assert writing.script_of(scan) == writing.script(lang) != "latin"
    if writing.direction(lang) == "rtl":
        # In logical order, as written in the label file. (pdfium reads the lam-alef ligature back
        # as alef-lam, so a word holding one may not match: a run of several words must.)
        run = longest_run(scan, text)
        assert len(run.split()) >= 3, (scan, text)
    else:
        assert "".join(scan.split()) in "".join(text.split())
    assert text_collisions(pdf) == []


@pytest.mark.parametrize("lang", SHIPPED)
def test_the_fonts_of_each_language_have_every_letter_of_its_words(lang):
    """The first installed font of the language's stack draws every letter of its leaflet words
    (Uyghur's ې ۆ ۈ ۋ ڭ ھ ئ in Noto Sans Arabic): none falls back to another font or to a box."""
    from fontTools.ttLib import TTFont
    words = "".join(str(v) for k, v in labels(lang).items() if k.startswith("leaflet"))
    # the letters of its own script (Latin ones, such as PDF, come from the fonts after it)
    own = {writing.script(lang), "han"} if writing.script(lang) in ("kana", "hangul") else {writing.script(lang)}
    letters = {c for c in words if c.isalpha() and writing.script_of(c) in own}
    for family in writing.font_stack(lang):
        source = writing.CUT_SOURCES.get(family, family)
        found = subprocess.run(["fc-match", "-f", "%{family}\n%{file}\n%{index}", source],
                               capture_output=True, text=True, check=True).stdout.split("\n")
        if source.split(":")[0] in found[0].split(","):
            break
    else:
        pytest.fail(f"no font of {writing.font_stack(lang)} is installed")
    with TTFont(found[1], fontNumber=int(found[2]), lazy=True) as font:
        cmap = font.getBestCmap()
    missing = sorted(c for c in letters if ord(c) not in cmap)
    assert not missing, f"{family} lacks {missing}"
    if lang == "ug":
        assert set("ېۆۈۋڭھئ") <= letters


def test_right_to_left_languages_are_laid_out_right_to_left():
    assert [lang for lang in SETTINGS.languages if writing.direction(lang) == "rtl"] == ["ar", "ug"]
    from scripts.leaflets.html import leaflet_html
    html = leaflet_html([DATA.site("h03")], DATA.spoken_languages, SETTINGS, "ar", "A5", False, DAY)
    assert '<html lang="ar" dir="rtl">' in html
    number = DATA.site("h03").hotlines[0].number.display
    assert f'<span class="number" dir="ltr">{number}</span>' in html  # numbers stay left to right
    assert re.search(r'<p class="url" data-field="site_url" dir="ltr">https://', html)
    assert all(c.isascii() for c in number)


@pytest.mark.parametrize("lang", ["ar", "ug"])
def test_arabic_letters_are_joined_in_the_embedded_font(tmp_path, lang):
    """Shaping survives into the PDF: besides the letters' own glyphs (the font's character map),
    the embedded Arabic font draws their joined forms, which only its GSUB table reaches."""
    import io

    from fontTools.ttLib import TTFont
    from tests.leaflets.pdfcheck import embedded_fonts
    pdf, _, _ = leaflet(tmp_path, lang)
    [arabic] = [data for name, data in embedded_fonts(pdf).items() if "Arabic" in name]
    font = TTFont(io.BytesIO(arabic))
    drawn = {g for g in font.getGlyphOrder() if font["glyf"][g].numberOfContours != 0}
    joined = drawn - set(font.getBestCmap().values())
    assert len(joined) >= 15, f"only {len(joined)} joined forms among {len(drawn)} glyphs"


def test_a_bilingual_leaflet_pairs_chinese_with_one_language(tmp_path):
    pdf, codes, text = leaflet(tmp_path, "zh+ar")
    assert pdf.name == "h03-zh-ar-a5.pdf"
    assert codes == ["https://heartline.example.org/s/h03/"]
    assert labels("zh")["leaflet_scan"] in text
    assert len(longest_run(labels("ar")["leaflet_scan"], text).split()) >= 3
    assert labels("en")["leaflet_scan"] not in text  # Chinese and Arabic only


def test_variants_and_their_names():
    assert names.variants(SETTINGS) == [*SETTINGS.languages, "zh+en"]
    assert names.check_variant("bi", SETTINGS) == "zh+en"
    assert names.pdf_name("h03", "zh+en", "A5") == "h03/h03-bi-a5.pdf"  # as published before
    assert names.pdf_name("h03", "zh+ar", "A5") == "h03/h03-zh-ar-a5.pdf"
    assert names.combined_name("ko", "A5") == "all-ko-a5.pdf"
    assert names.variant_languages("zh+ug", SETTINGS) == ["zh", "ug"]
    for bad in ("fr", "en+ar", "zh+zh", "zh+ar+ko"):
        with pytest.raises(ValueError, match=f"unknown variant '{re.escape(bad)}'"):
            names.check_variant(bad, SETTINGS)
    assert names.variant_label("zh+en", "en", SETTINGS) == labels("en")["leaflets_lang_bi"]
    assert names.variant_label("en", "zh", SETTINGS) == labels("zh")["leaflets_lang_en"]
    assert names.variant_label("ar", "en", SETTINGS) == SETTINGS.language_names["ar"]
    assert names.variant_label("zh+ar", "en", SETTINGS) == f"{labels('en')['leaflets_lang_zh']} + {SETTINGS.language_names['ar']}"


def test_a_language_without_words_or_translations_prints_its_fallbacks_words(project, tmp_path):
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = text.replace("        - locale: ko\n", "        - locale: fr\n          name: Français\n          build: true\n"
                        "        - locale: ko\n", 1)
    config.write_text(text, encoding="utf-8")
    settings = load_settings(project)
    assert "fr" in settings.languages and settings.fallback("fr") == "en"
    data = load_dataset(settings)
    pdf, codes, text = leaflet(tmp_path, "fr", data=data, settings=settings)
    assert codes == ["https://heartline.example.org/s/h03/"]
    text = " ".join(re.sub("\ufffe\\s*", "-", text).split())  # pdfium reads a hyphen ending a line as U+FFFE
    assert labels("en")["leaflet_scan"] in text
    assert data.site("h03").name["en"] in text


def test_a_text_too_long_for_a_leaflet_in_a_fallback_language_is_named(tmp_path):
    """A Korean leaflet prints the English WeChat note (no Korean yet): when it does not fit, the
    message still names the field."""
    import dataclasses

    from scripts.leaflets.write import LeafletError
    site = DATA.site("h02")
    assert not site.wechat.translated("ko")
    long = "Scan the group QR code on the back of your room door with WeChat. " * 30
    wechat = dataclasses.replace(site.wechat, values={**site.wechat.values, "en": long, "ko": long})
    sites = [dataclasses.replace(s, wechat=wechat) if s.id == "h02" else s for s in DATA.sites]
    data = dataclasses.replace(DATA, sites=type(DATA.sites)(sites))
    with pytest.raises(LeafletError, match=r"site 'h02': wechat does not fit on the ko leaflet at A5"):
        write_leaflets(data, SETTINGS, tmp_path / "out", site_ids={"h02"}, cache=tmp_path / "c",
                       only_variants=["ko"], printed=DAY, jobs=1)
