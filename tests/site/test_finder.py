"""The hotline directory's finder (docs/assets/finder.js) on a phone (Debian's Chromium): each
filter and their combinations, the choices kept in the address, China time for "answering now",
the full grouped list without scripts, text-message links and copyable WeChat IDs."""
from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect, sync_playwright

from scripts.data.config import load_settings
from scripts.data.hours import open_at
from scripts.data.loader import load_dataset
from scripts.site.generate import directory_hotlines
from tests.axe import run_axe
from tests.browser import CHROMIUM, CHROMIUM_ARGS, PHONE, serve, wait_until

pytestmark = pytest.mark.browser

SETTINGS = load_settings()
DATA = load_dataset(SETTINGS)
LISTED = directory_hotlines(DATA)  # every number the directory shows
PREFIX = {"zh": "", "en": "en/"}
UTC = dt.timezone.utc
TEXT_LINE = "h-text-support"  # the sample text line, with a sample WeChat account
WECHAT_ID = "HDistrict-Support-Sample"


@pytest.fixture(scope="module")
def browser(built_site):
    with serve(built_site) as origin, sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium, origin
        chromium.close()


def open_page(browser, query="", lang="en", when=None, javascript=True, permissions=(), path="hotlines/"):
    chromium, origin = browser
    context = chromium.new_context(viewport=PHONE, locale={"zh": "zh-CN", "en": "en-GB"}[lang],
                                   is_mobile=True, java_script_enabled=javascript,
                                   timezone_id="Europe/London", permissions=list(permissions))
    page = context.new_page()
    if when is not None:
        page.clock.set_fixed_time(when)
    page.goto(f"{origin}/{PREFIX[lang]}{path}{query}")
    if javascript and path == "hotlines/":
        wait_until(page, "document.querySelector('.hl-finder-count').textContent !== ''")
    return page


def shown(page) -> list[str]:
    """The ids of the lines a resident sees, in the page's order."""
    return page.evaluate("""() => [...document.querySelectorAll('li.hl-hotline')]
        .filter(li => li.offsetParent !== null).map(li => li.id.replace('hotline-', ''))""")


def expected(lang="", audience="", via="", minute=None) -> list[str]:
    """The lines the finder must show, from the records (the China-time rules of hours.py)."""
    def ways(h):
        return [(h.way, h.hours)] + [(c.kind, c.hours) for c in h.also]
    return [h.id for h in LISTED
            if (not lang or lang in h.languages) and (not audience or audience in h.audiences)
            and any((not via or way == via) and (minute is None or open_at(hours, minute) is True)
                    for way, hours in ways(h))]


def china(hour: int, minute: int = 0) -> dt.datetime:
    """That time of day in China on 1 December 2026, as an aware UTC time."""
    return dt.datetime(2026, 12, 1, hour, minute, tzinfo=dt.timezone(dt.timedelta(hours=8))).astimezone(UTC)


def test_without_scripts_the_full_list_shows_grouped_and_no_controls(browser):
    page = open_page(browser, "?lang=ko&via=sms", javascript=False)
    assert not page.locator("form.hl-finder").is_visible()
    assert not page.locator("button.hl-copy").first.is_visible()
    assert shown(page) == [h.id for h in LISTED]
    groups = page.locator("h2.hl-group").evaluate_all("hs => hs.map(h => h.id)")
    assert groups == ["emergency", "national", "local", "duty"]


def test_with_scripts_the_form_shows_and_counts_every_line(browser):
    page = open_page(browser)
    assert page.locator("form.hl-finder").is_visible()
    assert shown(page) == expected()
    assert page.locator(".hl-finder-count").text_content() == f"{len(LISTED)} lines match."


@pytest.mark.parametrize("name, value", [("lang", "ko"), ("lang", "en"), ("audience", "foreign"),
                                         ("audience", "young"), ("via", "sms"), ("via", "wechat"),
                                         ("via", "voice")])
def test_each_filter(browser, name, value):
    page = open_page(browser)
    page.select_option(f"select[name={name}]", value)
    want = expected(**{name: value})
    assert want and want != expected()  # the filter really narrows the list
    assert shown(page) == want
    assert page.url.endswith(f"/en/hotlines/?{name}={value}")
    count = page.locator(".hl-finder-count").text_content()
    assert count == ("1 line matches." if len(want) == 1 else f"{len(want)} lines match.")


def test_via_text_message_is_the_text_line_with_its_sms_link(browser):
    page = open_page(browser, "?via=sms")
    assert shown(page) == [TEXT_LINE]
    link = page.locator(f"#hotline-{TEXT_LINE} a.hl-sms")
    assert link.get_attribute("href") == "sms:+8613800000000"
    assert link.bounding_box()["height"] >= 44


