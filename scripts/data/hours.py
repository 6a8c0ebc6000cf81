"""A line's hours, in China time (Asia/Shanghai): every day the same ranges, every hour, or set
city by city (with the national minimum where one is known). Used for what pages say and for the
check of which hours of the night a site's support lines leave uncovered; the phone's own
"answers now" (docs/assets/heartline.js) reads the same data from the page."""
from __future__ import annotations

import functools

from scripts.data.records import Hours

ALWAYS = "24/7"


def hours_from_yaml(raw) -> Hours:
    """The Hours of a value as written in hotlines.yml (already checked against the schema):
    "24/7", ["08:00-22:00", …], or {varies_by_city: true, at_least_hours: 18}."""
    if raw == ALWAYS:
        return Hours(always=True)
    if isinstance(raw, dict):
        least = raw.get("at_least_hours")
        return Hours(varies=True, at_least=int(least) if least is not None else None)
    return Hours(daily=tuple(str(r) for r in raw or ()))


def _minutes(text: str) -> int:
    hour, minute = text.split(":")
    return int(hour) * 60 + int(minute)


def open_at(hours: Hours, minute: int) -> bool | None:
    """Whether the line answers at this minute of the day (0–1439, China time); None when nobody
    can say (hours set city by city). A range may run past midnight ("22:00-02:00")."""
    if hours.always:
        return True
    if hours.varies:
        return None
    for span in hours.daily:
        start, end = map(_minutes, span.split("-"))
        if start < end and start <= minute < end or start > end and (minute >= start or minute < end):
            return True
        if start == end:  # "00:00-24:00" is caught above; equal ends mean the whole day
            return True
    return False


# The minutes of the day checked for cover: every fifth.
_SAMPLED = range(0, 24 * 60, 5)


@functools.lru_cache(maxsize=None)
def _surely_open(hours: Hours) -> frozenset[int]:
    """The sampled minutes at which a line with these hours surely answers (a few kinds of hours
    are shared by thousands of sites' lines: worked out once each)."""
    return frozenset(m for m in _SAMPLED if open_at(hours, m))


def uncovered_hours(lines) -> list[int]:
    """The hours of the day (0–23) in which, at some minute, none of the lines surely answers."""
    covered = frozenset().union(*(_surely_open(h.hours) for h in lines))
    return sorted({m // 60 for m in _SAMPLED if m not in covered})


def spans(hours_list: list[int]) -> list[str]:
    """[0, 1, 2, 23] → ["00:00–03:00", "23:00–24:00"]: hours of the day as ranges."""
    out, start = [], None
    for hour in range(25):
        inside = hour in hours_list
        if inside and start is None:
            start = hour
        if not inside and start is not None:
            out.append(f"{start:02d}:00–{hour:02d}:00")
            start = None
    return out
