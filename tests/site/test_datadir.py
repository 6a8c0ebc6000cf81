"""The data/ folder of the built site: every file listed on its page, with the licence, and the
hotline directory linking to it."""
from __future__ import annotations

import datetime as dt

from scripts.data.config import load_settings
from scripts.data.loader import load_dataset
from scripts.site.data_license import LICENSE
from scripts.site.datadir import data_files
from tests.sitecheck import parse, resolve

SETTINGS = load_settings()
DATA = load_dataset(SETTINGS)


def test_the_index_page_lists_every_file_with_the_licence(built_site):
    folder = built_site / "data"
    index = folder / "index.html"
    links = {resolve(built_site, index, href) for tag, attr, href in parse(index).links if tag == "a"}
    files = {p.resolve() for p in folder.rglob("*") if p.is_file() and p != index}
    assert files and files <= links, sorted(str(p) for p in files - links)
    html = index.read_text(encoding="utf-8")
    assert f'<a href="{LICENSE["url"]}" rel="license">{LICENSE["short"]}</a>' in html
    for lang in SETTINGS.languages:
        assert f'<section lang="{lang}">' in html


def test_the_folder_holds_exactly_the_files_the_build_makes(built_site):
    made = set(data_files(DATA, SETTINGS, dt.date.today()))
    found = {p.relative_to(built_site / "data").as_posix() for p in (built_site / "data").rglob("*") if p.is_file()}
    assert found == made


def test_the_hotline_directory_links_to_the_open_data(built_site):
    for prefix in ("", "en/"):
        page = built_site / prefix / "hotlines" / "index.html"
        targets = [resolve(built_site, page, href) for tag, attr, href in parse(page).links
                   if tag == "a" and href.endswith("data/")]
        assert targets == [(built_site / "data" / "index.html").resolve()], prefix
