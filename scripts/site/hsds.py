"""The hotlines and sites shaped after Open Referral's Human Services Data Specification (HSDS
3.0), so that other service directories can import them: one file of services and one of
organizations per language, each a single `Page` as the HSDS API returns a list.

How the records map:
- each hotline is a service, with its number as a phone, its hours as schedules and the
  languages it answers in; `sample` numbers carry an alert that they are fictitious;
- each site is a physical location, and a service_at_location joins it to every hotline its
  page lists; HSDS locations have no status, so a site's status (and its alert) is written in
  the location's description;
- the one organization is the directory's publisher (mkdocs.yml), which keeps the information
  about the locations; they are written once, in its organizations.json, and the services'
  service_at_locations name them by id (a national line is listed by every site: written in
  full under each service, the locations would grow with sites × lines). The records do not say
  who runs each line, so no service names an organization.

Identifiers are UUIDs, as HSDS requires, derived from the record ids and the site's address:
the same record keeps the same identifier from build to build and in every language.
"""
from __future__ import annotations

import uuid

from scripts.data.config import Settings
from scripts.data.records import Dataset, Hotline, Site
from scripts.site.dialling import dial
from scripts.site.opendata import export_schema, hotline_pages, license_block, listing_sites, page_url
from scripts.site.shortlinks import site_url
from scripts.data.records import Hours
from scripts.words.templating import hours_words, labels

HSDS_VERSION = "3.0"
FOLDER = "hsds"  # under data/
SCHEMA = "hsds"  # resources/schema/export/hsds.schema.json, published as data/hsds/hsds.schema.json
EVERY_DAY = "MO,TU,WE,TH,FR,SA,SU"
# Every listed number is in mainland China (scripts/data/phones.py), which keeps one time zone:
# China Standard Time, UTC+8. The records' hours are local time there.
UTC_OFFSET = 8


def hsds_id(settings: Settings, kind: str, *keys: str) -> str:
    """A stable UUID for one record of one kind, e.g. ('phone', 'psy-12356')."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"{site_url(settings)}#hsds/{kind}/{'/'.join(keys)}"))


def schedules(h: Hotline, service_id: str, lang: str, settings: Settings) -> list[dict]:
    """The hours as weekly schedules, every day of the week. 24/7 is 00:00–23:59, as HSDS
    suggests for round-the-clock services; an end of 24:00, which HSDS times cannot hold, is
    23:59 too. Hours set city by city have no times, only a description. The description always
    gives the hours exactly as the site shows them."""
    if h.hours.varies:
        return []  # set city by city: no times are claimed (the service's description says so)
    ranges = [("00:00", "23:59", Hours(always=True))] if h.always_open else [
        (*r.split("-"), Hours(daily=(r,))) for r in h.hours.daily]
    return [{
        "id": hsds_id(settings, "schedule", h.id, str(n)),
        "service_id": service_id,
        "freq": "WEEKLY",
        "byday": EVERY_DAY,
        "opens_at": opens,
        "closes_at": "23:59" if closes == "24:00" else closes,
        "timezone": UTC_OFFSET,
        "description": hours_words(shown, lang),
    } for n, (opens, closes, shown) in enumerate(ranges)]


def languages(h: Hotline, service_id: str, dataset: Dataset, lang: str, settings: Settings) -> list[dict]:
    return [{"id": hsds_id(settings, "language", h.id, code), "service_id": service_id,
             "name": dataset.spoken_languages[code][lang], "code": code} for code in h.languages]


def phone(h: Hotline, service_id: str, lang: str, settings: Settings) -> dict:
    out = {"id": hsds_id(settings, "phone", h.id), "service_id": service_id,
           "number": dial(h.number), "type": h.kind}  # kind is voice or text, both RFC 6350 types
    if h.number.short_code:
        out["description"] = labels(lang)["opendata_short_code"]
    return out


def location(site: Site, lang: str, settings: Settings) -> dict:
    L = labels(lang)
    parts = [f"{L['address']}{L['colon']}{site.address[lang]}", f"{L['district']}{L['colon']}{site.district[lang]}",
             f"{L['status_label']}{L['colon']}{L['status_' + site.status]}"]
    description = " · ".join(parts)
    if site.alert:
        description += f"\n{site.alert[lang]}"
    if site.sample:
        description += f"\n{L['sample_site']}"
    return {
        "id": hsds_id(settings, "location", site.id),
        "location_type": "physical",
        "organization_id": hsds_id(settings, "organization", "publisher"),
        "name": site.name[lang],
        "description": description,
        "external_identifier": site.id,
        "external_identifier_type": L["opendata_site_code_type"],
    }


def service(h: Hotline, sites: list[Site], dataset: Dataset, pages: dict, lang: str,
            settings: Settings) -> dict:
    """A hotline as a fully nested HSDS service. sites: those whose page lists it."""
    service_id = hsds_id(settings, "service", h.id)
    out = {"id": service_id, "name": h.name[lang]}
    described = ([hours_words(h.hours, lang)] if h.hours.varies else []) + ([h.notes[lang]] if h.notes else [])
    if described:
        out["description"] = "\n".join(described)
    out.update(url=pages[h.id][lang], status="active")  # the records list lines in service only
    if h.sample:
        out["alert"] = labels(lang)["sample_hotline"]
    out.update(eligibility_description=h.audience[lang], assured_date=h.verified.isoformat(),
               phones=[phone(h, service_id, lang, settings)],
               schedules=schedules(h, service_id, lang, settings),
               languages=languages(h, service_id, dataset, lang, settings),
               service_at_locations=[{
                   "id": hsds_id(settings, "service_at_location", site.id, h.id),
                   "service_id": service_id,
                   "location_id": hsds_id(settings, "location", site.id),
               } for site in sites])
    return out


def organization(dataset: Dataset, lang: str, settings: Settings) -> dict:
    return {
        "id": hsds_id(settings, "organization", "publisher"),
        "name": settings.organization[lang],
        "description": labels(lang)["opendata_publisher"],
        "website": page_url(settings, lang, ""),
        "locations": [location(site, lang, settings) for site in dataset.sites],
    }


def page(contents: list[dict], lang: str, version: dict, settings: Settings) -> dict:
    """One HSDS API `Page` holding every item, and what HSDS has no field for: the language,
    the version of the data and its licence."""
    return {
        "$schema": f"../{SCHEMA}.schema.json",
        "total_items": len(contents), "total_pages": 1, "page_number": 1, "size": len(contents),
        "first_page": True, "last_page": True, "empty": not contents,
        "hsds_version": HSDS_VERSION, "language": lang, "version": version,
        "license": license_block(settings),
        "contents": contents,
    }


def hsds_documents(dataset: Dataset, settings: Settings, version: dict) -> dict[str, dict]:
    """{path under data/hsds/: document}: services.json and organizations.json per language."""
    pages = hotline_pages(dataset, settings)
    users = listing_sites(dataset)
    out = {}
    for lang in settings.core_languages:  # complete in every text; others would mix in fallbacks
        out[f"{lang}/services.json"] = page(
            [service(h, users[h.id], dataset, pages, lang, settings) for h in dataset.hotlines],
            lang, version, settings)
        out[f"{lang}/organizations.json"] = page([organization(dataset, lang, settings)], lang, version, settings)
    return out


def hsds_schema(settings: Settings) -> dict:
    return export_schema(SCHEMA, settings, f"{FOLDER}/{SCHEMA}.schema.json")

