"""The site's own scripts, as phones download them: without comments and indentation (rjsmin).
The sources in docs/ keep their comments, which are much of each file: the service worker went
from 3.4 KB to 2.5 KB with Brotli, heartline.js from 0.9 KB to 0.4 KB, now.js from 0.9 to 0.6 KB.
The theme's own scripts are minified already (*.min.js)."""
from __future__ import annotations

from pathlib import Path

import rjsmin

ASSETS = "assets"


def minified(source: str) -> str:
    """The script without comments and needless whitespace; it runs the same."""
    return rjsmin.jsmin(source)


def own_scripts(docs_dir: Path) -> list[str]:
    """The scripts docs/assets/ ships, as paths relative to the site: ['assets/finder.js', …]."""
    return sorted(f"{ASSETS}/{p.name}" for p in (docs_dir / ASSETS).glob("*.js"))


def minify_scripts(site_dir: Path, docs_dir: Path) -> list[str]:
    """Rewrite the built copies of docs/assets/*.js minified. Returns their paths."""
    done = []
    for rel in own_scripts(docs_dir):
        path = site_dir / rel
        if path.exists():
            path.write_text(minified(path.read_text(encoding="utf-8")), encoding="utf-8")
            done.append(rel)
    return done
