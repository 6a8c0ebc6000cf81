"""Putting a build in place: one build at a time, nothing left behind by a killed build, files any
web server can read, and never a moment without a complete site/."""
from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from scripts.build import build, lock_file
from scripts.data.config import load_settings
from scripts.site import publish
from scripts.site.publish import build_lock, clean_leftovers, exchange, open_up, replace_dir


@pytest.fixture
def project(core_project):
    """What these tests check is the same in every language: the project in Chinese and English."""
    return core_project


PYTHON = sys.executable


def run_build(project: Path, *args: str, prelude: str = "") -> subprocess.Popen:
    """`python -m scripts.build --no-leaflets` in the project copy, as `make` runs it; prelude is
    Python run first in that process (to stop it at a known point)."""
    code = textwrap.dedent(prelude) + "\nimport sys\nfrom scripts.build import main\nsys.exit(main(sys.argv[1:]))\n"
    env = dict(os.environ, PYTHONPATH=str(project), NO_MKDOCS_2_WARNING="1")
    return subprocess.Popen([PYTHON, "-c", code, "--no-leaflets", *args], cwd=project, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(proc: subprocess.Popen, timeout: int = 180) -> tuple[int, str]:
    out, err = proc.communicate(timeout=timeout)
    return proc.returncode, out + err


def files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def leftovers(site: Path) -> list[str]:
    return sorted(p.name for p in site.parent.iterdir() if p.name.startswith(f".{site.name}-"))


# Kill the build process at a known point: the function named is replaced by a SIGKILL.
KILL_AT = """
import os, signal
import {module} as target
def _kill(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)
target.{name} = _kill
"""


# Kill the build from one of the steps it runs side by side (scripts/processes.py): the function
# named kills the build, then would go on for two minutes, holding the build's output open.
KILL_FROM_STEP = """
import os, signal, time
import {module} as target
def _kill(*args, **kwargs):
    os.kill(os.getppid(), signal.SIGKILL)
    time.sleep(120)
target.{name} = _kill
"""


def test_a_build_killed_midway_leaves_site_as_it_was_and_the_next_build_cleans_up(project):
    site = project / "site"
    assert finish(run_build(project))[0] == 0
    before = files(site)
    # Killed once MkDocs has written the new site into its temporary folder, while the steps that
    # follow run side by side: none of them goes on (finish() would wait for its output).
    code, _ = finish(run_build(project, prelude=KILL_FROM_STEP.format(module="scripts.build",
                                                                       name="write_short_pages")), timeout=90)
    assert code == -signal.SIGKILL
    assert files(site) == before
    assert [name for name in leftovers(site) if name.startswith(".site-new-")], leftovers(site)
    code, output = finish(run_build(project))
    assert code == 0, output
    assert "Removed 1 folder(s) left by an interrupted build." in output
    assert leftovers(site) == []


def test_a_build_killed_after_the_swap_leaves_the_new_site_complete(project):
    site = project / "site"
    assert finish(run_build(project))[0] == 0
    guide = project / "docs" / "guides" / "sleep.en.md"
    guide.write_text(guide.read_text(encoding="utf-8") + "\nA new line.\n", encoding="utf-8")
    # Killed when the old site, swapped out, is about to be deleted.
    code, _ = finish(run_build(project, prelude=KILL_AT.format(module="scripts.site.publish",
                                                                 name="remove_tree")))
    assert code == -signal.SIGKILL
    assert "A new line." in (site / "en" / "guides" / "sleep" / "index.html").read_text("utf-8")
    assert (site / "sw.js").exists() and (site / "404.html").exists()
    assert len(leftovers(site)) == 1  # the old site
    code, output = finish(run_build(project))
    assert code == 0 and leftovers(site) == [], output


def test_without_renameat2_a_kill_between_the_two_moves_is_undone_by_the_next_build(project):
    site = project / "site"
    assert finish(run_build(project))[0] == 0
    before = files(site)
    # A system without renameat2: the old site is moved aside, then the build is killed before
    # the new one is moved in.
    prelude = """
    import os, signal
    from pathlib import Path
    import scripts.site.publish as publish
    publish.exchange = lambda a, b: False
    _rename = Path.rename
    def rename(self, target):
        if self.name.startswith(".site-new-"):
            os.kill(os.getpid(), signal.SIGKILL)
        return _rename(self, target)
    Path.rename = rename
    """
    code, _ = finish(run_build(project, prelude=prelude))
    assert code == -signal.SIGKILL
    assert not site.exists()
    assert [name for name in leftovers(site) if name.startswith(".site-old-")], leftovers(site)
    clean_leftovers(site)  # what the next build does first, holding the lock
    assert files(site) == before and leftovers(site) == []


def test_a_second_build_waits_for_the_first(project):
    site = project / "site"
    with build_lock(lock_file(load_settings(project))):  # "the first build"
        proc = run_build(project)
        line = proc.stderr.readline()  # blocks until the second build says something
        assert line.startswith(f"Another build is running (process {os.getpid()}); waiting"), line
        time.sleep(0.5)
        assert proc.poll() is None and not site.exists()
    code, output = finish(proc)
    assert code == 0, output
    assert (site / "index.html").exists()


def test_two_builds_at_once_both_succeed(project):
    site = project / "site"
    procs = [run_build(project), run_build(project)]
    results = [finish(proc) for proc in procs]
    assert [code for code, _ in results] == [0, 0], results
    assert sum("Another build is running" in output for _, output in results) <= 1
    assert (site / "index.html").exists() and (site / "sw.js").exists()
    assert leftovers(site) == []


def test_the_built_site_is_readable_by_a_web_server_running_as_another_user(project, tmp_path):
    site = tmp_path / "site"
    old = os.umask(0o077)  # as strict as a root shell may be
    try:
        assert build(load_settings(project), site, leaflets=False) == 0
    finally:
        os.umask(old)
    modes = {p.relative_to(tmp_path).as_posix(): stat.S_IMODE(p.stat().st_mode)
             for p in [site, *site.rglob("*")]}
    wrong = {path: oct(mode) for path, mode in modes.items()
             if mode != (0o755 if (tmp_path / path).is_dir() else 0o644)}
    assert wrong == {}
    assert len(modes) > 100


def test_open_up_leaves_the_target_of_a_link_alone(tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text("x")
    outside.chmod(0o600)
    tree = tmp_path / "tree"
    (tree / "folder").mkdir(parents=True)
    (tree / "folder" / "page.html").write_text("x")
    (tree / "link").symlink_to(outside)
    os.chmod(tree, 0o700)
    open_up(tree)
    assert stat.S_IMODE(tree.stat().st_mode) == 0o755
    assert stat.S_IMODE((tree / "folder" / "page.html").stat().st_mode) == 0o644
    assert stat.S_IMODE(outside.stat().st_mode) == 0o600


def test_renameat2_exchange_is_available_here(tmp_path):
    """If this fails, builds on this system fall back to two moves: a web server may find no site/
    for a moment (and a build killed in between leaves it missing until the next build)."""
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    (a / "from-a").touch()
    assert exchange(a, b), "renameat2(RENAME_EXCHANGE) is not available: glibc >= 2.28 on Linux"
    assert (b / "from-a").exists() and not (a / "from-a").exists()


# Never a moment without a site: a second process looks for site/index.html as fast as it can
# while the site is swapped again and again.
WATCH = """
import os, sys

page, stop = sys.argv[1], sys.argv[2]
looks = missing = 0
while not os.path.exists(stop):
    for _ in range(100):
        looks += 1
        if not os.path.exists(page):
            missing += 1
print(looks, missing)
"""


def swap_while_watched(tmp_path: Path, swaps: int) -> tuple[int, int]:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("0")
    stop = tmp_path / "stop"
    watcher = subprocess.Popen([PYTHON, "-c", WATCH, str(site / "index.html"), str(stop)],
                               stdout=subprocess.PIPE, text=True)
    try:
        time.sleep(0.3)  # the watcher is running
        for i in range(swaps):
            new = tmp_path / f".site-new-{i}"
            new.mkdir()
            (new / "index.html").write_text(str(i))
            replace_dir(new, site)
    finally:
        stop.touch()
    looks, missing = map(int, watcher.communicate(timeout=30)[0].split())
    assert looks > 10_000
    return looks, missing


def test_there_is_never_a_moment_without_a_site(tmp_path):
    assert swap_while_watched(tmp_path, 400)[1] == 0


def test_the_watch_does_see_the_gap_of_two_moves(tmp_path, monkeypatch):
    """The test above can fail: with the two-move fallback, the watcher finds site/ missing."""
    monkeypatch.setattr(publish, "exchange", lambda a, b: False)
    assert swap_while_watched(tmp_path, 400)[1] > 0
