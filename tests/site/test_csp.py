"""The pages' security policy: same-origin only, inline code by hash, one string for the pages and
for a web server."""
from __future__ import annotations

import re

from scripts.data.config import load_settings
from scripts.site import csp

SETTINGS = load_settings()


def test_the_policy_allows_only_the_sites_own_code_and_the_hashed_inline_code():
    policy = csp.policy(SETTINGS)
    directives = dict(d.split(" ", 1) for d in policy.split("; "))
    assert directives["default-src"] == "'none'"
    assert re.fullmatch(r"'self'( 'sha256-[A-Za-z0-9+/]{43}=')+", directives["script-src"])
    assert re.fullmatch(r"'self'( 'sha256-[A-Za-z0-9+/]{43}=')+", directives["style-src"])
    assert "unsafe" not in policy and "*" not in policy and "http" not in policy
    assert '"' not in policy  # it sits in a content="…" attribute
    assert "frame-ancestors" not in policy  # browsers ignore it in a <meta>, with a warning


def test_the_hashes_are_of_the_inline_code_the_templates_write(built_site):
    scripts, styles = csp.allowed_code(SETTINGS)
    found_scripts, found_styles = set(), set()
    for page in [built_site / "index.html", built_site / "en" / "guides" / "sleep" / "index.html",
                 built_site / "404.html", built_site / "s" / "h03" / "index.html",
                 built_site / "sites" / "h03" / "index.html"]:  # a site page: its critical styles
        page_scripts, page_styles = csp.inline_code(page.read_text("utf-8"))
        found_scripts |= set(page_scripts)
        found_styles |= set(page_styles)
    assert found_scripts == set(scripts) and found_styles == set(styles)


def test_json_data_blocks_and_external_scripts_are_not_inline_code():
    html = ('<script id="__config" type="application/json">{"a": 1}</script>'
            '<script src="x.js"></script><script type="module">m()</script><script>s()</script>'
            '<style>p{}</style>')
    assert csp.inline_code(html) == (["m()", "s()"], ["p{}"])


def test_the_scope_is_the_sites_path():
    assert csp.scope(SETTINGS) == "/"


def test_a_web_server_gets_the_same_policy_with_frame_ancestors(capsys):
    assert csp.main(["--header"]) == 0
    header = capsys.readouterr().out.strip()
    assert header == csp.policy(SETTINGS) + "; frame-ancestors 'self'"
