"""'What changed': the changes to hotlines and sites, by date, for the page /changes/.

Made from the data files' history (scripts/history.py) when there is one: each version is compared
with the one before, record by record (by id). Without history, the list shows instead the date
each hotline was last verified and each site last reviewed.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from types import MappingProxyType
from typing import Mapping

from scripts.data.config import Settings
from scripts.data.loader import HOTLINES, SITES
from scripts.site.history import data_versions
from scripts.data.phones import PhoneError, parse_phone
from scripts.data.records import Dataset
from scripts.data.hours import hours_from_yaml
from scripts.words.templating import hours_words
from scripts.data.yamlpos import YamlSyntaxError, list_items

# The data files, relative to the project root, by the key of their list.
FILES = {"hotlines": f"resources/{HOTLINES}", "sites": f"resources/{SITES}"}
# Entries on the page at most; older ones are counted, not listed.
MAX_ENTRIES = 300
_STATUS = {"closed": "site_closed", "paused": "site_paused", "open": "site_reopened"}


@dataclass(frozen=True)
class Change:
    """One line on the page. kind names its words in scripts/words/labels (`change_<kind>`); `name`
    is the site's or hotline's name, `before` and `after` the values it names, in each language."""

    kind: str
    record: str  # "site" or "hotline"
    id: str
    name: Mapping[str, str]
    before: Mapping[str, str] | None = None
    after: Mapping[str, str] | None = None


@dataclass(frozen=True)
class Day:
    date: dt.date
    changes: tuple[Change, ...]
    reverified: tuple[Change, ...] = ()  # numbers checked again and unchanged, listed on one line


@dataclass(frozen=True)
class Changelog:
    source: str  # "history" (from git) or "data" (from verified/reviewed dates)
    days: tuple[Day, ...]  # newest first
    hidden: int = 0  # entries left out beyond MAX_ENTRIES


def _same(value, languages) -> Mapping[str, str]:
    return MappingProxyType({lang: str(value) for lang in languages})


def _names(raw, record_id: str, languages) -> Mapping[str, str]:
    """A record's name in each language, from data that may be incomplete in an old version."""
    raw = raw if isinstance(raw, dict) else {}
    fallback = next((str(v) for v in raw.values() if v), record_id)
    return MappingProxyType({lang: str(raw.get(lang) or fallback) for lang in languages})


def _number(raw) -> str:
    """A number as the directory shows it, or as written when it is not valid."""
    try:
        return parse_phone(str(raw)).display
    except PhoneError:
        return str(raw)


def _digits(raw) -> str:
    return "".join(c for c in str(raw) if c.isdigit())


def _hours(raw, languages) -> Mapping[str, str]:
    hours = hours_from_yaml(raw if raw == "24/7" or isinstance(raw, (list, dict)) else [])
    return MappingProxyType({lang: hours_words(hours, lang) for lang in languages})


def hotline_changes(old: dict | None, new: dict, languages) -> list[Change]:
    """What changed between two versions of the hotlines, {id: raw record}."""
    if old is None:
        return [Change("hotlines_started", "hotline", "", _same("", languages),
                       after=_same(len(new), languages))] if new else []
    out, reverified = [], []
    for hid, h in new.items():
        was = old.get(hid)
        if was is h:  # the same text in both versions (scripts/yamlpos.list_items)
            continue
        name = _names(h.get("name"), hid, languages)
        if was is None:
            out.append(Change("hotline_added", "hotline", hid, name,
                              after=_same(_number(h.get("number")), languages)))
            continue
        changed = False
        if _digits(was.get("number")) != _digits(h.get("number")):
            out.append(Change("number", "hotline", hid, name,
                              _same(_number(was.get("number")), languages),
                              _same(_number(h.get("number")), languages)))
            changed = True
        if _hours(was.get("hours"), languages) != _hours(h.get("hours"), languages):
            out.append(Change("hours", "hotline", hid, name, _hours(was.get("hours"), languages),
                              _hours(h.get("hours"), languages)))
            changed = True
        if not changed and str(was.get("verified")) != str(h.get("verified")):
            reverified.append(Change("reverified", "hotline", hid, name,
                                     after=_same(_number(h.get("number")), languages)))
    for hid, h in old.items():
        if hid not in new:
            out.append(Change("hotline_removed", "hotline", hid, _names(h.get("name"), hid, languages),
                              before=_same(_number(h.get("number")), languages)))
    return out + reverified


