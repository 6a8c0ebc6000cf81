"""Print-ready PDF leaflets: for every site, one in each language and one bilingual.

Leaflets are laid out in batches (WeasyPrint lays out a page of a long document far faster than a
separate document) and each batch is cached by the hash of its inputs, so after a data change only
the batches that changed are laid out again.
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import io
import shutil
import sys
from functools import lru_cache
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import qrcode
import qrcode.constants
from markupsafe import Markup
from qrcode.image.svg import SvgPathImage

from scripts.config import Settings, load_settings
from scripts.data import DataError, print_problems, load_dataset
from scripts.records import Dataset, Site
from scripts.shortlinks import short_path, short_url
from scripts.templating import TEMPLATES, html_env, labels

SIZES = {"A4": (210, 297), "A5": (148, 210), "A6": (105, 148)}  # millimetres, portrait
BILINGUAL = "bi"
# Leaflets laid out together. A batch shares one font subset, which a single-site PDF cut from it
# carries: 16 keeps those under 250 KB; a data change lays out one batch again.
BATCH = 16
CACHE = ".cache/leaflets"


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


@lru_cache(maxsize=None)
def qr_svg(data: str) -> Markup:
    """A vector QR code: error correction Q (readable with a quarter damaged), 4-module quiet zone."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_Q, border=4,
                         image_factory=SvgPathImage)
    code.add_data(data)
    code.make(fit=True)
    out = io.BytesIO()
    code.make_image().save(out)
    svg = out.getvalue().decode("utf-8")
    return Markup(svg[svg.index("<svg"):])


def pdf_name(site_id: str, variant: str, size: str, sheet: bool = False) -> str:
    """'h03/h03-zh-a5.pdf'; an A4 sheet of two A5 leaflets is 'h03/h03-zh-a5x2-a4.pdf'."""
    kind = f"{size.lower()}x2-a4" if sheet else size.lower()
    return f"{site_id}/{site_id}-{variant}-{kind}.pdf"


def combined_name(variant: str, size: str, sheet: bool = False) -> str:
    kind = f"{size.lower()}x2-a4" if sheet else size.lower()
    return f"all-{variant}-{kind}.pdf"


def leaflet_context(site: Site, dataset: Dataset, settings: Settings) -> dict:
    url = qr_payload(site, settings)
    return {"site": site, "url": url, "qr_svg": qr_svg(url),
            "org": settings.organization, "spoken": dataset.spoken_languages}


def leaflet_html(sites, dataset: Dataset, settings: Settings, variant: str, size: str,
                 sheet: bool, printed: dt.date) -> str:
    langs = variant_languages(variant, settings)
    return html_env().get_template("leaflet.html.j2").render(
        leaflets=[leaflet_context(s, dataset, settings) for s in sites], langs=langs,
        words={l: labels(l) for l in langs}, size=size, sheet=sheet, printed=printed.isoformat(),
        css=Markup((TEMPLATES / "leaflet.css").read_text(encoding="utf-8")))


@dataclass(frozen=True)
class Batch:
    html: str
    site_ids: tuple[str, ...]
    key: str


