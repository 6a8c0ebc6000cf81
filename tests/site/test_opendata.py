"""The open data in the built site: each file valid against its published schema, and saying
exactly what the loaded records say, hotline by hotline and site by site."""
from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import re
from pathlib import Path

import jsonschema
import pytest

from scripts.data.config import ROOT, load_settings
from scripts.data.loader import load_dataset
from scripts.site.data_license import LICENSE
from scripts.site.opendata import (DATASETS, ROWS, csv_columns, csv_text, data_version, documents,
                                   records)

SETTINGS = load_settings()
DATA = load_dataset(SETTINGS)
LANGS = SETTINGS.core_languages  # texts are published in the languages they are written in
BASE = "https://heartline.example.org/"


def read_json(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


def validator(schema: dict) -> jsonschema.Draft202012Validator:
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def errors(schema: dict, instance) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator(schema).iter_errors(instance)]


def read_csv(path: Path) -> tuple[list[str], list[dict]]:
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames), list(reader)


@pytest.fixture(scope="module")
def data(built_site) -> Path:
    return built_site / "data"


def dialled(tel: str) -> str:
    """What a tel: link dials, read straight off the record's link."""
    assert tel.startswith("tel:")
    return tel[len("tel:"):]


@pytest.mark.parametrize("name", DATASETS)
def test_each_json_file_is_valid_against_its_published_schema(data, name):
    schema = read_json(data / f"{name}.schema.json")
    assert schema["$id"] == f"{BASE}data/{name}.schema.json"
    document = read_json(data / f"{name}.json")
    assert document["$schema"] == f"{name}.schema.json"
    assert errors(schema, document) == []


def test_every_hotline_is_exported_once_with_the_records_own_number(data):
    exported = read_json(data / "hotlines.json")["hotlines"]
    assert [h["id"] for h in exported] == [h.id for h in DATA.hotlines]
    for item, h in zip(exported, DATA.hotlines):
        number = item["number"]
        assert number["tel"] == h.number.tel
        assert number["dial"] == dialled(h.number.tel)
        assert number["e164"] == (None if h.number.short_code else dialled(h.number.tel))
        assert number["display"] == h.number.display
        assert number["short_code"] is h.number.short_code
        assert item["name"] == {lang: h.name[lang] for lang in LANGS}
        assert item["audience"] == {lang: h.audience[lang] for lang in LANGS}
        assert item["notes"] == (None if h.notes is None else {lang: h.notes[lang] for lang in LANGS})
        assert (item["category"], item["kind"], item["languages"]) == (h.category, h.kind, list(h.languages))
        assert item["hours"] == {"always_open": h.hours.always, "daily": list(h.hours.daily),
                                 "varies_by_city": h.hours.varies, "at_least_hours": h.hours.at_least}
        assert (item["source"], item["source_url"]) == (h.source.translations(), h.source_url)
        assert item["verified"] == h.verified.isoformat()
        assert item["sample"] is h.sample
        assert item["sites"] == [s.id for s in DATA.sites if h.id in [x.id for x in s.hotlines]]


def test_e164_numbers_are_e164_and_service_codes_have_none(data):
    for item in read_json(data / "hotlines.json")["hotlines"]:
        e164 = item["number"]["e164"]
        if item["number"]["short_code"]:
            assert e164 is None and re.fullmatch(r"1\d{2,4}", item["number"]["dial"])
        else:
            assert re.fullmatch(r"\+86\d{9,11}", e164), e164


def test_every_site_is_exported_with_its_status_closed_ones_too(data):
    exported = read_json(data / "sites.json")["sites"]
    assert [s["id"] for s in exported] == [s.id for s in DATA.sites]
    for item, s in zip(exported, DATA.sites):
        assert item["status"] == s.status
        assert item["hotlines"] == [h.id for h in s.hotlines]
        assert item["name"] == {lang: s.name[lang] for lang in LANGS}
        assert item["address"] == {lang: s.address[lang] for lang in LANGS}
        assert item["alert"] == (None if s.alert is None else {lang: s.alert[lang] for lang in LANGS})
        assert item["sessions"] == [{"time": x.time, "topic": {lang: x.topic[lang] for lang in LANGS}}
                                    for x in s.sessions]
        assert item["featured_guides"] == list(s.featured_guides)
        assert item["reviewed"] == s.reviewed.isoformat()
        assert item["sample"] is s.sample
        assert item["page"] == {lang: f"{BASE}{SETTINGS.lang_prefix(lang)}sites/{s.id}/" for lang in SETTINGS.languages}
        assert item["short_url"] == f"{BASE}s/{s.id}/"
    assert {"open", "paused", "closed"} <= {s["status"] for s in exported}


