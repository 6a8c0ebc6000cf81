"""Night coverage: at which hours of the day (China time) none of a site's psychological support
lines answers. A warning names the site, the line of its `hotlines:` in sites.yml and the hours; a
site with no psychological support line at all is an error."""
from __future__ import annotations

from scripts.data.hours import spans, uncovered_hours
from scripts.data.problems import Problem
from scripts.data.records import Dataset

SITES = "resources/sites.yml"


def check_coverage(data: Dataset) -> list[Problem]:
    out = []
    for index, site in enumerate(data.sites):
        if site.status == "closed":
            continue
        line, path = site.field_lines["hotlines"], f"sites[{index}].hotlines"
        support = [h for h in site.callable_hotlines if h.psychological]
        if not support:
            out.append(Problem(SITES, line, path, f"site '{site.id}' lists no psychological support "
                               "line — add one to its hotlines (for example psy-12356, or your "
                               "district's support line)"))
            continue
        gaps = uncovered_hours(support)
        if gaps:
            names = ", ".join(h.id for h in support)
            out.append(Problem(SITES, line, path, f"site '{site.id}': none of its psychological support "
                               f"lines ({names}) surely answers {', '.join(spans(gaps))} (China time) — "
                               "add a line that answers then (a night line), or tell residents in the "
                               "site's alert where to turn at night", severity="warning"))
    return out
