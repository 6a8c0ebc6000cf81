"""Build steps side by side (scripts/processes.py): results in order, failures raised in the
build, and no step left running when the build is killed."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from scripts.processes import StepFailed, side_by_side

ROOT = Path(__file__).resolve().parents[1]


def test_each_step_runs_in_a_process_of_its_own_and_results_come_back_in_order():
    pids = side_by_side(os.getpid, os.getpid, lambda: (os.getpid(), [1, 2]))
    assert len({pids[0], pids[1], pids[2][0], os.getpid()}) == 4
    assert pids[2][1] == [1, 2]


def test_a_failing_step_raises_its_error_in_the_build_after_the_others_ended(tmp_path):
    done = tmp_path / "done"

    def slow():
        time.sleep(0.3)
        done.write_text("yes")

    def broken():
        raise ValueError("docs/x.md: no heading")

    with pytest.raises(ValueError, match="docs/x.md: no heading"):
        side_by_side(broken, slow)
    assert done.read_text() == "yes"


def test_an_error_that_cannot_travel_is_still_reported():
    class Local(Exception):  # defined here: cannot be pickled by name
        pass

    def broken():
        raise Local("the reason")

    with pytest.raises(StepFailed, match="Local: the reason"):
        side_by_side(broken)


def test_a_killed_build_leaves_no_step_running(tmp_path):
    pid_file = tmp_path / "step.pid"
    script = textwrap.dedent(f"""
        import os, time
        from pathlib import Path
        from scripts.processes import side_by_side

        def step():
            Path({str(pid_file)!r}).write_text(str(os.getpid()))
            time.sleep(120)

        side_by_side(step)
    """)
    build = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT)
    try:
        deadline = time.monotonic() + 30
        while not pid_file.exists() or not pid_file.read_text():
            assert time.monotonic() < deadline, "the step never started"
            time.sleep(0.05)
        step = int(pid_file.read_text())
        build.kill()
        build.wait()
        deadline = time.monotonic() + 10
        while _alive(step):
            assert time.monotonic() < deadline, f"step {step} still runs after its build was killed"
            time.sleep(0.05)
    finally:
        build.kill()


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return status[status.rindex(")") + 2] != "Z"  # a zombie has ended, waiting to be reaped
