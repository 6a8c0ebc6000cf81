"""What pages leave out (scripts/site/pagediet.py): unused assets, the templates' indentation, and
on site pages the search's settings."""
from __future__ import annotations

import json
import re
from pathlib import Path

import material
import yaml

from scripts.data.config import load_settings
from scripts.site.pagediet import collapsed, without_search_config, without_unused_assets

SETTINGS = load_settings()
CONFIG = re.compile(r'<script id="__config" type="application/json">(.*?)</script>', re.S)


def test_indentation_goes_and_what_keeps_its_whitespace_stays():
    html = ("<div>\n      <span>\n        热线\n      </span> <b>a</b>\n</div>\n"
            "<pre>  x\n    y</pre>\n  <script>\n  var a = 1;\n</script>\n"
            "<style data-hl-critical>a{b:c}\n  d{e:f}</style>\n  <textarea>\n  t</textarea>")
    assert collapsed(html) == ("<div>\n<span>\n热线\n</span> <b>a</b>\n</div>\n"
                               "<pre>  x\n    y</pre>\n<script>\n  var a = 1;\n</script>\n"
                               "<style data-hl-critical>a{b:c}\n  d{e:f}</style>\n<textarea>\n  t</textarea>")


def test_the_finder_script_stays_only_where_it_has_work():
    scripts = ('<script src="../assets/heartline.js"></script>\n'
               '<script src="../assets/finder.js"></script>\n')
    assert "finder.js" not in without_unused_assets("<p>x</p>" + scripts)
    assert "finder.js" in without_unused_assets('<form class="hl-finder" id="finder" hidden>' + scripts)
    assert "finder.js" in without_unused_assets('<button type="button" class="hl-copy md-button">' + scripts)
    assert "heartline.js" in without_unused_assets(scripts)


def test_the_search_settings_go_and_the_rest_stays():
    config = {"base": "../..", "features": [], "search": "../../assets/javascripts/workers/search.js",
              "translations": {"clipboard.copy": "复制", "search.result.none": "没有"}, "version": None}
    page = f'<script id="__config" type="application/json">{json.dumps(config)}</script>'
    out = json.loads(CONFIG.search(without_search_config(page)).group(1))
    assert out == {"base": "../..", "features": [], "translations": {"clipboard.copy": "复制"}, "version": None}


def test_the_accent_colours_are_those_of_the_palette_pages_no_longer_load():
    """Pages leave out Material's palette stylesheet; heartline.css carries the one rule of it that
    applies to this site's colours. Fails when Material or the accent in mkdocs.yml changes."""
    theme = yaml.safe_load((SETTINGS.root / "mkdocs.yml").read_text(encoding="utf-8"))["theme"]
    accent = theme["palette"]["accent"].replace(" ", "-")
    assert theme["palette"]["primary"] == "custom"  # heartline.css sets the primary colours
    sheets = list((Path(material.__file__).parent / "templates" / "assets" / "stylesheets").glob("palette.*.min.css"))
    palette = sheets[0].read_text(encoding="utf-8")
    rule = re.compile(r"\[data-md-color-accent=" + re.escape(accent) + r"\]\{([^}]*)\}")
    theirs = dict(d.split(":", 1) for d in rule.search(palette).group(1).split(";"))
    ours_css = (SETTINGS.docs_dir / "assets" / "heartline.css").read_text(encoding="utf-8")
    ours_block = re.search(r"\[data-md-color-accent=" + re.escape(accent) + r"\]\s*\{([^}]*)\}", ours_css).group(1)
    ours = dict((k.strip(), v.strip()) for k, v in (d.split(":", 1) for d in ours_block.split(";") if d.strip()))
    assert ours == theirs
    # Nothing else in the palette applies to these colours (but switching schemes, which needs a
    # toggle this site does not have).
    ours_only = re.compile(r"data-md-color-(accent=" + re.escape(accent) + r"|primary=custom|scheme=default)\]")
    for selector in re.findall(r"([^{}]+)\{[^{}]*\}", palette):
        if "data-md-color-" not in selector or ours_only.search(selector):
            assert f"accent={accent}]" in selector or "switching" in selector, selector


def test_built_pages_load_no_palette_and_site_pages_no_search_settings(built_site):
    for page in ("index.html", "guides/sleep/index.html", "sites/h03/index.html", "en/sites/h03/index.html"):
        html = (built_site / page).read_text(encoding="utf-8")
        assert "palette." not in html and "assets/heartline.css" in html, page
        assert "\n  " not in html.split("<style", 1)[0], page  # no indentation before the styles
    site = json.loads(CONFIG.search((built_site / "sites/h03/index.html").read_text(encoding="utf-8")).group(1))
    guide = json.loads(CONFIG.search((built_site / "guides/sleep/index.html").read_text(encoding="utf-8")).group(1))
    assert "search" not in site and not any(k.startswith("search.") for k in site["translations"])
    assert "search" in guide
