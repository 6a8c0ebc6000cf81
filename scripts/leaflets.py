"""Print-ready PDF leaflets: for every site, one in each language and one bilingual.

Leaflets are laid out in batches (WeasyPrint lays out a page of a long document far faster than a
separate document). Each leaflet is cached under the hash of everything it shows, so after a data
change only the leaflets that changed are laid out again.
"""
from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import hashlib
import json
import multiprocessing
import os
import re
import shutil
import sys
from functools import lru_cache
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from collections.abc import Mapping
from urllib.parse import urlsplit

import qrcode
import qrcode.constants
from markupsafe import Markup

from scripts import deepstack
from scripts.config import Settings, load_settings
from scripts.data import DataError, print_problems, load_dataset
from scripts.leafletfont import characters, cut_font, font_face
from scripts.records import Dataset, Site
from scripts.shortlinks import short_path, short_url
from scripts.templating import TEMPLATES, html_env, labels

SIZES = {"A4": (210, 297), "A5": (148, 210), "A6": (105, 148)}  # millimetres, portrait
BILINGUAL = "bi"
# Leaflets laid out together as one document: WeasyPrint spends a fixed time on each document
# (fonts, their subsets, the PDF itself) besides the time for each page, so longer documents pay.
# A single-site PDF cut from a document keeps the document's whole font subset, the glyphs of every
# other site's name included; with the cut Chinese font (leafletfont) that stays small, about 45 KB
# a PDF in batches of 128 (make bench). The combined PDFs are put together from the batches' pages;
# after a data change only the changed leaflets are laid out. Batches shrink towards the end of a
# run so that the workers finish together (`batches`).
MAX_BATCH, MIN_BATCH = 128, 16
CACHE = ".cache/leaflets"  # and QR codes in .cache/qr, the cut Chinese font in .cache/fonts
# What a leaflet build shares with its worker processes, set before they start (they are forked
# and inherit it, so each batch travels to its worker as a few ids, not the whole dataset), where
# QR codes are kept (`qr_cache`) and the cut Chinese font (`font`).
_STATE: dict = {}


class LeafletError(Exception):
    pass


def variants(settings: Settings) -> list[str]:
    """'zh', 'en', …, and 'bi' (every language on one leaflet)."""
    return list(settings.languages) + [BILINGUAL]


def variant_languages(variant: str, settings: Settings) -> list[str]:
    return list(settings.languages) if variant == BILINGUAL else [variant]


def check_site_url(settings: Settings) -> str:
    """The site address QR codes encode; refuse anything that a phone could not open safely."""
    url = settings.site_url or ""
    parts = urlsplit(url)
    if not url:
        raise LeafletError("mkdocs.yml: site_url is missing — set it to the https:// address the "
                           "site is published at; it is printed in every QR code")
    if parts.scheme != "https" or not parts.netloc:
        raise LeafletError(f"mkdocs.yml: site_url '{url}' is not an https:// address — QR codes "
                           "must open the published site over https")
    return url


def qr_payload(site: Site, settings: Settings) -> str:
    """Exactly what a site's QR code encodes: its short address."""
    check_site_url(settings)
    return short_url(site.id, settings)


QUIET_ZONE = 4  # modules of white around the code, as the QR standard asks