@pytest.mark.parametrize("hour", [3, 10, 23])
def test_answering_now_follows_china_time_on_a_phone_set_to_london(browser, hour):
    page = open_page(browser, "?now=1", when=china(hour))
    assert page.locator("input[name=now]").is_checked()
    assert shown(page) == expected(minute=hour * 60)
    night, day = "h-night-support", "h-psy-support"
    assert (night in shown(page)) == (hour in (3, 23)) and (day in shown(page)) == (hour in (10, 23))
    assert "psy-12356" not in shown(page)  # hours set city by city: never "answering now"


def test_combined_filters_and_none_matching(browser):
    page = open_page(browser, "?now=1&lang=zh&via=sms", when=china(10))
    assert shown(page) == expected(lang="zh", via="sms", minute=600) == [TEXT_LINE]
    page = open_page(browser, "?now=1&lang=zh&via=sms", when=china(23))
    assert shown(page) == []
    assert page.locator(".hl-finder-count").text_content().startswith("No line matches.")
    assert page.locator("h2.hl-group:visible").count() == 0
    page = open_page(browser, "?lang=en&audience=residents", lang="en")
    assert shown(page) == expected(lang="en", audience="residents")


def test_the_address_round_trip_and_the_back_button(browser):
    query = "?now=1&lang=zh&audience=residents&via=voice"
    page = open_page(browser, query, when=china(10))
    form = {n: page.locator(f"select[name={n}]").input_value() for n in ("lang", "audience", "via")}
    assert form == {"lang": "zh", "audience": "residents", "via": "voice"}
    assert page.locator("input[name=now]").is_checked()
    first = expected(lang="zh", audience="residents", via="voice", minute=600)
    assert shown(page) == first
    page.select_option("select[name=via]", "sms")
    assert page.url.endswith("/en/hotlines/?now=1&lang=zh&audience=residents&via=sms")
    assert shown(page) == expected(lang="zh", audience="residents", via="sms", minute=600) != first
    page.locator("input[name=now]").uncheck()
    assert page.url.endswith("/en/hotlines/?lang=zh&audience=residents&via=sms")
    page.go_back()
    page.wait_for_url("**" + query.replace("voice", "sms"))
    assert page.locator("input[name=now]").is_checked()
    page.go_back()
    page.wait_for_url("**" + query)
    assert page.locator("select[name=via]").input_value() == "voice"
    assert shown(page) == first
    # the address opened anew shows the same lines
    assert shown(open_page(browser, query, when=china(10))) == first


def test_an_unknown_choice_in_the_address_means_any(browser):
    page = open_page(browser, "?lang=xx&via=pigeon")
    assert shown(page) == expected()


def test_a_wechat_id_is_text_with_a_button_that_copies_it(browser):
    page = open_page(browser, permissions=("clipboard-read", "clipboard-write"))
    line = page.locator(f"#hotline-{TEXT_LINE}")
    assert line.locator("code.hl-wechat-id").text_content() == WECHAT_ID
    assert line.locator(f'a[href*="{WECHAT_ID}"]').count() == 0  # shown as text, never a link
    line.locator("button.hl-copy").click()
    # the clipboard answers asynchronously: the button says so once it has
    expect(line.locator("button.hl-copy")).to_have_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == WECHAT_ID


@pytest.mark.parametrize("lang, query", [("zh", ""), ("en", ""), ("en", "?now=1&via=sms")])
def test_no_accessibility_violation_and_no_sideways_scroll(browser, lang, query):
    page = open_page(browser, query, lang=lang, when=china(10))
    assert page.locator("form.hl-finder").is_visible()
    assert run_axe(page) == []
    width = page.evaluate("document.documentElement.scrollWidth")
    assert PHONE["width"] == 360 and width <= 360


def test_a_site_page_lists_its_text_contacts(browser):
    page = open_page(browser, path="sites/h04/", when=china(10), permissions=("clipboard-read", "clipboard-write"))
    section = page.locator("ul.hl-texts")
    assert section.locator("a.hl-sms").get_attribute("href") == "sms:+8613800000000"
    button = section.locator("button.hl-copy")
    button.click()
    expect(button).to_have_text(button.get_attribute("data-done"))
    assert page.evaluate("navigator.clipboard.readText()") == WECHAT_ID
    texts = page.locator(".hl-now .hl-now-text")
    assert texts.count() == 2
    assert texts.evaluate_all("els => els.map(e => e.getAttribute('data-state'))") == ["now", "now"]
    page = open_page(browser, path="sites/h04/", when=china(23))
    assert page.locator(".hl-now .hl-now-text").evaluate_all(
        "els => els.map(e => e.getAttribute('data-state'))") == ["closed", "closed"]


def test_a_site_without_text_contacts_points_to_the_directorys_text_filter(browser):
    page = open_page(browser, path="sites/h01/")
    assert page.locator(".hl-now .hl-now-text").count() == 0
    link = page.locator("#by-text + p a")
    assert link.get_attribute("href") == "../../hotlines/?via=sms"
    link.click()
    page.wait_for_url("**/hotlines/?via=sms")
    wait_until(page, "(document.querySelector('.hl-finder-count') || {}).textContent")
    assert shown(page) == [TEXT_LINE]
