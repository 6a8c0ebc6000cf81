"""The Content-Security-Policy of every page: only the site's own scripts, styles, images and fonts.

Each page carries it in a <meta http-equiv> (overrides/main.html, the short-address pages); a web
server can send the same policy as a header: `python -m scripts.site.csp` prints it (`--header`
adds what only a header can say). The few inline scripts and styles the pages need are allowed by
their SHA-256 hash, computed here from the very templates that write them:

- Material's two inline scripts (partials/javascripts/base.html and content.html). The first names
  the folder preferences are stored under, `extra.scope`, which the hooks set to the site's own
  path so that it reads the same on every page (by default it is each page's relative way home,
  `..`, `../..`, …: one hash per depth).
- The short-address page's script and style (scripts/site/templates/short.js and short.css).

Material's `__config` block is JSON (type="application/json"), data that never runs: no hash.
The build refuses a page without the policy or with an inline script or style it does not allow
(`unpermitted`), so a theme upgrade that adds one stops the build instead of breaking pages.
"""
from __future__ import annotations

import argparse
import base64
import hashlib
import multiprocessing
import os
import re
import sys
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache, partial
from pathlib import Path
from typing import Iterable
from urllib.parse import urlsplit

import jinja2
import material
import yaml

from scripts.data.config import MKDOCS_YML, Settings, load_settings, settings_for_command
from scripts.site.critical import critical_css
from scripts.processes import die_with_parent

MATERIAL_TEMPLATES = Path(material.__file__).resolve().parent / "templates"
THEME_SCRIPTS = ("partials/javascripts/base.html", "partials/javascripts/content.html")
TEMPLATES = Path(__file__).resolve().parent / "templates"
SHORT_SCRIPT = TEMPLATES / "short.js"
SHORT_STYLE = TEMPLATES / "short.css"

# Same-origin only. img-src allows data: for the icons Material's CSS draws from data: URLs.
SOURCES = {
    "default-src": "'none'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "manifest-src": "'self'",
    "worker-src": "'self'",
    "base-uri": "'self'",
    "form-action": "'self'",
}
# Directives a browser ignores (with a console warning) in a <meta> policy.
HEADER_ONLY = {"frame-ancestors": "'self'"}

_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)
_STYLE = re.compile(r"<style\b[^>]*>(.*?)</style\s*>", re.S | re.I)
_STYLE_ATTRIBUTE = re.compile(r"<[a-zA-Z][^<>]*\sstyle\s*=", re.S)
_TYPE = re.compile(r"""\btype\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
# Script types a browser runs (the HTML standard's JavaScript MIME types, the common ones).
_CODE_TYPES = {"", "module", "text/javascript", "application/javascript", "text/ecmascript",
               "application/ecmascript", "application/x-javascript", "text/x-javascript"}


def digest(text: str) -> str:
    """The CSP source that allows one inline script or style: 'sha256-<base64>'."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def _runs(attrs: str) -> bool:
    match = _TYPE.search(attrs)
    kind = next((g for g in match.groups() if g is not None), "") if match else ""
    return kind.split(";")[0].strip().lower() in _CODE_TYPES


def inline_code(html: str) -> tuple[list[str], list[str]]:
    """(inline scripts that run, inline <style> contents) of an HTML document. A script with a
    src, or with a type that is not JavaScript (a JSON data block), does not count."""
    scripts = [body for attrs, body in _SCRIPT.findall(html)
               if not re.search(r"\bsrc\s*=", attrs, re.I) and _runs(attrs)]
    return scripts, _STYLE.findall(html)


def scope(settings: Settings) -> str:
    """The site's path on its host ('/' for https://host/): Material's `extra.scope`."""
    return urlsplit(settings.site_url or "/").path or "/"


def _theme_features(settings: Settings) -> list[str]:
    config = yaml.safe_load((settings.root / MKDOCS_YML).read_text(encoding="utf-8")) or {}
    return list((config.get("theme") or {}).get("features") or [])


@lru_cache(maxsize=None)
def _theme_scripts(scope_path: str, features: tuple[str, ...]) -> tuple[str, ...]:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(MATERIAL_TEMPLATES))
    out: list[str] = []
    for name in THEME_SCRIPTS:
        html = env.get_template(name).render(config={"extra": {"scope": scope_path}},
                                             base_url=scope_path, features=list(features))
        out += inline_code(html)[0]
    return tuple(out)