@lru_cache(maxsize=None)
def qr_svg(data: str, cache: Path | None = None) -> Markup:
    """A vector QR code: error correction Q (readable with a quarter damaged), 4-module quiet zone.

    qrcode makes the module matrix; runs of dark modules are drawn as strokes one module thick along
    the middle of a row or column (butt ends, so each covers exactly its modules): about 230
    strokes, where one rectangle per run took five path commands each. The path is marked so that
    the leaflet build draws it without WeasyPrint's slow general path parser (`_read_qr_paths_fast`);
    anywhere else it is an ordinary SVG path. Making a code takes several milliseconds (qrcode
    tries all eight masks), so with `cache` each address's code is made once and kept there."""
    file = None
    if cache is not None:
        key = hashlib.sha256(f"{_code_fingerprint()}\n{data}".encode()).hexdigest()[:32]
        file = cache / f"{key}.svg"
        if file.exists():
            return Markup(file.read_text(encoding="utf-8"))
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_Q, border=QUIET_ZONE)
    code.add_data(data)
    code.make(fit=True)
    matrix = code.get_matrix()  # includes the quiet zone
    size = len(matrix)
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" '
           f'shape-rendering="crispEdges"><path class="{QR_PATH_CLASS}" d="{_runs(matrix)}" '
           'fill="none" stroke="#000" stroke-width="1"/></svg>')
    if file is not None:
        file.parent.mkdir(parents=True, exist_ok=True)
        tmp = file.with_name(f"{file.name}.{os.getpid()}.tmp")
        tmp.write_text(svg, encoding="utf-8")
        tmp.rename(file)
    return Markup(svg)


def _runs(matrix: list[list[bool]]) -> str:
    """Path data for strokes one module thick that together cover exactly the dark modules: every
    horizontal run of two or more, then, for the modules left alone in their row, the vertical
    runs through them (a column of single modules is one stroke, not several). About 230 strokes
    for a code with 285 horizontal runs."""
    size = len(matrix)

    def runs(line):
        out, i = [], 0
        while i < size:
            if line[i]:
                start = i
                while i < size and line[i]:
                    i += 1
                out.append((start, i))
            i += 1
        return out

    parts, alone = [], set()
    for y, row in enumerate(matrix):
        for start, end in runs(row):
            if end - start > 1:
                parts.append(f"M{start} {y}.5h{end - start}")
            else:
                alone.add((start, y))
    for x in range(size):
        for start, end in runs([row[x] for row in matrix]):
            if any((x, y) in alone for y in range(start, end)):
                parts.append(f"M{x}.5 {start}v{end - start}")
    return "".join(parts)


def pdf_name(site_id: str, variant: str, size: str, sheet: bool = False) -> str:
    """'h03/h03-zh-a5.pdf'; an A4 sheet of two A5 leaflets is 'h03/h03-zh-a5x2-a4.pdf'."""
    kind = f"{size.lower()}x2-a4" if sheet else size.lower()
    return f"{site_id}/{site_id}-{variant}-{kind}.pdf"


def combined_name(variant: str, size: str, sheet: bool = False) -> str:
    kind = f"{size.lower()}x2-a4" if sheet else size.lower()
    return f"all-{variant}-{kind}.pdf"


def leaflet_context(site: Site, dataset: Dataset, settings: Settings) -> dict:
    url = qr_payload(site, settings)
    return {"site": site, "url": url, "qr_svg": qr_svg(url, _STATE.get("qr_cache")),
            "org": settings.organization, "spoken": dataset.spoken_languages}


def leaflet_html(sites, dataset: Dataset, settings: Settings, variant: str, size: str,
                 sheet: bool, printed: dt.date, font: Path | None = None) -> str:
    """The leaflets' HTML; `font` is the cut Chinese font (leafletfont), if there is one."""
    langs = variant_languages(variant, settings)
    css = font_face(font) + (TEMPLATES / "leaflet.css").read_text(encoding="utf-8")
    return html_env().get_template("leaflet.html.j2").render(
        leaflets=[leaflet_context(s, dataset, settings) for s in sites], langs=langs,
        words={l: labels(l) for l in langs}, size=size, sheet=sheet, printed=printed.isoformat(),
        css=Markup(css))


def leaflet_characters(dataset: Dataset, settings: Settings) -> set[str]:
    """Every character a leaflet can show: the data, the organization, the words, the template and
    the code that fills it in (which writes some characters itself, such as the dash in 08:00–20:00)."""
    text = characters([dataset, settings.organization] + [labels(l) for l in settings.languages])
    for source in (TEMPLATES / "leaflet.html.j2", Path(__file__).with_name("templating.py")):
        text |= set(source.read_text(encoding="utf-8"))
    return text


