"""Jinja environments and the words each language uses on generated pages and leaflets."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jinja2
import yaml
from markupsafe import Markup, escape

LABELS = Path(__file__).resolve().parent / "labels"


REFERENCE = "en"  # the label file every other is measured against (coverage)
META = "translation"  # a label file's status block: status (draft/reviewed), by, date, reviewed_by, reviewed_on


@lru_cache(maxsize=None)
def own_labels(lang: str) -> dict:
    """The words written for one language in scripts/words/labels/<lang>.yml ({} when there is no
    such file yet), without its status block."""
    path = LABELS / f"{lang}.yml"
    if not path.exists():
        return {}
    words = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(words, dict):
        raise ValueError(f"{path}:1: expected `key: words` lines — see en.yml")
    return {k: v for k, v in words.items() if k != META}


@lru_cache(maxsize=None)
def _chain(lang: str) -> tuple[str, ...]:
    """Where a language's missing words come from (mkdocs.yml); a language the project's settings
    do not list falls back to English."""
    from scripts.data.config import load_settings
    settings = load_settings()
    return settings.fallback_chain(lang) if lang in settings.languages else (lang, REFERENCE)


@lru_cache(maxsize=None)
def labels(lang: str) -> dict:
    """The words for one language: scripts/words/labels/<lang>.yml, and, for an additional
    language, its fallback's words wherever it has none yet (missing_labels tells which)."""
    words: dict = {}
    for source in reversed(_chain(lang)):
        words.update(own_labels(source))
    if not words:
        raise FileNotFoundError(f"{LABELS / (lang + '.yml')}: no words for language '{lang}' — copy en.yml and translate it")
    return words


def missing_labels(lang: str) -> list[str]:
    """The keys of en.yml that have no words of their own in `lang` (shown in a fallback)."""
    own = own_labels(lang)
    return [key for key in own_labels(REFERENCE) if key not in own]


def translation_status(lang: str) -> dict:
    """A label file's status block: {'status': 'draft' | 'reviewed', 'by', 'date', 'reviewed_by',
    'reviewed_on'}; {'status': 'none'} without a label file; a file without the block is a draft."""
    path = LABELS / f"{lang}.yml"
    if not path.exists():
        return {"status": "none"}
    meta = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get(META) or {}
    return {"status": "draft", **meta}


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


def bdi(text: str) -> Markup:
    """A value inside a sentence (a number, the hours), isolated so that it keeps its own
    direction: in Arabic or Uyghur, "022 5888 0000" would otherwise read as "0000 5888 022"."""
    return Markup("<bdi>{}</bdi>").format(text) if text else Markup("")


def https(url: str) -> Markup:
    """A web chat's link: the loader accepts https:// addresses only; refuse anything else here
    too, so no other scheme ever becomes a link."""
    if not url.startswith("https://") or any(c.isspace() or c in "\"'<>" for c in url):
        raise ValueError(f"refusing to print {url!r} as a link")
    return Markup(escape(url))


def _common(env: jinja2.Environment) -> jinja2.Environment:
    env.globals.update(hours_text=hours_text, hours_words=hours_words, languages_text=languages_text,
                       fill=fill, https=https, bdi=bdi)
    return env


@lru_cache(maxsize=None)
def html_env(folder: Path) -> jinja2.Environment:
    """For every generated document (pages, short addresses, leaflets): HTML autoescaping, so data
    always reaches the page as text."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder), autoescape=True,
        undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    return _common(env)
