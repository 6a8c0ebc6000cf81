"""Site pages carry their styles inline, the same block on every one, and load the theme's
stylesheets at the end of <body>."""
from __future__ import annotations

import base64
import hashlib
import re

import pytest

from scripts.data.config import load_settings
from scripts.data.loader import load_dataset
from scripts.site import critical
from scripts.site.critical import critical_css, style_hashes, with_critical_css

SETTINGS = load_settings()
DATA = load_dataset(SETTINGS)
STYLE = re.compile(r"<style data-hl-critical>(.*?)</style>", re.S)

PAGE = """<html><head>
<title>x</title>
<link rel="stylesheet" href="a.css">
<link rel="stylesheet" href="b.css">
<script>inline()</script>
</head><body><p>x</p>
<script id="__config" type="application/json">{}</script>
<script src="bundle.js"></script>
</body></html>"""


def test_styles_inline_in_head_and_stylesheets_before_the_themes_scripts():
    html = with_critical_css(PAGE, "p{color:red}")
    assert html == """<html><head>
<title>x</title>
<style data-hl-critical>p{color:red}</style>
<script>inline()</script>
</head><body><p>x</p>
<link rel="stylesheet" href="a.css">
<link rel="stylesheet" href="b.css">
<script id="__config" type="application/json">{}</script>
<script src="bundle.js"></script>
</body></html>"""


def test_a_theme_page_of_another_shape_stops_the_build():
    with pytest.raises(ValueError, match="scripts/site/critical.py"):
        with_critical_css(PAGE.replace('id="__config"', 'id="config"'), "p{}")


def test_the_hash_is_that_of_the_block_every_site_page_carries(built_site):
    blocks = set()
    for site in DATA.sites:
        for lang in SETTINGS.languages:
            html = (built_site / SETTINGS.lang_prefix(lang) / "sites" / site.id / "index.html").read_text("utf-8")
            head = html[: html.index("</head>")]
            assert '<link rel="stylesheet"' not in head
            blocks.update(STYLE.findall(head))
    assert blocks == {critical_css()}
    digest = base64.b64encode(hashlib.sha256(critical_css().encode()).digest()).decode()
    assert style_hashes() == (f"'sha256-{digest}'",)


def test_guides_keep_the_themes_stylesheets_in_head(built_site):
    html = (built_site / "guides" / "sleep" / "index.html").read_text("utf-8")
    assert '<link rel="stylesheet"' in html[: html.index("</head>")] and "data-hl-critical" not in html


def test_critical_css_is_current(built_site, capsys):
    """critical.css is made from the built site: a change to the theme, heartline.css or the site
    page's template may need it made again (the command is in the message)."""
    assert critical.main(["--site-dir", str(built_site)]) == 0, capsys.readouterr().err


def test_rules_are_cut_from_the_stylesheets_for_what_the_first_screen_shows():
    sheet = ("a,.x{color:red;--unused:1;--c:blue;background:var(--c);transition:all 1s;cursor:pointer}"
             "@media print{a{color:black}}@media screen and (min-width:10em){.x,b{margin:0}}"
             ".never{color:green}a:hover{color:pink}footer p{color:gray}body{margin:0}")
    page = ('<html><body><article><a class="x">1</a><b hidden><i class="never"></i></b></article>'
            "<footer><p>small print</p></footer></body></html>")
    assert critical.extract([page], [sheet]) == (
        "a,.x{color:red;--c:blue;background:var(--c)}\n"
        "@media screen and (min-width:10em){.x{margin:0}}\n"
        "body{margin:0}\n")
