"""schema.org JSON-LD on the site pages and the hotline directory: it parses, names exactly the
numbers the page's tel: links dial, cannot be broken out of by the data, and a browser under a
strict Content-Security-Policy reads it without reporting a violation."""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from scripts.build import build
from scripts.data.config import load_settings
from scripts.words.templating import labels
from scripts.data.loader import load_dataset
from scripts.site.generate import directory_hotlines, shared_hotlines
from scripts.data.records import Hours
from scripts.site.jsonld import DAYS, opening_hours, script_json
from tests.browser import CHROMIUM, CHROMIUM_ARGS, PHONE, serve


@pytest.fixture
def project(core_project):
    """What these tests check is the same in every language: the project in Chinese and English."""
    return core_project

SETTINGS = load_settings()
DATA = load_dataset(SETTINGS)
PREFIX = {lang: SETTINGS.lang_prefix(lang) for lang in SETTINGS.languages}


class _Scripts(HTMLParser):
    """Every <script> element of a page: its type and its text, as a browser splits them."""

    def __init__(self):
        super().__init__()
        self.scripts: list[tuple[str | None, str]] = []
        self._open: str | None | bool = False

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self._open = dict(attrs).get("type")
            self.scripts.append((self._open, ""))

    def handle_data(self, data):
        if self._open is not False:
            kind, text = self.scripts[-1]
            self.scripts[-1] = (kind, text + data)

    def handle_endtag(self, tag):
        if tag == "script":
            self._open = False


def jsonld(page: Path) -> list[dict]:
    parser = _Scripts()
    parser.feed(page.read_text(encoding="utf-8"))
    return [json.loads(text) for kind, text in parser.scripts if kind == "application/ld+json"]


def tel_links(page: Path) -> list[str]:
    """The page's tel: links, leaving out the "need help now" box, which repeats some of them."""
    html = re.sub(r'<section class="hl-now".*?</section>', "", page.read_text(encoding="utf-8"), flags=re.S)
    return [t.removeprefix("tel:") for t in re.findall(r'href="(tel:[^"]*)"', html)]


def telephones(block: dict) -> list[str]:
    return [cp["telephone"] for cp in block["mainEntity"]["itemListElement"]]


@pytest.mark.parametrize("lang", SETTINGS.languages)
def test_each_site_page_describes_its_numbers_as_its_tel_links_dial_them(built_site, lang):
    for site in DATA.sites:
        page = built_site / PREFIX[lang] / "sites" / site.id / "index.html"
        (block,) = jsonld(page)
        assert block["@context"] == "https://schema.org" and block["@type"] == "WebPage"
        assert block["url"] == f"https://heartline.example.org/{PREFIX[lang]}sites/{site.id}/"
        assert block["inLanguage"] == lang
        assert block["about"]["identifier"] == site.id and block["about"]["name"] == site.name[lang]
        assert telephones(block) == tel_links(page)
        assert telephones(block) == [h.number.tel.removeprefix("tel:") for h in site.callable_hotlines]


@pytest.mark.parametrize("lang", SETTINGS.languages)
def test_the_directory_describes_the_numbers_it_lists(built_site, lang):
    page = built_site / PREFIX[lang] / "hotlines" / "index.html"
    (block,) = jsonld(page)
    assert telephones(block) == tel_links(page)
    assert telephones(block) == [h.number.tel.removeprefix("tel:") for h in directory_hotlines(DATA)]


@pytest.mark.parametrize("lang", SETTINGS.languages)
def test_contact_points_carry_the_records_hours_languages_and_sample_mark(built_site, lang):
    (block,) = jsonld(built_site / PREFIX[lang] / "hotlines" / "index.html")
    for cp, h in zip(block["mainEntity"]["itemListElement"], shared_hotlines(DATA)):
        assert cp["@type"] == "ContactPoint" and cp["name"] == h.name[lang]
        assert [x["alternateName"] for x in cp["availableLanguage"]] == list(h.languages)
        assert [x["name"] for x in cp["availableLanguage"]] == [DATA.spoken_languages[c][lang] for c in h.languages]
        assert cp.get("hoursAvailable", []) == opening_hours(h.hours)  # none claimed when set by city
        assert cp["description"].startswith(labels(lang)["sample_hotline"]) is h.sample


