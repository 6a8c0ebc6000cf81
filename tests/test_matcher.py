"""The GitHub problem matcher (.github/heartline-matcher.json) reads the real `make check` output."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from scripts.data.problems import Problem

MATCHER = Path(__file__).resolve().parents[1] / ".github" / "heartline-matcher.json"
TODAY = "2026-12-02"
SUMMARY = re.compile(r"^(All checks passed \(\d+ warning\(s\)\)\.|\d+ error\(s\), \d+ warning\(s\): .*)$")


def load_matcher() -> dict:
    (matcher,) = json.loads(MATCHER.read_text(encoding="utf-8"))["problemMatcher"]
    return matcher


MATCHER_DEF = load_matcher()
(PATTERN,) = MATCHER_DEF["pattern"]
REGEXP = re.compile(PATTERN["regexp"])


def annotate(line: str) -> dict | None:
    """What GitHub makes of one output line: None, or the annotation's file, line, severity, message."""
    match = REGEXP.match(line)
    if match is None:
        return None
    return {
        "file": match.group(PATTERN["file"]),
        "line": int(match.group(PATTERN["line"])),
        # An unmatched optional group means the matcher's default severity, as on GitHub.
        "severity": match.group(PATTERN["severity"]) or MATCHER_DEF.get("severity", "error"),
        "message": match.group(PATTERN["message"]),
    }


def run_check(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "scripts.check", "--today", TODAY], cwd=project,
                          env={**os.environ, "PYTHONPATH": str(project)}, capture_output=True, text=True)


def seed(path: Path, old: str, new: str) -> int:
    """Replace the first `old` in path by `new`; return the 1-based line it is on."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not found in {path}: update this test's seed"
    index = text.index(old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text.count("\n", 0, index) + 1


def split_output(result: subprocess.CompletedProcess) -> tuple[list[str], str]:
    """(problem lines, summary line) of one checker run."""
    lines = result.stdout.splitlines()
    assert lines, f"the checker printed nothing; stderr: {result.stderr}"
    assert SUMMARY.match(lines[-1]), f"last line is not the summary: {lines[-1]!r}"
    return lines[:-1], lines[-1]


def assert_every_line_annotated(project: Path, problems: list[str], summary: str) -> list[dict]:
    notes = []
    for line in problems:
        note = annotate(line)
        assert note is not None, f"no annotation for: {line}"
        assert (project / note["file"]).is_file(), f"not a file of the project: {note['file']}"
        assert note["line"] >= 1
        assert note["severity"] in ("error", "warning")
        assert not note["message"].startswith(("warning:", "error:")), note["message"]
        # Nothing is lost or doubled: file, line, severity and message give back the printed line.
        level = "" if note["severity"] == "error" else f"{note['severity']}: "
        assert f"{note['file']}:{note['line']}: {level}{note['message']}" == line
        notes.append(note)
    assert annotate(summary) is None, f"the summary line must not become an annotation: {summary}"
    return notes


def test_matcher_definition():
    assert MATCHER_DEF["owner"] == "heartline"
    assert MATCHER_DEF["severity"] == "error"
    assert len({PATTERN[k] for k in ("file", "line", "severity", "message")}) == 4
    # GitHub runs the pattern as a JavaScript regexp: keep to syntax both languages read alike.
    assert not any(token in PATTERN["regexp"] for token in ("(?P", "(?<", "(?#", "\\A", "\\Z"))


def test_stale_hotline_is_a_warning_annotation(project):
    hotlines = project / "resources" / "hotlines.yml"
    line = seed(hotlines, 'verified: "2026-11-20"', 'verified: "2026-07-01"')
    result = run_check(project)
    assert result.returncode == 0, result.stdout + result.stderr
    problems, summary = split_output(result)
    (note,) = assert_every_line_annotated(project, problems, summary)
    assert note["file"] == "resources/hotlines.yml"
    assert note["line"] == line
    assert note["severity"] == "warning"
    assert re.fullmatch(r"hotlines\[\d+\]\.verified: '[a-z0-9-]+' last verified 2026-07-01, 154 days ago "
                        r"\(limit 90, an error after 180\) — .*update verified:", note["message"])
    assert summary == "All checks passed (1 warning(s))."


def test_errors_in_data_and_pages_are_error_annotations(project):
    sites_line = seed(project / "resources" / "sites.yml", "- id: h05\n", "- id: h04\n")
    guide = project / "docs" / "guides" / "sleep.en.md"
    guide_line = seed(guide, " { #naps }", "")
    result = run_check(project)
    assert result.returncode == 1, result.stdout + result.stderr
    problems, summary = split_output(result)
    notes = assert_every_line_annotated(project, problems, summary)
    assert all(n["severity"] == "error" for n in notes)
    found = {(n["file"], n["line"], n["message"].split(" ", 1)[0]) for n in notes}
    assert ("resources/sites.yml", sites_line, "sites[4].id:") in found
    assert ("docs/guides/sleep.en.md", guide_line, "heading") in found
    assert re.fullmatch(r"\d+ error\(s\), 0 warning\(s\): fix the errors above, then run `make check` again\.",
                        summary)


@pytest.mark.parametrize("problem", [
    Problem("resources/sites.yml", 14, "sites[3].hotlines[1]", "unknown hotline 'x'; known: a, b — use "
            "an id from resources/hotlines.yml"),
    Problem("resources/hotlines.yml", 31, "hotlines[3].verified", "'x' last verified 2026-07-01, 147 days "
            "ago (limit 90, an error after 180) — call the number", severity="warning"),
    Problem("resources/sites.yml", 16, "", "YAML syntax error: mapping values are not allowed here — "
            "check the indentation, and put text containing ': ' or '#' in quotes"),
    Problem("docs/guides/sleep.zh.md", 1, "front matter", "missing 'title' — add `title:` between the --- "
            "lines at the top"),
])
def test_every_problem_format_round_trips(problem):
    note = annotate(str(problem))
    assert note is not None
    assert (note["file"], note["line"], note["severity"]) == (problem.file, problem.line, problem.severity)
    where = f"{problem.path}: " if problem.path else ""
    assert note["message"] == where + problem.message


@pytest.mark.parametrize("line", [
    "All checks passed (0 warning(s)).",
    "63 error(s), 2 warning(s): fix the errors above, then run `make check` again.",
    ".venv/bin/python -m scripts.check",
    "WARNING: Location 'file:///x/simple/pip/' is ignored: it is neither a file nor a directory.",
])
def test_other_lines_are_not_annotations(line):
    assert annotate(line) is None