def test_every_page_address_in_the_data_is_a_page_of_the_built_site(data, built_site):
    hotlines = read_json(data / "hotlines.json")["hotlines"]
    sites = read_json(data / "sites.json")["sites"]
    urls = [u for item in hotlines + sites for u in item["page"].values()] + [s["short_url"] for s in sites]
    for url in urls:
        path, _, anchor = url.removeprefix(BASE).partition("#")
        page = built_site / path / "index.html"
        assert page.exists(), url
        if anchor:
            assert f'id="{anchor}"' in page.read_text(encoding="utf-8"), url


@pytest.mark.parametrize("name", DATASETS)
def test_sample_records_stay_marked_sample_in_json_and_csv(data, name):
    recs = {r.id: r.sample for r in (DATA.hotlines if name == "hotlines" else DATA.sites)}
    assert any(recs.values()), "the sample data has sample records"
    exported = {item["id"]: item["sample"] for item in read_json(data / f"{name}.json")[name]}
    _, rows = read_csv(data / f"{name}.csv")
    assert exported == recs
    assert {row["id"]: row["sample"] == "true" for row in rows} == recs


@pytest.mark.parametrize("name", DATASETS)
def test_csv_round_trips_to_the_same_rows_as_the_json(data, name):
    schema = read_json(data / f"{name}.schema.json")
    raw = (data / f"{name}.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf"), "no byte-order mark"
    assert raw.count(b"\r\n") >= len(DATA.hotlines if name == "hotlines" else DATA.sites) + 1
    header, rows = read_csv(data / f"{name}.csv")
    assert header == csv_columns(schema)
    expected = [ROWS[name](item, LANGS) for item in read_json(data / f"{name}.json")[name]]
    assert rows == expected
    row_schema = {"$schema": schema["$schema"], "$defs": schema["$defs"], "$ref": "#/$defs/csv_row"}
    for row in rows:
        assert errors(row_schema, row) == []


def test_csv_numbers_are_the_records_own(data):
    _, rows = read_csv(data / "hotlines.csv")
    by_id = {row["id"]: row for row in rows}
    assert list(by_id) == [h.id for h in DATA.hotlines]
    for h in DATA.hotlines:
        row = by_id[h.id]
        assert row["number_dial"] == dialled(h.number.tel)
        assert row["number_e164"] == ("" if h.number.short_code else dialled(h.number.tel))
        assert row["number_display"] == h.number.display
        assert row["hours"] == ";".join(h.hours.daily)
        assert row["languages"].split(";") == list(h.languages)


def test_csv_keeps_commas_quotes_semicolons_and_line_breaks_in_text():
    odd = 'a, "quoted"; b\r\nc\nd 中文'
    h = dataclasses.replace(DATA.hotlines[0], name=dataclasses.replace(
        DATA.hotlines[0].name, values={lang: odd for lang in LANGS}))
    data = dataclasses.replace(DATA, hotlines=(h,) + DATA.hotlines[1:])
    doc = documents(data, SETTINGS, dt.date(2026, 12, 1))["hotlines"]
    rows = [ROWS["hotlines"](item, LANGS) for item in doc["hotlines"]]
    text = csv_text(rows, list(rows[0]))
    parsed = list(csv.DictReader(io.StringIO(text, newline="")))
    assert parsed == rows and parsed[0]["name_en"] == odd


def test_csv_refuses_a_column_its_schema_does_not_document():
    rows = [{"id": "x", "extra": "1"}]
    with pytest.raises(ValueError, match="extra"):
        csv_text(rows, ["id"])


@pytest.mark.parametrize("name", DATASETS)
def test_csvw_metadata_describes_every_column_of_the_csv(data, name):
    meta = read_json(data / f"{name}.csv-metadata.json")
    header, _ = read_csv(data / f"{name}.csv")
    assert meta["@context"] == "http://www.w3.org/ns/csvw"
    assert meta["url"] == f"{name}.csv"
    assert [c["name"] for c in meta["tableSchema"]["columns"]] == header
    assert all(c["dc:description"] for c in meta["tableSchema"]["columns"])
    assert meta["dc:license"] == {"@id": LICENSE["url"]}
    version = read_json(data / f"{name}.json")["version"]
    assert meta["dc:modified"]["@value"] == version["built"]
    assert version["data"] in meta["schema:version"]
    _, rows = read_csv(data / f"{name}.csv")
    for column in meta["tableSchema"]["columns"]:
        empty = [row["id"] for row in rows if row[column["name"]] == ""]
        assert not (column["required"] and empty), (column["name"], empty)
    required = {c["name"] for c in meta["tableSchema"]["columns"] if c["required"]}
    never_empty, may_be_empty = {
        "hotlines": ({"id", "number_dial", "sample", "verified"}, {"notes_en", "number_e164", "hours", "sites"}),
        "sites": ({"id", "status", "reviewed", "hotlines"}, {"alert_en", "wechat_zh"}),
    }[name]
    assert never_empty <= required and not may_be_empty & required
    types = {c["name"]: c["datatype"] for c in meta["tableSchema"]["columns"]}
    assert types["sample"] == "boolean" and types["reviewed" if name == "sites" else "verified"] == "date"


