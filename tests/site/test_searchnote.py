"""Search in each language: which ones the theme's search knows, the index settings that let it
find their words, and the note in the search dialog of the others."""
from __future__ import annotations

import json
import re
from pathlib import Path

import material

from scripts.data.config import load_settings
from scripts.site.searchnote import LUNR, search_languages, search_notes
from scripts.words.templating import labels

SETTINGS = load_settings()
ROOT = Path(__file__).resolve().parents[2]
THEME_PARTIAL = Path(material.__file__).resolve().parent / "templates" / "partials" / "search.html"
OUR_PARTIAL = ROOT / "overrides" / "partials" / "search.html"


def test_the_theme_searches_every_configured_language_lunr_has_words_for():
    assert LUNR.is_dir(), f"{LUNR}: mkdocs-material no longer ships lunr's languages here"
    assert search_languages(SETTINGS) == tuple(lang for lang in SETTINGS.languages if lang != "ug")


def test_only_a_language_search_does_not_know_gets_a_note_in_its_own_words():
    notes = search_notes(SETTINGS, search_languages(SETTINGS))
    assert list(notes) == ["ug"]
    assert notes["ug"] == labels("ug")["search_unsupported"].format(language=SETTINGS.language_names["ug"])
    assert "{" not in notes["ug"]


def test_the_index_lists_the_languages_search_knows_and_is_not_stemmed(built_site):
    """Regression: the one index for every language took the Chinese settings' stemmer, and the
    theme, which looks for the start of the word typed, found no inflected word ("sleeping",
    "горячих", "دليل")."""
    config = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))["config"]
    assert sorted(config["lang"]) == sorted(search_languages(SETTINGS))
    assert "stemmer" not in config["pipeline"]


def test_only_pages_in_a_language_search_does_not_know_carry_the_note(built_site):
    for lang in SETTINGS.languages:
        html = (built_site / SETTINGS.lang_prefix(lang) / "guides" / "index.html").read_text(encoding="utf-8")
        assert ('class="hl-search-note"' in html) == (lang not in search_languages(SETTINGS)), lang


def test_the_search_dialog_is_the_themes_but_for_the_note():
    """overrides/partials/search.html is a copy of the theme's: after upgrading mkdocs-material,
    copy the new one again and add the note's line."""
    ours = OUR_PARTIAL.read_text(encoding="utf-8")
    without_note = re.sub(r"^\s*\{% set hl_note .*\n", "", re.sub(r"^\{#-.*?-#\}\n", "", ours, flags=re.S), flags=re.M)
    theirs = re.sub(r"^\{#-.*?-#\}\n", "", THEME_PARTIAL.read_text(encoding="utf-8"), flags=re.S)
    assert without_note == theirs, f"{THEME_PARTIAL} changed: copy it to {OUR_PARTIAL} again, with the note"
