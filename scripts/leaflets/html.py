"""A leaflet's HTML: what each one shows (Python) laid out by leaflet.html.j2 and its stylesheets."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from markupsafe import Markup

from scripts.data.config import Settings
from scripts.data.records import Site
from scripts.leaflets.fonts import characters, font_face
from scripts.leaflets.names import TEMPLATES, sizes, variant_languages
from scripts.leaflets.qr import qr_payload, qr_svg
from scripts.words import templating
from scripts.words.templating import html_env, labels

_VARIABLE = {"width": "w", "height": "h"}  # sizes.yml column → CSS variable (--w, --h, --pad, …)
_NOT_CSS = {"room", "bilingual", "short"}


def _rule(selector: str, row: dict) -> str:
    return f"{selector} {{ " + " ".join(f"--{_VARIABLE.get(k, k)}: {v};" for k, v in row.items()
                                       if k not in _NOT_CSS) + " }\n"


def size_css() -> str:
    """The CSS rules of each paper size from templates/sizes.yml: `.A5 { --w: 148mm; … }`, and
    `.A5.bi { … }` for what differs on a bilingual leaflet."""
    return "".join(_rule(f".{name}", row) + (_rule(f".{name}.bi", row["bilingual"]) if "bilingual" in row else "")
                   for name, row in sizes().items())


def leaflet_context(site: Site, spoken, settings: Settings, qr_cache: Path | None) -> dict:
    url = qr_payload(site, settings)
    return {"site": site, "url": url, "qr_svg": qr_svg(url, qr_cache),
            "org": settings.organization, "spoken": spoken}


def leaflet_html(sites, spoken, settings: Settings, variant: str, size: str, sheet: bool,
                 printed: dt.date, font: Path | None = None, qr_cache: Path | None = None) -> str:
    """The leaflets' HTML; `font` is the cut Chinese font (scripts/leaflets/fonts.py), if any."""
    langs = variant_languages(variant, settings)
    css = font_face(font) + size_css() + (TEMPLATES / "leaflet.css").read_text(encoding="utf-8")
    width, height = sizes()[size]["width"], sizes()[size]["height"]
    return html_env(TEMPLATES).get_template("leaflet.html.j2").render(
        leaflets=[leaflet_context(s, spoken, settings, qr_cache) for s in sites], langs=langs,
        words={l: labels(l) for l in langs}, size=size, page=f"{width} {height}", sheet=sheet,
        short=set(sizes()[size].get("short", ())) if len(langs) > 1 else set(),
        printed=printed.isoformat(), css=Markup(css))


def leaflet_characters(dataset, settings: Settings) -> set[str]:
    """Every character a leaflet can show: the data, the organization, the words, the template and
    the code that fills it in (which writes some characters itself, such as the dash in 08:00–20:00)."""
    text = characters([dataset, settings.organization] + [labels(l) for l in settings.languages])
    for source in (TEMPLATES / "leaflet.html.j2", Path(templating.__file__)):
        text |= set(source.read_text(encoding="utf-8"))
    return text
