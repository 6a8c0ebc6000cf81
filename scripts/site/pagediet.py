"""Light pages. The page a leaflet opens (a site page) carries no search box, so a first visit
does not download the search index (about 130 KB compressed, more than everything else on the
page), nor the search's settings; residents search from the guides, which the site page links to.
Every page leaves out what it does not use (the theme's palette stylesheet, the finder's script
where there is nothing for it) and the indentation of the theme's templates."""
from __future__ import annotations

import json
import re

# Front matter `hide: [search]` asks for this (Material itself ignores the value).
NO_SEARCH = "search"
_BUTTON = re.compile(r'<label class="md-header__button md-icon" for="__search">.*?</label>', re.S)
_DIALOG = '<div class="md-search" data-md-component="search"'


def without_search(html: str) -> str:
    """The page without Material's search button and search dialog. Without the dialog's form,
    Material's script neither fetches the index nor starts the search worker."""
    html = _BUTTON.sub("", html, count=1)
    start = html.find(_DIALOG)
    if start < 0:
        return html
    depth, pos = 0, start
    for match in re.finditer(r"<div\b|</div>", html[start:]):
        depth += 1 if match.group() == "<div" else -1
        if depth == 0:
            pos = start + match.end()
            break
    else:
        raise ValueError("the search dialog has no end")
    return html[:start] + html[pos:]


def wants_no_search(meta: dict) -> bool:
    return NO_SEARCH in (meta.get("hide") or [])


# --- What every page leaves out ---------------------------------------------------------------

# Material's palette stylesheet: for this site's colours (primary `custom`, in heartline.css, and
# accent deep orange) it holds one rule, the accent's four colours, which heartline.css carries
# (tests/site/test_pagediet.py checks they are the same). 2.1 KB on every first visit.
_PALETTE = re.compile(r'<link rel="stylesheet" href="[^"]*assets/stylesheets/palette\.[0-9a-f]+\.min\.css">[ \t]*\n?')
# The finder's script also shows the copy buttons beside WeChat IDs: needed where either is.
_FINDER_SCRIPT = re.compile(r'<script src="[^"]*assets/finder\.js"></script>[ \t]*\n?')
_FINDER_USED = ('id="finder"', 'class="hl-copy')
# Elements whose whitespace is their content (or code, whose hashes the security policy holds).
_VERBATIM = re.compile(r"(<(script|style|pre|textarea)\b.*?</\2\s*>)", re.S | re.I)
# A run of spaces with a line break in it: the theme's templates indent every line.
_INDENT = re.compile(r"[ \t]*\n\s*")


def without_unused_assets(html: str) -> str:
    """The page without the palette stylesheet, and without the finder's script where nothing
    uses it (no finder form, no copy button)."""
    html = _PALETTE.sub("", html, count=1)
    if not any(mark in html for mark in _FINDER_USED):
        html = _FINDER_SCRIPT.sub("", html, count=1)
    return html


def collapsed(html: str) -> str:
    """Each run of whitespace that holds a line break becomes one line break, outside <pre>,
    <textarea>, scripts and styles. A browser shows both the same (whitespace between words
    collapses to one space): 2.4 KB of a site page's 31 KB."""
    parts = _VERBATIM.split(html)
    # split() gives text, element, tag name, text, element, tag name, …, text
    return "".join(_INDENT.sub("\n", part) if k % 3 == 0 else part if k % 3 == 1 else ""
                   for k, part in enumerate(parts))


# --- A site page's configuration for the theme's script -----------------------------------------

_CONFIG = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)


def without_search_config(html: str) -> str:
    """The theme's configuration without the search worker and the search's words: a page without
    the search dialog uses neither (the worker starts only when the configuration names it)."""
    match = _CONFIG.search(html)
    if not match:
        raise ValueError("the theme's page no longer has its <script id=\"__config\">: see "
                         "scripts/site/pagediet.py")
    config = json.loads(match.group(2))
    config.pop("search", None)
    config["translations"] = {k: v for k, v in (config.get("translations") or {}).items()
                              if not k.startswith("search.")}
    text = json.dumps(config, ensure_ascii=False, separators=(",", ":"))
    # As Jinja's tojson writes it: nothing in the data can close the element.
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return html[:match.start(2)] + text + html[match.end(2):]
