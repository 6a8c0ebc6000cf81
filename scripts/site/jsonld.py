"""schema.org JSON-LD for the pages that list numbers (each site page, the hotline directory):
the numbers as ContactPoints with their hours and languages, so search engines and assistants
read the same numbers the page shows. Nothing is fetched: `@context` is a name, not a request.

The block is a data block (`<script type="application/ld+json">`), never run, so a
Content-Security-Policy does not apply to it. Text from the data reaches it as JSON text: `<`,
`>`, `&` and `'` are written as \\u escapes, so nothing in the data can close the block.
"""
from __future__ import annotations

from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup

from scripts.data.config import Settings
from scripts.data.records import Dataset, Hotline, Site
from scripts.site.dialling import dial
from scripts.site.shortlinks import site_path, site_url
from scripts.words.templating import labels

CONTEXT = "https://schema.org"
DAYS = [f"https://schema.org/{day}" for day in
        ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")]


def opening_hours(hours) -> list[dict]:
    """OpeningHoursSpecifications for every day. 24/7 is 00:00–23:59 (schema.org's way to say
    round the clock); an end of 24:00 is 00:00, since a closing time before the opening time runs
    into the next day. Hours set city by city claim none."""
    if hours.varies:
        return []
    spans = [("00:00", "23:59")] if hours.always else [tuple(r.split("-")) for r in hours.daily]
    out = []
    for opens, closes in spans:
        if closes == "24:00":
            closes = "23:59" if opens == "00:00" else "00:00"
        out.append({"@type": "OpeningHoursSpecification", "dayOfWeek": DAYS, "opens": opens,
                    "closes": closes})
    return out


def contact_point(h: Hotline, dataset: Dataset, lang: str) -> dict:
    """One number: its name, what it dials (exactly the page's tel: link), hours, languages."""
    L = labels(lang)
    about = [h.audience[lang]] + ([h.notes[lang]] if h.notes else [])
    if h.sample:
        about.insert(0, L["sample_hotline"])
    return {
        "@type": "ContactPoint",
        "name": h.name[lang],
        "telephone": dial(h.number),
        **({"hoursAvailable": opening_hours(h.hours)} if not h.hours.varies else {}),
        "availableLanguage": [{"@type": "Language", "name": dataset.spoken_languages[code][lang],
                               "alternateName": code} for code in h.languages],
        "description": " · ".join(about),
    }


def _page(name: str, url: str, lang: str, hotlines, dataset: Dataset, settings: Settings) -> dict:
    return {
        "@context": CONTEXT,
        "@type": "WebPage",
        "name": name,
        "url": url,
        "inLanguage": lang,
        "isPartOf": {"@type": "WebSite", "name": settings.site_name, "url": site_url(settings)},
        "publisher": {"@type": "Organization", "name": settings.organization[lang]},
        "mainEntity": {"@type": "ItemList", "name": labels(lang)["hotlines"],
                       "itemListElement": [contact_point(h, dataset, lang) for h in hotlines]},
    }


def site_jsonld(site: Site, dataset: Dataset, lang: str, settings: Settings) -> dict:
    """A site page: the site (a place, with its code and status) and its numbers."""
    L = labels(lang)
    out = _page(site.name[lang], f"{site_url(settings)}{site_path(site.id, lang, settings)}", lang,
                site.callable_hotlines, dataset, settings)
    out["about"] = {"@type": "Place", "name": site.name[lang], "identifier": site.id,
                    "address": site.address[lang],
                    "description": f"{L['status_label']}{L['colon']}{L['status_' + site.status]}"}
    return out


def directory_jsonld(hotlines, dataset: Dataset, lang: str, settings: Settings) -> dict:
    """The hotline directory: the numbers it lists."""
    url = f"{site_url(settings)}{settings.lang_prefix(lang)}hotlines/"
    return _page(labels(lang)["directory"], url, lang, hotlines, dataset, settings)


def script_json(data: dict) -> Markup:
    """JSON to put between <script type="application/ld+json"> and </script>: compact, UTF-8
    text kept as it is, and `<`, `>`, `&`, `'` escaped so the block cannot be closed early."""
    return htmlsafe_json_dumps(data, ensure_ascii=False, separators=(",", ":"))
