"""A leaflet's HTML: what each one shows (Python) laid out by leaflet.html.j2 and its stylesheets."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from markupsafe import Markup

from scripts.data.config import Settings
from scripts.data.records import Site, Text
from scripts.leaflets.fonts import characters, font_face
from scripts.leaflets.names import TEMPLATES, sizes, variant_languages
from scripts.leaflets.writing import CJK_SC, css_families, css_text, direction
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


def language_css(langs) -> str:
    """The fonts of the leaflet's first language for the whole page, and for each other language
    whose fonts differ, its own (on the elements marked with its `lang`, see `marks`)."""
    rules = [f".leaflet {{ {css_text(langs[0])} }}\n"]
    rules += [f'.leaflet [lang="{l}"] {{ {css_text(l)} }}\n' for l in langs[1:]
              if css_text(l) != css_text(langs[0])]
    return "".join(rules)


def marks(langs, settings: Settings) -> dict[str, Markup]:
    """For each configured language, the attributes its text needs on a leaflet whose first
    language is langs[0]: nothing when it is written and set like the first (zh and en: the same
    fonts, left to right), else its `lang` (its fonts) and `dir`. Every change of language inside a
    page costs layout time, so only the texts that need one get it."""
    base = (css_families(langs[0]), direction(langs[0]))
    return {l: Markup("") if (css_families(l), direction(l)) == base
            else Markup(f' lang="{l}" dir="{direction(l)}"') for l in {*langs, *settings.languages}}


def written_in(value, lang: str, settings: Settings) -> str:
    """The language a text shown for `lang` is written in: `lang` itself, or, where it has no
    translation yet, the fallback whose words are shown (a Uyghur leaflet prints a site's Chinese
    WeChat note as Chinese, left to right)."""
    chain = settings.fallback_chain(lang) if lang in settings.languages else (lang,)
    if isinstance(value, Text):
        return next((l for l in chain if value.translated(l)), chain[-1])
    for here, there in zip(chain, chain[1:]):  # a mapping filled in from fallbacks (organization)
        if value.get(here) != value.get(there):
            return here
    return chain[-1]


def shown(value, langs, settings: Settings) -> list[str]:
    """The languages of a leaflet a text from the data is printed in: each once, so a second
    language not yet translated does not repeat the first's words (zh+ug: a name only in Chinese)."""
    out, seen = [], set()
    for lang in langs:
        written = written_in(value, lang, settings)
        if written not in seen:
            out.append(lang)
            seen.add(written)
    return out


def leaflet_html(sites, spoken, settings: Settings, variant: str, size: str, sheet: bool,
                 printed: dt.date, font=None, qr_cache: Path | None = None) -> str:
    """The leaflets' HTML; `font` is the cut Chinese font (scripts/leaflets/fonts.py), if any, or
    {family: cut font} for every cut font the leaflets name."""
    langs = variant_languages(variant, settings)
    fonts = font if isinstance(font, dict) else {CJK_SC: font}
    css = ("".join(font_face(path, family) for family, path in sorted(fonts.items()))
           + size_css() + (TEMPLATES / "leaflet.css").read_text(encoding="utf-8") + language_css(langs))
    width, height = sizes()[size]["width"], sizes()[size]["height"]
    return html_env(TEMPLATES).get_template("leaflet.html.j2").render(
        leaflets=[leaflet_context(s, spoken, settings, qr_cache) for s in sites], langs=langs,
        words={l: labels(l) for l in langs}, marks=marks(langs, settings), dir=direction(langs[0]),
        lang_of=lambda value, lang: written_in(value, lang, settings),
        show=lambda value: shown(value, langs, settings),
        size=size, page=f"{width} {height}", sheet=sheet,
        short=set(sizes()[size].get("short", ())) if len(langs) > 1 else set(),
        printed=printed.isoformat(), css=Markup(css))


def leaflet_characters(dataset, settings: Settings, langs=None) -> set[str]:
    """Every character a leaflet can show: the data, the organization, the words (of `langs`, by
    default every language), the template and the code that fills it in (which writes some
    characters itself, such as the dash in 08:00–20:00)."""
    text = characters([dataset, settings.organization] + [labels(l) for l in (langs or settings.languages)])
    for source in (TEMPLATES / "leaflet.html.j2", Path(templating.__file__)):
        text |= set(source.read_text(encoding="utf-8"))
    return text