# The browser defaults leaflets need, in place of WeasyPrint's full HTML user-agent stylesheet:
# matching its 250 rules against every element was a third of the layout time. Only the elements
# leaflet.html.j2 uses are listed; test_leaflets checks the result (fit, text, QR codes).
LEAFLET_UA = """
head, meta, style, title, script { display: none }
html, body, div, section, p, h1, h2, ul { display: block }
li { display: list-item }
br::before { content: "\\A"; white-space: pre-line }
"""


QR_PATH_CLASS = "qr-runs"
_QR_STROKE = re.compile(r"M(\d+(?:\.5)?) (\d+(?:\.5)?)([hv])(\d+)")


def _qr_operators(d: str) -> bytes | None:
    """The PDF path operators WeasyPrint's parser would write for a QR path, in one piece: a move
    to the origin (it starts every path so), then a move and a line for each stroke. None when the
    path holds anything else (it is then left to WeasyPrint's parser)."""
    out = ["0 0 m"]
    covered = 0
    for match in _QR_STROKE.finditer(d):
        x, y, direction, length = match.groups()
        end = (f"{float(x) + int(length):g} {y}" if direction == "h"
               else f"{x} {float(y) + int(length):g}")
        out += [f"{x} {y} m", f"{end} l"]
        covered += len(match.group(0))
    return "\n".join(out).encode("ascii") if covered == len(d) else None


def _read_qr_paths_fast() -> None:
    """Let WeasyPrint draw the QR code's path without its general SVG path parser.

    That parser spends about 8 µs on each path command, some 4 ms for a QR code, a sixth of the
    time of a leaflet. The QR path (class QR_PATH_CLASS) holds only "M x y" followed by "h n" or
    "v n"; for it, the same moves and lines are written to the same drawing stream in one piece
    (`_qr_operators`), and WeasyPrint strokes them as it would have. Any other path goes to
    WeasyPrint's own parser, and so does the QR path where this hook is missing (a WeasyPrint that
    keeps its SVG drawing functions elsewhere draws the same code, only slower). test_leaflets
    compares the pages drawn both ways, pixel for pixel."""
    from weasyprint import svg

    general = svg.TAGS.get("path")
    if general is None or getattr(general, "reads_qr_fast", False):
        return

    def path(drawing, node, font_size):
        operators = _qr_operators(node.get("d", "")) if node.get("class") == QR_PATH_CLASS else None
        if operators is None:
            return path.general(drawing, node, font_size)
        drawing.stream.stream.append(operators)

    path.reads_qr_fast, path.general = True, general
    svg.TAGS["path"] = path


@lru_cache(maxsize=None)
def _html_class():
    from weasyprint import CSS, HTML

    _read_qr_paths_fast()
    ua = CSS(string=LEAFLET_UA)

    class LeafletHTML(HTML):
        def _ua_stylesheets(self, forms=False):  # WeasyPrint's hook (pinned in requirements.txt)
            return [ua]
    return LeafletHTML


def render_document(html: str):
    """Lay out leaflet HTML as WeasyPrint pages (one page per leaflet when everything fits)."""
    return _html_class()(string=html, base_url=str(TEMPLATES)).render()


@dataclass(frozen=True)
class Leaflet:
    """One site's leaflet of one kind; `key` is the hash of everything it shows."""
    site_id: str
    variant: str
    size: str
    sheet: bool
    key: str


def _render_batch(batch: tuple[Leaflet, ...], cache: Path) -> None:
    """Lay out leaflets of one kind as one document. Writes batch-<hash>.pdf, a list of the
    leaflets on its pages (.json) and each leaflet's own PDF, <key>.pdf, into the cache."""
    deepstack.call(_lay_out_batch, batch, cache)  # a tenth faster on Python 3.11: see deepstack


