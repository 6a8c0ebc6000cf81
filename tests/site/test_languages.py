"""Every language is configuration: core languages (zh, en) are complete; any other language
listed in mkdocs.yml builds at once, partial, showing its fallback's words where it has no
translation yet, and saying so on the page in its own words."""
from __future__ import annotations

import json
import re
from html import unescape
import subprocess
import sys
import os
from pathlib import Path

import pytest

from scripts.data.config import ConfigError, load_settings
from scripts.data.loader import load_dataset
from scripts.sandbox import copy_project
from scripts.words.templating import labels
from tests.sitecheck import resolve

SETTINGS = load_settings()
DATA = load_dataset(SETTINGS)


def html(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def tels(text: str) -> list[str]:
    return re.findall(r'href="(tel:[^"]+)"', text)


def notice(text: str, kind: str) -> str | None:
    match = re.search(rf'<div class="admonition note hl-translation hl-translation-{kind}"[^>]*>(.*?)</div>', text, re.S)
    return unescape(re.sub(r"<[^>]+>", "", match.group(1))) if match else None


def test_a_page_not_yet_translated_shows_its_fallback_under_a_notice_that_links_to_it(built_site):
    page = built_site / "ko" / "guides" / "sleep" / "index.html"
    text = page.read_text(encoding="utf-8")
    english = html(built_site, "en/guides/sleep")
    words = labels("ko")["fallback_page"].format(language="한국어", fallback="English")
    assert words in notice(text, "fallback")
    link = re.search(r'<a href="([^"]+)" hreflang="en">', text).group(1)
    assert resolve(built_site, page, link) == built_site / "en" / "guides" / "sleep" / "index.html"
    # The English text, marked as English, under the Korean page's address and navigation.
    title = re.search(r"<h1[^>]*>(.*?)</h1>", english).group(1)
    assert f'<div lang="en" dir="ltr">' in text and title in text
    assert '<html lang="ko"' in text


def test_uyghur_falls_back_to_chinese_as_configured(built_site):
    text = html(built_site, "ug/guides/sleep")
    assert SETTINGS.fallback("ug") == "zh"
    assert '<div lang="zh" dir="ltr">' in text
    assert re.search(r"<h1[^>]*>(.*?)</h1>", html(built_site, "guides/sleep")).group(1) in text


def test_core_language_pages_carry_no_translation_notice(built_site):
    for path in ("guides/sleep", "en/guides/sleep", "sites/h01", "en/sites/h01", "essentials", "en/essentials"):
        assert "hl-translation" not in html(built_site, path), path


def test_a_site_page_in_an_additional_language_dials_exactly_the_core_pages_numbers(built_site):
    for site in DATA.sites:
        numbers = tels(html(built_site, f"en/sites/{site.id}"))
        assert numbers
        for lang in SETTINGS.additional_languages:
            assert tels(html(built_site, f"{lang}/sites/{site.id}")) == numbers, (lang, site.id)


def test_a_draft_translation_says_so_in_its_own_language(built_site):
    for lang in SETTINGS.additional_languages:
        text = html(built_site, f"{lang}/sites/h01")
        assert labels(lang)["draft_notice"] in notice(text, "draft"), lang
        # The site's data texts are not translated yet: the page says they show the fallback's.
        assert notice(text, "partial"), lang


def test_the_essentials_page_gives_the_checked_numbers_and_an_interpreter_card(built_site):
    emergency = sorted({h.number.tel for h in DATA.hotlines if h.category == "emergency"})
    for lang in SETTINGS.languages:
        text = html(built_site, f"{SETTINGS.lang_prefix(lang)}essentials")
        assert set(tels(text)) >= set(emergency), lang
        assert set(tels(text)) <= {h.number.tel for h in DATA.hotlines}, lang
    ko = html(built_site, "ko/essentials")
    assert labels("ko")["interpreter_card"].format(language="한국어") in ko
    assert labels("zh")["interpreter_card"].format(language="韩语") in ko
    # Lines the data says answer in Korean are listed; a language no line speaks says so.
    speaking = [h for h in DATA.hotlines if "ko" in h.languages and h.category not in ("emergency", "duty")]
    assert speaking and all(f'id="hotline-{h.id}"' in ko for h in speaking)
    assert labels("ar")["essentials_lines_none"].format(language="العربية") in html(built_site, "ar/essentials")


def test_open_data_publishes_only_real_translations(built_site):
    hotlines = json.loads((built_site / "data" / "hotlines.json").read_text(encoding="utf-8"))
    for h in hotlines["hotlines"]:
        assert set(h["name"]) == {"zh", "en"}, h["id"]  # no data text is translated further yet


def write_languages(project: Path, block: str) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("        # Additional languages", block + "        # Additional languages", 1),
                      encoding="utf-8")


def run(project: Path, *args) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(project), NO_MKDOCS_2_WARNING="1")
    return subprocess.run([sys.executable, "-m", *args], cwd=project, env=env, capture_output=True,
                          text=True, timeout=900)


