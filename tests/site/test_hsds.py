"""The Open Referral (HSDS 3.0) export in the built site: valid against the subset schema, every
reference resolving, and the same services, numbers, hours and sites as the records."""
from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import jsonschema
import pytest

from scripts.data.records import Hours

from scripts.data.config import load_settings
from scripts.data.loader import load_dataset
from scripts.site.hsds import schedules
from scripts.words.templating import labels

SETTINGS = load_settings()
DATA = load_dataset(SETTINGS)
LANGS = SETTINGS.core_languages  # HSDS files are published in the complete languages


def read_json(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def hsds(built_site) -> Path:
    return built_site / "data" / "hsds"


@pytest.fixture(scope="module")
def schema(hsds) -> dict:
    schema = read_json(hsds / "hsds.schema.json")
    jsonschema.Draft202012Validator.check_schema(schema)
    return schema


def errors(schema: dict, instance) -> list[str]:
    v = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in v.iter_errors(instance)]


def services(hsds: Path, lang: str) -> list[dict]:
    return read_json(hsds / lang / "services.json")["contents"]


def organizations(hsds: Path, lang: str) -> list[dict]:
    return read_json(hsds / lang / "organizations.json")["contents"]


def dialled(tel: str) -> str:
    assert tel.startswith("tel:")
    return tel[len("tel:"):]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", ["services", "organizations"])
def test_each_file_is_valid_against_the_hsds_subset_schema(hsds, schema, lang, name):
    page = read_json(hsds / lang / f"{name}.json")
    assert errors(schema, page) == []
    assert page["$schema"] == "../hsds.schema.json"
    assert (page["hsds_version"], page["language"], page["total_pages"]) == ("3.0", lang, 1)
    assert page["total_items"] == page["size"] == len(page["contents"])


def test_the_subset_schema_rejects_what_hsds_does_not_allow(hsds, schema):
    page = read_json(hsds / "en" / "services.json")
    for change, where in [
        (lambda s: s.pop("status"), ""),                                 # HSDS requires a status
        (lambda s: s.update(status="open"), "status"),                   # not one of HSDS's statuses
        (lambda s: s["phones"][0].pop("number"), "phones/0"),            # a phone without a number
        (lambda s: s.update(id="psy-12356"), "id"),                      # ids are UUIDs
        (lambda s: s["schedules"][0].update(freq="DAILY"), "schedules/0/freq"),
        (lambda s: s.update(organisation_id="x"), ""),                   # a field HSDS does not have
    ]:
        bad = json.loads(json.dumps(page))
        change(bad["contents"][0])
        found = errors(schema, bad)
        assert found, where
    organizations_page = read_json(hsds / "en" / "organizations.json")
    organizations_page["contents"][0].pop("description")  # HSDS requires an organization's description
    assert errors(schema, organizations_page)


@pytest.mark.parametrize("lang", LANGS)
def test_every_reference_resolves(hsds, lang):
    found = services(hsds, lang)
    orgs = organizations(hsds, lang)
    service_ids = [s["id"] for s in found]
    org_ids = {o["id"] for o in orgs}
    locations = {loc["id"]: loc for o in orgs for loc in o["locations"]}
    every_id = service_ids + list(org_ids) + list(locations)
    for s in found:
        for kind in ("phones", "schedules", "languages", "service_at_locations"):
            for item in s[kind]:
                assert item["service_id"] == s["id"], (s["name"], kind)
                every_id.append(item["id"])
        for sal in s["service_at_locations"]:
            assert sal["location_id"] in locations, (s["name"], sal)
    for o in orgs:
        for loc in o["locations"]:
            assert loc["organization_id"] in org_ids
    assert len(every_id) == len(set(every_id)), "every id is unique"


def test_ids_are_the_same_in_every_language(hsds):
    def ids(node):
        if isinstance(node, dict):
            return [(k, v) for k, v in node.items() if k == "id" or k.endswith("_id")] + [
                x for v in node.values() for x in ids(v)]
        if isinstance(node, list):
            return [x for v in node for x in ids(v)]
        return []
    first, *others = LANGS
    for lang in others:
        for name in ("services", "organizations"):
            assert ids(read_json(hsds / lang / f"{name}.json")) == ids(read_json(hsds / first / f"{name}.json"))


