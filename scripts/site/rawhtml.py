"""Generated pages whose body is already HTML skip Markdown. Python-Markdown passes such a body
through unchanged, but only after parsing every tag of it to find where each HTML block ends: that
parsing was half of the site build (2,000 sites: 13.6 of 27 s in one MkDocs process, profiled with
cProfile). A page opts in with front matter `body: html`; its body then reaches the theme exactly
as written."""
from __future__ import annotations

# Front matter of a page whose body is final HTML (written by scripts/site/generate.py).
KEY, HTML = "body", "html"
_HELD = "hl_html_body"


def is_html_page(meta: dict) -> bool:
    return meta.get(KEY) == HTML


def hold(markdown: str, page) -> str:
    """on_page_markdown: keep an HTML page's body aside and give Markdown nothing to parse."""
    if not is_html_page(page.meta):
        return markdown
    setattr(page, _HELD, markdown)
    return ""


def release(html: str, page) -> str:
    """on_page_content: the body kept aside by hold(), in place of Markdown's (empty) output."""
    body = getattr(page, _HELD, None)
    if body is None:
        return html
    delattr(page, _HELD)
    return body.strip()  # as Markdown returns it