def _ids(value) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def site_changes(old: dict | None, new: dict, hotlines: dict, languages) -> list[Change]:
    """What changed between two versions of the sites, {id: raw record}; hotlines: {id: raw
    record} of both versions' hotlines, for the names of those a site added or removed."""
    if old is None:
        return [Change("sites_started", "site", "", _same("", languages),
                       after=_same(len(new), languages))] if new else []
    out = []
    for sid, s in new.items():
        was = old.get(sid)
        if was is s:
            continue
        name = _names(s.get("name"), sid, languages)
        if was is None:
            out.append(Change("site_added", "site", sid, name))
            continue
        status = s.get("status")
        if was.get("status") != status and isinstance(status, str) and status in _STATUS:
            out.append(Change(_STATUS[status], "site", sid, name))
        old_name = _names(was.get("name"), sid, languages)
        if old_name != name:
            out.append(Change("site_renamed", "site", sid, name, before=old_name))
        before, after = _ids(was.get("hotlines")), _ids(s.get("hotlines"))
        for hid in after:
            if hid not in before:
                out.append(Change("site_hotline_added", "site", sid, name,
                                  after=_names(hotlines.get(hid, {}).get("name"), hid, languages)))
        for hid in before:
            if hid not in after:
                out.append(Change("site_hotline_removed", "site", sid, name,
                                  before=_names(hotlines.get(hid, {}).get("name"), hid, languages)))
    for sid, s in old.items():
        if sid not in new:
            out.append(Change("site_removed", "site", sid, _names(s.get("name"), sid, languages)))
    return out


def _read(text: str | None, key: str, cache: dict):
    """{id: raw record} of one version of a data file; None when the file did not exist, False
    when it could not be read."""
    if text is None:
        return None
    try:
        items = list_items(text, key, cache)
    except YamlSyntaxError:
        return False
    return {r["id"]: r for r in items if isinstance(r, dict) and isinstance(r.get("id"), str)}


def history_days(versions, languages) -> list[Day]:
    """The changes between consecutive versions (oldest first), newest day first. A version that
    cannot be read (a commit with broken YAML) is skipped: the next one is compared with the last
    good one."""
    cache: dict = {}  # a record written the same way in two versions is read once
    texts = {key: None for key in FILES}
    previous, current, days = None, {key: None for key in FILES}, {}
    for version in versions:
        for key, path in FILES.items():
            text = version.texts.get(path)
            if text != texts[key] or previous is None:
                texts[key], current[key] = text, _read(text, key, cache)
        if any(v is False for v in current.values()):
            continue
        if previous is not None and version.date is not None:
            hotlines = {**(previous["hotlines"] or {}), **(current["hotlines"] or {})}
            found = (hotline_changes(previous["hotlines"], current["hotlines"] or {}, languages)
                     + site_changes(previous["sites"], current["sites"] or {}, hotlines, languages))
            days.setdefault(version.date, []).insert(0, found)  # newest change of the day first
        previous = dict(current)
    out = []
    for day in sorted(days, reverse=True):
        found = [c for batch in days[day] for c in batch]
        out.append(Day(day, tuple(c for c in found if c.kind != "reverified"),
                       tuple(c for c in found if c.kind == "reverified")))
    return [d for d in out if d.changes or d.reverified]


def data_days(dataset: Dataset, languages) -> list[Day]:
    """Without history: when each hotline was last verified and each site last reviewed."""
    days: dict[dt.date, list[Change]] = {}
    for h in dataset.hotlines:
        days.setdefault(h.verified, []).append(Change(
            "verified", "hotline", h.id, h.name.values, after=_same(h.number.display, languages)))
    for s in dataset.sites:
        days.setdefault(s.reviewed, []).append(Change("reviewed", "site", s.id, s.name.values))
    return [Day(day, tuple(days[day])) for day in sorted(days, reverse=True)]


def limit(days: list[Day], most: int = MAX_ENTRIES) -> tuple[list[Day], int]:
    """The newest `most` entries, and how many were left out."""
    kept, left, hidden = [], most, 0
    for day in days:
        changes, reverified = day.changes[:left], day.reverified[:max(0, left - len(day.changes))]
        hidden += len(day.changes) + len(day.reverified) - len(changes) - len(reverified)
        left -= len(changes) + len(reverified)
        if changes or reverified:
            kept.append(Day(day.date, changes, reverified))
    return kept, hidden


def changelog(settings: Settings, dataset: Dataset) -> Changelog:
    """The page's entries: from the data files' history if there is one, else from their dates."""
    versions = data_versions(settings.root, list(FILES.values()))
    if versions is None:
        source, days = "data", data_days(dataset, settings.languages)
    else:
        source, days = "history", history_days(versions, settings.languages)
    kept, hidden = limit(days)
    return Changelog(source, tuple(kept), hidden)
