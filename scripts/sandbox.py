"""A throw-away copy of the project's sources, for tests and benchmarks that change its data."""
from __future__ import annotations

import shutil
from pathlib import Path

from scripts.data.config import ROOT

SOURCES = ("mkdocs.yml", "docs", "resources", "overrides", "scripts")


def copy_project(dest: Path, root: Path = ROOT) -> Path:
    """Copy the sources (no venv, no built site, no generated pages) into dest and return it."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in SOURCES:
        src = root / name
        if src.is_dir():
            skip = ["__pycache__"] + (["sites", "hotlines", "changes", "leaflets", "essentials"] if name == "docs" else [])
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns(*skip))
        else:
            shutil.copy2(src, dest / name)
    return dest
