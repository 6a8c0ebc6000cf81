"""The ledger of printed addresses (resources/printed.yml): every URL a leaflet's QR code carries.

A printed leaflet cannot be recalled, so every address recorded here must keep opening a page:
every build checks them, and fails naming the address while any would break. The ledger changes
only when leaflets really go to print, with `make leaflets ARGS="--record"` (after the leaflets
were written, in one atomic step); a build never writes it. Editors commit it.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from scripts.data.config import Settings
from scripts.data.problems import Problem
from scripts.data.yamlpos import YamlSyntaxError, load_yaml

LEDGER = "resources/printed.yml"
HEADER = """\
# Every address printed in a leaflet's QR code, added by `make leaflets ARGS="--record"` when
# leaflets go to print: commit it. A printed leaflet cannot be recalled, so the build fails if any
# address here stops opening a page. Never edit or delete an entry; to retire a site, keep it in
# sites.yml with `status: closed`.
"""


class LedgerError(Exception):
    pass


@dataclass(frozen=True)
class Printed:
    url: str
    site: str
    first_printed: str
    line: int


def read_ledger(settings: Settings) -> list[Printed]:
    """The entries of the ledger. Raises LedgerError (`file:line: …`) on an entry that is not
    three quoted texts, as the recorder writes them."""
    path = settings.root / LEDGER
    if not path.exists():
        return []
    try:
        doc = load_yaml(path.read_text(encoding="utf-8"))
    except (YamlSyntaxError, UnicodeDecodeError) as exc:
        line = getattr(exc, "line", 1)
        raise LedgerError(f"{LEDGER}:{line}: the ledger cannot be read ({exc}) — restore it with "
                          f"`git checkout {LEDGER}`") from None
    items = (doc.data or {}).get("printed") if isinstance(doc.data, dict) else None
    out = []
    for n, item in enumerate(items or []):
        line = doc.line(("printed", n))
        fields = ("url", "site", "first_printed")
        if not isinstance(item, dict) or any(not isinstance(item.get(k), str) for k in fields):
            raise LedgerError(f"{LEDGER}:{line}: entry is not written as three quoted texts (url, site, "
                              f"first_printed) — restore it with `git checkout {LEDGER}`")
        out.append(Printed(item["url"], item["site"], item["first_printed"], line))
    return out


def _entry(url: str, site: str, day: str) -> str:
    # json.dumps gives a double-quoted YAML string: an id such as 017 stays text.
    return f"  - {{url: {json.dumps(url)}, site: {json.dumps(site)}, first_printed: {json.dumps(day)}}}\n"


def record(settings: Settings, urls: dict[str, str], today: dt.date, site_dir: Path) -> int:
    """Add {url: site id} entries not yet in the ledger, once each opens a page of the built site
    in site_dir. Writes the whole file anew and renames it into place (atomic). Returns how many
    were added."""
    entries = read_ledger(settings)
    known = {e.url for e in entries}
    new = [(u, s) for u, s in sorted(urls.items()) if u not in known]
    for url, site in new:
        target = url_to_file(url, settings, site_dir)
        if target is None or not target.exists():
            raise LedgerError(f"{url} (site '{site}') opens no page in {site_dir} — build the site "
                              "with `make` first; nothing was recorded")
    if not new:
        return 0
    lines = [HEADER, "printed:\n"]
    lines += [_entry(e.url, e.site, e.first_printed) for e in entries]
    lines += [_entry(url, site, today.isoformat()) for url, site in new]
    path = settings.root / LEDGER
    fd, tmp = tempfile.mkstemp(prefix=".printed.", suffix=".tmp", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write("".join(lines))
        out.flush()
        os.fsync(out.fileno())
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)
    return len(new)


def url_to_file(url: str, settings: Settings, site_dir: Path) -> Path | None:
    """The file in a built site that a printed URL opens, or None if it is not under site_url."""
    base = (settings.site_url or "").rstrip("/") + "/"
    if not url.startswith(base) or urlsplit(url).query or urlsplit(url).fragment:
        return None
    path = urlsplit(url).path[len(urlsplit(base).path):]
    if ".." in path.split("/"):
        return None
    target = site_dir / path
    return target / "index.html" if path.endswith("/") or not path else target


def unresolved(settings: Settings, site_dir: Path) -> list[Problem]:
    """A problem for every printed address that the built site no longer opens."""
    try:
        entries = read_ledger(settings)
    except LedgerError as exc:
        file, line, message = str(exc).split(":", 2)
        return [Problem(file, int(line), "", message.strip())]
    out = []
    for e in entries:
        target = url_to_file(e.url, settings, site_dir)
        if target is None or not target.exists():
            out.append(Problem(LEDGER, e.line, "", f"printed address {e.url} (site '{e.site}') would "
                               f"no longer open a page — keep site '{e.site}' in resources/sites.yml "
                               "(set `status: closed` to retire it) and keep site_url unchanged"))
    return out
