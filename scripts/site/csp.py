"""The Content-Security-Policy of every page, in one place: the site's own scripts, styles,
images, connections and workers only, nothing from another host, and the inline blocks the pages
carry allowed one by one by their hash. nginx sends it as a header (server/heartline.conf.j2);
a page may carry the same policy in a <meta http-equiv> (without frame-ancestors, which only a
header can set)."""
from __future__ import annotations

import base64
import hashlib
import os
import re
from pathlib import Path
from typing import Iterable

from scripts.site.critical import style_hashes

# Fixed directives; script-src and style-src get the hashes of the inline blocks.
DIRECTIVES = (
    ("default-src", "'self'"),
    ("img-src", "'self' data:"),  # the theme's icons are data: SVGs inside its stylesheet
    ("connect-src", "'self'"),
    ("worker-src", "'self'"),
    ("manifest-src", "'self'"),
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
    ("frame-ancestors", "'none'"),
)
_INLINE = re.compile(r"<(script|style)\b([^>]*)>(.*?)</\1>", re.S | re.I)
_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]*)""", re.I)
# Script types a browser runs; any other (JSON, JSON-LD) is a data block a policy does not govern.
_SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module"}


def source_hash(text: str) -> str:
    """The CSP source allowing one inline block: 'sha256-…' of its exact text."""
    return f"'sha256-{base64.b64encode(hashlib.sha256(text.encode('utf-8')).digest()).decode()}'"


def inline_hashes(html: str) -> tuple[set[str], set[str]]:
    """(script sources, style sources) for the inline blocks of a page that a policy must allow:
    scripts without src that a browser runs (not JSON or JSON-LD data), and <style> blocks."""
    scripts, styles = set(), set()
    for tag, attrs, body in _INLINE.findall(html):
        if tag.lower() == "style":
            styles.add(source_hash(body))
        elif "src=" not in attrs:
            kind = _TYPE.search(attrs)
            if (kind.group(1).lower() if kind else "") in _SCRIPT_TYPES:
                scripts.add(source_hash(body))
    return scripts, styles


def content_security_policy(script_hashes: Iterable[str] = (), style_hashes: Iterable[str] = (),
                            header: bool = True) -> str:
    """The policy as one header value. header=False leaves out what a <meta> cannot carry."""
    parts = [f"{name} {value}" for name, value in DIRECTIVES if header or name != "frame-ancestors"]
    parts.insert(1, " ".join(["script-src 'self'", *sorted(script_hashes)]))
    parts.insert(2, " ".join(["style-src 'self'", *sorted(style_hashes)]))
    return "; ".join(parts)


def site_policy(site_dir: Path) -> str:
    """The policy for a built site: every inline block any of its pages carries is allowed."""
    scripts, styles = set(), set(style_hashes())
    for folder, _, names in os.walk(site_dir):
        for name in names:
            if name.endswith(".html"):
                found = inline_hashes(Path(folder, name).read_text(encoding="utf-8"))
                scripts |= found[0]
                styles |= found[1]
    return content_security_policy(scripts, styles)
