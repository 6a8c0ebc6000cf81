"""Generated pages (scripts/site/generate.py): the paths the checks use without rendering."""
from __future__ import annotations

from scripts.data.config import load_settings
from scripts.data.loader import load_dataset
from scripts.site.generate import TEMPLATES, page_paths, render_pages, site_page
from scripts.site.pages import page_titles
from scripts.words.templating import html_env

SETTINGS = load_settings()
DATA = load_dataset(SETTINGS)


def test_the_paths_the_checks_use_are_those_of_the_pages_written():
    assert sorted(page_paths(DATA, SETTINGS)) == sorted(render_pages(DATA, SETTINGS))


def test_a_site_page_is_the_same_with_a_shared_environment():
    titles = page_titles(SETTINGS.docs_dir / "guides", SETTINGS.languages)
    env = html_env(TEMPLATES)
    for site in DATA.sites[:3]:
        for lang in SETTINGS.languages:
            assert site_page(site, DATA, lang, titles, SETTINGS, env) == site_page(site, DATA, lang, titles, SETTINGS)
