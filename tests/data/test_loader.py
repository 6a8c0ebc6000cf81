"""The loader: every kind of data mistake is reported with its file, line, field and fix."""
from __future__ import annotations

import datetime as dt

import pytest

from scripts.data.config import load_settings
from scripts.data.loader import load_dataset
from scripts.data.problems import DataError

TODAY = dt.date(2026, 12, 2)


def edit(project, name, old, new, count=1):
    path = project / "resources" / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= count, f"{old!r} not in {name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return path.read_text(encoding="utf-8")


def line_of(text, needle, nth=1):
    """1-based line of the nth occurrence of needle."""
    pos = -1
    for _ in range(nth):
        pos = text.index(needle, pos + 1)
    return text.count("\n", 0, pos) + 1


def problems(project):
    with pytest.raises(DataError) as exc:
        load_dataset(load_settings(project), today=TODAY)
    return [str(p) for p in exc.value.problems]


def test_sample_data_loads_into_typed_records():
    data = load_dataset(load_settings(), today=TODAY)
    assert len(data.sites) == 13
    h03 = data.site("h03")
    assert h03.name["zh"] and h03.name["en"] and h03.sample
    assert [h.id for h in h03.hotlines][:2] == ["h03-duty", "h-psy-support"]
    assert h03.hotlines[0].number.tel == "tel:+862258881003"


def test_unknown_hotline_names_line_and_known_ids(project):
    text = edit(project, "sites.yml", "hotlines: [h03-duty, h-psy-support", "hotlines: [h03-duty, psy-24h")
    line = line_of(text, "psy-24h")
    [p] = problems(project)
    assert p.startswith(f"resources/sites.yml:{line}: sites[2].hotlines[1]: unknown hotline 'psy-24h'; "
                        "known: emergency-120, fire-119, gov-12345, h-multilingual, h-night-support, h-psy-support,")
    assert p.endswith("— use an id from resources/hotlines.yml")


def test_unknown_guide_is_reported(project):
    text = edit(project, "sites.yml", "featured_guides: [children,", "featured_guides: [kids,")
    [p] = problems(project)
    assert p.startswith(f"resources/sites.yml:{line_of(text, '[kids,')}: sites[2].featured_guides[0]: "
                        "unknown guide 'kids'; known: calling-a-hotline, children,")


def test_duplicate_site_id(project):
    text = edit(project, "sites.yml", "- id: h05", "- id: h04")
    assert problems(project) == [
        f"resources/sites.yml:{line_of(text, '- id: h04', 2)}: sites[4].id: duplicate site id 'h04' "
        f"(first used at line {line_of(text, '- id: h04')}) — give each site its own id"]


def test_wrong_phone_number(project):
    text = edit(project, "hotlines.yml", "number: 022-5888-0000", "number: 022-5888")
    assert problems(project) == [
        f"resources/hotlines.yml:{line_of(text, '022-5888' + chr(10))}: hotlines[6].number: "
        "'022-5888' is not a valid phone number in mainland China — check the digits against the "
            "source; write it as dialled, "
        "e.g. 022-5888-0000, 13800138000, or a service code such as 120 or 12356"]


def test_special_service_numbers_are_valid():
    data = load_dataset(load_settings(), today=TODAY)
    tel = {h.id: h.number.tel for h in data.hotlines}
    assert tel["emergency-120"] == "tel:120" and tel["psy-12356"] == "tel:12356"


def test_javascript_link_is_refused(project):
    text = edit(project, "hotlines.yml", "    verified: \"2026-11-25\"\n",
                "    source_url: \"javascript:alert(1)\"\n    verified: \"2026-11-25\"\n")
    assert problems(project) == [
        f"resources/hotlines.yml:{line_of(text, 'javascript:')}: hotlines[0].source_url: "
        "'javascript:alert(1)' is not allowed — only https:// links can be listed"]


def test_missing_translation(project):
    text = edit(project, "sites.yml", "name: {zh: 明湖宾馆（示例）, en: Minghu Hotel (sample)}",
                "name: {zh: 明湖宾馆（示例）}")
    assert problems(project) == [
        f"resources/sites.yml:{line_of(text, '明湖宾馆（示例）}')}: sites[3].name: missing field 'en' — "
        "add `en:` here"]


def test_dates_must_be_real_and_not_in_the_future(project):
    edit(project, "sites.yml", 'reviewed: "2026-11-11"', 'reviewed: "2026-02-30"')
    text = edit(project, "sites.yml", 'reviewed: "2026-11-12"', 'reviewed: "2027-01-01"')
    assert problems(project) == [
        f"resources/sites.yml:{line_of(text, '2026-02-30')}: sites[0].reviewed: '2026-02-30' is not a "
        "real date — write YYYY-MM-DD, e.g. 2026-12-02",
        f"resources/sites.yml:{line_of(text, '2027-01-01')}: sites[1].reviewed: 2027-01-01 is in the "
        "future — write the date the check was actually made"]


