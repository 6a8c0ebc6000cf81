"""What the build tells the service worker: an id that follows the content, and the notices'
words in every language, from the label files."""
from __future__ import annotations

import json
import re
import shutil

import pytest

from scripts.build import build
from scripts.data.config import load_settings
from scripts.data.loader import load_dataset
from scripts.site.offline import (MARK, PLACEHOLDER, SAVED_COPY_DAYS, WorkerError, build_id,
                                  fill_worker, notices, offline_page, worker_settings, write_worker)
from scripts.site.fallback import direction
from scripts.site.urgent import urgent_numbers
from scripts.words.templating import labels


@pytest.fixture
def project(core_project):
    """What these tests check is the same in every language: the project in Chinese and English."""
    return core_project

SETTINGS = load_settings()
DATA = load_dataset(SETTINGS)
NUMBERS = urgent_numbers(DATA)


def worker_values(site) -> dict:
    """The settings the build wrote into sw.js (minified: `const SETTINGS={…};` within a line)."""
    text = (site / "sw.js").read_text("utf-8")
    start = re.search(r"\bconst SETTINGS ?= ?", text).end()
    return json.JSONDecoder().raw_decode(text, start)[0]


def test_the_built_worker_knows_its_build_and_every_languages_words(built_site):
    values = worker_values(built_site)
    assert re.fullmatch(r"[0-9a-f]{12}", values["build"])
    assert values["days"] == SAVED_COPY_DAYS and values["mark"] == MARK
    assert values["language"] == SETTINGS.default_language
    assert set(values["notices"]) == set(SETTINGS.languages)
    assert PLACEHOLDER not in (built_site / "sw.js").read_text("utf-8")
    assert MARK in (built_site / "guides" / "sleep" / "index.html").read_text("utf-8")


def test_the_build_id_follows_what_a_phone_may_keep_and_nothing_else(built_site, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(built_site / "en" / "sites" / "h03", site / "h03")
    (site / "h03" / "leaflet.pdf").write_bytes(b"%PDF-1")
    first = build_id(site)
    assert build_id(site) == first
    (site / "h03" / "leaflet.pdf").write_bytes(b"%PDF-2")  # leaflets are never kept on a phone
    assert build_id(site) == first
    copies = [p for p in site.rglob("*") if p.suffix in (".gz", ".br")]
    assert copies  # the server sends these in their file's place: the phone keeps the file
    for copy in copies:
        copy.unlink()
    assert build_id(site) == first
    card = site / "h03" / "h03.vcf"
    card.write_bytes(card.read_bytes().replace(b"TEL", b"TEL;X"))
    assert build_id(site) != first
    assert build_id(site, extra="other words") != build_id(site)


def test_writing_the_worker_twice_gives_the_same_id(built_site, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(built_site / "assets", site / "assets")
    shutil.copy(SETTINGS.docs_dir / "sw.js", site / "sw.js")
    first = write_worker(site, SETTINGS)
    shutil.copy(SETTINGS.docs_dir / "sw.js", site / "sw.js")
    assert write_worker(site, SETTINGS) == first


def test_a_rebuild_with_nothing_changed_keeps_the_build_id(project, tmp_path):
    settings = load_settings(project)
    assert build(settings, tmp_path / "a", leaflets=False) == 0
    assert build(settings, tmp_path / "b", leaflets=False) == 0
    assert worker_values(tmp_path / "a")["build"] == worker_values(tmp_path / "b")["build"]


def test_the_worker_line_must_be_there_exactly_once():
    with pytest.raises(WorkerError, match="must appear exactly once"):
        fill_worker("const CACHE = 1;", {})
    filled = fill_worker(f"a\n{PLACEHOLDER}\nb", {"build": "abc", "words": "引号\"</script>"})
    assert filled == 'a\nconst SETTINGS = {"build": "abc", "words": "引号\\"</script>"};\nb'


@pytest.mark.parametrize("lang", SETTINGS.languages)
def test_the_notices_speak_each_language_from_its_label_file(lang):
    words = labels(lang)
    fresh, stale = notices(SETTINGS, NUMBERS)[lang]["fresh"], notices(SETTINGS, NUMBERS)[lang]["stale"]
    before_date = words["offline_saved"].split("{date}")[0]
    for html in (fresh, stale):
        assert html.startswith(f'<aside class="hl-saved') and f'lang="{lang}"' in html
        assert before_date in html and "{date}" in html
        assert f'lang="{lang}" dir="{direction(lang)}"' in html
        assert '<a href="tel:120" dir="ltr">120</a>' in html and '<a href="tel:110" dir="ltr">110</a>' in html
    assert words["offline_stale"].replace("{days}", str(SAVED_COPY_DAYS)) in stale
    assert words["offline_stale"].split("{days}")[0] not in fresh
    assert "hl-saved--stale" in stale and "hl-saved--stale" not in fresh


def test_the_offline_page_has_every_language_and_its_own_policy():
    page = offline_page(SETTINGS, NUMBERS)
    for lang in SETTINGS.languages:
        assert f'<div lang="{lang}" dir="{direction(lang)}">' in page and labels(lang)["offline_missing"] in page
    assert page.count('<a href="tel:12356" dir="ltr">12356</a>') == len(SETTINGS.languages)
    policy = worker_settings(SETTINGS, DATA)["offlinePolicy"]
    assert re.fullmatch(r"default-src 'none'; style-src 'sha256-[A-Za-z0-9+/]+=*'", policy)
