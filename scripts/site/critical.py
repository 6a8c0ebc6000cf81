"""Site pages paint their numbers from the HTML alone. Each carries, inline in its <head>, the
styles its own elements need (scripts/site/critical.css, the same block on every site page), and
loads the theme's stylesheets at the end of <body>, where they no longer hold back the first paint.

Why the page looks exactly the same once the stylesheets have loaded: every rule of critical.css
is a rule of those stylesheets, cut down to some of its selectors and declarations, under the same
@media condition, and it comes before them in the page. Wherever it applies, its original applies
too, with the same specificity and later in the cascade, so the original always decides.

critical.css is made from the built site (`python -m scripts.site.critical --write` after `make`):
the rules of the theme's stylesheets and docs/assets/heartline.css whose selectors match an
element of a site page up to the end of its content (both languages), without @media print,
without what only matters once someone points, taps or scrolls, and without custom properties
nothing uses. tests/site/test_critical.py fails when it is stale. Because the block is one file,
its hash is known before a page is built: style_hashes() gives it for a Content-Security-Policy
(scripts/site/csp.py).
"""
from __future__ import annotations

import argparse
import base64
import hashlib
import re
import sys
from functools import lru_cache
from pathlib import Path

CSS_FILE = Path(__file__).resolve().parent / "critical.css"
STYLESHEET = re.compile(r'<link rel="stylesheet" href="[^"]*">[ \t]*\n?')
STYLE_TAG = '<style data-hl-critical>{}</style>\n'
# Where the stylesheets go: just before the theme's scripts, which wait for them as before.
SCRIPTS = '<script id="__config"'


@lru_cache(maxsize=1)
def critical_css() -> str:
    """The inline block's text, exactly as pages carry it."""
    return CSS_FILE.read_text(encoding="utf-8").strip()


def style_hashes() -> tuple[str, ...]:
    """CSP sources allowing the inline styles pages carry: ("'sha256-…'",)."""
    digest = hashlib.sha256(critical_css().encode("utf-8")).digest()
    return (f"'sha256-{base64.b64encode(digest).decode()}'",)


def with_critical_css(html: str, css: str | None = None) -> str:
    """The page with its styles inline in <head> and the theme's stylesheets moved to the end of
    <body>, before the scripts. Raises ValueError when the theme's page has changed shape."""
    head_end = html.find("</head>")
    links = STYLESHEET.findall(html, 0, head_end)
    scripts = html.find(SCRIPTS, head_end)
    if not links or scripts < 0:
        raise ValueError("the theme's page no longer has stylesheet links in <head> and "
                         f"{SCRIPTS}…> in <body>: see scripts/site/critical.py")
    first = STYLESHEET.search(html, 0, head_end).start()
    head = html[:first] + STYLE_TAG.format(css if css is not None else critical_css()) \
        + STYLESHEET.sub("", html[first:head_end])
    return head + html[head_end:scripts] + "".join(links) + html[scripts:]


# --- Making critical.css from a built site --------------------------------------------------

def _selectors(prelude) -> list[list]:
    """A rule's selector list, split at its top-level commas."""
    out, current = [], []
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            out.append(current)
            current = []
        else:
            current.append(token)
    return out + [current]


def _variables(tokens, found: set[str]) -> set[str]:
    """The custom properties named in var(…) anywhere in tokens."""
    for token in tokens:
        if token.type == "function":
            if token.lower_name == "var":
                names = [t for t in token.arguments if t.type == "ident"]
                if names and names[0].value.startswith("--"):
                    found.add(names[0].value)
            _variables(token.arguments, found)
        elif token.type in ("() block", "[] block", "{} block"):
            _variables(token.content, found)
    return found


def _kept_rules(rules, elements, media: tuple[str, ...]):
    """(media, selectors, declarations) for every rule that matches one of elements."""
    import cssselect2
    import tinycss2
    for rule in rules:
        if rule.type == "at-rule":
            condition = tinycss2.serialize(rule.prelude).strip()
            if rule.lower_at_keyword in ("media", "supports") and rule.content is not None \
                    and not condition.startswith("print"):
                inner = tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True)
                yield from _kept_rules(inner, elements, media + (f"@{rule.lower_at_keyword} {condition}",))
            continue
        if rule.type != "qualified-rule":
            continue
        selectors = []
        for tokens in _selectors(rule.prelude):
            text = tinycss2.serialize(tokens).strip()
            try:
                compiled = cssselect2.compile_selector_list(text)
            except cssselect2.SelectorError:
                continue
            if any(c.test(e) for c in compiled for e in elements):
                selectors.append(text)
        if not selectors:
            continue
        declarations = []
        for item in tinycss2.parse_blocks_contents(rule.content, skip_comments=True, skip_whitespace=True):
            if item.type != "declaration" or item.lower_name.startswith(_NOT_PAINTED):
                continue
            declarations.append((item.name, tinycss2.serialize(item.value).strip(), item.important))
        if declarations:
            yield media, selectors, declarations