def test_unknown_field_lists_allowed_fields(project):
    text = edit(project, "sites.yml", "    status: open\n", "    statsu: open\n")
    got = problems(project)
    line = line_of(text, "statsu")
    assert f"resources/sites.yml:{line}: sites[0].statsu: unknown field 'statsu' — check the " \
           "spelling; allowed fields: address, alert, district, featured_guides, hotlines, id, name, " \
           "reviewed, sample, sessions, status, wechat" in got
    assert any(p.endswith("sites[0]: missing field 'status' — add `status:` here") for p in got)


def test_status_must_be_a_known_value(project):
    text = edit(project, "sites.yml", "    status: open\n", "    status: opne\n")
    assert problems(project) == [
        f"resources/sites.yml:{line_of(text, 'opne')}: sites[0].status: 'opne' is not allowed — use "
        "one of: open, paused, closed"]


def test_site_id_must_be_lowercase(project):
    text = edit(project, "sites.yml", "- id: h02", "- id: H02")
    [p] = problems(project)
    assert p.startswith(f"resources/sites.yml:{line_of(text, 'H02')}: sites[1].id: \"H02\" is not valid "
                        "— A short, stable code: lowercase letters")


def test_yaml_syntax_error_names_the_line(project):
    text = edit(project, "hotlines.yml", "    category: national\n    hours: 24/7",
                "    category: national\n    hours: [24/7")
    [p] = problems(project)
    assert p.startswith(f"resources/hotlines.yml:{line_of(text, '[24/7') + 1}: YAML syntax error:")
    assert p.endswith("check the indentation, and put text containing ': ' or '#' in quotes")


def test_unquoted_comma_in_text_is_explained(project):
    text = edit(project, "sites.yml", 'en: "Winding down for sleep, and questions"',
                "en: Winding down for sleep, and questions")
    [p] = problems(project)
    assert p == (f"resources/sites.yml:{line_of(text, 'Winding down')}: sites[0].sessions[1].topic: "
                 "unexpected 'and questions' — a text has one line per language (zh:, en:); text "
                 "containing a comma inside { } must be put in quotes")


def test_key_written_twice(project):
    text = edit(project, "sites.yml", "    status: open\n", "    status: open\n    status: closed\n")
    assert problems(project) == [
        f"resources/sites.yml:{line_of(text, '    status: closed')}: sites[0].status: 'status' is written "
        f"twice (first at line {line_of(text, '    status: open')}) — keep one"]


def test_every_error_is_reported_at_once(project):
    edit(project, "sites.yml", "- id: h05", "- id: h04")
    edit(project, "hotlines.yml", "number: 022-5888-0000", "number: 022-1")
    edit(project, "sites.yml", "featured_guides: [children,", "featured_guides: [kids,")
    got = problems(project)
    assert len(got) == 3
    assert [p.split(":")[0] for p in got] == ["resources/hotlines.yml", "resources/sites.yml",
                                              "resources/sites.yml"]


def test_generate_cli_exits_1_and_prints_problems(project, monkeypatch, capsys):
    from scripts.site import generate
    edit(project, "sites.yml", "- id: h05", "- id: h04")
    monkeypatch.setattr(generate, "load_settings", lambda: load_settings(project))
    assert generate.main([]) == 1
    err = capsys.readouterr().err
    assert "duplicate site id 'h04'" in err and "1 problem(s) in the data" in err


def test_unquoted_time_read_as_a_number(project):
    text = edit(project, "sites.yml", 'time: "10:00"', "time: 10:00")
    edit(project, "sites.yml", 'time: "20:30"', "time: 9:30")
    assert problems(project) == [
        f'resources/sites.yml:{line_of(text, "time: 10:00")}: sites[0].sessions[0].time: 10:00 was read '
        'as the number 600 — put it in quotes: time: "10:00"',
        f'resources/sites.yml:{line_of(text, "time: 10:00") + 2}: sites[0].sessions[1].time: 9:30 was '
        'read as the number 570 — put it in quotes: time: "09:30"']


def test_unquoted_number_with_a_leading_zero_keeps_its_zero(project):
    # Only 0-7: YAML reads it as an octal number, which could even be another valid phone number.
    text = edit(project, "hotlines.yml", "number: 022-5888-0000", "number: 02154321000")
    assert problems(project) == [
        f'resources/hotlines.yml:{line_of(text, "02154321000")}: hotlines[6].number: 02154321000 was '
        'read as the number 296854016 — write it in quotes so the leading 0 is kept: '
        'number: "021-5432-1000"']


