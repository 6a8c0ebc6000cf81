"""Generate the per-site pages, the sites index, the hotline directory and the changes page from
validated records.

Pages are real Markdown files (docs/sites/, docs/hotlines/, docs/changes/, docs/leaflets/, all
git-ignored) so the i18n plugin treats them like hand-written pages; a file is rewritten only when
its content changes.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from markupsafe import Markup

from scripts.data.config import Settings, load_settings
from scripts.data.loader import load_dataset
from scripts.data.problems import DataError, print_problems
from scripts.data.records import AUDIENCES, WAYS, Dataset, Site, untranslated
from scripts.leaflets.names import combined_name, pdf_name, variant_label, variants
from scripts.site.changes import Changelog, changelog
from scripts.site import rawhtml
from scripts.site.data_license import LICENSE
from scripts.site.jsonld import directory_jsonld, script_json, site_jsonld
from scripts.site.needhelp import box, site_lines, site_texts, write_home_boxes
from scripts.site.pages import page_titles
from scripts.site.vcard import vcard_name
from scripts.site.fallback import UNTRANSLATED, direction
from scripts.words.templating import html_env, labels, missing_labels

TEMPLATES = Path(__file__).resolve().parent / "templates"

GENERATED_DIRS = ("sites", "hotlines", "changes", "leaflets", "essentials")
_HREF = re.compile(r"^(tel|sms):\+?[0-9]+$")
# A page's address relative to the current one: "../../guides/sleep/" (ids and slugs only).
_PAGE = re.compile(r"^(\.\./)*([a-z0-9]+(-[a-z0-9]+)*/)+(#[a-z0-9-]+)?$")


def tel(href: str) -> Markup:
    """A dialling link built by phones.py; refuse anything else so no data becomes a link."""
    if not _HREF.match(href):
        raise ValueError(f"refusing to print {href!r} as a link")
    return Markup(href)


def page_link(target: str) -> Markup:
    """A link to another page's address, made from validated ids and slugs only. Generated pages
    are HTML, so links are final addresses; the test suite checks each one in the built site."""
    if not _PAGE.match(target):
        raise ValueError(f"refusing to print {target!r} as a link")
    return Markup(target)


_PDF = re.compile(r"^(\.\./)*leaflets/[a-z0-9-]+(/[a-z0-9-]+)?\.pdf$")


def leaflet_links(site_id: str | None, lang: str, settings: Settings, depth: int) -> list[dict]:
    """Links to a site's leaflet PDFs (or, with site_id None, the combined ones) from a page
    `depth` folders below its language's root."""
    up = "../" * (depth + settings.lang_prefix(lang).count("/"))
    out = []
    for variant in variants(settings):
        name = pdf_name(site_id, variant, "A5") if site_id else combined_name(variant, "A5")
        href = f"{up}leaflets/{name}"
        if not _PDF.match(href):
            raise ValueError(f"refusing to print {href!r} as a link")
        out.append({"label": variant_label(variant, lang, settings), "href": Markup(href)})
    return out


def plain_title(value) -> str:
    """A title for front matter: the theme prints it unescaped, so angle brackets, ampersands and
    quotes become their full-width look-alikes (the page's own heading shows the exact text)."""
    text = " ".join(str(value).split())
    return text.translate(str.maketrans({"<": "＜", ">": "＞", "&": "＆", '"': "＂", "'": "＇"}))


def front_matter(title: str, search: bool, **extra) -> Markup:
    """The page's front matter, written as JSON (which is YAML too): a tenth of the time of
    PyYAML's writer, which took a third of the page generation for thousands of site pages."""
    meta = {"title": plain_title(title), rawhtml.KEY: rawhtml.HTML, **extra}  # no Markdown pass
    if not search:
        meta["search"] = {"exclude": True}
    return Markup("---\n" + json.dumps(meta, ensure_ascii=False) + "\n---\n")


