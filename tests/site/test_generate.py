"""Generated pages (scripts/site/generate.py): the paths the checks use without rendering."""
from __future__ import annotations

from scripts.data.config import load_settings
from scripts.data.loader import load_dataset
from scripts.site.generate import Parts, page_paths, render_pages, site_page
from scripts.site.pages import page_titles

SETTINGS = load_settings()
DATA = load_dataset(SETTINGS)


def test_the_paths_the_checks_use_are_those_of_the_pages_written():
    assert sorted(page_paths(DATA, SETTINGS)) == sorted(render_pages(DATA, SETTINGS))


def test_a_site_page_is_the_same_when_its_parts_are_shared_with_other_pages():
    """Hotline entries and "need help now" boxes are laid out once per render (Parts) and reused:
    every site page is exactly the page laid out on its own."""
    titles = page_titles(SETTINGS.docs_dir / "guides", SETTINGS.languages)
    parts = Parts(DATA)
    for lang in SETTINGS.languages:
        for site in reversed(DATA.sites):  # the last sites' parts are laid out first
            assert site_page(site, DATA, lang, titles, SETTINGS, parts) == site_page(site, DATA, lang, titles, SETTINGS)
