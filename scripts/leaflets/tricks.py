"""Measuring what each leaflet speed-up earns (`make bench`): the same cold run of zh and en
leaflets with every speed-up, then with each one turned off, and with batches of one leaflet."""
from __future__ import annotations

import shutil
import time
from pathlib import Path

from scripts.data.config import Settings
from scripts.data.records import Dataset
from scripts.leaflets.write import SPEEDUPS, write_leaflets


def _cold(data: Dataset, settings: Settings, work: Path, tag: str, qr_cache: Path, site_ids=None,
          **options) -> float:
    """Seconds for zh + en leaflets from an empty leaflet cache (QR codes from `qr_cache`, and the
    cut Chinese font already made, as on a build after a new day's date)."""
    folder = work / tag
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    if qr_cache.exists():
        shutil.copytree(qr_cache, folder / "qr")
    (folder / "fonts").symlink_to(work / "fonts")
    start = time.perf_counter()
    write_leaflets(data, settings, folder / "out", cache=folder / "leaflets", site_ids=site_ids,
                   only_variants=settings.core_languages, **options)
    seconds = time.perf_counter() - start
    if not qr_cache.exists():
        shutil.copytree(folder / "qr", qr_cache)
    shutil.rmtree(folder, ignore_errors=True)
    return seconds


def measure_tricks(data: Dataset, settings: Settings, work: Path, batch_sites: int = 100) -> list[tuple[str, float, float]]:
    """(speed-up, seconds with it, seconds without it) for each speed-up, on every site of data;
    batching on the first `batch_sites` sites only (one document per leaflet is slow)."""
    qr = work / "qr-warm"
    (work / "fonts").mkdir(parents=True, exist_ok=True)
    _cold(data, settings, work, "warm-up", qr)  # fills the QR cache, and the cut font's cache
    runs = {"all": [_cold(data, settings, work, "all", qr)]}
    for trick in sorted(SPEEDUPS):  # interleaved with runs of all of them, against drift
        runs[trick] = [_cold(data, settings, work, f"no-{trick}", qr, speedups=SPEEDUPS - {trick})]
        runs["all"].append(_cold(data, settings, work, "all", qr))
    every = min(runs["all"])
    rows = [(trick, every, runs[trick][0]) for trick in sorted(SPEEDUPS)]
    few = {s.id for s in data.sites[:batch_sites]}
    batched = _cold(data, settings, work, "batched", qr, site_ids=few)
    single = _cold(data, settings, work, "single", qr, site_ids=few, max_batch=1)
    rows.append((f"batching ({len(few)} sites)", batched, single))
    return rows