def _lay_out_batch(batch: tuple[Leaflet, ...], cache: Path) -> None:
    first = batch[0]
    dataset, settings, printed = _STATE["dataset"], _STATE["settings"], _STATE["printed"]
    sites = [_STATE["sites"][leaflet.site_id] for leaflet in batch]
    html = leaflet_html(sites, dataset, settings, first.variant, first.size, first.sheet, printed,
                        _STATE.get("font"))
    document = render_document(html)
    if len(document.pages) != len(batch):
        raise LeafletError(f"a leaflet does not fit on one page (sites "
                           f"{', '.join(leaflet.site_id for leaflet in batch)}): "
                           "shorten the text or print a larger size")
    name = "batch-" + hashlib.sha256("".join(l.key for l in batch).encode()).hexdigest()[:24]
    tmp = cache / f"{name}.tmp"
    document.write_pdf(tmp)
    _split(tmp, [cache / f"{leaflet.key}.pdf" for leaflet in batch])
    tmp.rename(cache / f"{name}.pdf")
    # Written last: a batch is used for combined PDFs only once all its files are in place.
    (cache / f"{name}.json").write_text(json.dumps([l.key for l in batch]), encoding="utf-8")


def _split(pdf: Path, dests: list[Path]) -> None:
    """One PDF per page (copying pages is far cheaper than writing each page's PDF anew)."""
    import pypdfium2 as pdfium
    src = pdfium.PdfDocument(pdf)
    for index, dest in enumerate(dests):
        single = pdfium.PdfDocument.new()
        single.import_pages(src, [index])
        tmp = dest.with_suffix(".tmp")
        single.save(tmp)
        single.close()
        tmp.rename(dest)
    src.close()


def _pages(cache: Path) -> dict[str, tuple[Path, int]]:
    """Where each cached leaflet sits in a batch PDF: key → (batch PDF, page index)."""
    out = {}
    for listing in sorted(cache.glob("batch-*.json"), key=lambda p: p.stat().st_mtime):
        for index, key in enumerate(json.loads(listing.read_text(encoding="utf-8"))):
            out[key] = (listing.with_suffix(".pdf"), index)
    return out


def _merge(pages: list[tuple[Path, int]], dest: Path) -> None:
    """One PDF of the given batch pages, in order. Consecutive pages of one batch are copied in
    one go, so they share one copy of its fonts."""
    import pypdfium2 as pdfium
    merged = pdfium.PdfDocument.new()
    runs: list[tuple[Path, list[int]]] = []
    for pdf, index in pages:
        if runs and runs[-1][0] == pdf:
            runs[-1][1].append(index)
        else:
            runs.append((pdf, [index]))
    for pdf, indexes in runs:
        src = pdfium.PdfDocument(pdf)
        merged.import_pages(src, indexes)
        src.close()
    tmp = dest.with_suffix(".tmp")
    merged.save(tmp)
    merged.close()
    tmp.rename(dest)


def _fingerprint(value, memo: dict | None = None) -> str:
    """A stable text of everything a record shows, leaving out where it sits in the YAML file (so
    adding a line above a site does not make its leaflet "changed"). `memo` remembers records
    already seen, such as a hotline shared by many sites."""
    memo = {} if memo is None else memo
    if dataclasses.is_dataclass(value):
        if id(value) not in memo:  # the record itself is kept too, so its id is not reused
            memo[id(value)] = (value, "(" + ",".join(
                f"{f.name}={_fingerprint(getattr(value, f.name), memo)}"
                for f in dataclasses.fields(value) if f.name not in ("line", "field_lines")) + ")")
        return memo[id(value)][1]
    if isinstance(value, Mapping):
        return "{" + ",".join(f"{k!r}:{_fingerprint(v, memo)}" for k, v in sorted(value.items())) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(_fingerprint(v, memo) for v in value) + "]"
    if isinstance(value, dt.date):
        return value.isoformat()
    return repr(value)


