"""Which lines the "need help now" box offers: the emergency numbers, the site's own duty line and
its psychological support lines (on the home page, the emergency numbers and the support lines
every resident can call), in that order. The box itself is `_needhelp.html.j2`; the phone marks the
lines that answer at this hour (docs/assets/now.js)."""
from __future__ import annotations

from pathlib import Path

from scripts.data.config import Settings
from scripts.data.records import Dataset, Hotline, Site
from scripts.words.templating import html_env, labels

TEMPLATES = Path(__file__).resolve().parent / "templates"
EMERGENCY = ("120", "110")  # the two numbers the box always starts with, when the data has them
# Where the home page's box is written before MkDocs runs (the hooks put it on the page).
HOME_BOX = ".cache/generated/needhelp.{lang}.html"


def _emergency(hotlines) -> list[Hotline]:
    found = {h.number.display: h for h in hotlines if h.category == "emergency"}
    return [found[n] for n in EMERGENCY if n in found]


def site_lines(site: Site) -> list[Hotline]:
    lines = site.callable_hotlines
    return (_emergency(lines) + [h for h in lines if h.category == "duty"]
            + [h for h in lines if h.psychological and h.category != "duty"])


def home_lines(dataset: Dataset) -> list[Hotline]:
    """Emergency numbers, then the psychological lines that are not one site's own."""
    return _emergency(dataset.hotlines) + [h for h in dataset.hotlines
                                           if h.psychological and h.category in ("national", "local")]


def box(lines, lang: str, tel) -> str:
    L = dict(labels(lang), lang=lang)
    module = html_env(TEMPLATES).get_template("_needhelp.html.j2").module
    return str(module.need_help(lines, L, tel))


def write_home_boxes(dataset: Dataset, settings: Settings, tel) -> None:
    for lang in settings.languages:
        path = settings.root / HOME_BOX.format(lang=lang)
        path.parent.mkdir(parents=True, exist_ok=True)
        text = box(home_lines(dataset), lang, tel)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")


def home_box(root: Path, lang: str) -> str:
    """The home page's box as generate() wrote it ('' before the first generation)."""
    path = root / HOME_BOX.format(lang=lang)
    return path.read_text(encoding="utf-8") if path.exists() else ""
