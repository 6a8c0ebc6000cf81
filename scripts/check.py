"""`make check`: every content check, printed as `file:line: what is wrong — how to fix it`.

Exit 1 when there is an error; warnings (for example a number due for re-verification) are
printed but do not fail.
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys

from scripts.config import Settings, load_settings
from scripts.content_checks import check_pages
from scripts.data import DataError, Problem, load_dataset
from scripts.generate import GENERATED_DIRS, render_pages
from scripts.records import Dataset

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


def run_checks(settings: Settings, today: dt.date) -> list[Problem]:
    """Every problem in the data and the pages, errors and warnings."""
    problems: list[Problem] = []
    data = None
    try:
        data = load_dataset(settings, today=today)
    except DataError as exc:
        problems += exc.problems
    # The generated indexes exist whatever the data says, so a data error is not also reported as
    # a broken link on every page that links to them.
    generated = {f"{folder}/index" for folder in GENERATED_DIRS}
    if data is not None:
        generated |= {rel.rsplit(".", 2)[0] for rel in render_pages(data, settings)}
    page_problems, pages = check_pages(settings, generated, today)
    problems += page_problems
    if data is not None:
        problems += check_staleness(settings, data, pages, today)
    return sorted(set(problems), key=lambda p: (p.file, p.line, p.path, p.message))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--today", type=dt.date.fromisoformat, default=dt.date.today(),
                        help="check as if today were this date (YYYY-MM-DD)")
    args = parser.parse_args(argv)
    settings = load_settings()
    problems = run_checks(settings, args.today)
    for problem in problems:
        print(problem)
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    if errors:
        print(f"{errors} error(s), {warnings} warning(s): fix the errors above, then run `make check` again.")
        return 1
    print(f"All checks passed ({warnings} warning(s)).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
