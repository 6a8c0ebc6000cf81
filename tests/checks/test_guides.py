"""The residents' guides: both languages, shared anchors, complete, substantial, findable, each
opening with a three-line summary and pointing to the safety plan."""
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
         "essentials-checklist", "calling-a-hotline", "foreign-residents", "helping-others",
         "safety-plan", "first-24-hours", "positive-or-moved", "for-young-people"]
# The title of the three-line summary every guide opens with, in each language.
SUMMARY_TITLE = {"zh": "简要", "en": "In short"}
# Words that say a line answers around the clock; only 120, 110 and 119 may be described so.
ROUND_THE_CLOCK = re.compile(r"24 ?小时|二十四小时|全天|随时|24/7|24 hours|24-hour|round the clock|any ?time",
                             re.I)


def body_text(page):
    return page.body


def section(page, anchor):
    """The text of the section whose heading carries { #anchor }, up to the next heading of its level."""
    lines = page.body.splitlines()
    start = next(i for i, line in enumerate(lines) if re.search(r"\{\s*#" + anchor + r"\s*\}", line))
    level = len(lines[start]) - len(lines[start].lstrip("#"))
    end = next((i for i in range(start + 1, len(lines))
                if re.match(r"#{1,%d}\s" % level, lines[i])), len(lines))
    return "\n".join(lines[start + 1:end])


@pytest.mark.parametrize("slug", SLUGS)
def test_guide_exists_in_both_languages_with_the_same_anchors(slug):
    pages = {lang: read_page(GUIDES / f"{slug}.{lang}.md") for lang in SETTINGS.core_languages}
    lists = {lang: [a for _, a, _ in anchors(p)] for lang, p in pages.items()}
    assert all(lists.values()), "every heading carries an anchor"
    assert lists["zh"] == lists["en"]
    assert "when-to-call" in lists["zh"]


@pytest.mark.parametrize("slug", SLUGS)
def test_guide_front_matter_is_complete_and_reviewed_is_a_real_date(slug):
    for lang in SETTINGS.core_languages:
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
    for lang in SETTINGS.core_languages:
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


@pytest.mark.parametrize("slug", SLUGS)
def test_guide_opens_with_a_three_line_summary(slug):
    for lang in SETTINGS.core_languages:
        lines = read_page(GUIDES / f"{slug}.{lang}.md").body.splitlines()
        filled = [i for i, line in enumerate(lines) if line.strip()]
        h1 = filled[0]
        assert lines[h1].startswith("# "), (lang, "the page starts with its title")
        opening = lines[filled[1]:]
        assert opening[0] == f'!!! abstract "{SUMMARY_TITLE[lang]}"', (lang, "the summary comes first")
        block = []
        for line in opening[1:]:
            if not line.startswith("    "):
                break
            block.append(line)
        assert len(block) == 3, (lang, block)
        for line in block:
            assert re.fullmatch(r"    - \S.{7,}", line), (lang, line)
        assert opening[4:5] in ([""], []), (lang, "a blank line ends the summary")


@pytest.mark.parametrize("slug", SLUGS)
def test_summary_is_shown_right_under_the_title(built_site, slug):
    for lang, prefix in (("zh", ""), ("en", "en/")):
        html = (built_site / prefix / "guides" / slug / "index.html").read_text(encoding="utf-8")
        after_title = html.split("</h1>", 1)[1]
        match = re.match(r'\s*<div class="admonition abstract">\s*<p class="admonition-title">(.*?)</p>'
                         r'\s*<ul>(.*?)</ul>\s*</div>', after_title, re.S)
        assert match, (lang, after_title[:200])
        assert match.group(1) == SUMMARY_TITLE[lang]
        assert match.group(2).count("<li>") == 3


@pytest.mark.parametrize("slug", [s for s in SLUGS if s != "safety-plan"])
def test_guide_links_to_the_safety_plan(slug):
    for lang in SETTINGS.core_languages:
        assert "(safety-plan.md" in read_page(GUIDES / f"{slug}.{lang}.md").body, lang


def test_guide_index_points_to_the_safety_plan_in_its_first_note():
    for lang in SETTINGS.core_languages:
        body = read_page(GUIDES / f"index.{lang}.md").body
        note = body.split("!!! note", 1)[1].split("\n## ", 1)[0]
        assert "(safety-plan.md)" in note, lang


def test_older_people_speaks_to_the_reader_as_nin():
    # The whole page speaks to its readers, older people and their families alike, as 您. Not even
    # 你们 or 你的 is left in, so the test needs no list of exceptions: quoted speech is
    # written with 儿女, 家里 and the like instead.
    page = read_page(GUIDES / "older-people.zh.md")
    assert "你" not in page.body, [line for line in page.body.splitlines() if "你" in line]
    assert page.body.count("您") >= 15
    assert "您" in section(page, "for-older-people") and "您" in section(page, "for-family")


def test_older_people_in_english_speaks_to_the_reader():
    page = read_page(GUIDES / "older-people.en.md")
    for anchor in ("for-older-people", "warning-signs", "when-to-call"):
        # Words in quotation marks are what people say to each other, not the page to its reader.
        own_words = re.sub(r'"[^"\n]*"|“[^”\n]*”', "", section(page, anchor))
        assert re.search(r"\byou\b", own_words, re.I), anchor


def test_safety_plan_tells_the_truth_about_the_lines_at_night():
    for lang in SETTINGS.core_languages:
        page = read_page(GUIDES / f"safety-plan.{lang}.md")
        night = section(page, "night-lines")
        for number in ("120", "110", "12356", "18"):
            assert number in night, (lang, number)
        assert ("值班电话" if lang == "zh" else "duty line") in night
        assert not ROUND_THE_CLOCK.search(page.body), (lang, ROUND_THE_CLOCK.search(page.body).group())


def test_safety_plan_gives_the_emergency_order_and_a_section_for_staff():
    duty = {"zh": "值班电话", "en": "duty line"}
    never_alone = {"zh": "不要让对方一个人留在电话上", "en": "Never leave the person alone on the phone"}
    protective = {"zh": "防护", "en": "protective equipment"}
    for lang in SETTINGS.core_languages:
        page = read_page(GUIDES / f"safety-plan.{lang}.md")
        right_now = section(page, "right-now")
        assert right_now.index("120") < right_now.index(duty[lang]), lang
        staff = section(page, "for-staff")
        assert never_alone[lang] in staff and protective[lang] in staff, lang
        assert "12356" in page.body and "../hotlines/index.md" in page.body


@pytest.mark.parametrize("slug", SLUGS)
def test_no_guide_says_12356_answers_around_the_clock(slug):
    for lang in SETTINGS.core_languages:
        for line in read_page(GUIDES / f"{slug}.{lang}.md").body.splitlines():
            if "12356" in line:
                assert not ROUND_THE_CLOCK.search(line), (lang, line)