def test_a_language_unknown_to_the_code_is_added_in_mkdocs_yml_alone(tmp_path):
    """French: no label file, no page, no text in the data, only three lines in mkdocs.yml."""
    project = copy_project(tmp_path / "project")
    write_languages(project, "        - locale: fr\n          name: Français\n          build: true\n")
    check = run(project, "scripts.check")
    assert check.returncode == 0, check.stdout + check.stderr
    assert re.search(r"fr \(Français, none\): words 0/\d+ \(0 %\), data texts 0/\d+ \(0 %\), pages 0/\d+ \(0 %\); "
                     r"the rest is shown in en", check.stdout)
    built = run(project, "scripts.build", "--no-leaflets")
    assert built.returncode == 0, built.stdout + built.stderr
    site = project / "site"
    guide = html(site, "fr/guides/sleep")
    assert '<html lang="fr"' in guide and notice(guide, "fallback")
    page = html(site, "fr/sites/h01")
    assert tels(page) == tels(html(site, "en/sites/h01")) and notice(page, "partial")
    assert (site / "fr" / "essentials" / "index.html").exists()


@pytest.mark.parametrize("block, message", [
    ("    languages:\n      core: [zh, de]\n", "core language 'de' is not among the i18n languages"),
    ("    languages:\n      core: [en]\n", "the default language 'zh' must be a core language"),
    ("    languages:\n      fallbacks: {ko: xx}\n", "the fallback of 'ko' is 'xx'"),
    ("    languages:\n      fallbacks: {ko: ja, ja: ko}\n", "go round in a circle"),
])
def test_a_wrong_language_setting_names_the_line_and_the_fix(tmp_path, block, message):
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    text = re.sub(r"    languages:\n      core: .*\n      fallback: .*\n      fallbacks:\n        ug: zh.*\n", block,
                  config.read_text(encoding="utf-8"))
    config.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=re.escape(message)) as error:
        load_settings(project)
    assert re.match(r"mkdocs\.yml:\d+: ", str(error.value)) and " — " in str(error.value)


def test_a_text_written_in_an_additional_language_is_shown_there_and_nowhere_else(project):
    sites = project / "resources" / "sites.yml"
    text = sites.read_text(encoding="utf-8")
    first = re.search(r"    name: \{zh: ([^,]+), en: ([^}]+)\}", text)
    sites.write_text(text.replace(first.group(0), first.group(0)[:-1] + ", ko: 해당화 호텔}", 1), encoding="utf-8")
    data = load_dataset(load_settings(project))
    site = data.sites[0]
    assert site.name["ko"] == "해당화 호텔" and site.name.translated("ko")
    assert site.name["ja"] == site.name["en"] and not site.name.translated("ja")
    assert site.name["ug"] == site.name["zh"]


def test_a_translated_page_is_used_and_a_page_in_draft_says_so(project):
    """A hand-written Korean page replaces the fallback; its front matter's status is shown, and a
    status that is not draft or reviewed is refused by make check."""
    source = (project / "docs" / "guides" / "sleep.en.md").read_text(encoding="utf-8")
    korean = source.replace("---\n", "---\ntranslation: {status: draft, by: Test translator, date: 2026-12-01}\n", 1)
    korean = korean.replace("# Sleeping well in an unfamiliar room", "# 낯선 방에서 잘 자기", 1)
    (project / "docs" / "guides" / "sleep.ko.md").write_text(korean, encoding="utf-8")
    built = run(project, "scripts.build", "--no-leaflets")
    assert built.returncode == 0, built.stdout + built.stderr
    text = html(project / "site", "ko/guides/sleep")
    assert "낯선 방에서 잘 자기" in text and notice(text, "fallback") is None
    assert labels("ko")["draft_notice"] in notice(text, "draft")
    (project / "docs" / "guides" / "sleep.ko.md").write_text(
        korean.replace("status: draft", "status: finished"), encoding="utf-8")
    check = run(project, "scripts.check")
    assert check.returncode == 1
    assert "docs/guides/sleep.ko.md:1: front matter: translation has no status draft or reviewed — write" in check.stdout


def test_on_a_site_page_the_numbers_come_before_any_translation_notice(built_site):
    for lang in SETTINGS.additional_languages:
        text = html(built_site, f"{lang}/sites/h01")
        box = text.index('<section class="hl-now"')
        assert box < text.index('href="tel:', box) < text.index("</section>", box) < text.index("hl-translation"), lang


def test_in_arabic_and_uyghur_a_number_reads_left_to_right_on_screen(built_site):
    """The bidirectional algorithm lays out "022 5888 1001" as "1001 5888 022" inside right-to-left
    text unless the number is isolated: check where the browser really draws its first and last
    digits."""
    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM, CHROMIUM_ARGS, PHONE, serve
    with serve(built_site) as origin, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport=PHONE)
        for lang in ("ar", "ug"):
            page.goto(f"{origin}/{lang}/sites/h01/")
            spans = page.evaluate("""() => [...document.querySelectorAll('a[href^="tel:"]')]
                .filter(a => /\\d \\d/.test(a.textContent)).map(a => {
                  const text = a.lastChild, range = document.createRange(), s = text.textContent;
                  const x = (i) => { range.setStart(text, i); range.setEnd(text, i + 1);
                                     return range.getBoundingClientRect().left; };
                  return [s, x(s.search(/\\d/)), x(s.length - 1)];
                })""")
            assert spans, lang
            for text, first, last in spans:
                assert first < last, f"{lang}: {text!r} is drawn right to left"
        browser.close()


def test_search_indexes_a_page_once_not_a_copy_under_every_language(built_site):
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert "en/guides/sleep/" in locations
    assert not any(loc.startswith(f"{lang}/guides/") for loc in locations for lang in SETTINGS.additional_languages)
