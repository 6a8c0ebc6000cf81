"""Past versions of the data files, read from git: what each change on the main line made them.

Returns None whenever there is no usable history (no git, a copy without .git, a shallow clone, a
folder inside someone else's repository), so callers fall back to the data's own dates.
"""
from __future__ import annotations

import datetime as dt
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

# Changes listed at most, and how far back from the newest one.
MAX_CHANGES = 100
WINDOW_DAYS = 365
_TIMEOUT = 60  # seconds for one git command


@dataclass(frozen=True)
class Version:
    """The data files as one commit left them. texts: {path: content, or None if it did not exist}."""

    commit: str
    date: dt.date | None  # None for the baseline, the state before the first change listed
    texts: Mapping[str, str | None]


def _git(root: Path, *args: str, stdin: bytes | None = None) -> bytes | None:
    """git's output, or None if git is missing or fails."""
    # No pager, no prompt, and the date in the builder's own time zone (TZ; CI sets China's).
    env = dict(os.environ, GIT_PAGER="cat", GIT_TERMINAL_PROMPT="0", LC_ALL="C")
    try:
        done = subprocess.run(["git", "-C", str(root), *args], input=stdin, capture_output=True,
                              env=env, timeout=_TIMEOUT, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def _own_full_history(root: Path) -> bool:
    """True when root is the top of a git work tree with its whole history (not shallow)."""
    out = _git(root, "rev-parse", "--show-toplevel", "--is-shallow-repository")
    if out is None:
        return False
    lines = out.decode("utf-8", "replace").splitlines()
    return (len(lines) == 2 and Path(lines[0]).resolve() == root.resolve()
            and lines[1].strip() == "false")


def _commits(root: Path, paths, limit: int) -> list[tuple[str, dt.date]]:
    """(commit, date) of the newest `limit` commits that changed the paths, newest first. Only the
    main line (--first-parent): a merged pull request counts once, on the day it was merged."""
    out = _git(root, "log", "--first-parent", f"-n{limit}", "--format=%H %cd",
               "--date=format-local:%Y-%m-%d", "--", *paths)
    commits = []
    for line in (out or b"").decode("ascii", "replace").splitlines():
        sha, _, day = line.partition(" ")
        try:
            commits.append((sha, dt.date.fromisoformat(day)))
        except ValueError:  # a git too old for format-local: no history rather than a wrong one
            return []
    return commits


def _batch(root: Path, names: list[str], check: bool) -> list[tuple[bytes, bytes | None]] | None:
    """(object id, content) for each `commit:path` or object id, with one git process; the id is
    b"" where the file did not exist, the content None when check (ids only) or missing."""
    out = _git(root, "cat-file", "--batch-check" if check else "--batch",
               stdin="".join(f"{n}\n" for n in names).encode())
    if out is None:
        return None
    found, pos = [], 0
    for _ in names:
        end = out.find(b"\n", pos)
        if end < 0:
            return None
        header = out[pos:end].split()
        pos = end + 1
        if len(header) != 3 or header[1] != b"blob":  # "<name> missing"
            found.append((b"", None))
            continue
        size = int(header[2])
        found.append((header[0], None if check else out[pos:pos + size]))
        pos += 0 if check else size + 1
    return found


def _contents(root: Path, specs: list[str]) -> list[str | None] | None:
    """The text of each `commit:path`, None where the file did not exist. Each distinct version of
    a file is read once (most changes touch one file of two) and is the same str object each time."""
    ids = _batch(root, specs, check=True)
    if ids is None:
        return None
    distinct = sorted({oid for oid, _ in ids if oid})
    blobs = _batch(root, [oid.decode() for oid in distinct], check=False) if distinct else []
    if blobs is None:
        return None
    texts = {oid: content.decode("utf-8", "replace") for oid, content in blobs if content is not None}
    return [texts.get(oid) for oid, _ in ids]


def data_versions(root: Path, paths, max_changes: int = MAX_CHANGES,
                  window_days: int = WINDOW_DAYS) -> list[Version] | None:
    """The versions of `paths` (relative to root), oldest first: a baseline (date None) and then one
    per change, at most max_changes, none more than window_days older than the newest. Returns None
    when the history cannot be read or the files were never committed."""
    if not _own_full_history(root):
        return None
    commits = _commits(root, paths, max_changes + 1)
    if not commits:
        return None
    oldest_day = commits[0][1] - dt.timedelta(days=window_days)
    listed = [c for c in commits[:max_changes] if c[1] >= oldest_day]
    older = commits[len(listed):len(listed) + 1]  # the state before the first listed change
    wanted = listed[::-1]
    specs = [f"{sha}:{path}" for sha, _ in older + wanted for path in paths]
    texts = _contents(root, specs)
    if texts is None:
        return None
    by_commit = [dict(zip(paths, texts[i:i + len(paths)])) for i in range(0, len(texts), len(paths))]
    baseline = Version("", None, by_commit.pop(0) if older else {p: None for p in paths})
    return [baseline] + [Version(sha, day, t) for (sha, day), t in zip(wanted, by_commit)]
