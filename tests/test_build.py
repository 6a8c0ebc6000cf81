"""The real site, built as `make` builds it: pages, links, short addresses, escaping, safety."""
from __future__ import annotations

import datetime as dt
import re
import shutil

import pytest

from scripts.build import build
from scripts.data.config import load_settings
from scripts.data.loader import load_dataset
from scripts.site import csp
from tests.sitecheck import external_assets, html_files, parse, resolve


@pytest.fixture
def project(core_project):
    """What these tests check is the same in every language: the project in Chinese and English."""
    return core_project

SETTINGS = load_settings()
DATA = load_dataset(SETTINGS)


def prefix(lang):
    return SETTINGS.lang_prefix(lang)


@pytest.mark.parametrize("lang", SETTINGS.languages)
def test_every_generated_page_exists_in_every_language(built_site, lang):
    for site in DATA.sites:
        page = built_site / prefix(lang) / "sites" / site.id / "index.html"
        assert page.exists(), page
        assert f'lang="{lang}"' in page.read_text(encoding="utf-8")[:200]
    for folder in ("sites", "hotlines", "changes", "guides", "practice", ""):
        assert (built_site / prefix(lang) / folder / "index.html").exists()


def test_every_internal_link_resolves(built_site):
    broken = []
    for page in html_files(built_site):
        for tag, attr, href in parse(page).links:
            target = resolve(built_site, page, href)
            if target is not None and not target.exists():
                broken.append(f"{page.relative_to(built_site)}: {href}")
    assert not broken, "\n".join(broken[:20])


def test_tel_links_dial_e164_or_the_service_code(built_site):
    html = (built_site / "sites" / "h01" / "index.html").read_text(encoding="utf-8")
    tels = set(re.findall(r'href="(tel:[^"]*)"', html))
    assert {"tel:+862258881001", "tel:+862258880000", "tel:12356", "tel:120", "tel:110"} <= tels
    assert all(re.fullmatch(r"tel:(\+86\d{9,11}|1\d{2,4})", t) for t in tels), tels


def test_short_address_exists_for_every_site_and_points_at_real_pages(built_site):
    for site in DATA.sites:
        short = built_site / "s" / site.id / "index.html"
        links = [(t, v) for t, a, v in parse(short).links if t == "a"]
        assert len(links) == len(SETTINGS.languages)
        for _, href in links:
            target = resolve(built_site, short, href)
            assert target.exists(), (site.id, href)
        assert f'<html lang="{SETTINGS.default_language}">' in short.read_text("utf-8")


def test_every_short_page_carries_the_same_script_and_style(built_site):
    """So that one hash each allows them in a Content-Security-Policy."""
    from scripts.site.csp import digest, inline_code
    found = {tuple(frozenset(map(digest, code)) for code in
                   inline_code((built_site / "s" / s.id / "index.html").read_text("utf-8")))
             for s in DATA.sites}
    assert len(found) == 1 and all(len(h) == 1 for h in next(iter(found)))


def test_no_asset_is_loaded_from_another_host(built_site):
    assert external_assets(built_site) == []


def test_language_switcher_keeps_the_reader_on_the_same_site_page(built_site):
    links = parse(built_site / "en" / "sites" / "h05" / "index.html").links
    switch = {v for t, a, v in links if t == "a" and v.endswith("sites/h05/")}
    assert "../../../sites/h05/" in switch


