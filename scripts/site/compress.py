"""Compressed copies of the built site's text files, made once at build time: `page.html.gz` and
`page.html.br` beside `page.html`. nginx sends them as they are (gzip_static, brotli_static:
server/heartline.conf.j2), so no response is compressed while a resident waits, and each is
compressed harder than a server could afford per request.

Files fetched by every visitor (theme styles and scripts, hand-written pages, the search index) get
Brotli's best setting (quality 11: the theme's script 31.3 KB against 33.8 KB at quality 5, about
0.35 s) and gzip level 9. The thousands of per-site files a build writes are compressed fast:
their pages get Brotli quality 5 (0.4 ms for a site page, 6.6 KB against 6.3 KB at quality 11,
which takes 50 ms a page) and gzip level 6; their other files (contact cards) gzip only. Writing
files is much of the cost (the 2,000-site build writes some 14,000 copies), so what nginx does not
send from a folder (`skip`) gets none.
"""
from __future__ import annotations

import gzip
import os
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Iterable

import brotli

from scripts.processes import die_with_parent

# What compresses: text. Images, PDFs and fonts are compressed already; source maps are for
# developer tools only.
TEXT = frozenset({".html", ".css", ".js", ".mjs", ".json", ".xml", ".svg", ".vcf", ".webmanifest", ".txt"})
MIN_BYTES = 200  # below this the headers outweigh any saving
BEST, FAST = 11, 5  # Brotli quality for shared files, and for the per-site ones
ENCODINGS = (".gz", ".br")


def compressed(data: bytes, best: bool, brotli_too: bool = True) -> dict[str, bytes]:
    """{".gz": …, ".br": …} for the encodings that make data smaller."""
    out = {".gz": gzip.compress(data, 9 if best else 6, mtime=0)}
    if brotli_too:
        out[".br"] = brotli.compress(data, quality=BEST if best else FAST)
    return {suffix: body for suffix, body in out.items() if len(body) < len(data)}


def wanted(path: Path) -> bool:
    return path.suffix in TEXT and path.stat().st_size >= MIN_BYTES


def write_compressed(path: Path, best: bool, brotli_too: bool = True, data: bytes | None = None) -> int:
    """Write path.gz and path.br beside path (same modification time, so Last-Modified matches
    the file's); remove a stale one that would no longer be smaller. data: path's content, when
    the caller has just written it. Returns how many written."""
    data = path.read_bytes() if data is None else data
    bodies = compressed(data, best, brotli_too)
    stat = path.stat()
    for suffix in ENCODINGS:
        target = path.with_name(path.name + suffix)
        if suffix in bodies:
            target.write_bytes(bodies[suffix])
            os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        elif target.exists():
            target.unlink()
    return len(bodies)


def text_files(site_dir: Path) -> Iterable[Path]:
    for folder, _, names in os.walk(site_dir):
        for name in names:
            path = Path(folder, name)
            if wanted(path):
                yield path


def write_page(path: Path, data: bytes) -> None:
    """Write a per-site page and its compressed copies, as precompress() would compress it later
    (a bulk page), from the bytes in hand: the MkDocs processes write the stamped site pages this
    way, side by side, instead of leaving the build to read 4,000 pages again and compress them
    after MkDocs has finished (at 2,000 sites: 10 s of one core)."""
    path.write_bytes(data)
    write_compressed(path, best=False, brotli_too=True, data=data)


def precompress(site_dir: Path, bulk: tuple[str, ...] = (), skip: tuple[str, ...] = (),
                jobs: int | None = None, files: Iterable[Path] | None = None) -> int:
    """Compress every text file of a built site (or these `files` of it). Files whose path relative
    to site_dir starts with one of `bulk` (the per-site folders, the lists of every site) are
    compressed fast, and only their pages get Brotli; those under `skip` are left alone, and so are
    those that already have their compressed copies (write_page). Returns how many files were
    written."""
    tasks = []
    for path in text_files(site_dir) if files is None else files:
        rel = path.relative_to(site_dir).as_posix()
        if rel.startswith(skip) or path.with_name(path.name + ".gz").exists():
            continue
        best = not rel.startswith(bulk)
        tasks.append((path.stat().st_size * (20 if best else 1), path, best, best or path.suffix == ".html"))
    tasks.sort(key=lambda t: t[0], reverse=True)  # the long ones first, so workers end together
    jobs = jobs or os.cpu_count() or 1
    if jobs == 1 or len(tasks) < 64:
        return sum(_write(t[1:]) for t in tasks)
    # Processes, not threads: between the compressor calls, Python holds its lock (measured: two
    # threads compressed no faster than one).
    with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork"),
                             initializer=die_with_parent) as pool:
        return sum(pool.map(_write, [t[1:] for t in tasks], chunksize=32))


def _write(task) -> int:
    path, best, brotli_too = task
    return write_compressed(path, best, brotli_too)
