"""Independent build steps side by side, each in a process of its own, on every core; and worker
processes that die with the build.

The steps after MkDocs (short addresses, contact cards, open data, compressed copies, the security
policy's check) each read the validated records or the built files and write files no other step
writes. One after the other they kept one core busy and the other idle for most of their time.

Each step runs in a forked child: it sees the parent's records as they are (nothing is pickled on
the way in) and sends back its result (pickled) through a pipe. A child dies with the build
(die_with_parent): a build that is killed leaves no step running, holding the build lock.
"""
from __future__ import annotations

import ctypes
import os
import pickle
import signal
import sys
from typing import Callable

PR_SET_PDEATHSIG = 1  # linux/prctl.h


def die_with_parent() -> None:
    """Have the kernel kill this process when the process that started it ends (Linux). Used in
    every worker process the build starts (also as pools' initializer)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: a killed build's steps run to their end
        return


class StepFailed(RuntimeError):
    """A step raised an exception that could not be sent back as it was."""


def side_by_side(*steps: Callable[[], object]) -> list:
    """Run every step at once, each in a forked child process, and return their results in order.
    The first step that raised has its exception raised here, once all have ended."""
    sys.stdout.flush()
    sys.stderr.flush()
    running: dict[int, int] = {}  # pid -> the pipe its outcome comes through
    outcomes = []
    parent = os.getpid()
    try:
        for step in steps:
            read, write = os.pipe()
            pid = os.fork()
            if pid == 0:  # the child: run the step, send its outcome, and leave without cleaning up
                os.close(read)
                _run(step, write, parent)
            os.close(write)
            running[pid] = read
        for pid in list(running):
            outcomes.append(_collect(pid, running.pop(pid)))
    finally:
        for pid, read in running.items():  # only when the build itself failed or was interrupted
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            os.close(read)
    for ok, value in outcomes:
        if not ok:
            raise value
    return [value for _, value in outcomes]


def _run(step, write: int, parent: int) -> None:
    code = 0
    try:
        die_with_parent()
        if os.getppid() != parent:  # the build ended before the line above took effect
            raise SystemExit(1)
        try:
            outcome = (True, step())
        except BaseException as exc:  # noqa: BLE001 - sent to the parent, raised there
            outcome = (False, exc)
        try:
            data = pickle.dumps(outcome)
        except Exception:  # noqa: BLE001 - an exception that does not pickle
            data = pickle.dumps((False, StepFailed(f"{type(outcome[1]).__name__}: {outcome[1]}")))
        with os.fdopen(write, "wb") as pipe:
            pipe.write(data)
    except BaseException:  # noqa: BLE001 - nothing may escape into the parent's code
        code = 1
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def _collect(pid: int, read: int) -> tuple[bool, object]:
    with os.fdopen(read, "rb") as pipe:
        data = pipe.read()
    _, status = os.waitpid(pid, 0)
    if not data:
        return False, StepFailed(f"a build step ended without a result (exit status {status})")
    return pickle.loads(data)
