"""Site pages stamped from one the theme laid out, in `make`'s build.

Every site page of a language is the same theme page around a different body: only its title, its
own address (canonical link, other-language links, language menu) and its body differ. Laying out
each of them through the theme's templates cost about 2 ms a page (4,000 pages at 2,000 sites:
8 s of CPU, the largest share of the build). So each MkDocs process lays out one site page per
language, the prototype, through the theme and every hook, with a marker in place of its title and
of its body; every site page of that language (the prototype's too) is then that page with the
site's own title, address and body put in, and goes through the same last steps
(scripts/site/hooks.py, finish_page). A test builds the project both ways, in every language, and
finds every file identical (tests/site/test_parallel.py).

The marker for the body is an HTML comment and for the title a word of letters no site's page can
hold; the prototype's page must hold each exactly where expected, or the build stops with the
reason. `mkdocs build` and `mkdocs serve` run alone lay out every page through the theme.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.utils import meta as front_matter

from scripts.site.fallback import UNTRANSLATED
from scripts.site.parallel import SITEMAP_NS, site_of, write_sitemap

# Set by scripts/build.py ("1"): this MkDocs process stamps the site pages.
STAMP = "HEARTLINE_STAMP"
TITLE = "hlstamptitleq7x9z"
# The theme adds a heading of its own to a body without "<h1": the marker holds those letters.
BODY = "<!--hl-stamp-body <h1 q7x9z-->"
# Front matter the theme does not read, which may differ from one site page to another.
OWN_KEYS = ("title", UNTRANSLATED)


class StampError(RuntimeError):
    pass


def enabled() -> bool:
    return os.environ.get(STAMP) == "1"


@dataclass
class Stamper:
    """One MkDocs process's stamping: the prototype's site id, the sites whose pages are stamped,
    and each language's page around the body markers."""

    prototype: str | None = None
    sites: list[str] = field(default_factory=list)
    shells: dict[str, tuple[str, str]] = field(default_factory=dict)  # lang → (before, after)
    metas: dict[str, dict] = field(default_factory=dict)  # lang → the prototype's front matter

    def choose(self, files) -> list:
        """on_files: keep the prototype's pages (in every language) and leave out the other site
        pages, which are stamped after the build. Returns the files MkDocs lays out."""
        self.sites = sorted({site for f in files if (site := site_of(f.src_uri))})
        if not self.sites:
            return list(files)
        self.prototype = self.sites[0]
        return [f for f in files if site_of(f.src_uri) in (None, self.prototype)]

    def is_prototype(self, page) -> bool:
        return self.prototype is not None and site_of(page.file.src_uri) == self.prototype

    def mark(self, lang: str, page) -> None:
        """on_page_markdown, for the prototype: its title becomes the marker."""
        self.metas[lang] = _shared(page.meta)
        page.meta["title"] = TITLE

    def keep(self, lang: str, output: str) -> None:
        """on_post_page, for the prototype: its page as the theme laid it out, split at the body."""
        parts = output.split(BODY)
        if len(parts) != 2 or output.count(TITLE) != 2:
            raise StampError(
                f"the theme's site page no longer holds its body once and its title twice "
                f"(body {len(parts) - 1}, title {output.count(TITLE)}): see scripts/site/stamp.py")
        self.shells[lang] = (parts[0], parts[1])

    def pages(self, lang: str, prefix: str, docs_dir: Path, content, finish):
        """(path under the site, the finished page) for every site page of `lang`, whose pages
        are under `prefix` ('', 'en/'). content(body, meta, url) gives a page's body as
        on_page_content would; finish(html, meta) the page as on_post_page would."""
        if not self.sites:
            return
        if lang not in self.shells:
            raise StampError(f"no site page was laid out in {lang}: see scripts/site/stamp.py")
        before, after = self.shells[lang]
        mine = f"sites/{self.prototype}/"
        for site in self.sites:
            source = (docs_dir / "sites" / f"{site}.{lang}.md").read_text(encoding="utf-8-sig")
            markdown, meta = front_matter.get_data(source)
            if _shared(meta) != self.metas[lang]:
                raise StampError(f"docs/sites/{site}.{lang}.md: its front matter differs from "
                                 f"docs/sites/{self.prototype}.{lang}.md's in what the theme reads: "
                                 "see scripts/site/stamp.py")
            url = f"{prefix}sites/{site}/"
            body = content(markdown.strip(), meta, url)
            if "<h1" not in body:  # the theme would have added a heading
                raise StampError(f"docs/sites/{site}.{lang}.md has no <h1>: see scripts/site/stamp.py")
            own = lambda part: part.replace(mine, f"sites/{site}/").replace(TITLE, meta["title"])  # noqa: E731
            yield f"{url}index.html", finish(own(before) + body + own(after), meta)


def _shared(meta: dict) -> dict:
    return {key: value for key, value in meta.items() if key not in OWN_KEYS}


def complete_sitemap(site_dir: Path, site_ids) -> int:
    """Give sitemap.xml (and its .gz) an entry for each stamped page, as MkDocs gives a page it
    lays out: a copy of a prototype's entries with the site's own addresses. Returns how many
    sites were added."""
    import copy
    from xml.etree import ElementTree
    path = site_dir / "sitemap.xml"
    if not path.exists():
        return 0
    ElementTree.register_namespace("", SITEMAP_NS)
    ElementTree.register_namespace("xhtml", "http://www.w3.org/1999/xhtml")
    tree = ElementTree.parse(path)
    root = tree.getroot()
    loc = f"{{{SITEMAP_NS}}}loc"
    entries: dict[str, list] = {}
    for url in root:
        match = re.search(r"/sites/([a-z0-9]+(?:-[a-z0-9]+)*)/$", url.findtext(loc) or "")
        if match:
            entries.setdefault(match.group(1), []).append(url)
    missing = [site for site in site_ids if site not in entries]
    if not missing:
        return 0
    if not entries:
        raise StampError("sitemap.xml lists no site page to copy: see scripts/site/stamp.py")
    prototype, model = next(iter(entries.items()))
    mine = f"/sites/{prototype}/"
    for site in missing:
        for url in model:
            clone = copy.deepcopy(url)
            for element in clone.iter():
                if element.text and mine in element.text:
                    element.text = element.text.replace(mine, f"/sites/{site}/")
                for key, value in element.attrib.items():
                    element.set(key, value.replace(mine, f"/sites/{site}/"))
            root.append(clone)
    write_sitemap(tree, path)
    return len(missing)
