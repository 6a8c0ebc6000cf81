"""Each language's 404 page: the default language's at the root, the others' under their prefix."""
from __future__ import annotations

import re

import pytest

from scripts.data.config import load_settings
from scripts.site.notfound import not_found_path

SETTINGS = load_settings()
HEADING = {"zh": "找不到这个页面", "en": "Page not found"}


def test_each_language_has_its_404_page_where_the_server_looks_for_it():
    assert [not_found_path(lang, SETTINGS) for lang in SETTINGS.languages] == ["404.html", "en/404.html"]


@pytest.mark.parametrize("lang", SETTINGS.languages)
def test_404_page_speaks_its_language_first_and_offers_the_other(built_site, lang):
    html = (built_site / not_found_path(lang, SETTINGS)).read_text(encoding="utf-8")
    assert f'<html lang="{lang}"' in html[:200]
    assert re.search(r"<h1>([^<]*)</h1>", html).group(1) == HEADING[lang]
    assert all(heading in html for heading in HEADING.values())


def test_404_links_are_absolute_paths_on_this_host(built_site):
    """Regression: the links were written '//en/', an address on a host named 'en'."""
    for lang in SETTINGS.languages:
        html = (built_site / not_found_path(lang, SETTINGS)).read_text(encoding="utf-8")
        assert not re.findall(r'href="//', html)
        assert 'href="/en/sites/"' in html and 'href="/sites/"' in html