# Declarations that matter only once someone points, taps or scrolls, and the prefixes of browsers
# other than Chromium's and WebKit's: left out of the first paint (the stylesheets bring them).
_NOT_PAINTED = ("animation", "transition", "cursor", "outline", "pointer-events", "user-select",
                "scroll-snap", "-webkit-tap-highlight-color", "-moz-", "-ms-")


def _first_screen_elements(html: str) -> list:
    """The elements of a page up to the end of its content (<article>), less hidden ones and
    scripts: what a first paint shows. What follows the content (the footer, dialogs) is left to
    the stylesheets."""
    import cssselect2
    import tinyhtml5
    root = cssselect2.ElementWrapper.from_html_root(tinyhtml5.parse(html))
    elements = list(root.iter_subtree())
    articles = [e for e in elements if e.local_name == "article"]
    if articles:
        last = list(articles[0].iter_subtree())[-1]
        elements = elements[: elements.index(last) + 1]
    return [e for e in elements if e.local_name not in ("script", "style", "template")
            and not any("hidden" in a.etree_element.attrib for a in (e, *e.ancestors))]


def extract(pages: list[str], stylesheets: list[str]) -> str:
    """critical.css for pages (HTML) styled by stylesheets (CSS, in the order pages load them)."""
    import tinycss2
    elements = [e for html in pages for e in _first_screen_elements(html)]
    kept = []
    for css in stylesheets:
        rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
        kept.extend(_kept_rules(rules, elements, ()))
    # Custom properties only when a kept declaration uses them, directly or through another.
    used: set[str] = set()
    for _, _, declarations in kept:
        for name, value, _ in declarations:
            if not name.startswith("--"):
                _variables(tinycss2.parse_component_value_list(value), used)
    values = {}
    for _, _, declarations in kept:
        for name, value, _ in declarations:
            if name.startswith("--"):
                values.setdefault(name, []).append(value)
    todo = list(used)
    while todo:
        for value in values.get(todo.pop(), []):
            for name in _variables(tinycss2.parse_component_value_list(value), set()) - used:
                used.add(name)
                todo.append(name)
    out = []
    for media, selectors, declarations in kept:
        body = ";".join(f"{n}:{v}{'!important' if imp else ''}" for n, v, imp in declarations
                        if not n.startswith("--") or n in used)
        if body:
            rule = f"{','.join(selectors)}{{{body}}}"
            for condition in reversed(media):
                rule = f"{condition}{{{rule}}}"
            out.append(rule)
    return "\n".join(out) + "\n"


def sample_sites(sites) -> list[str]:
    """Site pages that together show every kind of box a site page can have: an open site, and
    the first with an alert (a warning box) when there is one."""
    plain = [s.id for s in sites if s.status == "open" and not s.alert][:1]
    alert = [s.id for s in sites if s.alert][:1]
    return plain + alert


def from_site(site_dir: Path, settings, site_ids: list[str]) -> str:
    """critical.css as made from a built site's pages of these sites, in every language."""
    from scripts.site.shortlinks import site_path
    paths = [site_dir / site_path(sid, lang, settings) / "index.html"
             for sid in site_ids for lang in settings.languages]
    pages = [p.read_text(encoding="utf-8") for p in paths]
    hrefs = re.findall(r'<link rel="stylesheet" href="([^"]*)">', pages[0])
    sheets = [(paths[0].parent / href).resolve().read_text(encoding="utf-8") for href in hrefs]
    return extract(pages, sheets)


def main(argv=None) -> int:
    from scripts.data.config import ROOT, load_settings
    from scripts.data.loader import load_dataset
    parser = argparse.ArgumentParser(description="Check (or --write) scripts/site/critical.css "
                                                 "against the built site.")
    parser.add_argument("--site-dir", type=Path, default=ROOT / "site")
    parser.add_argument("--write", action="store_true", help="rewrite critical.css")
    args = parser.parse_args(argv)
    settings = load_settings()
    made = from_site(args.site_dir, settings, sample_sites(load_dataset(settings).sites))
    if args.write:
        CSS_FILE.write_text(made, encoding="utf-8")
        print(f"Wrote {CSS_FILE.relative_to(ROOT)} ({len(made.encode()):,} bytes).")
        return 0
    if made.strip() != critical_css():
        print(f"{CSS_FILE.relative_to(ROOT)} is stale: run `make` then "
              "`.venv/bin/python -m scripts.site.critical --write`, and rebuild.", file=sys.stderr)
        return 1
    print(f"{CSS_FILE.relative_to(ROOT)} is current.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
