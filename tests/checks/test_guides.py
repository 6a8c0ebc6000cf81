"""The residents' guides: both languages, shared anchors, complete, substantial, findable."""
from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from scripts.data.config import load_settings
from scripts.checks.content import anchors, check_pages
from scripts.site.pages import read_page

SETTINGS = load_settings()
GUIDES = SETTINGS.docs_dir / "guides"
SLUGS = ["stress-anxiety", "sleep", "daily-routine", "children", "family-relationships",
         "older-people", "disability-health", "medical-staff", "grief-loss", "coming-home",
         "essentials-checklist", "calling-a-hotline", "foreign-residents", "helping-others"]


def body_text(page):
    return page.body


@pytest.mark.parametrize("slug", SLUGS)
def test_guide_exists_in_both_languages_with_the_same_anchors(slug):
    pages = {lang: read_page(GUIDES / f"{slug}.{lang}.md") for lang in SETTINGS.languages}
    lists = {lang: [a for _, a, _ in anchors(p)] for lang, p in pages.items()}
    assert all(lists.values()), "every heading carries an anchor"
    assert lists["zh"] == lists["en"]
    assert "when-to-call" in lists["zh"]


@pytest.mark.parametrize("slug", SLUGS)
def test_guide_front_matter_is_complete_and_reviewed_is_a_real_date(slug):
    for lang in SETTINGS.languages:
        meta = read_page(GUIDES / f"{slug}.{lang}.md").meta
        assert meta["title"] and meta["summary"] and meta["audience"]
        reviewed = meta["reviewed"]
        day = reviewed if isinstance(reviewed, dt.date) else dt.date.fromisoformat(reviewed)
        assert day <= dt.date.today()


@pytest.mark.parametrize("slug", SLUGS)
def test_guide_is_substantial_and_links_to_the_hotline_directory(slug):
    zh = read_page(GUIDES / f"{slug}.zh.md").body
    en = read_page(GUIDES / f"{slug}.en.md").body
    assert len(re.findall(r"[\u4e00-\u9fff]", zh)) >= 400
    assert len(re.findall(r"[A-Za-z][A-Za-z'’-]*", en)) >= 250
    assert "../hotlines/index.md" in zh and "../hotlines/index.md" in en


def test_guide_index_lists_every_guide_and_no_practitioner_page():
    for lang in SETTINGS.languages:
        index = (GUIDES / f"index.{lang}.md").read_text(encoding="utf-8")
        for slug in SLUGS:
            assert f"({slug}.md" in index, (lang, slug)
        assert "practice/" not in index


def test_guides_pass_every_content_check():
    problems, _ = check_pages(SETTINGS, {"hotlines/index", "sites/index"}, dt.date.today())
    assert [str(p) for p in problems if "docs/guides/" in p.file] == []


def _tokens(index, location_prefix):
    sep = re.compile(index["config"]["separator"])
    words = set()
    for doc in index["docs"]:
        if doc["location"].startswith(location_prefix):
            text = re.sub(r"<[^>]+>", " ", doc["title"] + " " + doc["text"]).lower()
            words.update(t for t in sep.split(text) if t)
    return words


@pytest.mark.parametrize("query, location", [("睡眠", "guides/sleep/"), ("sleep", "en/guides/sleep/")])
def test_search_index_finds_the_sleep_guide(built_site, query, location):
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert query in _tokens(index, location)
