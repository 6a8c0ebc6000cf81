"""The data/ folder of a built site: the open data (scripts/site/opendata.py), its Open Referral
(HSDS) form (scripts/site/hsds.py), and a page that lists them for people."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from markupsafe import Markup

from scripts.data.config import Settings
from scripts.site import csp
from scripts.data.records import Dataset
from scripts.site.data_license import LICENSE
from scripts.site.hsds import FOLDER, SCHEMA, hsds_documents, hsds_schema
from scripts.site.opendata import DATA_DIR, DATASETS, documents, dump, license_block, open_data_files
from scripts.words.templating import html_env, labels

TEMPLATES = Path(__file__).resolve().parent / "templates"
# The words naming each dataset on the index page (scripts/words/labels/)
DATASET_LABELS = {"hotlines": "directory", "sites": "sites_index"}


def index_page(settings: Settings, version: dict) -> str:
    """data/index.html: every file, in every language, with the licence and the version."""
    sections = [{"lang": lang, "L": labels(lang), "site_name": settings.site_name,
                 "home": "../" + settings.lang_prefix(lang)} for lang in settings.languages]
    return html_env(TEMPLATES).get_template("data_index.html.j2").render(
        sections=sections, license=LICENSE, attribution=license_block(settings)["attribution"],
        datasets=[{"name": name, "label": DATASET_LABELS[name]} for name in DATASETS],
        hsds_languages=[(lang, settings.language_names[lang]) for lang in settings.core_languages],
        version=version, csp_meta=Markup(csp.meta_tag(settings)))


def data_files(dataset: Dataset, settings: Settings, built: dt.date) -> dict[str, str]:
    """{path under data/: content} for every file published there."""
    docs = documents(dataset, settings, built)
    files = open_data_files(docs, settings)
    files[f"{FOLDER}/{SCHEMA}.schema.json"] = dump(hsds_schema(settings))
    version = docs["hotlines"]["version"]
    for rel, document in hsds_documents(dataset, settings, version).items():
        files[f"{FOLDER}/{rel}"] = dump(document)
    files["index.html"] = index_page(settings, version)
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
