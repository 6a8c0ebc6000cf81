"""`make check`: every content check, printed as `file:line: what is wrong — how to fix it`.

Exit 1 when there is an error; warnings (for example a number due for re-verification) are
printed but do not fail.
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys

from scripts.checks.content import check_pages
from scripts.checks.coverage import check_coverage
from scripts.checks.staleness import check_staleness
from scripts.data.config import ConfigError, Settings, load_settings
from scripts.data.loader import load_dataset
from scripts.data.problems import DataError, Problem
from scripts.site.generate import GENERATED_DIRS, render_pages


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
        problems += check_coverage(data)
    return sorted(set(problems), key=lambda p: (p.file, p.line, p.path, p.message))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--today", type=dt.date.fromisoformat, default=dt.date.today(),
                        help="check as if today were this date (YYYY-MM-DD)")
    args = parser.parse_args(argv)
    try:
        settings = load_settings()
    except ConfigError as exc:
        print(exc)
        print("1 error(s), 0 warning(s): fix the errors above, then run `make check` again.")
        return 1
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
