"""Putting data into Markdown as text, never as markup."""
from __future__ import annotations

import html
import re

# Python-Markdown's escapable characters, plus `|` (tables).
_SPECIAL = re.compile(r"([\\`*_{}\[\]()>#+\-.!|])")


def md_escape(value) -> str:
    """Text that Markdown shows exactly as written: one line, HTML and Markdown syntax escaped."""
    text = " ".join(str(value).split())
    text = html.escape(text, quote=True)
    return _SPECIAL.sub(r"\\\1", text)


def plain_title(value) -> str:
    """A title for front matter: the theme prints it unescaped, so angle brackets and ampersands
    are replaced by their full-width look-alikes (the page's own heading shows the exact text)."""
    text = " ".join(str(value).split())
    return text.translate(str.maketrans({"<": "＜", ">": "＞", "&": "＆", '"': "＂", "'": "＇"}))
