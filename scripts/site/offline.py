"""What the service worker (docs/sw.js, copied to site/sw.js) learns from the build: an id for the
build, and the words and markup of its notices in every language.

The build id is a hash of every file the worker may keep on a phone (everything but leaflet PDFs)
and of these settings. It names the worker's cache (`heartline-<id>`) and changes the bytes of
sw.js, so after a deploy that changes anything a phone that comes online installs the new worker,
which saves again from the network everything the old one kept and then deletes the old cache.
A build that changes nothing keeps the same id, and phones download nothing again.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from markupsafe import Markup

from scripts.data.config import Settings
from scripts.data.loader import load_dataset
from scripts.data.records import Dataset, Phone
from scripts.site import csp
from scripts.site.compress import ENCODINGS
from scripts.site.minify import minified
from scripts.site.fallback import direction
from scripts.site.urgent import urgent_numbers
from scripts.words.templating import html_env, labels

# A saved copy older than this many days is still shown offline, marked as possibly out of date.
SAVED_COPY_DAYS = 14
WORKER = "sw.js"
# The line of docs/sw.js the build replaces with this build's settings.
PLACEHOLDER = "const SETTINGS = {};  // written by the build (scripts/site/offline.py)"
TEMPLATES = Path(__file__).resolve().parent / "templates"
# Where a saved page's notice goes (overrides/main.html); pages without it get it after <body>.
MARK = "<!--heartline:saved-copy-->"


class WorkerError(RuntimeError):
    """docs/sw.js no longer has the line the build fills in."""


NEVER_KEPT = (WORKER, "sitemap.xml", "sitemap.xml.gz")  # for search engines, never a phone


def kept(site_dir: Path) -> list[Path]:
    """The files of a built site the worker may keep, in a stable order: not the compressed copies
    beside a file (page.html.gz: the server sends them in its place; some are written while MkDocs
    runs, others after the worker, scripts/site/compress.py)."""
    return sorted(p for p in site_dir.rglob("*")
                  if p.is_file() and p.suffix != ".pdf" and p.relative_to(site_dir).as_posix() not in NEVER_KEPT
                  and not (p.suffix in ENCODINGS and p.with_suffix("").is_file()))


def build_id(site_dir: Path, extra: str = "") -> str:
    """12 hex digits that change whenever a file the worker may keep changes (or extra does)."""
    digest = hashlib.sha256(extra.encode("utf-8"))
    for path in kept(site_dir):
        digest.update(path.relative_to(site_dir).as_posix().encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:12]


def notices(settings: Settings, numbers: dict[str, Phone]) -> dict[str, dict[str, str]]:
    """{lang: {"fresh": html, "stale": html}}: the saved-copy notice, with {date} left for the
    worker to fill in; numbers: scripts/site/urgent.py."""
    template = html_env(TEMPLATES).get_template("saved_notice.html.j2")
    return {lang: {state: template.render(lang=lang, dir=direction(lang), L=labels(lang), date=Markup("{date}"),
                                          days=SAVED_COPY_DAYS, stale=state == "stale",
                                          numbers=numbers).strip()
                   for state in ("fresh", "stale")}
            for lang in settings.languages}


def offline_page(settings: Settings, numbers: dict[str, Phone]) -> str:
    """The page for an address never saved on the phone, in every language."""
    languages = [{"code": lang, "dir": direction(lang), "L": labels(lang)} for lang in settings.languages]
    return html_env(TEMPLATES).get_template("offline.html.j2").render(languages=languages, numbers=numbers)


def offline_policy(page: str) -> str:
    """The security policy the worker sends with the offline page: nothing but its own style."""
    styles = " ".join(csp.digest(style) for style in csp.inline_code(page)[1])
    return f"default-src 'none'; style-src {styles}"


def worker_settings(settings: Settings, dataset: Dataset) -> dict:
    """Everything the worker is told, except the build id."""
    numbers = urgent_numbers(dataset)
    page = offline_page(settings, numbers)
    return {"days": SAVED_COPY_DAYS, "language": settings.default_language, "mark": MARK,
            "notices": notices(settings, numbers), "offlinePage": page, "offlinePolicy": offline_policy(page)}


def fill_worker(source: str, values: dict) -> str:
    """sw.js with its settings line replaced by values."""
    if source.count(PLACEHOLDER) != 1:
        raise WorkerError(f"docs/{WORKER}: the line `{PLACEHOLDER}` must appear exactly once — "
                          "the build writes the worker's settings there")
    line = "const SETTINGS = " + json.dumps(values, ensure_ascii=False, sort_keys=True) + ";"
    return source.replace(PLACEHOLDER, line)


def write_worker(site_dir: Path, settings: Settings, dataset: Dataset | None = None) -> str:
    """Give the built site's sw.js this build's id, words and numbers (from dataset, read from the
    data when not given), minified. Returns the build id."""
    path = site_dir / WORKER
    # From docs/: the live preview rebuilds into the same folder, where sw.js is already filled in.
    source = (settings.docs_dir / WORKER).read_text(encoding="utf-8")
    values = worker_settings(settings, dataset or load_dataset(settings))
    values["build"] = build_id(site_dir, extra=source + json.dumps(values, sort_keys=True))
    path.write_text(minified(fill_worker(source, values)), encoding="utf-8")  # 0.9 KB less to download
    return values["build"]
