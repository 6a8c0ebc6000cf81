"""Stamping stops the build, with the reason, rather than stamp from a page it does not understand
(that stamped pages equal the theme's own is tests/site/test_parallel.py's)."""
from __future__ import annotations

import pytest

from scripts.site.stamp import BODY, TITLE, StampError, Stamper, site_of


def test_only_site_pages_are_stamped():
    assert site_of("sites/h01.zh.md") == "h01"
    assert site_of("sites/b0001-x.en.md") == "b0001-x"
    assert site_of("sites/index.zh.md") is None
    assert site_of("guides/sleep.zh.md") is None


@pytest.mark.parametrize("output", [
    f"<title>{TITLE}</title><h1>{TITLE}</h1>",  # the body is missing
    f"<title>{TITLE}</title>{BODY}{BODY}<h1>{TITLE}</h1>",  # twice
    f"<title>{TITLE}</title>{BODY}",  # a theme that no longer shows the title in its header
    f"<title>{TITLE}</title>{BODY}<h1>{TITLE}</h1><meta content=\"{TITLE}\">",  # or shows it once more
])
def test_a_theme_page_not_shaped_as_expected_stops_the_build(output):
    with pytest.raises(StampError, match="scripts/site/stamp.py"):
        Stamper().keep("zh", output)


def test_a_site_page_whose_front_matter_differs_in_what_the_theme_reads_stops_the_build(tmp_path):
    (tmp_path / "sites").mkdir()
    for site, hide in (("a1", '["toc"]'), ("b2", '["toc", "footer"]')):
        (tmp_path / "sites" / f"{site}.zh.md").write_text(
            f'---\n{{"title": "{site}", "hide": {hide}}}\n---\n<h1>{site}</h1>\n', encoding="utf-8")

    class Page:
        meta = {"title": "a1", "hide": ["toc"]}
    stamper = Stamper(prototype="a1", sites=["a1", "b2"])
    stamper.mark("zh", Page)
    stamper.keep("zh", f"<title>{TITLE}</title>{BODY}<span>{TITLE}</span>")
    pages = stamper.pages("zh", "", tmp_path, lambda body, meta, url: body, lambda html, meta: html)
    assert next(pages) == ("sites/a1/index.html", "<title>a1</title><h1>a1</h1><span>a1</span>")
    with pytest.raises(StampError, match=r"docs/sites/b2\.zh\.md: its front matter differs"):
        next(pages)