def test_every_file_carries_the_same_version_and_the_licence(data):
    documents_ = [read_json(p) for p in sorted(data.rglob("*.json"))
                  if not p.name.endswith((".schema.json", "-metadata.json"))]
    assert len(documents_) == 2 + 2 * len(LANGS)
    versions = {json.dumps(d["version"], sort_keys=True) for d in documents_}
    assert len(versions) == 1
    version = documents_[0]["version"]
    assert version["format"] == "1.1"
    assert dt.date.fromisoformat(version["built"]) >= dt.date.today() - dt.timedelta(days=1)
    assert version["data"] == data_version(records(DATA, SETTINGS))
    for d in documents_:
        assert {k: d["license"][k] for k in ("id", "name", "url")} == {
            k: LICENSE[k] for k in ("id", "name", "url")}
        assert d["license"]["attribution"] == f"Heartline 心线, {BASE}"


def test_data_version_changes_with_the_data_and_only_with_it():
    day1 = documents(DATA, SETTINGS, dt.date(2026, 12, 1))
    day2 = documents(DATA, SETTINGS, dt.date(2026, 12, 2))
    assert day1["hotlines"]["version"]["data"] == day2["sites"]["version"]["data"]
    assert day1["hotlines"]["version"]["built"] != day2["hotlines"]["version"]["built"]
    closed = tuple(dataclasses.replace(s, status="closed") if s.id == "h01" else s for s in DATA.sites)
    changed = documents(dataclasses.replace(DATA, sites=closed), SETTINGS, dt.date(2026, 12, 1))
    assert changed["hotlines"]["version"]["data"] != day1["hotlines"]["version"]["data"]


def test_the_schemas_reject_what_the_data_must_never_say(data):
    schema = read_json(data / "hotlines.schema.json")
    good = read_json(data / "hotlines.json")
    assert errors(schema, good) == []
    for change, expected in [
        (lambda h: h["number"].update(dial="022 5888 0000"), "does not match"),
        (lambda h: h.pop("sample"), "'sample' is a required property"),
        (lambda h: h["hours"].update(always_open=True), "is not valid under any of the given schemas"),
        (lambda h: h.update(verified="2026-13-01"), "is not a 'date'"),
        (lambda h: h.update(category="regional"), "is not one of"),
    ]:
        bad = json.loads(json.dumps(good))
        change(next(h for h in bad["hotlines"] if h["hours"]["daily"]))
        found = errors(schema, bad)
        assert found and any(re.search(expected, e) for e in found), found
    sites = read_json(data / "sites.json")
    sites["sites"][0]["status"] = "gone"
    assert errors(read_json(data / "sites.schema.json"), sites)


def test_both_schemas_share_the_same_definitions():
    folder = ROOT / "resources" / "schema" / "export"
    hotlines = read_json(folder / "hotlines.schema.json")["$defs"]
    sites = read_json(folder / "sites.schema.json")["$defs"]
    for name in ("version", "license", "publisher", "languages", "text", "date", "page"):
        assert hotlines[name] == sites[name], name


def test_readme_states_the_licence_and_where_the_data_is():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for words in (LICENSE["short"], LICENSE["url"], "data/hotlines.json", "data/sites.csv",
                  "data/hsds/"):
        assert words in readme, words


def test_the_export_schema_knows_every_category_the_data_schema_allows():
    import json
    from scripts.data.config import load_settings
    root = load_settings().resources_dir / "schema"
    data = json.loads((root / "hotlines.schema.json").read_text(encoding="utf-8"))
    export = (root / "export" / "hotlines.schema.json").read_text(encoding="utf-8")
    for category in data["$defs"]["hotline"]["properties"]["category"]["enum"]:
        assert f'"{category}"' in export, category