def test_opening_hours_follow_schema_org():
    every_day = {"@type": "OpeningHoursSpecification", "dayOfWeek": DAYS}
    assert opening_hours(Hours(always=True)) == [{**every_day, "opens": "00:00", "closes": "23:59"}]
    # a closing time before the opening time runs into the next day: 08:00 until midnight
    assert opening_hours(Hours(daily=("08:00-24:00",))) == [{**every_day, "opens": "08:00", "closes": "00:00"}]
    assert opening_hours(Hours(daily=("00:00-24:00",))) == [{**every_day, "opens": "00:00", "closes": "23:59"}]
    assert opening_hours(Hours(varies=True, at_least=18)) == []  # never claimed
    assert opening_hours(Hours(daily=("09:00-12:00", "14:00-18:00"))) == [
        {**every_day, "opens": "09:00", "closes": "12:00"}, {**every_day, "opens": "14:00", "closes": "18:00"}]
    assert DAYS[0] == "https://schema.org/Monday" and len(DAYS) == 7


def test_script_json_cannot_close_its_block():
    text = "</script><script>alert(1)</script><!-- & 'x' \u2028"
    out = str(script_json({"name": text}))
    assert "<" not in out and ">" not in out and "&" not in out and "'" not in out
    assert json.loads(out) == {"name": text}


def test_text_from_data_reaches_the_jsonld_as_text(project, tmp_path):
    sites = project / "resources" / "sites.yml"
    name = "</script><script>alert(1)</script><!--海棠 & 'x'"
    text = sites.read_text(encoding="utf-8").replace(
        "name: {zh: 海棠宾馆（示例）, en: Haitang Hotel (sample)}", f'name: {{zh: "{name}", en: "{name}"}}')
    sites.write_text(text, encoding="utf-8")
    assert build(load_settings(project), tmp_path / "site", leaflets=False) == 0
    page = tmp_path / "site" / "en" / "sites" / "h01" / "index.html"
    html = page.read_text(encoding="utf-8")
    assert "<script>alert(1)" not in html
    (block,) = jsonld(page)
    assert block["name"] == name and block["about"]["name"] == name
    parser = _Scripts()
    parser.feed(html)
    assert not any("alert(1)" in body for kind, body in parser.scripts if kind != "application/ld+json")


# A strict policy, as a host might send: scripts only from the site itself, and inline script
# samples reported, so a violation says which block it was.
POLICY = ("default-src 'self'; script-src 'self' 'report-sample'; style-src 'self' 'unsafe-inline'; "
          "img-src 'self' data:")
WATCH = """window.__violations = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__violations.push({directive: e.violatedDirective, sample: e.sample || ''});
});"""


@pytest.mark.browser
def test_chromium_reads_the_jsonld_under_a_strict_csp_without_a_violation(built_site):
    from playwright.sync_api import sync_playwright

    with serve(built_site) as origin, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport=PHONE, service_workers="block")

        def with_policy(route):
            response = route.fetch()
            route.fulfill(response=response,
                          headers={**response.headers, "content-security-policy": POLICY})

        context.route(f"{origin}/**", with_policy)
        context.add_init_script(WATCH)
        page = context.new_page()
        try:
            for path in ("sites/h03/", "en/hotlines/"):
                page.goto(f"{origin}/{path}", wait_until="networkidle")  # no request left in flight
                read = page.evaluate("""() => [...document.querySelectorAll('script[type="application/ld+json"]')]
                                        .map(s => JSON.parse(s.textContent))""")
                assert read == jsonld(built_site / path / "index.html")
                # The watch works and the policy holds: an inline script added now is refused and reported.
                page.evaluate("""() => { const s = document.createElement('script');
                                         s.textContent = 'window.__ran = true'; document.body.append(s); }""")
                page.wait_for_function("() => window.__violations.some(v => v.sample.startsWith('window.__ran'))")
                assert page.evaluate("() => window.__ran") is None
                samples = [v["sample"] for v in page.evaluate("() => window.__violations")]
                assert not [s for s in samples if s.lstrip().startswith("{")], samples
        finally:
            context.close()
            browser.close()
