"""Titles for generated pages' front matter."""
from __future__ import annotations


def plain_title(value) -> str:
    """A title for front matter: the theme prints it unescaped, so angle brackets and ampersands
    are replaced by their full-width look-alikes (the page's own heading shows the exact text)."""
    text = " ".join(str(value).split())
    return text.translate(str.maketrans({"<": "＜", ">": "＞", "&": "＆", '"': "＂", "'": "＇"}))