@lru_cache(maxsize=None)
def _code_fingerprint() -> str:
    """What every leaflet depends on besides its data: the layout engine, the templates, the words
    and the code that fills them in. Changing any of them lays every leaflet out again."""
    from importlib.metadata import version
    digest = hashlib.sha256(version("weasyprint").encode())
    sources = [*sorted(TEMPLATES.glob("leaflet*")), *sorted((TEMPLATES / "labels").glob("*.yml")),
               Path(__file__), Path(__file__).with_name("templating.py")]
    for source in sources:
        digest.update(source.read_bytes())
    return digest.hexdigest()


def plan(dataset: Dataset, settings: Settings, sites, variant: str, size: str, sheet: bool,
         printed: dt.date, prints: dict | None = None) -> list[Leaflet]:
    """One kind of leaflet for each site, each keyed by the hash of its inputs. `prints` keeps
    each site's fingerprint between calls."""
    prints = prints if prints is not None else {}
    memo = prints.setdefault("", {})
    base = "\n".join([_code_fingerprint(), variant, size, str(sheet), printed.isoformat(),
                      _fingerprint(settings.organization), _fingerprint(dataset.spoken_languages)])
    out = []
    for site in sites:
        if site.id not in prints:
            prints[site.id] = qr_payload(site, settings) + "\n" + _fingerprint(site, memo)
        key = hashlib.sha256(f"{base}\n{prints[site.id]}".encode()).hexdigest()[:32]
        out.append(Leaflet(site.id, variant, size, sheet, key))
    return out