def partial(lang: str, settings: Settings, *records) -> dict:
    """Front matter for a generated page in an additional language some of whose words (labels,
    or texts from the data) are still its fallback's: the page then says so (fallback.py)."""
    if lang in settings.core_languages:
        return {}
    return {UNTRANSLATED: True} if missing_labels(lang) or untranslated(records, lang) else {}


def shared_hotlines(dataset: Dataset) -> list:
    """Hotlines for the directory: every line but the sites' own duty phones (each is on its
    site's page)."""
    order = ("emergency", "national", "local")  # the directory's sections, in the page's order
    return sorted((h for h in dataset.hotlines if h.category != "duty"), key=lambda h: order.index(h.category))


class Parts:
    """The parts of site pages that many sites share, each laid out once per language: a hotline's
    entry (most sites list the same national and local lines) and each line of the "need help now"
    box. The pages of one render share one Parts (the records of one dataset). Measured at 2,000
    sites: the site pages took 8.3 s, three quarters of it in those parts; with Parts, 5.2 s."""

    def __init__(self, dataset: Dataset):
        self.env = html_env(TEMPLATES)
        self.spoken = dataset.spoken_languages
        self._macros = self.env.get_template("_hotline.html.j2").module
        self._items: dict = {}
        self._boxes: dict = {}

    def item(self, h, lang: str) -> Markup:
        key = (h.id, lang)
        if key not in self._items:
            self._items[key] = Markup(self._macros.hotline_item(h, lang, labels(lang), self.spoken, tel,
                                                                finder=False))
        return self._items[key]

    def need_help(self, site: Site, lang: str) -> Markup:
        return Markup(box(site_lines(site), site_texts(site), lang, tel, "../../", self._boxes))


def site_page(site: Site, dataset: Dataset, lang: str, guide_titles: dict, settings: Settings,
              parts: Parts | None = None) -> str:
    """A site's page. parts: what the pages of one render share (Parts)."""
    def title(slug: str) -> str:  # a guide not yet translated is listed under its fallback's title
        titles = guide_titles.get(slug, {})
        return next((titles[l] for l in settings.fallback_chain(lang) if l in titles), slug)

    parts = parts or Parts(dataset)
    guides = [{"title": title(slug), "link": page_link(f"../../guides/{slug}/")} for slug in site.featured_guides]
    return parts.env.get_template("site.md.j2").render(
        front_matter=front_matter(site.name[lang], search=False, hide=["navigation", "toc", "search"],
                                  **partial(lang, settings, site)),
        site=site, lang=lang, L=labels(lang), spoken=dataset.spoken_languages, tel=tel,
        guides=guides, guides_index=page_link("../../guides/"),
        leaflets=leaflet_links(site.id, lang, settings, 2) if site.status != "closed" else [],
        directory=page_link("../../hotlines/"), vcard=vcard_link(site.id),
        jsonld=script_json(site_jsonld(site, dataset, lang, settings)),
        texts=site_texts(site),
        item=lambda h: parts.item(h, lang), need_help=parts.need_help(site, lang))


_VCARD = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*\.vcf$")


def vcard_link(site_id: str) -> Markup:
    """The site's contact card, written beside its page (scripts/vcard.py)."""
    href = vcard_name(site_id)
    if not _VCARD.match(href):
        raise ValueError(f"refusing to print {href!r} as a link")
    return Markup(href)


def sites_index_page(dataset: Dataset, lang: str, settings: Settings) -> str:
    L = labels(lang)
    return html_env(TEMPLATES).get_template("sites_index.md.j2").render(
        front_matter=front_matter(L["sites_index"], search=False, hide=["toc"], **partial(lang, settings, dataset.sites)), L=L, lang=lang, link=page_link,
        open_sites=[s for s in dataset.sites if s.status == "open"],
        other_sites=[s for s in dataset.sites if s.status != "open"],
        any_sample=any(s.sample for s in dataset.sites))


