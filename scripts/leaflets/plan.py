"""Which leaflets to lay out: each one keyed by the hash of everything it shows, and the batches
they are laid out in."""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path

from scripts.data.config import Settings
from scripts.leaflets.names import TEMPLATES
from scripts.leaflets.qr import qr_payload
from scripts.words import templating
from scripts.words.templating import LABELS

# Leaflets laid out together as one document: WeasyPrint spends a fixed time on each document
# (fonts, their subsets, the PDF itself) besides the time for each page, so longer documents pay.
# A single-site PDF cut from a document keeps the document's whole font subset, the glyphs of every
# other site's name included; with the cut Chinese font (fonts.py) that stays small, about 45 KB a
# PDF in batches of 128 (make bench). Batches shrink towards the end of a run so that the workers
# finish together (`batches`).
MAX_BATCH, MIN_BATCH = 128, 16


@dataclass(frozen=True)
class Leaflet:
    """One site's leaflet of one kind; `key` is the hash of everything it shows."""
    site_id: str
    variant: str
    size: str
    sheet: bool
    key: str


def fingerprint(value, memo: dict | None = None) -> str:
    """A stable text of everything a record shows, leaving out where it sits in the YAML file (so
    adding a line above a site does not make its leaflet "changed"). `memo` remembers records
    already seen, such as a hotline shared by many sites."""
    memo = {} if memo is None else memo
    if dataclasses.is_dataclass(value):
        if id(value) not in memo:  # the record itself is kept too, so its id is not reused
            memo[id(value)] = (value, "(" + ",".join(
                f"{f.name}={fingerprint(getattr(value, f.name), memo)}"
                for f in dataclasses.fields(value) if f.name not in ("line", "field_lines")) + ")")
        return memo[id(value)][1]
    if isinstance(value, Mapping):
        return "{" + ",".join(f"{k!r}:{fingerprint(v, memo)}" for k, v in sorted(value.items())) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(fingerprint(v, memo) for v in value) + "]"
    if isinstance(value, dt.date):
        return value.isoformat()
    return repr(value)


@lru_cache(maxsize=None)
def code_fingerprint() -> str:
    """What every leaflet depends on besides its data: the layout engine, the templates, the words
    and the code that fills them in. Changing any of them lays every leaflet out again."""
    digest = hashlib.sha256(version("weasyprint").encode())
    here = Path(__file__).parent
    sources = [*sorted(TEMPLATES.iterdir()), *sorted(LABELS.glob("*.yml")), *sorted(here.glob("*.py")),
               Path(templating.__file__)]
    for source in sources:
        if source.is_file():
            digest.update(source.name.encode() + source.read_bytes())
    return digest.hexdigest()


def plan(spoken, settings: Settings, sites, variant: str, size: str, sheet: bool,
         printed: dt.date, prints: dict | None = None) -> list[Leaflet]:
    """One kind of leaflet for each site, each keyed by the hash of its inputs. `prints` keeps
    each site's fingerprint between calls."""
    prints = prints if prints is not None else {}
    memo = prints.setdefault("", {})
    base = "\n".join([code_fingerprint(), variant, size, str(sheet), printed.isoformat(),
                      fingerprint(settings.organization), fingerprint(spoken)])
    out = []
    for site in sites:
        if site.id not in prints:
            prints[site.id] = qr_payload(site, settings) + "\n" + fingerprint(site, memo)
        key = hashlib.sha256(f"{base}\n{prints[site.id]}".encode()).hexdigest()[:32]
        out.append(Leaflet(site.id, variant, size, sheet, key))
    return out


def batches(kinds: list[list[Leaflet]], jobs: int, max_batch: int | None = None) -> list[tuple[Leaflet, ...]]:
    """Split the leaflets to lay out (one list per kind; a document holds one kind) into batches.
    Each batch takes a quarter of what each worker has left, between MIN_BATCH and MAX_BATCH
    leaflets: long documents while there is much to do, short ones at the end, so that no worker
    is left laying out a long document while the others wait. max_batch (for measuring) overrides
    both bounds."""
    top, bottom = (max_batch, max_batch) if max_batch else (MAX_BATCH, MIN_BATCH)
    left = sum(len(leaflets) for leaflets in kinds)
    out = []
    for leaflets in kinds:
        start = 0
        while start < len(leaflets):
            size = max(bottom, min(top, left // (4 * jobs)))
            out.append(tuple(leaflets[start:start + size]))
            start += size
            left -= len(out[-1])
    return out
