"""Problems found in the data, worded for editors: `file:line: path: what is wrong — how to fix it`."""
from __future__ import annotations

import sys
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    file: str  # relative to the project root
    line: int
    path: str  # e.g. "sites[3].hotlines[1]"; "" for the whole file
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        level = "" if self.severity == "error" else f"{self.severity}: "
        return f"{self.file}:{self.line}: {level}{where}{self.message}"


class DataError(Exception):
    """Raised with every problem found; the data is not used."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


def print_problems(problems, file=None) -> None:
    """Print problems one per line, as `file:line: …`, to stderr."""
    print("\n".join(map(str, problems)), file=file or sys.stderr)


def format_path(path) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
