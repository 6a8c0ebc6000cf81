"""`make check`: each kind of content problem gives its exact message, line and exit code."""
from __future__ import annotations

import datetime as dt

from scripts import check
from scripts.checks.staleness import staleness
from scripts.data.config import load_settings

TODAY = "2026-12-02"


def run(project, monkeypatch, capsys, today=TODAY):
    monkeypatch.setattr(check, "load_settings", lambda: load_settings(project))
    code = check.main(["--today", today])
    return code, capsys.readouterr().out.splitlines()


def replace(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path.read_text(encoding="utf-8")


def line_of(text, needle):
    return text[: text.index(needle)].count("\n") + 1


COVERAGE = "Additional languages, translated so far (information; the rest shows its fallback):"


def test_clean_sample_data_passes(project, monkeypatch, capsys):
    code, out = run(project, monkeypatch, capsys)
    assert (code, out[0], out[-1]) == (0, COVERAGE, "All checks passed (0 warning(s)).")
    # Then one line of information per additional language, none of them a problem.
    assert [line.split(" (")[0].strip() for line in out[1:-1]] == list(load_settings(project).additional_languages)


def test_missing_twin_page(project, monkeypatch, capsys):
    (project / "docs" / "guides" / "sleep.en.md").unlink()
    code, out = run(project, monkeypatch, capsys)
    assert code == 1
    assert "docs/guides/sleep.zh.md:1: has no en twin — add docs/guides/sleep.en.md with the same " \
           "headings and anchors" in out


def test_anchor_missing_in_one_language(project, monkeypatch, capsys):
    path = project / "docs" / "guides" / "sleep.en.md"
    text = replace(path, "{ #when-to-call }", "")
    code, out = run(project, monkeypatch, capsys)
    line = line_of(text, "## When to call a hotline")
    assert code == 1
    assert any(o.startswith(f"docs/guides/sleep.en.md:{line}: heading 'When to call a hotline' has no "
                            "anchor — end it with { #an-id }") for o in out)


def test_broken_internal_link_and_anchor(project, monkeypatch, capsys):
    path = project / "docs" / "guides" / "sleep.zh.md"
    text = path.read_text(encoding="utf-8") + "\n[坏链接](no-such-guide.md)\n[坏锚点](stress-anxiety.md#nope)\n"
    path.write_text(text, encoding="utf-8")
    code, out = run(project, monkeypatch, capsys)
    n = text.count("\n")
    assert code == 1
    assert f"docs/guides/sleep.zh.md:{n - 1}: link 'no-such-guide.md' points at a page that does not " \
           "exist (guides/no-such-guide.zh.md) — check the file name" in out
    assert f"docs/guides/sleep.zh.md:{n}: link 'stress-anxiety.md#nope': guides/stress-anxiety.zh.md " \
           "has no heading with { #nope }" in out


def test_javascript_link_in_a_page(project, monkeypatch, capsys):
    path = project / "docs" / "guides" / "sleep.en.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n[x](javascript:alert(1))\n", encoding="utf-8")
    code, out = run(project, monkeypatch, capsys)
    assert code == 1 and any("link 'javascript:alert(1" in o and "is not allowed" in o for o in out)


def test_incomplete_front_matter(project, monkeypatch, capsys):
    replace(project / "docs" / "guides" / "sleep.en.md", "summary:", "summry:")
    code, out = run(project, monkeypatch, capsys)
    assert "docs/guides/sleep.en.md:1: front matter: missing 'summary' — add `summary:` between the " \
           "--- lines at the top" in out


def test_stale_hotline_is_a_warning_then_an_error(project, monkeypatch, capsys):
    text = (project / "resources" / "hotlines.yml").read_text(encoding="utf-8")
    line = line_of(text, 'verified: "2026-11-20"')
    code, out = run(project, monkeypatch, capsys, today="2027-03-01")  # 101 days later
    assert code == 0
    assert f"resources/hotlines.yml:{line}: warning: hotlines[6].verified: 'h-psy-support' last verified " \
           "2026-11-20, 101 days ago (limit 90, an error after 180) — call the number, confirm it still " \
           "answers, and update verified:" in out
    code, out = run(project, monkeypatch, capsys, today="2027-06-01")  # 193 days later
    assert code == 1
    assert any(o.startswith(f"resources/hotlines.yml:{line}: hotlines[6].verified: 'h-psy-support' last "
                            "verified 2026-11-20, 193 days ago") for o in out)


def test_data_errors_come_from_the_loader(project, monkeypatch, capsys):
    replace(project / "resources" / "sites.yml", "- id: h05", "- id: h04")
    code, out = run(project, monkeypatch, capsys)
    assert code == 1
    assert any("duplicate site id 'h04'" in o for o in out)
    assert out[-1] == "1 error(s), 0 warning(s): fix the errors above, then run `make check` again."


def test_staleness_limits():
    assert [staleness(d, 90) for d in (90, 91, 180, 181)] == [None, "warning", "warning", "error"]
