"""Jinja environments and the words each language uses on generated pages and leaflets."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jinja2
import yaml
from markupsafe import Markup, escape

LABELS = Path(__file__).resolve().parent / "labels"


@lru_cache(maxsize=None)
def labels(lang: str) -> dict:
    """The words for one language from scripts/words/labels/<lang>.yml."""
    path = LABELS / f"{lang}.yml"
    if not path.exists():
        raise FileNotFoundError(f"{path}: no words for language '{lang}' — copy en.yml and translate it")
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def hours_words(hours, lang: str) -> str:
    """'24 hours, every day', 'Daily 08:00–20:00, …', or 'Hours set by each city, at least 18
    hours a day' (hours: a records.Hours)."""
    words = labels(lang)
    if hours.always:
        return words["hours_always"]
    if hours.varies:
        return words["hours_varies"] + (words["hours_at_least"].format(n=hours.at_least)
                                        if hours.at_least else "")
    return f"{words['hours_daily']} " + words["list_sep"].join(h.replace("-", "–") for h in hours.daily)


def hours_text(hotline, lang: str) -> str:
    return hours_words(hotline.hours, lang)


def fill(words: str, **parts) -> Markup:
    """Words with {placeholders} (from labels/) filled in: the words and every part are escaped,
    except parts that are already markup (a link made by a template)."""
    return escape(words).format(**parts)


def languages_text(hotline, spoken, lang: str) -> str:
    return labels(lang)["list_sep"].join(spoken[code][lang] for code in hotline.languages)


def _common(env: jinja2.Environment) -> jinja2.Environment:
    env.globals.update(hours_text=hours_text, languages_text=languages_text, fill=fill)
    return env


@lru_cache(maxsize=None)
def html_env(folder: Path) -> jinja2.Environment:
    """For every generated document (pages, short addresses, leaflets): HTML autoescaping, so data
    always reaches the page as text."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder), autoescape=True,
        undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    return _common(env)
