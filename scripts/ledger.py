"""The ledger of printed addresses (resources/printed.yml): every URL a leaflet's QR code carries.

A printed leaflet cannot be recalled, so every address recorded here must keep opening a page.
Written by the build whenever leaflets are made; editors commit it.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from scripts.config import Settings
from scripts.data import Problem
from scripts.yamlpos import YamlSyntaxError, load_yaml

LEDGER = "resources/printed.yml"
HEADER = """\
# Every address printed in a leaflet's QR code, written by `make` (scripts/build.py): commit it.
# A printed leaflet cannot be recalled, so the build fails if any address here stops opening a
# page. Never delete an entry; to retire a site, keep it in sites.yml with `status: closed`.
"""


@dataclass(frozen=True)
class Printed:
    url: str
    site: str
    first_printed: str
    line: int


def read_ledger(settings: Settings) -> list[Printed]:
    path = settings.root / LEDGER
    if not path.exists():
        return []
    try:
        doc = load_yaml(path.read_text(encoding="utf-8"))
    except YamlSyntaxError as exc:
        raise ValueError(f"{LEDGER}:{exc.line}: YAML syntax error: {exc.message}") from None
    items = (doc.data or {}).get("printed") or []
    return [Printed(str(i["url"]), str(i["site"]), str(i.get("first_printed", "")),
                    doc.line(("printed", n))) for n, i in enumerate(items)]


def record(settings: Settings, urls: dict[str, str], today: dt.date) -> int:
    """Add {url: site id} entries not yet in the ledger. Returns how many were added."""
    entries = read_ledger(settings)
    known = {e.url for e in entries}
    new = [(u, s) for u, s in sorted(urls.items()) if u not in known]
    if not new:
        return 0
    lines = [HEADER, "printed:\n"]
    for e in entries:
        lines.append(f"  - {{url: \"{e.url}\", site: {e.site}, first_printed: \"{e.first_printed}\"}}\n")
    for url, site in new:
        lines.append(f"  - {{url: \"{url}\", site: {site}, first_printed: \"{today.isoformat()}\"}}\n")
    (settings.root / LEDGER).write_text("".join(lines), encoding="utf-8")
    return len(new)


def url_to_file(url: str, settings: Settings, site_dir: Path) -> Path | None:
    """The file in a built site that a printed URL opens, or None if it is not under site_url."""
    base = (settings.site_url or "").rstrip("/") + "/"
    if not url.startswith(base):
        return None
    path = urlsplit(url).path[len(urlsplit(base).path):]
    target = site_dir / path
    return target / "index.html" if path.endswith("/") or not path else target


def unresolved(settings: Settings, site_dir: Path) -> list[Problem]:
    """A problem for every printed address that the built site no longer opens."""
    out = []
    for e in read_ledger(settings):
        target = url_to_file(e.url, settings, site_dir)
        if target is None or not target.exists():
            out.append(Problem(LEDGER, e.line, "", f"printed address {e.url} (site '{e.site}') would "
                               f"no longer open a page — keep site '{e.site}' in resources/sites.yml "
                               "(set `status: closed` to retire it) and keep site_url unchanged"))
    return out