def duty_lines(dataset: Dataset) -> tuple[list, list]:
    """(the duty phones of open and paused sites, those of closed sites): the directory lists the
    first with their numbers, the second by name only, as no longer answered."""
    live, gone = [], []
    for site in dataset.sites:
        for h in site.hotlines:
            if h.category == "duty":
                (live if h in site.callable_hotlines else gone).append(h)
    return live, gone


def directory_hotlines(dataset: Dataset) -> list:
    """Every number the hotline directory shows, in its order: the shared lines, then the sites'
    duty phones."""
    return shared_hotlines(dataset) + duty_lines(dataset)[0]


def hotlines_page(dataset: Dataset, lang: str, settings: Settings) -> str:
    L = labels(lang)
    listed = shared_hotlines(dataset)
    live, gone = duty_lines(dataset)
    groups = [(c, [h for h in listed if h.category == c]) for c in ("emergency", "national", "local")]
    groups.append(("duty", live))
    by_language = [(code, [h for h in listed if code in h.languages])
                   for code in dataset.spoken_languages]
    return html_env(TEMPLATES).get_template("hotlines.md.j2").render(
        front_matter=front_matter(L["directory"], search=True, **partial(lang, settings, dataset.hotlines)), L=L, lang=lang,
        spoken=dataset.spoken_languages, tel=tel, groups=groups,
        by_language=[(c, items) for c, items in by_language if items], changes=page_link("../changes/"),
        audiences=[a for a in AUDIENCES if any(a in h.audiences for h in listed)], ways=WAYS,
        closed_duty=gone,
        jsonld=script_json(directory_jsonld(directory_hotlines(dataset), dataset, lang, settings)),
        open_data=page_link("../" * (1 + settings.lang_prefix(lang).count("/")) + "data/"),
        license=LICENSE["short"])


def record_links(dataset: Dataset) -> dict[tuple[str, str], Markup]:
    """From the changes page: {(record, id): link} to each current site's page, and to each hotline
    in the directory, or on the page of the one site it serves."""
    links = {("site", s.id): page_link(f"../sites/{s.id}/") for s in dataset.sites}
    listed = {h.id for h in shared_hotlines(dataset)}
    for site in dataset.sites:
        for h in site.hotlines:
            if h.id not in listed:  # a duty phone: on its site's page while the site is open
                anchor = f"#hotline-{h.id}" if h in site.callable_hotlines else ""
                links[("hotline", h.id)] = page_link(f"../sites/{site.id}/{anchor}")
    links.update({("hotline", h): page_link(f"../hotlines/#hotline-{h}") for h in listed})
    return links


def changes_page(log: Changelog, links: dict, lang: str, settings: Settings) -> str:
    L = labels(lang)
    return html_env(TEMPLATES).get_template("changes.md.j2").render(
        front_matter=front_matter(L["changes_title"], search=False, hide=["toc"], **partial(lang, settings)), L=L, lang=lang,
        log=log, links=links, directory=page_link("../hotlines/"))


def leaflets_page(dataset: Dataset, lang: str, settings: Settings) -> str:
    L = labels(lang)
    return html_env(TEMPLATES).get_template("leaflets.md.j2").render(
        front_matter=front_matter(L["leaflets_title"], search=False, hide=["toc"], **partial(lang, settings, dataset.sites)), L=L, lang=lang,
        combined=leaflet_links(None, lang, settings, 1),
        sites=[(s, leaflet_links(s.id, lang, settings, 1) if s.status != "closed" else [],
                page_link(f"../sites/{s.id}/")) for s in dataset.sites])


