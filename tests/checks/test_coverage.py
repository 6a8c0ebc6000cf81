"""Night coverage: `make check` names the site, the line of its hotlines in sites.yml and the hours
of the day (China time) when none of its psychological support lines answers."""
from __future__ import annotations

import dataclasses

from scripts.checks.coverage import check_coverage
from scripts.data.config import load_settings
from scripts.data.hours import open_at, spans, uncovered_hours
from scripts.data.loader import load_dataset
from scripts.data.records import Hours

SETTINGS = load_settings()
DATA = load_dataset(SETTINGS)


def line_of(needle: str) -> int:
    text = (SETTINGS.resources_dir / "sites.yml").read_text(encoding="utf-8")
    return text[: text.index(needle)].count("\n") + 1


def test_hours_past_midnight_every_hour_and_hours_set_city_by_city():
    night = Hours(daily=("22:00-08:00",))
    assert [open_at(night, m) for m in (21 * 60 + 59, 22 * 60, 3 * 60, 7 * 60 + 59, 8 * 60)] == [
        False, True, True, True, False]
    assert open_at(Hours(daily=("08:00-24:00",)), 23 * 60 + 59) is True
    assert open_at(Hours(always=True), 0) is True
    assert open_at(Hours(varies=True, at_least=18), 12 * 60) is None
    assert spans([0, 1, 2, 3, 4, 5, 6, 7, 23]) == ["00:00–08:00", "23:00–24:00"]


def test_every_sample_site_is_covered_at_night():
    assert check_coverage(DATA) == []


def test_a_site_without_a_night_line_is_a_warning_naming_its_line_and_the_hours():
    h03 = DATA.site("h03")
    day_only = dataclasses.replace(h03, hotlines=tuple(h for h in h03.hotlines if h.id != "h-night-support"))
    data = dataclasses.replace(DATA, sites=(DATA.site("h01"), DATA.site("h02"), day_only))
    assert [str(p) for p in check_coverage(data)] == [
        f"resources/sites.yml:{line_of('hotlines: [h03-duty')}: warning: sites[2].hotlines: site 'h03': "
        "none of its psychological support lines (h-psy-support, psy-12356) surely answers "
        "00:00–08:00 (China time) — add a line that answers then (a night line), or tell residents "
        "in the site's alert where to turn at night"]


def test_a_night_line_covers_the_night():
    h03 = DATA.site("h03")
    assert uncovered_hours([h for h in h03.hotlines if h.psychological]) == []


def test_a_site_with_no_psychological_line_is_an_error():
    h01 = DATA.site("h01")
    bare = dataclasses.replace(h01, hotlines=tuple(h for h in h01.hotlines if not h.psychological))
    [problem] = check_coverage(dataclasses.replace(DATA, sites=(bare,)))
    assert problem.severity == "error"
    assert str(problem) == (
        f"resources/sites.yml:{line_of('hotlines: [h01-duty')}: sites[0].hotlines: site 'h01' lists no "
        "psychological support line — add one to its hotlines (for example psy-12356, or your "
        "district's support line)")


def test_a_closed_site_is_not_checked():
    h07 = dataclasses.replace(DATA.site("h07"), status="closed")
    assert check_coverage(dataclasses.replace(DATA, sites=(h07,))) == []
