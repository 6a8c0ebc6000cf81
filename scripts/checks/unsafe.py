"""A page may not run code. Its Markdown is rendered as MkDocs renders it (the extensions named in
mkdocs.yml), and the HTML that would reach site/ is searched for elements and attributes that run
scripts or load other documents, inline styles the pages' security policy would block, and links
that are not https:, mailto:, tel:, sms: or relative. Each finding is traced back to its line.

Reading the rendered HTML, rather than patterns in the Markdown, catches every way of writing the
same thing: `[x]( javascript:…)`, `[x](<javascript:…>)`, reference-style links, `{: onclick=… }`
(attr_list), entities such as `jav&#x61;script:`, and raw HTML.
"""
from __future__ import annotations

import html
import re
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import markdown
import yaml

from scripts.data.config import MKDOCS_YML, Settings
from scripts.data.problems import Problem
from scripts.site.pages import Page

ALLOWED_SCHEMES = ("https", "mailto", "tel", "sms")
# Elements that run code, embed or load another document, send a form, or change what the page's
# links and scripts resolve against.
CODE_ELEMENTS = frozenset({
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "portal", "base", "meta",
    "link", "form", "svg", "math", "template"})
# Attributes holding an address the browser may open or load.
URL_ATTRIBUTES = frozenset({
    "href", "src", "action", "formaction", "xlink:href", "poster", "background", "data", "cite",
    "srcset", "lowsrc", "ping", "longdesc", "manifest", "codebase", "archive"})

FIX_LINK = "use https://, mailto:, tel:, sms: or a relative link to a page (page.md)"
FIX_STYLE = "remove it; the site's styles are in docs/assets/heartline.css"


def allowed_url(value: str) -> bool:
    """https:, mailto:, tel:, sms: or relative (no scheme and no host); browsers ignore the
    spaces around an address and the tabs and line breaks inside it, and so does this."""
    parts = urlsplit(value.strip())
    if parts.scheme:
        return parts.scheme in ALLOWED_SCHEMES and (parts.scheme != "https" or bool(parts.netloc))
    return not parts.netloc


class _Finder(HTMLParser):
    """Collects (what is wrong, how to fix it, text to find it by in the Markdown) for each unsafe
    element, attribute or address, in document order."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str, list[str]]] = []

    def handle_starttag(self, tag, attrs):
        if tag in CODE_ELEMENTS:
            self.found.append((f"raw HTML <{tag}> can run code or load content from elsewhere",
                               "remove it and write the page in Markdown", [f"<{tag}"]))
        elif tag == "style":
            self.found.append(("raw HTML <style> is blocked by the pages' security policy", FIX_STYLE,
                               ["<style"]))
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append((f"raw HTML attribute {name} on <{tag}> can run code",
                                   "remove the attribute", [f"{name}=", name]))
            elif name == "style":
                self.found.append((f"attribute style on <{tag}> is blocked by the pages' security "
                                   "policy", FIX_STYLE, ["style=", "style"]))
            elif name in URL_ATTRIBUTES and value is not None:
                urls = [u.split()[0] for u in value.split(",") if u.strip()] if name == "srcset" else [value]
                for url in urls:
                    if not allowed_url(url):
                        scheme = urlsplit(url.strip()).scheme
                        self.found.append((f"link '{url.strip()}' is not allowed", FIX_LINK,
                                           [url.strip(), f"{scheme}:" if scheme else url.strip()]))

    handle_startendtag = handle_starttag


@lru_cache(maxsize=None)
def _extensions(config_file: Path) -> tuple[list, dict]:
    """The Markdown extensions and their settings, as mkdocs.yml names them."""
    config = yaml.safe_load(config_file.read_text(encoding="utf-8")) or {}
    names, settings = [], {}
    for item in config.get("markdown_extensions") or []:
        if isinstance(item, dict):
            for name, options in item.items():
                names.append(name)
                settings[name] = options or {}
        else:
            names.append(item)
    return names, settings


def render(settings: Settings, text: str) -> str:
    """Markdown to HTML with the extensions MkDocs uses for this site."""
    names, options = _extensions(settings.root / MKDOCS_YML)
    return markdown.markdown(text, extensions=names, extension_configs=options)


_CODE_SPAN = re.compile(r"(`+).*?\1")


def _searchable(page: Page) -> list[tuple[int, str]]:
    """(line number, text) of the body's lines outside code blocks, with code spans left out (a
    `<script>` written as code is shown, never run) and entities decoded, as the finder sees them."""
    out, fenced = [], False
    for offset, line in enumerate(page.body.splitlines()):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
            continue
        if not fenced:
            out.append((page.body_line + offset, html.unescape(_CODE_SPAN.sub("", line)).lower()))
    return out


def check_unsafe(settings: Settings, page: Page) -> list[Problem]:
    """One problem for each unsafe element, attribute or address the page would carry, at the
    line it is written on (the n-th finding of a text at the n-th line holding it)."""
    finder = _Finder()
    finder.feed(render(settings, page.body))
    finder.close()
    lines = _searchable(page)
    seen: dict[str, int] = {}
    rel = page.path.relative_to(settings.root).as_posix()
    out = []
    for what, fix, needles in finder.found:
        line = page.body_line
        for needle in needles:
            hits = [n for n, text in lines if needle.lower() in text]
            if hits:
                key = needle.lower()
                line = hits[min(seen.get(key, 0), len(hits) - 1)]
                seen[key] = seen.get(key, 0) + 1
                break
        out.append(Problem(rel, line, "", f"{what} — {fix}"))
    return out
