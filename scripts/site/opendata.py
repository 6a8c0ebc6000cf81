"""The open data published beside the site: every hotline and every site as JSON and as CSV, each
with its JSON Schema (resources/schema/export/) and, for the CSVs, CSV on the Web metadata.

Each JSON document and each CSV's metadata carry the same version block (format version, build
date, and a hash of the data that changes only when the data does) and the licence. The Open
Referral (HSDS) export is made in scripts/site/hsds.py from the same records, and
scripts/site/datadir.py writes them all into the built site.
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
from pathlib import Path

import jsonschema

from scripts.data.config import Settings
from scripts.data.records import Dataset, Hotline, Hours, Site, Text
from scripts.site.data_license import LICENSE
from scripts.site.dialling import dial, e164
from scripts.site.generate import shared_hotlines
from scripts.site.shortlinks import short_url, site_path, site_url

# The major version changes only when a field is renamed or removed or changes meaning; a new
# field is a minor version. The schemas accept any 1.x.
FORMAT_VERSION = "1.1"  # 1.1: audiences and other ways to reach a line (also)
DATA_DIR = "data"  # under the site root
SCHEMA_DIR = Path("schema") / "export"  # under resources/
DATASETS = ("hotlines", "sites")
LIST_SEPARATOR = ";"  # between the items of a list in a CSV cell


def text(value: Text | None, settings: Settings) -> dict | None:
    """A text in the languages it is really written in: an additional language's fallback is
    never published as its translation."""
    if value is None:
        return None
    own = value.translations()
    return {lang: own[lang] for lang in settings.languages if lang in own}


def page_url(settings: Settings, lang: str, path: str) -> str:
    """The full address of a page: 'https://host/en/hotlines/'."""
    return f"{site_url(settings)}{settings.lang_prefix(lang)}{path}"


def hotline_pages(dataset: Dataset, settings: Settings) -> dict[str, dict[str, str]]:
    """{hotline id: {lang: address}}: the hotline directory for the lines it lists, otherwise the
    page of the one site whose own line it is."""
    listed = {h.id for h in shared_hotlines(dataset)}
    pages = {}
    for site in dataset.sites:
        for h in site.hotlines:
            if h.id not in listed:  # a duty phone: on its site's page while the site is open
                anchor = f"#hotline-{h.id}" if h in site.callable_hotlines else ""
                pages[h.id] = {lang: page_url(settings, lang, f"sites/{site.id}/{anchor}")
                               for lang in settings.languages}
    for h in listed:
        pages[h] = {lang: page_url(settings, lang, f"hotlines/#hotline-{h}") for lang in settings.languages}
    for h in dataset.hotlines:  # a duty phone no site lists (yet): the list of sites
        pages.setdefault(h.id, {lang: page_url(settings, lang, "sites/") for lang in settings.languages})
    return pages


def hours_item(hours: Hours) -> dict:
    return {"always_open": hours.always, "daily": list(hours.daily), "varies_by_city": hours.varies,
            "at_least_hours": hours.at_least}


def hotline_item(h: Hotline, sites: list[str], pages: dict, settings: Settings) -> dict:
    return {
        "id": h.id,
        "name": text(h.name, settings),
        "category": h.category,
        "kind": h.kind,
        "number": {"display": h.number.display, "dial": dial(h.number), "e164": e164(h.number),
                   "tel": h.number.tel, "short_code": h.number.short_code},
        "hours": hours_item(h.hours),
        "languages": list(h.languages),
        "audiences": list(h.audiences),
        "also": [{"kind": c.kind, "id": c.id, "url": c.url, "hours": hours_item(c.hours)} for c in h.also],
        "audience": text(h.audience, settings),
        "notes": text(h.notes, settings),
        "source": text(h.source, settings),
        "source_url": h.source_url,
        "verified": h.verified.isoformat(),
        "sample": h.sample,
        "sites": sites,
        "page": pages[h.id],
    }


def site_item(s: Site, settings: Settings) -> dict:
    return {
        "id": s.id,
        "name": text(s.name, settings),
        "district": text(s.district, settings),
        "address": text(s.address, settings),
        "status": s.status,
        "alert": text(s.alert, settings),
        "hotlines": [h.id for h in s.hotlines],
        "wechat": text(s.wechat, settings),
        "sessions": [{"time": x.time, "topic": text(x.topic, settings)} for x in s.sessions],
        "featured_guides": list(s.featured_guides),
        "reviewed": s.reviewed.isoformat(),
        "sample": s.sample,
        "page": {lang: f"{site_url(settings)}{site_path(s.id, lang, settings)}" for lang in settings.languages},
        "short_url": short_url(s.id, settings),
    }


def listing_sites(dataset: Dataset) -> dict[str, list[Site]]:
    """{hotline id: the sites whose page lists it, in the data's order}, every hotline included."""
    out: dict[str, list[Site]] = {h.id: [] for h in dataset.hotlines}
    for site in dataset.sites:
        for h in site.hotlines:
            out[h.id].append(site)
    return out


def records(dataset: Dataset, settings: Settings) -> dict:
    """Everything the exports say about the data, without version or licence."""
    pages = hotline_pages(dataset, settings)
    users = listing_sites(dataset)
    return {
        "spoken_languages": {code: text(name, settings) for code, name in dataset.spoken_languages.items()},
        "hotlines": [hotline_item(h, [s.id for s in users[h.id]], pages, settings) for h in dataset.hotlines],
        "sites": [site_item(s, settings) for s in dataset.sites],
    }


def data_version(content: dict) -> str:
    """'sha256:…' of the data itself: the same data always gives the same version."""
    canonical = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def release(content: dict, built: dt.date) -> dict:
    return {"format": FORMAT_VERSION, "built": built.isoformat(), "data": data_version(content)}


def license_block(settings: Settings) -> dict:
    return {"id": LICENSE["id"], "name": LICENSE["name"], "url": LICENSE["url"],
            "attribution": f"{settings.site_name}, {site_url(settings)}"}


def documents(dataset: Dataset, settings: Settings, built: dt.date) -> dict[str, dict]:
    """{'hotlines': …, 'sites': …}: the two JSON documents."""
    content = records(dataset, settings)
    head = {"version": release(content, built), "license": license_block(settings),
            "publisher": {"name": dict(settings.organization), "url": site_url(settings)},
            "languages": list(settings.languages)}
    return {
        "hotlines": {"$schema": "hotlines.schema.json", **head,
                     "spoken_languages": content["spoken_languages"], "hotlines": content["hotlines"]},
        "sites": {"$schema": "sites.schema.json", **head, "sites": content["sites"]},
    }


# --- CSV: one row per record, the same fields flattened ---

def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return LIST_SEPARATOR.join(value)
    return str(value)


def _texts(row: dict, name: str, value: dict | None, languages) -> None:
    for lang in languages:
        row[f"{name}_{lang}"] = "" if value is None else value.get(lang, "")


def hotline_row(item: dict, languages) -> dict[str, str]:
    row = {"id": item["id"]}
    _texts(row, "name", item["name"], languages)
    row.update(category=item["category"], kind=item["kind"], number_display=item["number"]["display"],
               number_dial=item["number"]["dial"], number_e164=_cell(item["number"]["e164"]),
               short_code=_cell(item["number"]["short_code"]),
               always_open=_cell(item["hours"]["always_open"]), hours=_cell(item["hours"]["daily"]),
               hours_vary=_cell(item["hours"]["varies_by_city"]),
               at_least_hours=_cell(item["hours"]["at_least_hours"]),
               languages=_cell(item["languages"]), audiences=_cell(item["audiences"]),
               wechat=_cell([c["id"] for c in item["also"] if c["kind"] == "wechat"]),
               webchat=_cell([c["url"] for c in item["also"] if c["kind"] == "webchat"]))
    _texts(row, "audience", item["audience"], languages)
    _texts(row, "notes", item["notes"], languages)
    _texts(row, "source", item["source"], languages)
    row.update(source_url=_cell(item["source_url"]), verified=item["verified"],
               sample=_cell(item["sample"]), sites=_cell(item["sites"]))
    _texts(row, "page", item["page"], languages)
    return row


def site_row(item: dict, languages) -> dict[str, str]:
    row = {"id": item["id"]}
    for name in ("name", "district", "address"):
        _texts(row, name, item[name], languages)
    row["status"] = item["status"]
    _texts(row, "alert", item["alert"], languages)
    row["hotlines"] = _cell(item["hotlines"])
    _texts(row, "wechat", item["wechat"], languages)
    row.update(featured_guides=_cell(item["featured_guides"]), reviewed=item["reviewed"],
               sample=_cell(item["sample"]))
    _texts(row, "page", item["page"], languages)
    row["short_url"] = item["short_url"]
    return row


ROWS = {"hotlines": hotline_row, "sites": site_row}


def csv_columns(schema: dict) -> list[str]:
    """The CSV's columns, in order, as its schema documents them (`$defs.csv_row`)."""
    return list(schema["$defs"]["csv_row"]["properties"])


def csv_text(rows: list[dict], columns: list[str]) -> str:
    """RFC 4180 CSV (UTF-8, CRLF, a header row). A row with a column the schema does not
    document, or without one it does, is a bug: it raises ValueError."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="raise", lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        if set(row) != set(columns):
            raise ValueError(f"CSV row {row.get('id')!r}: columns {sorted(set(row) ^ set(columns))} "
                             "are not both made and documented — update the export schema")
        writer.writerow(row)
    return out.getvalue()


def _datatype(prop: dict) -> str:
    if prop.get("format") == "date":
        return "date"
    if prop.get("enum") == ["true", "false"]:
        return "boolean"
    return "string"


def _accepts_empty(prop: dict) -> bool:
    checker = jsonschema.Draft202012Validator.FORMAT_CHECKER
    return jsonschema.Draft202012Validator(prop, format_checker=checker).is_valid("")


def csvw_metadata(name: str, schema: dict, document: dict, settings: Settings) -> dict:
    """CSV on the Web (W3C) metadata for data/<name>.csv: its columns as its schema documents
    them, with the licence and version of the JSON document it flattens."""
    row = schema["$defs"]["csv_row"]
    columns = []
    for column, prop in row["properties"].items():
        # CSVW's `required` says a cell is never empty: so whenever the schema refuses "" there
        entry = {"name": column, "titles": column, "dc:description": prop["description"],
                 "datatype": _datatype(prop), "required": not _accepts_empty(prop)}
        if prop.get("x-separator"):
            entry["separator"] = prop["x-separator"]
        columns.append(entry)
    version = document["version"]
    return {
        "@context": "http://www.w3.org/ns/csvw",
        "url": f"{name}.csv",
        "dc:title": schema["title"],
        "dc:description": row["description"],
        "dc:license": {"@id": LICENSE["url"]},
        "dc:publisher": {"schema:name": settings.organization[settings.default_language],
                         "schema:url": {"@id": site_url(settings)}},
        "dc:modified": {"@value": version["built"], "@type": "xsd:date"},
        "schema:version": f"{version['format']} {version['data']}",
        "tableSchema": {"columns": columns, "primaryKey": "id"},
    }


# --- Writing ---

def export_schema(name: str, settings: Settings, rel: str | None = None) -> dict:
    """The schema resources/schema/export/<name>.schema.json as published at data/<rel>
    (default: beside the data, <name>.schema.json), with that address as its $id."""
    schema = json.loads((settings.resources_dir / SCHEMA_DIR / f"{name}.schema.json").read_text("utf-8"))
    rel = rel or f"{name}.schema.json"
    return {"$schema": schema.pop("$schema"), "$id": f"{site_url(settings)}{DATA_DIR}/{rel}", **schema}


def dump(document: dict) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def open_data_files(docs: dict[str, dict], settings: Settings) -> dict[str, str]:
    """{path under data/: content} for the JSON documents, their schemas, the CSVs and their
    metadata. docs: from documents()."""
    files = {}
    for name in DATASETS:
        schema = export_schema(name, settings)
        rows = [ROWS[name](item, settings.core_languages) for item in docs[name][name]]  # a column per core language
        files[f"{name}.json"] = dump(docs[name])
        files[f"{name}.schema.json"] = dump(schema)
        files[f"{name}.csv"] = csv_text(rows, csv_columns(schema))
        files[f"{name}.csv-metadata.json"] = dump(csvw_metadata(name, schema, docs[name], settings))
    return files
