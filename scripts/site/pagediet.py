"""Light pages for the page a leaflet opens: a site page carries no search box, so a first visit
does not download the search index (about 140 KB compressed, more than everything else on the
page). Residents search from the guides; the site page links to them."""
from __future__ import annotations

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
