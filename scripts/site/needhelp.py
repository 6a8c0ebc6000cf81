"""Which lines the "need help now" box offers: the emergency numbers, the site's own duty line and
its psychological support lines (on the home page, the emergency numbers and the support lines
every resident can call), in that order; then the ways to reach them by text (a text line's own
number, WeChat, web chat), each with its own hours. The box itself is `_needhelp.html.j2`; the phone marks the
lines that answer at this hour (docs/assets/now.js)."""
from __future__ import annotations

from pathlib import Path

from scripts.data.config import Settings
from scripts.data.records import Contact, Dataset, Hotline, Site
from scripts.words.templating import html_env, labels

TEMPLATES = Path(__file__).resolve().parent / "templates"
EMERGENCY = ("120", "110")  # the two numbers the box always starts with, when the data has them
# Where the home page's box is written before MkDocs runs (the hooks put it on the page).
HOME_BOX = ".cache/generated/needhelp.{lang}.html"


def _emergency(hotlines) -> list[Hotline]:
    found = {h.number.display: h for h in hotlines if h.category == "emergency"}
    return [found[n] for n in EMERGENCY if n in found]


def site_lines(site: Site) -> list[Hotline]:
    """The lines to call: emergency, the duty phone, then the psychological support lines."""
    lines = site.callable_hotlines
    return (_emergency(lines) + [h for h in lines if h.category == "duty"]
            + [h for h in lines if h.psychological and h.category != "duty" and h.kind == "voice"])


def home_lines(dataset: Dataset) -> list[Hotline]:
    """Emergency numbers, then the psychological lines that are not one site's own."""
    return _emergency(dataset.hotlines) + [h for h in dataset.hotlines if h.psychological and h.kind == "voice"
                                           and h.category in ("national", "local")]


def text_ways(lines) -> list[tuple[Hotline, Contact | None]]:
    """Every way to reach these lines without a call, in the lines' order: (line, None) for a text
    line's own number (a text message), (line, contact) for each WeChat account and web chat."""
    out = []
    for h in lines:
        if h.kind == "text":
            out.append((h, None))
        out.extend((h, c) for c in h.also)
    return out


def site_texts(site: Site) -> list[tuple[Hotline, Contact | None]]:
    return text_ways(site.callable_hotlines)


def home_texts(dataset: Dataset) -> list[tuple[Hotline, Contact | None]]:
    """The text contacts of every line that is not one site's own."""
    return text_ways(h for h in dataset.hotlines if h.category != "duty")


SAFETY_PLAN = "guides/safety-plan/"  # linked from every box: for someone thinking of ending their life


def box(lines, texts, lang: str, tel, up: str, memo: dict | None = None) -> str:
    """The box on a page `up` ("../../" on a site page, "" on the home page) below the site root
    of its language. memo: where the boxes of one render keep each line and text way laid out
    once (site pages share most of their lines; generate.Parts)."""
    L = dict(labels(lang), lang=lang)
    module = html_env(TEMPLATES).get_template("_needhelp.html.j2").module
    memo = {} if memo is None else memo

    def once(key, make):
        if key not in memo:
            memo[key] = make()
        return memo[key]

    items = [once(("line", lang, h.id), lambda: module.now_line(h, L, tel)) for h in lines]
    ways = [once(("text", lang, h.id, None if c is None else h.also.index(c)),
                 lambda: module.now_text(h, c, L, tel)) for h, c in texts]
    return str(module.need_help(items, ways, L, up + SAFETY_PLAN))


def write_home_boxes(dataset: Dataset, settings: Settings, tel) -> None:
    for lang in settings.languages:
        path = settings.root / HOME_BOX.format(lang=lang)
        path.parent.mkdir(parents=True, exist_ok=True)
        text = box(home_lines(dataset), home_texts(dataset), lang, tel, "")
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")


def home_box(root: Path, lang: str) -> str:
    """The home page's box as generate() wrote it ('' before the first generation)."""
    path = root / HOME_BOX.format(lang=lang)
    return path.read_text(encoding="utf-8") if path.exists() else ""
