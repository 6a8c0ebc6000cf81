"""Building the site on every core: site pages are split into shards, each built by its own
MkDocs process (both languages, plus every other page), then merged into one site."""
from __future__ import annotations

import os
import re
import shutil
import time
import zlib
from pathlib import Path
from xml.etree import ElementTree

SITE_PAGE = re.compile(r"^sites/([a-z0-9-]+)\.[A-Za-z_-]+\.md$")
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def shard_of(site_id: str, shards: int) -> int:
    """Which shard builds a site's pages: stable for a given id and shard count."""
    return zlib.crc32(site_id.encode()) % shards


def parse_shard(spec: str | None) -> tuple[int, int] | None:
    """'1/2' -> (1, 2); None or '' -> None (build everything)."""
    if not spec:
        return None
    index, total = (int(x) for x in spec.split("/"))
    if not 0 <= index < total:
        raise ValueError(f"bad shard {spec!r}")
    return index, total


def site_of(src_uri: str) -> str | None:
    """The site id of a site page's source ('sites/h01.zh.md' → 'h01'); None for other pages."""
    match = SITE_PAGE.match(src_uri)
    return match.group(1) if match and match.group(1) != "index" else None


def keep_file(src_uri: str, shard: tuple[int, int] | None) -> bool:
    """Whether this shard builds the page at src_uri (all non-site pages are built by every shard)."""
    site = site_of(src_uri)
    if not shard or site is None:
        return True
    return shard_of(site, shard[1]) == shard[0]


def keeps_search_index(shard: tuple[int, int] | None) -> bool:
    """Whether this shard's search index is the site's: the first shard's (it builds every page the
    index holds; site pages are not in it). The others' would be thrown away, and indexing is a
    second of jieba's work in each."""
    return shard is None or shard[0] == 0


def wait_for_pages(ready: str, seconds: float = 900) -> None:
    """Wait until the file `ready` exists ("1": at once). scripts/build.py starts the MkDocs
    processes before it writes the generated pages, so that their start (imports, the theme,
    jieba's dictionary: about 1.5 s) overlaps that writing."""
    if ready == "1":
        return
    parent, end = os.getppid(), time.monotonic() + seconds
    while not os.path.exists(ready):
        if os.getppid() != parent or time.monotonic() > end:
            raise SystemExit("the build that started this MkDocs process is gone")
        time.sleep(0.01)


def warm_up_search() -> None:
    """Load jieba's dictionary now, while waiting, rather than at the first Chinese page indexed."""
    try:
        import jieba
    except ImportError:
        return
    jieba.initialize()


def merge_shard(base: Path, other: Path, site_ids, index: int, shards: int, prefixes) -> None:
    """Move the site pages shard `index` built in `other` into `base`, and merge the sitemaps."""
    for site_id in site_ids:
        if shard_of(site_id, shards) != index:
            continue
        for prefix in prefixes:
            src = other / prefix / "sites" / site_id
            dest = base / prefix / "sites" / site_id
            if dest.exists():
                shutil.rmtree(dest)
            src.rename(dest)  # the shards are built beside base, on the same file system
    merge_sitemaps(base / "sitemap.xml", other / "sitemap.xml")


def merge_sitemaps(base: Path, other: Path) -> None:
    """Add other's <url> entries that base lacks, and rewrite sitemap.xml.gz to match."""
    ElementTree.register_namespace("", SITEMAP_NS)
    ElementTree.register_namespace("xhtml", "http://www.w3.org/1999/xhtml")
    tree = ElementTree.parse(base)
    root = tree.getroot()
    loc = f"{{{SITEMAP_NS}}}loc"
    have = {u.findtext(loc) for u in root}
    for url in ElementTree.parse(other).getroot():
        if url.findtext(loc) not in have:
            root.append(url)
    write_sitemap(tree, base)


def write_sitemap(tree, path: Path) -> None:
    """Write a sitemap's tree to path, and sitemap.xml.gz beside it to match when there is one."""
    tree.write(path, encoding="utf-8", xml_declaration=True)
    gz = path.with_name(path.name + ".gz")
    if gz.exists():
        import gzip
        gz.write_bytes(gzip.compress(path.read_bytes(), mtime=0))
