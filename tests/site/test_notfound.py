"""Each language's 404 page: the default language's at the root, the others' under their prefix;
its own language first, then the core languages, with the numbers from the data."""
from __future__ import annotations

import dataclasses
import re

import pytest

from scripts.data.config import load_settings
from scripts.data.loader import load_dataset
from scripts.site.fallback import direction
from scripts.site.notfound import not_found_context, not_found_path, page_languages, section
from scripts.site.urgent import URGENT, urgent_numbers
from scripts.words.templating import labels

SETTINGS = load_settings()
DATA = load_dataset(SETTINGS)


def test_each_language_has_its_404_page_where_the_server_looks_for_it():
    assert [not_found_path(lang, SETTINGS) for lang in SETTINGS.languages] == [
        "404.html" if lang == SETTINGS.default_language else f"{lang}/404.html" for lang in SETTINGS.languages]


@pytest.mark.parametrize("lang", SETTINGS.languages)
def test_a_404_page_speaks_its_language_then_each_core_language(lang):
    shown = page_languages(lang, SETTINGS)
    assert shown[0] == lang
    assert set(shown) == {lang, *SETTINGS.core_languages} and len(shown) == len(set(shown))


def test_a_language_without_its_own_404_words_shows_its_fallbacks_once(monkeypatch):
    english = labels("en")
    monkeypatch.setattr("scripts.site.notfound.labels", lambda code: english if code == "ko" else labels(code))
    assert page_languages("ko", SETTINGS) == ["ko", "zh"]


def test_the_urgent_numbers_come_from_the_data():
    """Regression: 120, 110 and 12356 were typed into the 404 page and the offline page."""
    changed = dataclasses.replace(DATA, hotlines=tuple(
        dataclasses.replace(h, number=dataclasses.replace(h.number, display="99999", tel="tel:99999"))
        if h.id == URGENT["psy"] else h for h in DATA.hotlines))
    numbers = not_found_context("en", SETTINGS, changed)["numbers"]
    assert numbers["psy"].tel == "tel:99999" and numbers["ambulance"].tel == "tel:120"
    with pytest.raises(KeyError, match="police-110"):
        urgent_numbers(dataclasses.replace(DATA, hotlines=tuple(h for h in DATA.hotlines if h.id != URGENT["police"])))


def blocks(html: str) -> list[tuple[str, str, str]]:
    """(lang, dir, heading) of each language's block on a built 404 page."""
    return re.findall(r'<div lang="([a-z-]+)" dir="(ltr|rtl)" class="hl-notfound">\s*<h[12]>([^<]*)</h[12]>', html)


@pytest.mark.parametrize("lang", SETTINGS.languages)
def test_404_page_speaks_its_language_first_with_the_numbers_from_the_data(built_site, lang):
    html = (built_site / not_found_path(lang, SETTINGS)).read_text(encoding="utf-8")
    assert f'<html lang="{lang}"' in html[:200]
    assert re.search(r"<h1>([^<]*)</h1>", html).group(1) == labels(lang)["notfound_title"]
    assert blocks(html) == [(code, direction(code), labels(code)["notfound_title"])
                            for code in page_languages(lang, SETTINGS)]
    for number in urgent_numbers(DATA).values():
        assert html.count(f'<a href="{number.tel}" dir="ltr">{number.display}</a>') == len(blocks(html))


def test_404_links_are_absolute_paths_into_each_languages_section(built_site):
    """Regression: the links were written '//en/', an address on a host named 'en'."""
    for lang in SETTINGS.languages:
        html = (built_site / not_found_path(lang, SETTINGS)).read_text(encoding="utf-8")
        assert not re.findall(r'href="//', html)
        for code in page_languages(lang, SETTINGS):
            prefix = SETTINGS.lang_prefix(code)
            for path in ("", "sites/", "hotlines/"):
                assert f'href="/{prefix}{path}"' in html, (lang, code, path)


@pytest.mark.parametrize("site_url, expected", [("https://heartline.example.org/", ["/", "/en/", "/ar/"]),
                                                ("https://example.org/heartline/", ["/heartline/", "/heartline/en/", "/heartline/ar/"])])
def test_a_404_page_links_to_each_section_by_its_absolute_path(site_url, expected):
    settings = dataclasses.replace(SETTINGS, site_url=site_url)
    assert [section(lang, settings) for lang in ("zh", "en", "ar")] == expected