def allowed_code(settings: Settings) -> tuple[list[str], list[str]]:
    """(inline scripts, inline styles) the pages may run: their exact texts."""
    theme = _theme_scripts(scope(settings), tuple(_theme_features(settings)))
    return ([*theme, SHORT_SCRIPT.read_text(encoding="utf-8")],
            [SHORT_STYLE.read_text(encoding="utf-8"), critical_css()])  # critical: site pages' first paint


def policy(settings: Settings, header: bool = False) -> str:
    """The policy as one line, for a <meta http-equiv> or (header=True) an HTTP header."""
    scripts, styles = allowed_code(settings)
    sources = dict(SOURCES)
    sources["script-src"] += "".join(" " + h for h in dict.fromkeys(map(digest, scripts)))
    sources["style-src"] += "".join(" " + h for h in dict.fromkeys(map(digest, styles)))
    if header:
        sources.update(HEADER_ONLY)
    return "; ".join(f"{name} {value}" for name, value in sources.items())


def meta_tag(settings: Settings) -> str:
    """The <meta> element every page carries (the policy holds no double quote)."""
    return f'<meta http-equiv="Content-Security-Policy" content="{policy(settings)}">'


def site_policy(site_dir: Path | None = None, settings: Settings | None = None) -> str:
    """The policy a web server sends as a header with the built site's pages (server/): the same
    as each page's <meta>, and frame-ancestors, which only a header can carry."""
    return policy(settings or load_settings(), header=True)


def unpermitted(site_dir: Path, settings: Settings, jobs: int | None = None,
                pages: Iterable[Path] | None = None) -> list[str]:
    """Pages of a built site (or these `pages` of it) that lack the policy, or hold an inline
    script, inline style or style attribute it does not allow: 'path: what'. Pages are read on
    every core (`jobs` processes): with 2,000 sites, its 6,000 pages took 3.5 s on one."""
    tag = meta_tag(settings)
    allowed = frozenset(policy(settings).replace(";", " ").split())
    pages = [(page, page.relative_to(site_dir).as_posix())
             for page in sorted(site_dir.rglob("*.html") if pages is None else pages)]
    check = partial(_page_problems, tag=tag, allowed=allowed)
    jobs = jobs or os.cpu_count() or 1
    if jobs == 1 or len(pages) < 256:
        return [line for page in pages for line in check(page)]
    with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork"),
                             initializer=die_with_parent) as pool:
        return [line for lines in pool.map(check, pages, chunksize=64) for line in lines]


def _page_problems(page: tuple[Path, str], tag: str, allowed: frozenset) -> list[str]:
    path, rel = page
    html = path.read_text(encoding="utf-8")
    out = []
    first_script = html.lower().find("<script")
    if html.count(tag) != 1 or -1 < first_script < html.find(tag):
        out.append(f"{rel}: the security policy is missing or comes after a script")
    scripts, styles = inline_code(html)
    out += [f"{rel}: inline script {digest(s)} not allowed: {s[:60]!r}" for s in scripts
            if digest(s) not in allowed]
    out += [f"{rel}: inline style {digest(s)} not allowed: {s[:60]!r}" for s in styles
            if digest(s) not in allowed]
    if _style_attribute(html):
        out.append(f"{rel}: a style attribute, which the policy blocks")
    return out


_EQUALS = re.compile(r"\s*=")


def _style_attribute(html: str) -> bool:
    """Whether a tag has a style attribute: _STYLE_ATTRIBUTE's answer, found from each `style`
    outward instead of from every tag (0.02 ms for a site page instead of 0.5 ms)."""
    at = html.find("style")
    while at >= 0:
        if at > 0 and html[at - 1].isspace() and _EQUALS.match(html, at + 5):
            start = html.rfind("<", 0, at)
            if start > html.rfind(">", 0, at) and html[start + 1:start + 2].isascii() \
                    and html[start + 1:start + 2].isalpha():
                return True
        at = html.find("style", at + 5)
    return False


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Print the pages' Content-Security-Policy.")
    parser.add_argument("--header", action="store_true",
                        help="the policy as an HTTP header sends it (adds frame-ancestors)")
    args = parser.parse_args(argv)
    settings = settings_for_command()
    if settings is None:
        return 1
    print(policy(settings, header=args.header))
    return 0


if __name__ == "__main__":
    sys.exit(main())
