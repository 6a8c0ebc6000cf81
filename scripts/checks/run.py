"""Every content check at once: what `make check` prints and what stops `make` before it builds."""
from __future__ import annotations

import datetime as dt

from scripts.checks.content import check_pages
from scripts.checks.coverage import check_coverage
from scripts.checks.languages import Coverage, coverage
from scripts.checks.staleness import check_staleness
from scripts.data.config import Settings
from scripts.data.loader import load_dataset
from scripts.data.records import Dataset
from scripts.data.problems import DataError, Problem
from scripts.site.generate import GENERATED_DIRS, page_paths


def run_checks(settings: Settings, today: dt.date, languages: list[Coverage] | None = None) -> list[Problem]:
    """Every problem in the data and the pages, errors and warnings, sorted by file and line.
    languages: a list to extend with how much of each additional language is translated."""
    return checked(settings, today, languages)[0]


def checked(settings: Settings, today: dt.date, languages: list[Coverage] | None = None
            ) -> tuple[list[Problem], Dataset | None]:
    """run_checks()'s problems, and the data they were found in (None when it has a problem that
    keeps it from loading): the build goes on with it rather than load it a second time."""
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
        generated |= {rel.rsplit(".", 2)[0] for rel in page_paths(data, settings)}
    page_problems, pages = check_pages(settings, generated, today)
    problems += page_problems
    if data is not None:
        problems += check_staleness(settings, data, pages, today)
        problems += check_coverage(data)
    if languages is not None:
        languages.extend(coverage(settings, data, pages))
    return sorted(set(problems), key=lambda p: (p.file, p.line, p.path, p.message)), data


def errors(problems: list[Problem]) -> int:
    """How many of the problems are errors (the rest are warnings)."""
    return sum(p.severity == "error" for p in problems)
