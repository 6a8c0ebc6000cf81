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


def only_core_languages(project: Path) -> Path:
    """Leave out the project's additional languages (mkdocs.yml), as a site in Chinese and English
    alone would configure it: for benchmarks that compare the two."""
    import yaml

    from scripts.data.config import load_settings
    settings = load_settings(project)
    path = project / "mkdocs.yml"
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "i18n" in plugin:
            plugin["i18n"]["languages"] = [lang for lang in plugin["i18n"]["languages"]
                                           if lang["locale"] in settings.core_languages]
    config["extra"]["heartline"]["languages"] = {"core": list(settings.core_languages)}
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return project
