"""Run a command and report what it cost: wall time, CPU time, and peak memory — both of its
largest process (getrusage's ru_maxrss over it and its children) and of all its processes at once
(their proportional set sizes added up, sampled every 0.1 s from /proc: memory a forked worker
shares with its parent counts once), since the build runs one MkDocs process per core side by
side."""
from __future__ import annotations

import os
import resource
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Cost:
    returncode: int
    wall_s: float
    cpu_s: float
    max_process_mb: float  # the largest single process
    peak_total_mb: float  # every process of the command at once
    output: str


def _parents() -> dict[int, int]:
    out = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                stat = Path(entry.path, "stat").read_text()
                out[int(entry.name)] = int(stat[stat.rindex(")") + 2:].split()[1])
            except (OSError, ValueError, IndexError):
                pass  # the process ended while we looked
    return out


def _pss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1])
    raise ValueError("no Pss line")


def tree_memory_mb(root: int) -> float:
    """Memory of root and all its descendants, added up (MB), shared pages counted once."""
    parents = _parents()
    family, todo = {root}, [root]
    while todo:
        pid = todo.pop()
        for child, parent in parents.items():
            if parent == pid and child not in family:
                family.add(child)
                todo.append(child)
    total = 0
    for pid in family:
        try:
            total += _pss_kb(pid)
        except (OSError, ValueError, IndexError):
            pass  # the process ended while we looked
    return total / 1024


def run(command: list[str], cwd: Path, env: dict | None = None) -> Cost:
    """Run command to its end (output captured) and measure it. Only one command at a time may be
    measured in a process: getrusage counts every child this process has waited for."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    peak = [0.0]
    done = threading.Event()

    def sample():
        while not done.wait(0.1):
            peak[0] = max(peak[0], tree_memory_mb(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output, _ = proc.communicate()
    done.set()
    sampler.join()
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Cost(proc.returncode, wall, cpu, after.ru_maxrss / 1024, peak[0], output)