def _render_batch(batch: Batch, cache: Path) -> Path:
    """Lay out one batch and write its PDF and one PDF per page into cache/<key>/ (once)."""
    folder = cache / batch.key
    if (folder / "done").exists():
        return folder
    from weasyprint import HTML  # imported here: slow to import, and only needed on a cache miss
    tmp = folder.with_name(folder.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    document = HTML(string=batch.html, base_url=str(TEMPLATES)).render()
    if len(document.pages) != len(batch.site_ids):
        raise LeafletError(f"a leaflet does not fit on one page (sites {', '.join(batch.site_ids)}): "
                           "shorten the text or print a larger size")
    document.write_pdf(tmp / "batch.pdf")
    _split(tmp / "batch.pdf", [tmp / f"{site_id}.pdf" for site_id in batch.site_ids])
    (tmp / "done").touch()
    shutil.rmtree(folder, ignore_errors=True)
    tmp.rename(folder)
    return folder


def _split(pdf: Path, dests: list[Path]) -> None:
    """One PDF per page (copying pages is far cheaper than writing each page's PDF anew)."""
    import pypdfium2 as pdfium
    src = pdfium.PdfDocument(pdf)
    for index, dest in enumerate(dests):
        single = pdfium.PdfDocument.new()
        single.import_pages(src, [index])
        single.save(dest)
        single.close()
    src.close()


def _merge(parts: list[Path], dest: Path) -> None:
    import pypdfium2 as pdfium
    merged = pdfium.PdfDocument.new()
    for part in parts:
        src = pdfium.PdfDocument(part)
        merged.import_pages(src)
        src.close()
    merged.save(dest)
    merged.close()


def batches(dataset: Dataset, settings: Settings, sites, variant: str, size: str, sheet: bool,
            printed: dt.date) -> list[Batch]:
    out = []
    for start in range(0, len(sites), BATCH):
        chunk = sites[start:start + BATCH]
        html = leaflet_html(chunk, dataset, settings, variant, size, sheet, printed)
        key = hashlib.sha256(f"{_engine_version()}\n{html}".encode()).hexdigest()[:24]
        out.append(Batch(html, tuple(s.id for s in chunk), key))
    return out


@lru_cache(maxsize=None)
def _engine_version() -> str:
    from importlib.metadata import version
    return version("weasyprint")


def write_leaflets(dataset: Dataset, settings: Settings, out_dir: Path, *, sizes=("A5",),
                   site_ids=None, sheet: bool = False, combined: bool = True,
                   printed: dt.date | None = None, cache: Path | None = None, jobs: int = 2) -> list[Path]:
    """Write leaflets into out_dir (site/leaflets/). Returns the PDFs written."""
    check_site_url(settings)
    printed = printed or dt.date.today()
    cache = cache or settings.root / CACHE
    sites = [s for s in dataset.sites if site_ids is None or s.id in site_ids]
    work = []  # (variant, size, sheet, batches)
    for size in sizes:
        for variant in variants(settings):
            work.append((variant, size, False, batches(dataset, settings, sites, variant, size, False, printed)))
            if sheet:
                work.append((variant, size, True, batches(dataset, settings, sites, variant, size, True, printed)))
    todo = [b for *_, bs in work for b in bs if not (cache / b.key / "done").exists()]
    if todo:
        with ProcessPoolExecutor(max_workers=max(1, min(jobs, len(todo)))) as pool:
            list(pool.map(_render_batch, todo, [cache] * len(todo)))
    written = []
    for variant, size, is_sheet, bs in work:
        for b in bs:
            for site_id in b.site_ids:
                dest = out_dir / pdf_name(site_id, variant, size, is_sheet)
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(cache / b.key / f"{site_id}.pdf", dest)
                written.append(dest)
        if combined and site_ids is None:
            dest = out_dir / combined_name(variant, size, is_sheet)
            _merge([cache / b.key / "batch.pdf" for b in bs], dest)
            written.append(dest)
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
    parser.add_argument("--site-dir", type=Path, default=None, help="the built site (default: site/)")
    args = parser.parse_args(argv)
    settings = load_settings()
    site_dir = (args.site_dir or settings.root / "site").resolve()
    try:
        check_site_url(settings)
        dataset = load_dataset(settings)
        known = {s.id for s in dataset.sites}
        for site_id in args.sites or []:
            if site_id not in known:
                raise LeafletError(f"unknown site '{site_id}'; known: {', '.join(sorted(known))}")
        check_targets(dataset, site_dir, args.sites)
        written = write_leaflets(dataset, settings, site_dir / "leaflets", sizes=(args.size,),
                                 site_ids=set(args.sites) if args.sites else None,
                                 sheet=args.sheet)
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
