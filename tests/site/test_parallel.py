"""A build split into shards (one MkDocs process per core), and site pages stamped from one the
theme laid out (scripts/site/stamp.py), give the same site as one process laying out every page."""
from __future__ import annotations

import hashlib

from scripts.build import build
from scripts.data.config import load_settings


def files(site):
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file() and p.suffix != ".pdf"}


def test_sharded_and_stamped_builds_give_the_same_pages_and_links(project, tmp_path):
    settings = load_settings(project)  # every language: each language's pages are stamped
    one, two = tmp_path / "one", tmp_path / "two"
    assert build(settings, one, jobs=1, leaflets=False, stamped=False) == 0
    assert build(settings, two, jobs=3, leaflets=False) == 0  # forced: 13 sites would not shard
    a, b = files(one), files(two)
    assert sum(1 for k in a if "/sites/" in f"/{k}" and k.endswith("/index.html")) > len(settings.languages) * 10
    assert a.keys() == b.keys()
    differ = sorted(k for k in a if a[k] != b[k])
    # The sitemap lists the same pages, in the order the shards were merged.
    assert differ in ([], ["sitemap.xml", "sitemap.xml.gz"]), differ
    assert urls(one) == urls(two)


def urls(site) -> set:
    """Each sitemap entry: its address and its links to the same page in other languages."""
    from xml.etree import ElementTree
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    root = ElementTree.parse(site / "sitemap.xml").getroot()
    return {(u.findtext("s:loc", namespaces=ns),
             frozenset((l.get("hreflang"), l.get("href")) for l in u.findall("x:link", ns)))
            for u in root.findall("s:url", ns)}