def test_site_pages_stay_out_of_search_and_navigation(built_site):
    index = (built_site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "sites/h01/" not in index
    assert "guides/sleep/" in index
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert "sites/h01/" not in home


def test_site_pages_have_no_search_box_other_pages_do(built_site):
    for prefix in ("", "en/"):
        site_page = (built_site / prefix / "sites" / "h01" / "index.html").read_text(encoding="utf-8")
        guide = (built_site / prefix / "guides" / "sleep" / "index.html").read_text(encoding="utf-8")
        assert 'name="search"' not in site_page and 'for="__search"' not in site_page
        assert 'name="search"' in guide and 'for="__search"' in guide
        # the rest of the header and the page itself are intact
        assert site_page.count("<div") == site_page.count("</div>")
        assert 'class="md-header__option"' in site_page and 'id="site"' in site_page


def test_closed_site_keeps_its_page_with_a_notice(built_site):
    html = (built_site / "en" / "sites" / "h13" / "index.html").read_text(encoding="utf-8")
    assert "This site has closed" in html and "tel:+862258880000" in html


def test_sample_data_is_marked_on_the_page(built_site):
    html = (built_site / "sites" / "h01" / "index.html").read_text(encoding="utf-8")
    assert "虚构的示例隔离点" in html


def test_data_reaches_the_page_as_text_never_markup(project, tmp_path):
    sites = project / "resources" / "sites.yml"
    text = sites.read_text(encoding="utf-8")
    text = text.replace("name: {zh: 海棠宾馆（示例）, en: Haitang Hotel (sample)}",
                        'name: {zh: "<script>alert(1)</script>海棠", '
                        'en: "[click](javascript:alert(1)) *bold* <b>x</b> & {: #id }"}')
    sites.write_text(text, encoding="utf-8")
    assert build(load_settings(project), tmp_path / "site") == 0
    zh = (tmp_path / "site" / "sites" / "h01" / "index.html").read_text(encoding="utf-8")
    en = (tmp_path / "site" / "en" / "sites" / "h01" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in zh and "&lt;script&gt;alert(1)&lt;/script&gt;海棠" in zh
    assert "javascript:" not in en.replace("[click](javascript:alert(1))", "")
    assert "[click](javascript:alert(1)) *bold* &lt;b&gt;x&lt;/b&gt; &amp; {: #id }" in en
    assert "<b>x</b>" not in en


def test_bad_data_leaves_the_previous_site_as_it_was(project, tmp_path, capsys):
    site = tmp_path / "site"
    settings = load_settings(project)
    assert build(settings, site) == 0
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    sites = project / "resources" / "sites.yml"
    sites.write_text(sites.read_text(encoding="utf-8").replace("- id: h05", "- id: h04"), "utf-8")
    assert build(settings, site) == 1
    assert "duplicate site id 'h04'" in capsys.readouterr().err
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before


def test_failed_site_build_leaves_the_previous_site_as_it_was(project, tmp_path):
    site = tmp_path / "site"
    settings = load_settings(project)
    assert build(settings, site) == 0
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    guide = project / "docs" / "guides" / "sleep.en.md"
    guide.write_text(guide.read_text("utf-8") + "\n[broken](no-such-page.md)\n", "utf-8")
    assert build(settings, site) == 1
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before
    assert not list(tmp_path.glob(".site-new-*")), "the temporary build folder was left behind"


@pytest.mark.parametrize("lang", SETTINGS.languages)
def test_every_site_page_and_the_home_page_link_to_the_safety_plan(built_site, lang):
    pages = [built_site / prefix(lang) / "sites" / s.id / "index.html" for s in DATA.sites]
    for page in pages + [built_site / prefix(lang) / "index.html"]:
        links = [href for tag, attr, href in parse(page).links if tag == "a" and "safety-plan" in href]
        assert links, page
        assert all(resolve(built_site, page, href) == built_site / prefix(lang) / "guides" / "safety-plan" / "index.html"
                   for href in links), (page, links)
# `make` runs every check of `make check` first, and stops on an error.

def verified_days_ago(project, days: int) -> str:
    """Set the sample h-psy-support line's `verified` date `days` days back; returns that date."""
    day = (dt.date.today() - dt.timedelta(days=days)).isoformat()
    hotlines = project / "resources" / "hotlines.yml"
    text = hotlines.read_text(encoding="utf-8")
    entry = text.index("  - id: h-psy-support\n")
    old = re.compile(r'verified: "[0-9-]+"').search(text, entry)
    hotlines.write_text(text[: old.start()] + f'verified: "{day}"' + text[old.end():], encoding="utf-8")
    return day


def test_a_stale_number_stops_the_build_as_make_check_does(project, tmp_path, capsys):
    day = verified_days_ago(project, 200)
    site = tmp_path / "site"
    assert build(load_settings(project), site, leaflets=False) == 1
    err = capsys.readouterr().err
    assert re.search(rf"^resources/hotlines\.yml:\d+: hotlines\[6\]\.verified: 'h-psy-support' last "
                     rf"verified {day}, 200 days ago \(limit 90, an error after 180\)", err, re.M), err
    assert "1 error(s), 0 warning(s) (`make check` lists them too); " in err
    assert not site.exists()


def test_a_number_due_for_checking_warns_but_builds(project, tmp_path, capsys):
    day = verified_days_ago(project, 100)
    site = tmp_path / "site"
    assert build(load_settings(project), site, leaflets=False) == 0
    assert f"warning: hotlines[6].verified: 'h-psy-support' last verified {day}, 100 days ago" \
           in capsys.readouterr().err
    assert (site / "index.html").exists()


def test_an_unsafe_guide_stops_the_build_and_never_reaches_the_site(project, tmp_path, capsys):
    site = tmp_path / "site"
    settings = load_settings(project)
    assert build(settings, site, leaflets=False) == 0
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    guide = project / "docs" / "guides" / "sleep.en.md"
    guide.write_text(guide.read_text("utf-8") + "\n[help]( javascript:alert(1))\n", "utf-8")
    assert build(settings, site, leaflets=False) == 1
    assert "docs/guides/sleep.en.md:" in capsys.readouterr().err
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before


def test_a_number_that_cannot_be_verified_in_time_is_taken_off_the_site(project, tmp_path):
    """What CONTRIBUTING.md tells an editor to do: delete its entry from hotlines.yml and its id
    from every site's list. The build then passes, and no page shows the number."""
    verified_days_ago(project, 200)
    hotlines = project / "resources" / "hotlines.yml"
    text = hotlines.read_text(encoding="utf-8")
    entry = re.search(r"^  - id: h-psy-support\n(?:    .*\n|      .*\n)*", text, re.M)
    hotlines.write_text(text[: entry.start()] + text[entry.end():], encoding="utf-8")
    sites = project / "resources" / "sites.yml"
    sites.write_text(sites.read_text(encoding="utf-8").replace(" h-psy-support,", ""), encoding="utf-8")
    site = tmp_path / "site"
    assert build(load_settings(project), site, leaflets=False) == 0
    pages = [p.read_text("utf-8") for p in site.rglob("*.html")]
    assert not [p for p in pages if "tel:+862258880000" in p]
    assert all("tel:120" in p for p in
               [(site / "sites" / s.id / "index.html").read_text("utf-8") for s in DATA.sites])


# The security policy.

def test_every_page_carries_the_security_policy_and_needs_nothing_else(built_site):
    assert csp.unpermitted(built_site, SETTINGS) == []
    pages = list(built_site.rglob("*.html"))
    assert len(pages) > 3 * len(DATA.sites)
    assert all(csp.meta_tag(SETTINGS) in p.read_text("utf-8") for p in pages)


def test_a_page_with_an_inline_script_or_style_the_policy_does_not_allow_is_reported(built_site, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(built_site / "guides", site / "guides")
    page = site / "guides" / "sleep" / "index.html"
    html = page.read_text("utf-8")
    page.write_text(html.replace("</body>", "<script>alert(1)</script><p style=\"color:red\">x</p></body>"),
                    "utf-8")
    (site / "bare.html").write_text("<!doctype html><title>x</title><script>1</script>", "utf-8")
    problems = csp.unpermitted(site, SETTINGS)
    assert "bare.html: the security policy is missing or comes after a script" in problems
    assert f"guides/sleep/index.html: inline script {csp.digest('alert(1)')} not allowed: 'alert(1)'" in problems
    assert "guides/sleep/index.html: a style attribute, which the policy blocks" in problems


@pytest.mark.parametrize("lang", SETTINGS.languages)
def test_the_hotline_directory_lists_every_hotline_in_the_data(built_site, lang):
    html = (built_site / prefix(lang) / "hotlines" / "index.html").read_text(encoding="utf-8")
    closed = {h.id for s in DATA.sites for h in s.hotlines if h not in s.callable_hotlines}
    for h in DATA.hotlines:
        if h.id in closed:  # by name only, without the number nobody answers any more
            assert h.name[lang] in html and h.number.tel not in html, h.id
        else:
            assert f'id="hotline-{h.id}"' in html and f'href="{h.number.tel}"' in html, h.id
    assert 'id="hotline-h-multilingual"' in html
