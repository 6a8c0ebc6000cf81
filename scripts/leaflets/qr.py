"""The QR code a leaflet carries: what it encodes and how it is drawn."""
from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path

import qrcode
import qrcode.constants
from markupsafe import Markup

from scripts.data.config import Settings
from scripts.data.records import Site
from scripts.site.shortlinks import short_url

QUIET_ZONE = 4  # modules of white around the code, as the QR standard asks
# Marks the QR path so that the leaflet renderer may draw it without WeasyPrint's general SVG path
# parser (scripts/leaflets/render.py); anywhere else it is an ordinary SVG path.
QR_PATH_CLASS = "qr-runs"


def qr_payload(site: Site, settings: Settings) -> str:
    """Exactly what a site's QR code encodes: its short address (site_url is checked when the
    settings are loaded: https://host/path/, nothing else)."""
    return short_url(site.id, settings)


@lru_cache(maxsize=None)
def _fingerprint() -> str:
    """What a drawn code depends on besides its text: qrcode's version and this module."""
    return hashlib.sha256(version("qrcode").encode() + Path(__file__).read_bytes()).hexdigest()


@lru_cache(maxsize=None)
def qr_svg(data: str, cache: Path | None = None) -> Markup:
    """A vector QR code: error correction Q (readable with a quarter damaged), 4-module quiet zone.

    qrcode makes the module matrix; runs of dark modules are drawn as strokes one module thick along
    the middle of a row or column (butt ends, so each covers exactly its modules): about 230
    strokes, where one rectangle per run took five path commands each. Making a code takes several
    milliseconds (qrcode tries all eight masks), so with `cache` each address's code is made once
    and kept there (measured: see the QR cache figure in `make bench`)."""
    file = None
    if cache is not None:
        key = hashlib.sha256(f"{_fingerprint()}\n{data}".encode()).hexdigest()[:32]
        file = cache / f"{key}.svg"
        if file.exists():
            return Markup(file.read_text(encoding="utf-8"))
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_Q, border=QUIET_ZONE)
    code.add_data(data)
    code.make(fit=True)
    matrix = code.get_matrix()  # includes the quiet zone
    size = len(matrix)
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" '
           f'shape-rendering="crispEdges"><path class="{QR_PATH_CLASS}" d="{_runs(matrix)}" '
           'fill="none" stroke="#000" stroke-width="1"/></svg>')
    if file is not None:
        file.parent.mkdir(parents=True, exist_ok=True)
        tmp = file.with_name(f"{file.name}.{os.getpid()}.tmp")
        tmp.write_text(svg, encoding="utf-8")
        tmp.replace(file)
    return Markup(svg)


def _runs(matrix: list[list[bool]]) -> str:
    """Path data for strokes one module thick that together cover exactly the dark modules: every
    horizontal run of two or more, then, for the modules left alone in their row, the vertical
    runs through them (a column of single modules is one stroke, not several). About 230 strokes
    for a code with 285 horizontal runs."""
    size = len(matrix)

    def runs(line):
        out, i = [], 0
        while i < size:
            if line[i]:
                start = i
                while i < size and line[i]:
                    i += 1
                out.append((start, i))
            i += 1
        return out

    parts, alone = [], set()
    for y, row in enumerate(matrix):
        for start, end in runs(row):
            if end - start > 1:
                parts.append(f"M{start} {y}.5h{end - start}")
            else:
                alone.add((start, y))
    for x in range(size):
        for start, end in runs([row[x] for row in matrix]):
            if any((x, y) in alone for y in range(start, end)):
                parts.append(f"M{x}.5 {start}v{end - start}")
    return "".join(parts)
