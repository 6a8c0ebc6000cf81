"""The short-address page: a link per language, each in its own words and direction."""
from __future__ import annotations

import re

from scripts.data.config import load_settings
from scripts.data.loader import load_dataset
from scripts.site.fallback import direction
from scripts.site.shortlinks import short_page, shown_language
from scripts.words.templating import labels

SETTINGS = load_settings()
DATA = load_dataset(SETTINGS)
SITE = DATA.site("h03")


def test_each_language_has_its_words_and_its_direction():
    html = short_page(SITE, SETTINGS)
    for lang in SETTINGS.languages:
        words = labels(lang)
        line = re.search(rf'<p lang="{lang}" dir="{direction(lang)}">(.*?)</p>', html).group(1)
        assert words["short_title"] in line.replace("&#39;", "'") and words["site_code"] in line
        assert f'hreflang="{lang}" lang="{lang}" dir="{direction(lang)}"' in html
    assert html.count("<a href=") == len(SETTINGS.languages)


def test_a_site_name_not_yet_translated_is_marked_with_the_language_it_is_in():
    name = SITE.name
    for lang in SETTINGS.languages:
        shown = shown_language(name, lang, SETTINGS)
        assert shown in SETTINGS.fallback_chain(lang) and name.translated(shown)
    html = short_page(SITE, SETTINGS)
    if not name.translated("ug"):
        assert f'<span lang="zh" dir="ltr">{name["ug"]}</span>' in html
