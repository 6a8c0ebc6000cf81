"""The 404 page of each language. MkDocs writes 404.html at the site's root once per language
built, the last one winning (upstream mkdocs-static-i18n #284, #326, #349). Each language's page
is kept as MkDocs writes it: the default language's at the root (what a static host serves for any
missing address), the others' under their prefix (en/404.html, ar/404.html), which nginx serves
for a missing address under /en/, /ar/….

The page (overrides/404.html) speaks its own language first, then each core language whose words
differ; its numbers come from the data (scripts/site/urgent.py)."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from scripts.data.config import Settings
from scripts.data.records import Dataset
from scripts.site.fallback import direction
from scripts.site.urgent import urgent_numbers
from scripts.words.templating import fill, labels

PAGE = "404.html"
_BUILT: dict[str, bytes] = {}  # language → its 404 page, as MkDocs wrote it in this process
WORDS = ("notfound_title", "notfound_body", "notfound_help", "notfound_home", "notfound_sites",
         "notfound_hotlines")


def not_found_path(lang: str, settings: Settings) -> str:
    """The 404 page of a language, relative to the site root: '404.html', 'en/404.html'."""
    return settings.lang_prefix(lang) + PAGE


def page_languages(lang: str, settings: Settings) -> list[str]:
    """The languages a 404 page speaks, its own first, then each core language whose words are
    not already on the page (a language without its own 404 words shows its fallback's once)."""
    shown, seen = [], set()
    for candidate in (lang, *settings.core_languages):
        words = tuple(labels(candidate)[key] for key in WORDS)
        if candidate not in shown and words not in seen:
            shown.append(candidate)
            seen.add(words)
    return shown


def section(lang: str, settings: Settings) -> str:
    """The absolute path of a language's section ('/', '/en/'; under site_url's own path): a 404
    page is served at any depth, so its links cannot be relative."""
    return urlsplit(settings.site_url or "/").path.rstrip("/") + "/" + settings.lang_prefix(lang)


def not_found_context(lang: str, settings: Settings, dataset: Dataset) -> dict:
    """What overrides/404.html lays out: a block per language (its code, direction, words and the
    absolute path of its section) and the numbers, plus `fill` for the words' {placeholders}."""
    return {
        "parts": [{"lang": code, "dir": direction(code), "L": labels(code), "section": section(code, settings)}
                  for code in page_languages(lang, settings)],
        "numbers": urgent_numbers(dataset),
        "fill": fill,
    }


def keep_404(site_dir: Path, lang: str, settings: Settings) -> None:
    """After MkDocs has built one language into site_dir: put its 404 page in its place, and
    the default language's back at the root."""
    root_page = site_dir / PAGE
    if lang not in settings.languages or not root_page.exists():
        return
    _BUILT[lang] = root_page.read_bytes()
    target = site_dir / not_found_path(lang, settings)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(_BUILT[lang])
    if settings.default_language in _BUILT:
        root_page.write_bytes(_BUILT[settings.default_language])
