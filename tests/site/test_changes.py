"""The 'what changed' page: made from the data's git history, or from its dates without one."""
from __future__ import annotations

import datetime as dt
import os
import re
import subprocess

import pytest

from scripts.site import changes
from scripts.site.changes import Change, Day, history_days, hotline_changes, limit, site_changes
from scripts.data.config import load_settings
from scripts.data.loader import load_dataset
from scripts.site.generate import changes_page, generate, record_links
from scripts.site.history import data_versions

LANGS = ("zh", "en")
FILES = list(changes.FILES.values())

DATA = load_dataset(load_settings())


def git(project, *args, date="2026-11-20T12:00:00+08:00"):
    env = dict(os.environ, GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date, GIT_AUTHOR_NAME="Editor",
               GIT_AUTHOR_EMAIL="editor@example.org", GIT_COMMITTER_NAME="Editor",
               GIT_COMMITTER_EMAIL="editor@example.org")
    return subprocess.run(["git", "-C", str(project), *args], env=env, check=True,
                          capture_output=True, text=True).stdout


def commit(project, message, date):
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", message, date=date)


def edit(project, name, old, new):
    path = project / "resources" / name
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def pages(project, isolated=False):
    """{lang: the changes page}; without the <bdi> that isolates each value (see
    test_numbers_keep_their_order_in_right_to_left_languages) unless `isolated`."""
    generate(load_settings(project))
    out = {lang: (project / "docs" / "changes" / f"index.{lang}.md").read_text(encoding="utf-8")
           for lang in load_settings(project).languages}
    return out if isolated else {lang: re.sub(r"</?bdi>", "", text) for lang, text in out.items()}


@pytest.fixture
def repo(project, monkeypatch):
    """The project in its own git repository: the data as it is, committed on 2026-11-20."""
    monkeypatch.setenv("TZ", "Asia/Shanghai")  # dates as in CI, whatever this machine's zone
    git(project, "init", "-q", "-b", "main")
    commit(project, "Sample data", "2026-11-20T12:00:00+08:00")
    return project


def test_a_changed_number_is_listed_with_both_numbers_and_the_date(repo):
    edit(repo, "hotlines.yml", "number: 022-5888-0000", "number: 022-5888-0999")
    commit(repo, "H District support line: new number", "2026-11-23T09:30:00+08:00")
    page = pages(repo)
    assert "<h2 id=\"d20261123\">2026-11-23</h2>" in page["en"]
    assert ('<a href="../hotlines/#hotline-h-psy-support">H District psychological support line '
            '(sample)</a>: number changed from 022 5888 0000 to 022 5888 0999') in page["en"]
    assert ('<a href="../hotlines/#hotline-h-psy-support">H区心理支持热线（示例）</a>：号码由 '
            '022 5888 0000 改为 022 5888 0999') in page["zh"]
    assert "2026-11-23" in page["zh"]
    assert "made automatically from the record of every update" in page["en"]
    # The first commit published the data: summed up, not one line per record.
    assert "<h2 id=\"d20261120\">2026-11-20</h2>\n<ul>\n<li>The hotline directory was published " \
           f"with {len(DATA.hotlines)} hotlines.</li>\n<li>The list of sites was published with " \
           f"{len(DATA.sites)} sites.</li>" in page["en"]


def test_numbers_keep_their_order_in_right_to_left_languages(repo):
    edit(repo, "hotlines.yml", "number: 022-5888-0000", "number: 022-5888-0999")
    commit(repo, "H District support line: new number", "2026-11-23T09:30:00+08:00")
    page = pages(repo, isolated=True)
    # Isolated, "022 5888 0999" reads left to right inside Arabic text, not "0999 5888 022".
    assert "<bdi>022 5888 0000</bdi>" in page["ar"] and "<bdi>022 5888 0999</bdi>" in page["ar"]


