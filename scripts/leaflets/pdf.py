"""Cutting and joining PDFs (pypdfium2): single-site PDFs from a batch, the combined PDFs."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


def temp_beside(dest: Path) -> Path:
    """A new, unique temporary file in dest's folder (so the final rename is atomic, and two
    builds at once never share a name)."""
    fd, name = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".tmp", dir=dest.parent)
    os.close(fd)
    return Path(name)


def split(pdf: Path, dests: list[Path]) -> None:
    """One PDF per page (copying pages is far cheaper than writing each page's PDF anew)."""
    import pypdfium2 as pdfium
    src = pdfium.PdfDocument(pdf)
    try:
        for index, dest in enumerate(dests):
            single = pdfium.PdfDocument.new()
            single.import_pages(src, [index])
            tmp = temp_beside(dest)
            single.save(tmp)
            single.close()
            tmp.replace(dest)
    finally:
        src.close()


def merge(pages: list[tuple[Path, int]], dest: Path) -> None:
    """One PDF of the given batch pages, in order. Consecutive pages of one batch are copied in
    one go, so they share one copy of its fonts."""
    import pypdfium2 as pdfium
    merged = pdfium.PdfDocument.new()
    runs: list[tuple[Path, list[int]]] = []
    for pdf, index in pages:
        if runs and runs[-1][0] == pdf:
            runs[-1][1].append(index)
        else:
            runs.append((pdf, [index]))
    for pdf, indexes in runs:
        src = pdfium.PdfDocument(pdf)
        merged.import_pages(src, indexes)
        src.close()
    tmp = temp_beside(dest)
    merged.save(tmp)
    merged.close()
    tmp.replace(dest)


def place(src: Path, dest: Path) -> None:
    """Put a cached PDF into the site: a hard link where possible (no copy of the bytes)."""
    dest.unlink(missing_ok=True)
    try:
        os.link(src, dest)
    except OSError:  # another file system
        shutil.copyfile(src, dest)
