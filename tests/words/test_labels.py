"""The words of every language: each label file says how far its translation has come, and no
translation changes a number or drops a placeholder (a wrong digit on a crisis page is the worst
bug there is)."""
from __future__ import annotations

import re

import pytest
import yaml

from scripts.data.config import load_settings
from scripts.words.templating import LABELS, REFERENCE, labels, missing_labels, own_labels, translation_status

SETTINGS = load_settings()
NAMES = ("language_in_zh", "language_in_en")  # a language's name in Chinese and English: not translated
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def files():
    return sorted(p.stem for p in LABELS.glob("*.yml"))


def test_every_configured_language_has_a_label_file_and_every_file_a_language():
    assert set(files()) == set(SETTINGS.languages)


@pytest.mark.parametrize("lang", files())
def test_each_file_states_its_translation_status(lang):
    meta = yaml.safe_load((LABELS / f"{lang}.yml").read_text(encoding="utf-8"))["translation"]
    assert meta["status"] in ("draft", "reviewed")
    assert meta["by"] and re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(meta["date"]))
    if meta["status"] == "reviewed":
        assert meta["reviewed_by"] and re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(meta["reviewed_on"]))
    assert translation_status(lang)["status"] == meta["status"]


@pytest.mark.parametrize("lang", [f for f in files() if f != REFERENCE])
def test_a_translation_keeps_every_number_and_placeholder(lang):
    reference, words = own_labels(REFERENCE), own_labels(lang)
    assert set(words) <= set(reference), f"keys en.yml does not have: {sorted(set(words) - set(reference))}"
    for key, text in words.items():
        if key in NAMES:
            continue
        assert re.findall(r"\d+", str(text)) == re.findall(r"\d+", str(reference[key])), f"{lang}.yml: {key}"
        assert sorted(PLACEHOLDER.findall(str(text))) == sorted(PLACEHOLDER.findall(str(reference[key]))), \
            f"{lang}.yml: {key}"
        assert not re.search(r"[\u0660-\u0669\u06f0-\u06f9\uff10-\uff19]", str(text)), \
            f"{lang}.yml: {key}: write numbers with the digits 0-9"


@pytest.mark.parametrize("lang", SETTINGS.core_languages)
def test_core_languages_have_every_word(lang):
    assert missing_labels(lang) == []


def test_a_language_without_a_label_file_shows_its_fallbacks_words():
    # 'fr' is configured nowhere here: its words are English, and all of them are missing.
    assert labels("fr") == labels("en")
    assert missing_labels("fr") == list(own_labels("en"))
    assert translation_status("fr") == {"status": "none"}
