"""Project settings read from mkdocs.yml, the one place they are written."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

import yaml

ROOT = Path(__file__).resolve().parent.parent
MKDOCS_YML = "mkdocs.yml"


@dataclass(frozen=True)
class Settings:
    """What the scripts need to know about the site, taken from mkdocs.yml."""

    root: Path
    site_url: str | None
    site_name: str
    languages: tuple[str, ...]  # default language first
    language_names: Mapping[str, str]
    organization: Mapping[str, str]
    stale_days: Mapping[str, int]
    docs_dir: Path

    @property
    def default_language(self) -> str:
        return self.languages[0]

    @property
    def resources_dir(self) -> Path:
        return self.root / "resources"

    def lang_prefix(self, lang: str) -> str:
        """URL prefix of a language: '' for the default language, 'en/' for English."""
        return "" if lang == self.default_language else f"{lang}/"


def _i18n_languages(config: dict) -> list[dict]:
    for plugin in config.get("plugins", []):
        if isinstance(plugin, dict) and "i18n" in plugin:
            return list(plugin["i18n"].get("languages", []))
    raise ValueError(f"{MKDOCS_YML}: the i18n plugin and its languages are missing")


def load_settings(root: Path = ROOT) -> Settings:
    """Read mkdocs.yml under root. Raises ValueError when the languages are not configured."""
    config = yaml.safe_load((root / MKDOCS_YML).read_text(encoding="utf-8"))
    langs = _i18n_languages(config)
    defaults = [lang["locale"] for lang in langs if lang.get("default")]
    if len(defaults) != 1:
        raise ValueError(f"{MKDOCS_YML}: exactly one i18n language must be `default: true`")
    ordered = defaults + [lang["locale"] for lang in langs if not lang.get("default")]
    heartline = (config.get("extra") or {}).get("heartline") or {}
    return Settings(
        root=root,
        site_url=config.get("site_url"),
        site_name=config.get("site_name", ""),
        languages=tuple(ordered),
        language_names=MappingProxyType({l["locale"]: l.get("name", l["locale"]) for l in langs}),
        organization=MappingProxyType(dict(heartline.get("organization") or {})),
        stale_days=MappingProxyType(dict(heartline.get("stale_days") or {})),
        docs_dir=root / config.get("docs_dir", "docs"),
    )
