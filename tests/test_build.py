"""The real site, built as `make` builds it: pages, links, short addresses, escaping, safety."""
from __future__ import annotations

import re

import pytest

from scripts.build import build
from scripts.data.config import load_settings
from scripts.data.loader import load_dataset
from tests.sitecheck import external_assets, html_files, parse, resolve

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
    from scripts.site.csp import inline_hashes
    found = {tuple(map(frozenset, inline_hashes((built_site / "s" / s.id / "index.html").read_text("utf-8"))))
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