def test_unquoted_numbers_that_stay_what_was_typed_are_accepted(project):
    edit(project, "hotlines.yml", 'number: "12356"', "number: 12356")
    edit(project, "hotlines.yml", 'number: "13800000000"', "number: 13800000000")
    edit(project, "hotlines.yml", "number: 022-5888-0000", "number: 02258880000")  # an 8: text
    data = load_dataset(load_settings(project), today=TODAY)
    tel = {h.id: h.number.tel for h in data.hotlines}
    assert tel["psy-12356"] == "tel:12356" and tel["h-psy-support"] == "tel:+862258880000"


def test_unquoted_yes_or_no_in_a_text(project):
    text = edit(project, "sites.yml", 'en: "Winding down for sleep, and questions"', "en: No")
    [p] = problems(project)
    assert p == (f'resources/sites.yml:{line_of(text, "en: No")}: sites[0].sessions[1].topic.en: No was '
                 'read as false — put it in quotes: en: "No"')


WECHAT = "      - kind: wechat\n        id: HDistrict-Support-Sample\n"


def test_audiences_and_other_contacts_load_into_records():
    data = load_dataset(load_settings(), today=TODAY)
    line = {h.id: h for h in data.hotlines}["h-text-support"]
    assert line.audiences == ("residents", "young", "disability")
    assert line.ways == ("sms", "wechat")
    [wechat] = line.also
    assert (wechat.kind, wechat.id, wechat.url, wechat.hours.daily) == (
        "wechat", "HDistrict-Support-Sample", None, ("09:00-22:00",))
    assert all(h.audiences for h in data.hotlines)  # every line says whom it serves


def test_unknown_contact_kind(project):
    text = edit(project, "hotlines.yml", WECHAT, WECHAT.replace("wechat", "telegram"))
    assert problems(project) == [
        f"resources/hotlines.yml:{line_of(text, 'kind: telegram')}: hotlines[8].also[0].kind: "
        "'telegram' is not allowed — use one of: wechat, webchat"]


def test_a_web_chat_needs_an_https_link(project):
    text = edit(project, "hotlines.yml", WECHAT, "      - kind: webchat\n        url: http://chat.example.org/\n")
    assert problems(project) == [
        f"resources/hotlines.yml:{line_of(text, 'url: http:')}: hotlines[8].also[0].url: "
        "'http://chat.example.org/' is not allowed — a web chat is listed only with an https:// link"]


def test_a_wechat_contact_needs_its_id(project):
    text = edit(project, "hotlines.yml", WECHAT, "      - kind: wechat\n")
    assert problems(project) == [
        f"resources/hotlines.yml:{line_of(text, '- kind: wechat')}: hotlines[8].also[0]: "
        "missing field 'id' — add `id:` here"]


def test_a_wechat_contact_is_never_a_link(project):
    text = edit(project, "hotlines.yml", WECHAT, WECHAT + "        url: https://weixin.example.org/\n")
    assert problems(project) == [
        f"resources/hotlines.yml:{line_of(text, 'url: https://weixin')}: hotlines[8].also[0].url: "
        "`url` does not belong to a wechat contact — a WeChat account has an `id` (never a link), "
        "a web chat a `url`; remove it"]


def test_unknown_audience(project):
    text = edit(project, "hotlines.yml", "    audiences: [foreign]", "    audiences: [tourists]")
    assert problems(project) == [
        f"resources/hotlines.yml:{line_of(text, '[tourists]')}: hotlines[24].audiences[0]: "
        "'tourists' is not allowed — use one of: residents, staff, young, older, foreign, disability, women"]


def test_large_files_read_side_by_side_give_the_same_records_and_problems(project, monkeypatch):
    """Large data files are read and checked each in a process of its own (loader.SIDE_BY_SIDE_BYTES):
    the records, and every problem with its line, are those of reading them one after the other."""
    from scripts.data import loader
    settings = load_settings(project)
    apart = load_dataset(settings, today=TODAY)
    monkeypatch.setattr(loader, "SIDE_BY_SIDE_BYTES", 0)
    assert loader._side_by_side(settings)
    assert load_dataset(settings, today=TODAY) == apart
    edit(project, "sites.yml", "status: open", "status: opne")
    edit(project, "hotlines.yml", "verified: ", "verified: 2026-02-30 #", 1)
    side = problems(project)
    monkeypatch.setattr(loader, "SIDE_BY_SIDE_BYTES", 10**12)
    assert not loader._side_by_side(settings)
    assert problems(project) == side and len(side) >= 2
