"""The 404 page of each language. MkDocs writes 404.html at the site's root once per language
built, the last one winning (English here: upstream mkdocs-static-i18n #284, #326, #349). Each
language's page is kept as MkDocs writes it: the default language's at the root (what a static
host serves for any missing address), the others' under their prefix (en/404.html), which nginx
serves for a missing address under /en/."""
from __future__ import annotations

from pathlib import Path

from scripts.data.config import Settings

PAGE = "404.html"
_BUILT: dict[str, bytes] = {}  # language → its 404 page, as MkDocs wrote it in this process


def not_found_path(lang: str, settings: Settings) -> str:
    """The 404 page of a language, relative to the site root: '404.html', 'en/404.html'."""
    return settings.lang_prefix(lang) + PAGE


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