def batches(kinds: list[list[Leaflet]], jobs: int) -> list[tuple[Leaflet, ...]]:
    """Split the leaflets to lay out (one list per kind; a document holds one kind) into batches.
    Each batch takes a quarter of what each worker has left, between MIN_BATCH and MAX_BATCH
    leaflets: long documents while there is much to do, short ones at the end, so that no worker
    is left laying out a long document while the others wait."""
    left = sum(len(leaflets) for leaflets in kinds)
    out = []
    for leaflets in kinds:
        start = 0
        while start < len(leaflets):
            size = max(MIN_BATCH, min(MAX_BATCH, left // (4 * jobs)))
            out.append(tuple(leaflets[start:start + size]))
            start += size
            left -= len(out[-1])
    return out


def _place(src: Path, dest: Path) -> None:
    """Put a cached PDF into the site: a hard link where possible (no copy of the bytes)."""
    dest.unlink(missing_ok=True)
    try:
        os.link(src, dest)
    except OSError:  # another file system
        shutil.copyfile(src, dest)


def write_leaflets(dataset: Dataset, settings: Settings, out_dir: Path, *, sizes=("A5",),
                   site_ids=None, sheet: bool = False, combined: bool = True,
                   printed: dt.date | None = None, cache: Path | None = None,
                   jobs: int | None = None, only_variants=None) -> list[Path]:
    """Write leaflets into out_dir (site/leaflets/). Returns the PDFs written.

    Only leaflets whose inputs changed are laid out; the rest come from the cache, which keeps
    today's leaflets only (the printed date is on every leaflet)."""
    check_site_url(settings)
    printed = printed or dt.date.today()
    root = cache or settings.root / CACHE
    cache = root / printed.isoformat()
    cache.mkdir(parents=True, exist_ok=True)
    sites = [s for s in dataset.sites if site_ids is None or s.id in site_ids]
    prints: dict = {}
    kinds = [plan(dataset, settings, sites, variant, size, is_sheet, printed, prints)
             for size in sizes for variant in variants(settings)
             if only_variants is None or variant in only_variants
             for is_sheet in ((False, True) if sheet else (False,))]
    missing = [[l for l in leaflets if not (cache / f"{l.key}.pdf").exists()] for leaflets in kinds]
    jobs = max(1, jobs or os.cpu_count() or 1)
    todo = batches(missing, jobs)
    if todo:
        font = cut_font(leaflet_characters(dataset, settings), root.parent / "fonts")
        _STATE.update(dataset=dataset, settings=settings, printed=printed, font=font,
                      sites={s.id: s for s in dataset.sites}, qr_cache=root.parent / "qr")
        jobs = min(jobs, len(todo))
        if jobs == 1:
            for batch in todo:
                _render_batch(batch, cache)
        else:
            context = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
                list(pool.map(_render_batch, todo, [cache] * len(todo)))
    written, pages = [], None
    for leaflets in kinds:
        for l in leaflets:
            dest = out_dir / pdf_name(l.site_id, l.variant, l.size, l.sheet)
            dest.parent.mkdir(parents=True, exist_ok=True)
            _place(cache / f"{l.key}.pdf", dest)
            written.append(dest)
        if combined and site_ids is None and leaflets:
            key = hashlib.sha256("".join(l.key for l in leaflets).encode()).hexdigest()[:24]
            merged = cache / f"all-{key}.pdf"
            if not merged.exists():
                pages = _pages(cache) if pages is None else pages
                # A leaflet whose batch was cut short still has its own PDF to take the page from.
                _merge([pages.get(l.key, (cache / f"{l.key}.pdf", 0)) for l in leaflets], merged)
            first = leaflets[0]
            dest = out_dir / combined_name(first.variant, first.size, first.sheet)
            _place(merged, dest)
            written.append(dest)
    if site_ids is None:
        for old in root.iterdir():
            if old.name != printed.isoformat():  # leaflets printed on another day
                shutil.rmtree(old, ignore_errors=True)
    return written


def check_targets(dataset: Dataset, site_dir: Path, site_ids=None) -> None:
    """Refuse to print a QR code whose page is not in the built site."""
    missing = [s.id for s in dataset.sites if (site_ids is None or s.id in site_ids)
               and not (site_dir / short_path(s.id) / "index.html").exists()]
    if missing:
        raise LeafletError(f"{site_dir}: no page at /{short_path(missing[0])} (and {len(missing) - 1} "
                           "more) — build the site first with `make`")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", action="append", dest="sites", metavar="ID",
                        help="only this site (repeatable); default: every site")
    parser.add_argument("--size", choices=sorted(SIZES), default="A5", help="paper size (default A5)")
    parser.add_argument("--sheet", action="store_true", help="also A4 sheets with two A5 leaflets to cut")
    parser.add_argument("--variant", action="append", dest="variants", metavar="LANG",
                        help="only this language, or 'bi' for bilingual (repeatable); default: all")
    parser.add_argument("--site-dir", type=Path, default=None, help="the built site (default: site/)")
    args = parser.parse_args(argv)
    settings = load_settings()
    site_dir = (args.site_dir or settings.root / "site").resolve()
    try:
        check_site_url(settings)
        dataset = load_dataset(settings)
        kinds = variants(settings)
        for variant in args.variants or []:
            if variant not in kinds:
                raise LeafletError(f"unknown variant '{variant}'; known: {', '.join(kinds)}")
        known = {s.id for s in dataset.sites}
        for site_id in args.sites or []:
            if site_id not in known:
                raise LeafletError(f"unknown site '{site_id}'; known: {', '.join(sorted(known))}")
        check_targets(dataset, site_dir, args.sites)
        written = write_leaflets(dataset, settings, site_dir / "leaflets", sizes=(args.size,),
                                 site_ids=set(args.sites) if args.sites else None,
                                 sheet=args.sheet, only_variants=args.variants)
    except DataError as exc:
        print_problems(exc.problems)
        return 1
    except LeafletError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"Wrote {len(written)} leaflet PDF(s) into {site_dir / 'leaflets'}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
