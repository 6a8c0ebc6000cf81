"""Reading a built site the way a browser would: links, assets and what they point at."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

ASSET_TAGS = {"script": "src", "img": "src", "iframe": "src", "source": "src", "audio": "src",
              "video": "src", "embed": "src"}
ASSET_RELS = {"stylesheet", "icon", "preload", "prefetch", "manifest", "modulepreload",
              "apple-touch-icon", "shortcut"}


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[tuple[str, str, str]] = []  # (tag, attribute, value)
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        for attr in ("href", "src"):
            if attrs.get(attr) is not None:
                self.links.append((tag, attr, attrs[attr]))
        if tag == "link" and attrs.get("href") is not None:
            rels = set((attrs.get("rel") or "").lower().split())
            if rels & ASSET_RELS:
                self.links.append(("asset", "href", attrs["href"]))


def parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def html_files(site: Path):
    return sorted(site.rglob("*.html"))


def resolve(site: Path, page: Path, href: str, base_path: str = "/") -> Path | None:
    """The file an internal link opens, or None for external and non-file links.
    base_path: the path of the site's address (site_url), which absolute links start with."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    path = unquote(parts.path)
    if path.startswith("/"):
        assert path.startswith(base_path), f"{href} is outside the site's path {base_path}"
        target = (site / path[len(base_path):]).resolve()
    else:
        target = (page.parent / path).resolve()
    if href.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target


def external_assets(site: Path) -> list[str]:
    """Every asset a page or stylesheet would load from another host."""
    found = []
    for page in html_files(site):
        for tag, attr, value in parse(page).links:
            external = urlsplit(value).scheme in ("http", "https") or value.startswith("//")
            if external and (tag in ASSET_TAGS or tag == "asset"):
                found.append(f"{page.relative_to(site)}: <{tag} {attr}={value}>")
    for css in site.rglob("*.css"):
        for match in re.finditer(r"(?:url\(\s*['\"]?|@import\s+['\"])((?:https?:)?//[^'\")\s]+)",
                                 css.read_text(encoding="utf-8")):
            found.append(f"{css.relative_to(site)}: {match.group(1)}")
    return found