def test_every_kind_of_change_in_plain_words(repo):
    edit(repo, "sites.yml", "    status: open\n    hotlines: [h02-duty",
         "    status: closed\n    hotlines: [h02-duty")
    edit(repo, "sites.yml", "en: Minghu Hotel (sample)", "en: Lake View Hotel (sample)")
    edit(repo, "hotlines.yml", 'hours: ["09:00-22:00"]', 'hours: ["08:00-12:00", "14:00-22:00"]')
    edit(repo, "hotlines.yml", 'verified: "2026-11-25"', 'verified: "2026-11-26"')  # 120, re-checked
    commit(repo, "Several updates", "2026-11-26T10:00:00+08:00")
    en = pages(repo)["en"]
    assert '<li><a href="../sites/h02/">Riverside Hotel (sample)</a> has closed</li>' in en
    assert '<li>Minghu Hotel (sample) is now called <a href="../sites/h04/">Lake View Hotel ' \
           '(sample)</a></li>' in en
    assert "text support (sample)</a>: hours changed from “Daily 09:00–22:00” to “Daily " \
           "08:00–12:00, 14:00–22:00”" in en
    assert '<li>Checked again, number unchanged: <a href="../hotlines/#hotline-emergency-120">' \
           'Medical emergency (ambulance)</a> (120)</li>' in en


def test_names_and_numbers_from_the_data_are_text(repo):
    edit(repo, "hotlines.yml", "en: H District psychological support line (sample)",
         'en: "<script>alert(1)</script> & <b>line</b>"')
    edit(repo, "hotlines.yml", "number: 022-5888-0000", "number: 022-5888-0999")
    commit(repo, "Rename", "2026-11-23T12:00:00+08:00")
    en = pages(repo)["en"]
    assert "<script>" not in en and "<b>" not in en
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;line&lt;/b&gt;</a>: number changed" in en


def test_without_history_the_data_dates_are_listed_and_the_page_says_so(project):
    page = pages(project)  # a copy outside any git repository
    en, zh = page["en"], page["zh"]
    assert "has no record of updates" in en and "没有资料的修改记录" in zh
    dates = re.findall(r"<h2 id=\"d[0-9]+\">([0-9-]+)</h2>", en)
    newest = max(max(h.verified for h in DATA.hotlines), max(s.reviewed for s in DATA.sites))
    assert dates == sorted(dates, reverse=True) and dates[0] == newest.isoformat()
    assert '<a href="../hotlines/#hotline-psy-12356">National psychological assistance hotline</a> ' \
           '(12356): number last verified' in en
    assert '<a href="../sites/h01/">Haitang Hotel (sample)</a>: site details last checked' in en
    assert '<a href="../sites/h01/#hotline-h01-duty">' in en  # a site's own line: on its page


def test_no_history_in_a_shallow_clone(repo, tmp_path):
    edit(repo, "hotlines.yml", "number: 022-5888-0000", "number: 022-5888-0999")
    commit(repo, "New number", "2026-11-23T12:00:00+08:00")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(clone)], check=True)
    assert data_versions(clone, FILES) is None
    assert data_versions(repo, FILES) is not None


def test_no_history_for_a_folder_inside_another_repository(repo):
    inner = repo / "copy"
    (inner / "resources").mkdir(parents=True)
    for path in FILES:
        (inner / path).write_bytes((repo / path).read_bytes())
    assert data_versions(inner, FILES) is None


def test_a_commit_with_broken_yaml_is_skipped(repo):
    edit(repo, "hotlines.yml", "hotlines:\n", "hotlines: [\n")
    commit(repo, "Broken", "2026-11-21T12:00:00+08:00")
    edit(repo, "hotlines.yml", "hotlines: [\n", "hotlines:\n")
    edit(repo, "hotlines.yml", "number: 022-5888-0000", "number: 022-5888-0999")
    commit(repo, "Fixed, and a new number", "2026-11-22T12:00:00+08:00")
    days = history_days(data_versions(repo, FILES), LANGS)
    assert [d.date.isoformat() for d in days] == ["2026-11-22", "2026-11-20"]
    assert [c.kind for c in days[0].changes] == ["number"]


