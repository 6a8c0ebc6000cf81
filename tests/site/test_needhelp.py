"""The "need help now" box: first on every site page and the home page, with the lines that answer
at this hour in China time marked on the phone (Debian's Chromium), and every line's hours shown
without scripts."""
from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import sync_playwright

from scripts.data.config import load_settings
from scripts.data.hours import open_at
from scripts.data.loader import load_dataset
from scripts.site.needhelp import home_lines, site_lines
from tests.browser import CHROMIUM, CHROMIUM_ARGS, PHONE, serve, wait_until

pytestmark = pytest.mark.browser

SETTINGS = load_settings()
DATA = load_dataset(SETTINGS)
PREFIX = {"zh": "", "en": "en/"}
UTC = dt.timezone.utc


@pytest.fixture(scope="module")
def browser(built_site):
    with serve(built_site) as origin, sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium, origin
        chromium.close()


def open_page(browser, path, lang="zh", when=None, javascript=True, zone="Europe/London"):
    chromium, origin = browser
    context = chromium.new_context(viewport=PHONE, locale={"zh": "zh-CN", "en": "en-GB"}[lang],
                                   is_mobile=True, java_script_enabled=javascript, timezone_id=zone)
    page = context.new_page()
    if when is not None:
        page.clock.set_fixed_time(when)
    page.goto(f"{origin}/{PREFIX[lang]}{path}")
    return page


def states(page) -> dict[str, str]:
    return page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('.hl-now-line:not(.hl-now-text)')]
        .map(li => [li.querySelector('a.hl-tel').getAttribute('href'), li.getAttribute('data-state')]))""")


def expected(lines, china_minute: int) -> dict[str, str]:
    word = {True: "now", False: "closed", None: "unsure"}
    return {h.number.tel: word[open_at(h.hours, china_minute)] for h in lines}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_box_is_the_first_thing_on_a_site_page_with_tel_links(browser, lang):
    site = DATA.site("h03")
    page = open_page(browser, f"sites/{site.id}/", lang)
    above = page.evaluate("""() => {
        const content = document.querySelector('.md-content .md-typeset');
        const box = content.querySelector('.hl-now'), top = box.getBoundingClientRect().top;
        return [...content.querySelectorAll('*')].filter(el => !box.contains(el) && !el.contains(box)
            && el.getBoundingClientRect().height > 0 && el.getBoundingClientRect().top < top)
            .map(el => el.tagName + '.' + el.className); }""")
    assert above == []  # nothing of the page's content comes before the box
    box = page.locator(".hl-now")
    top = box.bounding_box()["y"]
    assert top < PHONE["height"] and top < page.locator("h1#site").bounding_box()["y"]
    tels = page.locator(".hl-now a.hl-tel").evaluate_all("els => els.map(a => a.getAttribute('href'))")
    assert tels == [h.number.tel for h in site_lines(site)]
    assert tels[:2] == ["tel:120", "tel:110"] and "tel:+862258881003" in tels  # and the duty line


@pytest.mark.parametrize("hour_utc, china", [(19, 3 * 60), (2, 10 * 60)])
def test_lines_answering_now_follow_china_time_whatever_the_phones_zone(browser, hour_utc, china):
    """03:00 and 10:00 in China, on a phone set to London time."""
    site = DATA.site("h03")
    when = dt.datetime(2026, 12, 1, hour_utc, 0, tzinfo=UTC)
    page = open_page(browser, f"sites/{site.id}/", when=when)
    wait_until(page, "document.querySelector('.hl-now-line[data-state]') !== null")
    assert states(page) == expected(site_lines(site), china)
    night, day = "tel:+862258880200", "tel:+862258880000"  # the night and the daytime support lines
    assert states(page)[night] == ("now" if china == 180 else "closed")
    assert states(page)[day] == ("closed" if china == 180 else "now")
    assert states(page)["tel:12356"] == "unsure"  # hours set city by city: never claimed
    assert page.locator(f'.hl-now-line[data-state="now"] a[href="{night if china == 180 else day}"]').count() == 1
    status = page.locator('.hl-now-line[data-state="now"] .hl-status').first.text_content()
    assert status == "现在有人接听"


def test_the_home_page_opens_with_the_box(browser):
    page = open_page(browser, "", "en", when=dt.datetime(2026, 12, 1, 19, 0, tzinfo=UTC))
    wait_until(page, "document.querySelector('.hl-now-line[data-state]') !== null")
    assert page.locator(".hl-now").bounding_box()["y"] < page.locator("h1").first.bounding_box()["y"]
    assert states(page) == expected(home_lines(DATA), 3 * 60)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_without_scripts_every_line_shows_its_hours(browser, lang):
    site = DATA.site("h03")
    page = open_page(browser, f"sites/{site.id}/", lang, javascript=False)
    lines = page.locator(".hl-now-line:not(.hl-now-text)")
    assert lines.count() == len(site_lines(site))
    for i in range(lines.count()):
        assert lines.nth(i).locator(".hl-hours").inner_text().strip()
        assert lines.nth(i).get_attribute("data-state") is None
    hours = lines.locator(".hl-hours").all_inner_texts()
    assert ("每天 08:00–24:00" if lang == "zh" else "Daily 08:00–24:00") in hours
    assert ("各地时间不同，每天至少 18 小时" if lang == "zh"
            else "Hours vary by city, at least 18 hours a day") in hours
