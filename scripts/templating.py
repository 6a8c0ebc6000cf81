"""Jinja environments and the words each language uses on generated pages and leaflets."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jinja2
import yaml

TEMPLATES = Path(__file__).resolve().parent / "templates"


@lru_cache(maxsize=None)
def labels(lang: str) -> dict:
    """The words for one language from templates/labels/<lang>.yml."""
    path = TEMPLATES / "labels" / f"{lang}.yml"
    if not path.exists():
        raise FileNotFoundError(f"{path}: no words for language '{lang}' — copy en.yml and translate it")
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def hours_text(hotline, lang: str) -> str:
    words = labels(lang)
    if hotline.always_open:
        return words["hours_always"]
    return f"{words['hours_daily']} " + words["list_sep"].join(h.replace("-", "–") for h in hotline.hours)


def languages_text(hotline, spoken, lang: str) -> str:
    return labels(lang)["list_sep"].join(spoken[code][lang] for code in hotline.languages)


def _common(env: jinja2.Environment) -> jinja2.Environment:
    env.globals.update(hours_text=hours_text, languages_text=languages_text)
    return env


@lru_cache(maxsize=None)
def html_env() -> jinja2.Environment:
    """For every generated document (pages, short addresses, leaflets): HTML autoescaping, so data
    always reaches the page as text."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
        undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    return _common(env)