def test_history_is_limited_in_changes_and_in_days(repo):
    number = "022-5888-0000"
    for day in ("2026-11-21", "2026-11-22", "2026-11-23"):
        edit(repo, "hotlines.yml", f"number: {number}", f"number: 022-5888-09{day[-2:]}")
        number = f"022-5888-09{day[-2:]}"
        commit(repo, day, f"{day}T12:00:00+08:00")
    versions = data_versions(repo, FILES, max_changes=2)
    assert [v.date for v in versions] == [None, dt.date(2026, 11, 22), dt.date(2026, 11, 23)]
    assert versions[0].texts[FILES[0]] is not None  # the state before: the baseline, not "published"
    versions = data_versions(repo, FILES, window_days=2)
    assert [v.date for v in versions][1:] == [dt.date(2026, 11, 21), dt.date(2026, 11, 22),
                                              dt.date(2026, 11, 23)]


def test_hotline_changes():
    old = {"a": {"name": {"zh": "甲", "en": "A"}, "number": "022-5888-1001", "hours": "24/7",
                 "verified": "2026-11-01"},
           "b": {"name": {"zh": "乙", "en": "B"}, "number": "12356", "verified": "2026-11-01"},
           "c": {"name": {"zh": "丙"}, "number": "120", "verified": "2026-11-01"}}
    new = {"a": {"name": {"zh": "甲", "en": "A"}, "number": "022 5888 1001", "hours": ["08:00-20:00"],
                 "verified": "2026-11-02"},
           "b": {"name": {"zh": "乙", "en": "B"}, "number": "12356", "verified": "2026-11-02"},
           "d": {"name": {"zh": "丁", "en": "D"}, "number": 110}}
    got = hotline_changes(old, new, LANGS)
    assert [(c.kind, c.id) for c in got] == [("hours", "a"), ("hotline_added", "d"),
                                             ("hotline_removed", "c"), ("reverified", "b")]
    assert dict(got[0].before) == {"zh": "全天 24 小时", "en": "24 hours, every day"}
    assert dict(got[0].after) == {"zh": "每天 08:00–20:00", "en": "Daily 08:00–20:00"}
    assert dict(got[1].after) == {"zh": "110", "en": "110"}
    assert dict(got[2].name) == {"zh": "丙", "en": "丙"}  # an old version without the English name


def test_site_changes():
    old = {"s1": {"name": {"zh": "甲", "en": "A"}, "status": "paused", "hotlines": ["x", "y"]},
           "s2": {"name": {"zh": "乙", "en": "B"}, "status": "open"}}
    new = {"s1": {"name": {"zh": "甲", "en": "A"}, "status": "open", "hotlines": ["y", "z"]},
           "s3": {"name": {"zh": "丙", "en": "C"}, "status": "open"}}
    got = site_changes(old, new, {"z": {"name": {"zh": "新线", "en": "New line"}}}, LANGS)
    assert [(c.kind, c.id) for c in got] == [("site_reopened", "s1"), ("site_hotline_added", "s1"),
                                             ("site_hotline_removed", "s1"), ("site_added", "s3"),
                                             ("site_removed", "s2")]
    assert got[1].after["en"] == "New line" and got[2].before["en"] == "x"


def test_the_page_keeps_the_newest_entries():
    one = Change("reviewed", "site", "s", {"zh": "甲", "en": "A"})
    days = [Day(dt.date(2026, 11, 3 - i), (one,) * 2, (one,) * 2) for i in range(3)]
    kept, hidden = limit(days, most=5)
    assert [(len(d.changes), len(d.reverified)) for d in kept] == [(2, 2), (1, 0)]
    assert hidden == 7


def test_the_directory_links_to_the_changes_page(project):
    generate(load_settings(project))
    text = (project / "docs" / "hotlines" / "index.en.md").read_text(encoding="utf-8")
    assert '<a href="../changes/">Which numbers and sites changed recently?' in text


def test_the_data_dates_are_those_of_the_loaded_records():
    data = load_dataset(load_settings())
    days = changes.data_days(data, LANGS)
    assert sum(len(d.changes) for d in days) == len(data.hotlines) + len(data.sites)


def test_a_long_list_says_how_many_entries_are_left_out():
    data = load_dataset(load_settings())
    days, hidden = limit(changes.data_days(data, LANGS), most=3)
    page = changes_page(changes.Changelog("data", tuple(days), hidden), record_links(data), "en", load_settings())
    assert page.count("<li>") == 3 and f"<p>{hidden} earlier entries are not listed.</p>" in page
