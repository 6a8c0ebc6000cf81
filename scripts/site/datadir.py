"""The data/ folder of a built site: the open data (scripts/site/opendata.py), its Open Referral
(HSDS) form (scripts/site/hsds.py), and a page that lists them for people."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from scripts.data.config import Settings
from scripts.data.records import Dataset
from scripts.site.hsds import FOLDER, SCHEMA, hsds_documents, hsds_schema
from scripts.site.opendata import DATA_DIR, documents, dump, open_data_files


def data_files(dataset: Dataset, settings: Settings, built: dt.date) -> dict[str, str]:
    """{path under data/: content} for every file published there."""
    docs = documents(dataset, settings, built)
    files = open_data_files(docs, settings)
    files[f"{FOLDER}/{SCHEMA}.schema.json"] = dump(hsds_schema(settings))
    version = docs["hotlines"]["version"]
    for rel, document in hsds_documents(dataset, settings, version).items():
        files[f"{FOLDER}/{rel}"] = dump(document)
    return files


def write_data_dir(dataset: Dataset, settings: Settings, site_dir: Path, built: dt.date) -> int:
    """Write data/ into a built site. Returns how many files."""
    files = data_files(dataset, settings, built)
    for rel, content in files.items():
        path = site_dir / DATA_DIR / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        # newline="": the CSVs' CRLF line ends are written as they are
        with path.open("w", encoding="utf-8", newline="") as f:
            f.write(content)
    return len(files)