def essentials_page(dataset: Dataset, lang: str, settings: Settings) -> str:
    """Everything a resident who reads only `lang` needs first: help at the site, the emergency
    numbers, a card asking for an interpreter (in their language and in Chinese), and the lines
    that answer in their language."""
    L = labels(lang)
    name = settings.language_names[lang]
    listed = shared_hotlines(dataset)
    card = None if lang == "zh" else L["interpreter_card"].format(language=name)
    card_zh = labels("zh")["interpreter_card"].format(language=L["language_in_zh"]) if card else None
    lines = [h for h in listed if lang in h.languages and h.category != "emergency"]
    up = "../" * (1 + settings.lang_prefix(lang).count("/"))
    return html_env(TEMPLATES).get_template("essentials.md.j2").render(
        front_matter=front_matter(L["essentials_title"], search=True, hide=["toc"],
                                  **partial(lang, settings, listed)),
        L=L, lang=lang, name=name, dir=direction(lang), spoken=dataset.spoken_languages, tel=tel,
        emergency=[h for h in listed if h.category == "emergency"], lines=lines,
        card=card, card_zh=card_zh, sites=page_link("../sites/"), directory=page_link("../hotlines/"),
        others=[{"code": other, "name": settings.language_names[other],
                 "href": page_link(up + settings.lang_prefix(other) + "essentials/")}
                for other in settings.languages if other != lang])


def render_pages(dataset: Dataset, settings: Settings, log: Changelog | None = None) -> dict[str, str]:
    """{path under docs/: Markdown} for every generated page in every language. log: the changes
    page's entries (read from the data's history when not given)."""
    titles = page_titles(settings.docs_dir / "guides", settings.languages)
    log = log or changelog(settings, dataset)
    links = record_links(dataset)
    parts = Parts(dataset)
    pages = {}
    for lang in settings.languages:
        for site in dataset.sites:
            pages[f"sites/{site.id}.{lang}.md"] = site_page(site, dataset, lang, titles, settings, parts)
        pages[f"sites/index.{lang}.md"] = sites_index_page(dataset, lang, settings)
        pages[f"hotlines/index.{lang}.md"] = hotlines_page(dataset, lang, settings)
        pages[f"changes/index.{lang}.md"] = changes_page(log, links, lang, settings)
        pages[f"leaflets/index.{lang}.md"] = leaflets_page(dataset, lang, settings)
        pages[f"essentials/index.{lang}.md"] = essentials_page(dataset, lang, settings)
    return pages


def page_paths(dataset: Dataset, settings: Settings) -> list[str]:
    """The paths render_pages() gives, without rendering the pages (what the checks need)."""
    return [f"{folder}/{name}.{lang}.md" for lang in settings.languages
            for folder, name in [*(("sites", s.id) for s in dataset.sites),
                                 *((folder, "index") for folder in GENERATED_DIRS)]]


def write_pages(pages: dict[str, str], docs_dir: Path) -> list[str]:
    """Write pages whose content changed and delete generated files no longer produced.
    Returns the paths written or removed."""
    changed = []
    for rel, text in pages.items():
        path = docs_dir / rel
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            changed.append(rel)
    for folder in GENERATED_DIRS:
        for path in (docs_dir / folder).glob("**/*.md"):
            rel = path.relative_to(docs_dir).as_posix()
            if rel not in pages:
                path.unlink()
                changed.append(rel)
    return changed


def write_generated(dataset: Dataset, settings: Settings) -> None:
    """Write everything generated from validated records into docs/."""
    write_pages(render_pages(dataset, settings), settings.docs_dir)
    write_home_boxes(dataset, settings, tel)


def generate(settings: Settings) -> Dataset:
    """Load, validate and write the generated pages. Raises DataError on bad data."""
    dataset = load_dataset(settings)
    write_generated(dataset, settings)
    return dataset


def main(argv=None) -> int:
    settings = load_settings()
    try:
        dataset = generate(settings)
    except DataError as exc:
        print_problems(exc.problems)
        print(f"{len(exc.problems)} problem(s) in the data; nothing was generated.", file=sys.stderr)
        return 1
    print(f"Generated pages for {len(dataset.sites)} sites and {len(dataset.hotlines)} hotlines.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
