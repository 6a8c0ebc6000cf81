"""Dates that say a number or a page is due to be checked again: warnings past a limit, errors past
twice the limit (limits in mkdocs.yml, extra.heartline.stale_days)."""
from __future__ import annotations

import datetime as dt

from scripts.data.config import Settings
from scripts.data.problems import Problem
from scripts.data.records import Dataset

HOTLINES = "resources/hotlines.yml"
SITES = "resources/sites.yml"


def staleness(age_days: int, limit: int) -> str | None:
    """'warning' past the limit, 'error' past twice the limit, else None."""
    if age_days > 2 * limit:
        return "error"
    if age_days > limit:
        return "warning"
    return None


def _stale(file, line, path, what, day, limit, today, fix) -> list[Problem]:
    age = (today - day).days
    level = staleness(age, limit)
    if not level:
        return []
    return [Problem(file, line, path, f"{what} {day.isoformat()}, {age} days ago (limit {limit}, "
                                      f"an error after {2 * limit}) — {fix}", severity=level)]


def check_staleness(settings: Settings, data: Dataset, pages: dict, today: dt.date) -> list[Problem]:
    limits = settings.stale_days
    out = []
    for i, h in enumerate(data.hotlines):
        out += _stale(HOTLINES, h.field_lines["verified"], f"hotlines[{i}].verified",
                      f"'{h.id}' last verified", h.verified, limits["hotline"], today,
                      "call the number, confirm it still answers, and update verified:")
    for i, s in enumerate(data.sites):
        out += _stale(SITES, s.field_lines["reviewed"], f"sites[{i}].reviewed",
                      f"site '{s.id}' last reviewed", s.reviewed, limits["site"], today,
                      "check the site's details with its team and update reviewed:")
    for name, by_lang in sorted(pages.items()):
        for lang, page in by_lang.items():
            reviewed = page.meta.get("reviewed")
            if name.split("/")[0] in ("guides", "practice") and reviewed:
                day = reviewed if isinstance(reviewed, dt.date) else _date(reviewed)
                if day:
                    out += _stale(page.path.relative_to(settings.root).as_posix(), 1, "front matter",
                                  "last reviewed", day, limits["guide"], today,
                                  "re-read the page, correct it if needed, and update reviewed:")
    return out


def _date(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None
