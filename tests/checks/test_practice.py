"""The practitioners' section: complete guidelines in both languages, kept apart from residents'."""
from __future__ import annotations

import datetime as dt
import re

import pytest

from scripts.data.config import load_settings
from scripts.checks.content import anchors, check_pages
from scripts.site.pages import read_page

SETTINGS = load_settings()
PRACTICE = SETTINGS.docs_dir / "practice"
SLUGS = ["setting-up", "group-chat", "hotline-counselling", "follow-up", "linking-resources",
         "foreign-residents", "reducing-stigma", "caring-for-carers"]
TEMPLATES = ["follow-up-record", "daily-topic-plan", "call-record"]


@pytest.mark.parametrize("slug", SLUGS)
def test_guideline_in_both_languages_same_anchors_complete_and_substantial(slug):
    pages = {lang: read_page(PRACTICE / f"{slug}.{lang}.md") for lang in SETTINGS.core_languages}
    assert [a for _, a, _ in anchors(pages["zh"])] == [a for _, a, _ in anchors(pages["en"])]
    for page in pages.values():
        assert {"title", "summary", "audience", "reviewed"} <= set(page.meta)
        assert page.meta["audience"] == ["practitioners"]
    assert len(re.findall(r"[\u4e00-\u9fff]", pages["zh"].body)) >= 600
    assert len(re.findall(r"[A-Za-z][A-Za-z'’-]*", pages["en"].body)) >= 400


def test_section_index_lists_every_guideline_and_template():
    for lang in SETTINGS.core_languages:
        index = (PRACTICE / f"index.{lang}.md").read_text(encoding="utf-8")
        for slug in SLUGS:
            assert f"({slug}.md" in index
        for name in TEMPLATES:
            assert f"(templates/{name}.md" in index


def test_practice_pages_pass_every_content_check():
    problems, _ = check_pages(SETTINGS, {"hotlines/index", "sites/index"}, dt.date.today())
    assert [str(p) for p in problems if "docs/practice/" in p.file] == []


def test_reachable_from_home_but_apart_from_residents_guides(built_site):
    for prefix in ("", "en/"):
        home = (built_site / prefix / "index.html").read_text(encoding="utf-8")
        assert 'href="practice/"' in home
        guides = (built_site / prefix / "guides" / "index.html").read_text(encoding="utf-8")
        assert "practice/" not in guides.split('class="md-content"')[1]
    for name in TEMPLATES:
        assert (built_site / "practice" / "templates" / name / "index.html").exists()
