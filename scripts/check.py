"""`make check`: every content check, printed as `file:line: what is wrong — how to fix it`.

Exit 1 when there is an error; warnings (for example a number due for re-verification) are
printed but do not fail.
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys

from scripts.checks.run import errors as count_errors, run_checks
from scripts.data.config import ConfigError, load_settings


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
    languages: list = []
    problems = run_checks(settings, args.today, languages)
    for problem in problems:
        print(problem)
    if languages:
        print("Additional languages, translated so far (information; the rest shows its fallback):")
        for line in languages:
            print(f"  {line}")
    errors = count_errors(problems)
    warnings = len(problems) - errors
    if errors:
        print(f"{errors} error(s), {warnings} warning(s): fix the errors above, then run `make check` again.")
        return 1
    print(f"All checks passed ({warnings} warning(s)).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
