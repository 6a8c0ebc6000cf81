"""Generated pages skip Markdown: the body they give the theme is the one Markdown would give."""
from __future__ import annotations

import markdown
import yaml

from scripts.data.config import load_settings
from scripts.data.loader import load_dataset
from scripts.site import rawhtml
from scripts.site.generate import render_pages
from scripts.site.pages import FRONT_MATTER

SETTINGS = load_settings()


def project_markdown() -> markdown.Markdown:
    """Python-Markdown with the extensions and settings mkdocs.yml names."""
    config = yaml.safe_load((SETTINGS.root / "mkdocs.yml").read_text(encoding="utf-8"))
    names, settings = [], {}
    for item in config["markdown_extensions"]:
        name, options = next(iter(item.items())) if isinstance(item, dict) else (item, None)
        names.append(name)
        if options:
            settings[name] = options
    return markdown.Markdown(extensions=names, extension_configs=settings)


class FakePage:
    def __init__(self, meta):
        self.meta = meta


def test_every_generated_page_asks_to_skip_markdown_and_markdown_would_leave_it_as_it_is():
    pages = render_pages(load_dataset(SETTINGS), SETTINGS)
    md = project_markdown()
    assert len(pages) > 20
    for rel, text in pages.items():
        match = FRONT_MATTER.match(text)
        meta = yaml.safe_load(match.group(1))
        assert rawhtml.is_html_page(meta), rel
        body = text[match.end():]
        page = FakePage(meta)
        assert rawhtml.hold(body, page) == ""
        assert rawhtml.release("", page) == md.reset().convert(body), rel


def test_a_hand_written_page_goes_through_markdown():
    page = FakePage({"title": "Sleep"})
    assert rawhtml.hold("# Sleep\n", page) == "# Sleep\n"
    assert rawhtml.release("<h1>Sleep</h1>", page) == "<h1>Sleep</h1>"