@pytest.mark.parametrize("lang", LANGS)
def test_one_service_per_hotline_with_the_records_number_and_sites(hsds, lang):
    found = services(hsds, lang)
    locations = {loc["id"]: loc for o in organizations(hsds, lang) for loc in o["locations"]}
    assert [s["name"] for s in found] == [h.name[lang] for h in DATA.hotlines]
    for s, h in zip(found, DATA.hotlines):
        (phone,) = s["phones"]
        assert phone["number"] == dialled(h.number.tel)
        assert phone["type"] == h.kind
        assert ("description" in phone) is h.number.short_code
        assert [x["code"] for x in s["languages"]] == list(h.languages)
        assert [x["name"] for x in s["languages"]] == [DATA.spoken_languages[c][lang] for c in h.languages]
        assert s["eligibility_description"] == h.audience[lang]
        assert s["assured_date"] == h.verified.isoformat()
        assert s["status"] == "active"
        listed_by = [locations[sal["location_id"]]["external_identifier"] for sal in s["service_at_locations"]]
        assert listed_by == [site.id for site in DATA.sites if h in site.hotlines]


@pytest.mark.parametrize("lang", LANGS)
def test_every_site_is_a_location_with_its_status_closed_ones_too(hsds, lang):
    (org,) = organizations(hsds, lang)
    assert org["name"] == SETTINGS.organization[lang]
    L = labels(lang)
    assert [loc["external_identifier"] for loc in org["locations"]] == [s.id for s in DATA.sites]
    for loc, site in zip(org["locations"], DATA.sites):
        assert loc["name"] == site.name[lang]
        assert site.address[lang] in loc["description"]
        assert f"{L['status_label']}{L['colon']}{L['status_' + site.status]}" in loc["description"]
        assert (L["sample_site"] in loc["description"]) is site.sample
    assert any(s.status == "closed" for s in DATA.sites)


@pytest.mark.parametrize("lang", LANGS)
def test_sample_numbers_carry_an_alert_that_they_are_fictitious(hsds, lang):
    for s, h in zip(services(hsds, lang), DATA.hotlines):
        assert s.get("alert") == (labels(lang)["sample_hotline"] if h.sample else None), h.id
    assert any(h.sample for h in DATA.hotlines) and not all(h.sample for h in DATA.hotlines)


@pytest.mark.parametrize("lang", LANGS)
def test_hours_become_weekly_schedules_every_day_in_china_standard_time(hsds, lang):
    for s, h in zip(services(hsds, lang), DATA.hotlines):
        spans = [(x["opens_at"], x["closes_at"]) for x in s["schedules"]]
        if h.always_open:
            assert spans == [("00:00", "23:59")], h.id
        elif h.hours.varies:
            assert spans == [], h.id  # set city by city: no times are claimed
        else:
            expected = [tuple(r.split("-")) for r in h.hours.daily]
            assert spans == [(a, "23:59" if b == "24:00" else b) for a, b in expected], h.id
        for x in s["schedules"]:
            assert (x["freq"], x["byday"], x["timezone"]) == ("WEEKLY", "MO,TU,WE,TH,FR,SA,SU", 8)


def test_schedule_descriptions_give_the_hours_exactly_as_the_site_shows_them():
    h = next(h for h in DATA.hotlines if "08:00-24:00" in h.hours.daily)
    (schedule,) = schedules(h, "s", "en", SETTINGS)
    assert (schedule["opens_at"], schedule["closes_at"]) == ("08:00", "23:59")
    assert schedule["description"] == "Daily 08:00–24:00"
    split = schedules(dataclasses.replace(h, hours=Hours(daily=("09:00-12:00", "14:00-18:00"))), "s", "zh", SETTINGS)
    assert [(x["opens_at"], x["closes_at"], x["description"]) for x in split] == [
        ("09:00", "12:00", "每天 09:00–12:00"), ("14:00", "18:00", "每天 14:00–18:00")]
    assert len({x["id"] for x in split}) == 2
