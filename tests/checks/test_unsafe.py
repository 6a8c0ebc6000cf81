"""A guide cannot run code: every way of writing a script or a javascript: link is refused by
`make check` with its file and line."""
from __future__ import annotations

import pytest

from scripts import check
from scripts.checks.unsafe import allowed_url
from scripts.data.config import load_settings

TODAY = "2026-12-02"
GUIDE = "docs/guides/sleep.en.md"
FIX_LINK = "use https://, mailto:, tel:, sms: or a relative link to a page (page.md)"
FIX_STYLE = "remove it; the site's styles are in docs/assets/heartline.css"


def run(project, monkeypatch, capsys):
    monkeypatch.setattr(check, "load_settings", lambda: load_settings(project))
    code = check.main(["--today", TODAY])
    return code, capsys.readouterr().out.splitlines()


def append(project, snippet: str) -> int:
    """Add snippet (one or more lines) at the end of the guide; returns the line of its first line."""
    path = project / GUIDE
    text = path.read_text(encoding="utf-8").rstrip("\n") + "\n\n"
    path.write_text(text + snippet + "\n", encoding="utf-8")
    return text.count("\n") + 1


FORMS = [
    ("<script>alert(1)</script>", 0,
     "raw HTML <script> can run code or load content from elsewhere — remove it and write the page in Markdown"),
    ('<img src="x.png" onerror="alert(1)">', 0,
     "raw HTML attribute onerror on <img> can run code — remove the attribute"),
    ("<IMG SRC=x OnError=alert(1)>", 0,
     "raw HTML attribute onerror on <img> can run code — remove the attribute"),
    ('<iframe src="https://example.org/"></iframe>', 0,
     "raw HTML <iframe> can run code or load content from elsewhere — remove it and write the page in Markdown"),
    ("[x](javascript:alert(1))", 0, f"link 'javascript:alert(1)' is not allowed — {FIX_LINK}"),
    ("[x]( javascript:alert(1))", 0, f"link 'javascript:alert(1)' is not allowed — {FIX_LINK}"),
    ("[x](<javascript:alert(1)>)", 0, f"link 'javascript:alert(1)' is not allowed — {FIX_LINK}"),
    ('[x](JaVaScRiPt:alert(1) "a title")', 0, f"link 'JaVaScRiPt:alert(1)' is not allowed — {FIX_LINK}"),
    ("[x][help]\n\n[help]: javascript:alert(1)", 2, f"link 'javascript:alert(1)' is not allowed — {FIX_LINK}"),
    ("[help]: javascript:alert(1)\n\nSee [help].", 0, f"link 'javascript:alert(1)' is not allowed — {FIX_LINK}"),
    ('<a href="jav&#x61;script:alert(1)">x</a>', 0, f"link 'javascript:alert(1)' is not allowed — {FIX_LINK}"),
    ("![x](javascript:alert(1))", 0, f"link 'javascript:alert(1)' is not allowed — {FIX_LINK}"),
    ('A paragraph.\n{: onclick="alert(1)" }', 1,
     "raw HTML attribute onclick on <p> can run code — remove the attribute"),
    ("[x](http://example.org/)", 0, f"link 'http://example.org/' is not allowed — {FIX_LINK}"),
    ("[x](//example.org/page)", 0, f"link '//example.org/page' is not allowed — {FIX_LINK}"),
    ("[x](data:text/html,hello)", 0, f"link 'data:text/html,hello' is not allowed — {FIX_LINK}"),
    ("[x](file:///etc/passwd)", 0, f"link 'file:///etc/passwd' is not allowed — {FIX_LINK}"),
    ('<p style="color: red">red</p>', 0,
     f"attribute style on <p> is blocked by the pages' security policy — {FIX_STYLE}"),
    ("<style>p { color: red }</style>", 0,
     f"raw HTML <style> is blocked by the pages' security policy — {FIX_STYLE}"),
]


@pytest.mark.parametrize("snippet, offset, message", FORMS, ids=[f[0][:40] for f in FORMS])
def test_unsafe_html_and_links_are_refused_at_their_line(project, monkeypatch, capsys, snippet, offset, message):
    line = append(project, snippet) + offset
    code, out = run(project, monkeypatch, capsys)
    assert code == 1
    assert out[:-1] == [f"{GUIDE}:{line}: {message}"]


def test_an_element_and_its_attribute_are_both_reported(project, monkeypatch, capsys):
    line = append(project, "<svg onload=alert(1)></svg>")
    code, out = run(project, monkeypatch, capsys)
    assert code == 1
    assert out[:-1] == [
        f"{GUIDE}:{line}: raw HTML <svg> can run code or load content from elsewhere — remove it and "
        "write the page in Markdown",
        f"{GUIDE}:{line}: raw HTML attribute onload on <svg> can run code — remove the attribute"]


def test_each_unsafe_link_is_reported_at_its_own_line(project, monkeypatch, capsys):
    first = append(project, "[a](javascript:alert(1))\n\nText.\n\n[b](javascript:alert(1))")
    code, out = run(project, monkeypatch, capsys)
    message = f"link 'javascript:alert(1)' is not allowed — {FIX_LINK}"
    assert code == 1
    assert out[:-1] == [f"{GUIDE}:{first}: {message}", f"{GUIDE}:{first + 4}: {message}"]


def test_code_shown_as_code_and_safe_links_pass(project, monkeypatch, capsys):
    append(project, "Never paste `<script>alert(1)</script>` or `javascript:` into a page.\n\n"
                    "```html\n<img src=x onerror=alert(1)>\n```\n\n"
                    "[site](https://example.org/) [mail](mailto:help@example.org) [call](tel:12356) "
                    "[text](sms:12356) [page](stress-anxiety.md#when-to-call) <br> <kbd>Ctrl</kbd>")
    assert run(project, monkeypatch, capsys) == (0, ["All checks passed (0 warning(s))."])


def test_allowed_url():
    assert all(map(allowed_url, ["https://example.org/", "mailto:a@b.org", "tel:+862258881001",
                                 "sms:12356", "page.md", "../hotlines/index.md#x", "#top", ""]))
    assert not any(map(allowed_url, ["javascript:alert(1)", " JAVASCRIPT:alert(1)",
                                     "java\tscript:alert(1)", "\x01javascript:alert(1)",
                                     "vbscript:x", "data:text/html,x", "http://example.org/",
                                     "//example.org/", "https:relative", "ftp://example.org/"]))
