"""Writing the leaflets of a build: lay out what changed (on every core), take the rest from the
cache, and put single-site and combined PDFs into site/leaflets/."""
from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import hashlib
import json
import multiprocessing
import os
import shutil
import unicodedata
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from scripts.data.config import Settings
from scripts.data.records import Dataset, Site, Text
from scripts.leaflets.fonts import cut_font, installed_coverage, unprintable
from scripts.leaflets.html import leaflet_characters, leaflet_html
from scripts.leaflets.names import check_variant, combined_name, pdf_name, variant_languages, variants
from scripts.leaflets.pdf import merge, place, split, temp_beside
from scripts.leaflets.plan import Leaflet, batches, plan
from scripts.leaflets.render import overflowing, render_document, write_pdf
from scripts.leaflets.writing import CUT_SOURCES, cut_families
from scripts.processes import die_with_parent
from scripts.site.shortlinks import short_path

CACHE = ".cache/leaflets"  # and QR codes in .cache/qr, the cut Chinese font in .cache/fonts
# The speed-ups a leaflet build may use; `make bench` measures each one's gain by turning it off.
#   qr-path    draw the QR path without WeasyPrint's SVG path parser (render.py)
#   ua-sheet   WeasyPrint's user-agent stylesheet replaced by templates/ua.css (render.py)
#   qr-cache   each address's QR code made once and kept in .cache/qr (qr.py)
# A frame-stack workaround for Python 3.11 (laying out inside one large frame) was measured here too
# and dropped: on this 2-core machine it made a 300-site run 8 % slower, not faster.
SPEEDUPS = frozenset({"qr-path", "ua-sheet", "qr-cache"})


class LeafletError(Exception):
    pass


@dataclass(frozen=True)
class BatchJob:
    """Everything one worker needs to lay out one batch: passed to it, never shared."""
    batch: tuple[Leaflet, ...]
    sites: tuple[Site, ...]  # the batch's sites, in its order
    spoken: object  # dataset.spoken_languages
    settings: Settings
    printed: dt.date
    fonts: dict  # {family: cut font} (fonts.py)
    qr_cache: Path | None
    cache: Path
    speedups: frozenset = SPEEDUPS


def printable(dataset: Dataset) -> list[Site]:
    """The sites that get leaflets: every site but the closed ones (their printed addresses keep
    working; no new leaflet sends anyone to them)."""
    return [s for s in dataset.sites if s.status != "closed"]


def _printed_texts(sites, settings: Settings):
    """(file, line, what, language, text) for every text from the data a leaflet prints."""
    for lang, text in settings.organization.items():
        yield "mkdocs.yml", 1, "extra.heartline.organization", lang, text
    hotlines = {}
    for site in sites:
        for field in ("name", "wechat"):
            value = getattr(site, field)
            for lang, text in (value.values.items() if value else ()):
                yield "resources/sites.yml", site.field_lines[field], f"site '{site.id}': {field}", lang, text
        for n, session in enumerate(site.sessions):
            for lang, text in session.topic.values.items():
                yield ("resources/sites.yml", site.field_lines["sessions"],
                       f"site '{site.id}': sessions[{n}].topic", lang, text)
        hotlines.update((h.id, h) for h in site.callable_hotlines)
    for hotline in hotlines.values():
        for lang, text in hotline.name.values.items():
            yield "resources/hotlines.yml", hotline.field_lines["name"], f"hotline '{hotline.id}': name", lang, text


def check_glyphs(sites, settings: Settings) -> None:
    """Refuse to print a character no installed font can draw (it would come out as an empty box),
    naming the character, the field and the line. Each distinct character is looked up once: the
    texts are read again, to name where it is, only when one is missing (2,000 sites: some 30,000
    texts but a few hundred characters)."""
    texts = list(_printed_texts(sites, settings))
    missing = set(unprintable("".join({char for *_, text in texts for char in text}), installed_coverage()))
    if not missing:
        return
    problems = []
    for file, line, what, lang, text in texts:
        for char in (c for c in dict.fromkeys(text) if c in missing):
            name = unicodedata.name(char, "unnamed")
            problems.append(f"{file}:{line}: {what} ({lang}) holds '{char}' (U+{ord(char):04X} {name}), "
                            "which no installed font can print — remove it, or add a Debian font "
                            "package that has it to scripts/install-system-deps.sh")
    raise LeafletError("\n".join(dict.fromkeys(problems)))


def _variant(variant: str, settings: Settings) -> str:
    try:
        return check_variant(variant, settings)
    except ValueError as exc:
        raise LeafletError(str(exc)) from None


def _html(job: BatchJob, sites) -> str:
    first = job.batch[0]
    return leaflet_html(sites, job.spoken, job.settings, first.variant, first.size, first.sheet,
                        job.printed, job.fonts, job.qr_cache)


def _render(job: BatchJob, sites):
    return render_document(_html(job, sites), qr_path="qr-path" in job.speedups,
                           ua_sheet="ua-sheet" in job.speedups)


def _fewer_collections() -> None:
    """A layout worker: what it inherited is frozen out of the garbage collector's reach, and it
    collects less often (layout makes millions of short-lived boxes; the collector was about a fifth
    of a worker's time). Measured with `make bench`'s cold zh + en run, 2,000 sites, two runs each
    way on this 2-core machine: 61.6 and 70.1 s without, 52.7 and 60.1 s with (about 14 % less)."""
    die_with_parent()  # a killed build leaves no worker behind
    gc.freeze()
    gc.set_threshold(100_000, 50, 100)


def render_batch(job: BatchJob) -> None:
    """Lay out leaflets of one kind as one document. Writes batch-<hash>.pdf, a list of the
    leaflets on its pages (.json) and each leaflet's own PDF, <key>.pdf, into the cache."""
    batch, cache = job.batch, job.cache
    document = _render(job, job.sites)
    if len(document.pages) != len(batch) or overflowing(document):
        raise LeafletError(_overflow_message(job))
    name = "batch-" + hashlib.sha256("".join(l.key for l in batch).encode()).hexdigest()[:24]
    tmp = temp_beside(cache / f"{name}.pdf")
    write_pdf(document, tmp)
    split(tmp, [cache / f"{leaflet.key}.pdf" for leaflet in batch])
    tmp.replace(cache / f"{name}.pdf")
    # Written last: a batch is used for combined PDFs only once all its files are in place.
    listing = temp_beside(cache / f"{name}.json")
    listing.write_text(json.dumps([l.key for l in batch]), encoding="utf-8")
    listing.replace(cache / f"{name}.json")


def _fits(job: BatchJob, site: Site) -> bool:
    document = _render(job, [site])
    return len(document.pages) == 1 and not overflowing(document, extra_pages_from=1)


def _shortened(site: Site, field: str, lang: str) -> Site:
    """The site with one field's text (in one language) cut to a single letter (a text not yet
    translated into that language then counts as translated: the letter is what is printed)."""
    def short(text: Text) -> Text:
        return dataclasses.replace(text, values={**text.values, lang: "x"}, fallen=text.fallen - {lang})
    if field in ("name", "wechat"):
        return dataclasses.replace(site, **{field: short(getattr(site, field))})
    if field == "sessions":
        return dataclasses.replace(site, sessions=tuple(dataclasses.replace(x, topic=short(x.topic))
                                                        for x in site.sessions))
    return dataclasses.replace(site, hotlines=tuple(dataclasses.replace(h, name=short(h.name))
                                                    for h in site.hotlines))


def _overflow_message(job: BatchJob) -> str:
    """Which leaflet of a batch does not fit, and which of its texts makes it too long: the first
    field whose shortening (in one language) lets the leaflet fit."""
    first = job.batch[0]
    fix = "shorten the text, or print a larger size (make leaflets ARGS=\"--size A4\")"
    langs = variant_languages(first.variant, job.settings)
    for site in job.sites:
        if _fits(job, site):
            continue
        for field in ("name", "wechat", "sessions", "hotlines"):
            present = getattr(site, field)
            for lang in langs:
                if present and _fits(job, _shortened(site, field, lang)):
                    what = field + (f" ({lang})" if len(langs) > 1 else "")
                    return (f"resources/sites.yml:{site.field_lines.get(field, site.line)}: site "
                            f"'{site.id}': {what} does not fit on the {first.variant} leaflet at "
                            f"{first.size} — {fix}")
        return (f"resources/sites.yml:{site.line}: site '{site.id}': its texts together do not fit on "
                f"the {first.variant} leaflet at {first.size} — {fix}")
    return (f"a batch of {first.variant} {first.size} leaflets does not lay out one page per site "
            f"(sites {', '.join(l.site_id for l in job.batch)})")


def _pages(cache: Path) -> dict[str, tuple[Path, int]]:
    """Where each cached leaflet sits in a batch PDF: key → (batch PDF, page index)."""
    out = {}
    for listing in sorted(cache.glob("batch-*.json"), key=lambda p: p.stat().st_mtime):
        for index, key in enumerate(json.loads(listing.read_text(encoding="utf-8"))):
            out[key] = (listing.with_suffix(".pdf"), index)
    return out


def write_leaflets(dataset: Dataset, settings: Settings, out_dir: Path, *, sizes=("A5",),
                   site_ids=None, sheet: bool = False, combined: bool = True,
                   printed: dt.date | None = None, cache: Path | None = None,
                   jobs: int | None = None, only_variants=None, speedups=SPEEDUPS,
                   max_batch: int | None = None) -> list[Path]:
    """Write leaflets into out_dir (site/leaflets/). Returns the PDFs written.

    Only leaflets whose inputs changed are laid out; the rest come from the cache, which keeps
    today's leaflets only (the printed date is on every leaflet). Closed sites get none."""
    printed = printed or dt.date.today()
    root = cache or settings.root / CACHE
    cache = root / printed.isoformat()
    cache.mkdir(parents=True, exist_ok=True)
    sites = [s for s in printable(dataset) if site_ids is None or s.id in site_ids]
    check_glyphs(sites, settings)
    by_id = {s.id: s for s in sites}
    prints: dict = {}
    chosen = variants(settings) if only_variants is None else list(dict.fromkeys(
        _variant(v, settings) for v in only_variants))
    kinds = [plan(dataset.spoken_languages, settings, sites, variant, size, is_sheet, printed, prints)
             for size in sizes for variant in chosen
             for is_sheet in ((False, True) if sheet else (False,))]
    missing = [[l for l in leaflets if not (cache / f"{l.key}.pdf").exists()] for leaflets in kinds]
    jobs = max(1, jobs or os.cpu_count() or 1)
    todo = batches(missing, jobs, max_batch)
    if todo:
        # Each cut font holds the characters of the languages that name it: the Chinese font cut
        # with every language's words as well took 9.7 s instead of 1 s (Hangul and kana glyphs).
        langs = {lang for batch in todo for lang in variant_languages(batch[0].variant, settings)}
        fonts = {family: cut_font(leaflet_characters(dataset, settings, sorted(
                     l for l in langs if family in cut_families([l]))), root.parent / "fonts", CUT_SOURCES[family])
                 for family in cut_families(langs)}
        work = [BatchJob(batch, tuple(by_id[l.site_id] for l in batch), dataset.spoken_languages,
                         settings, printed, fonts, root.parent / "qr" if "qr-cache" in speedups else None,
                         cache, frozenset(speedups))
                for batch in todo]
        jobs = min(jobs, len(todo))
        if jobs == 1:
            for job in work:
                render_batch(job)
        else:
            context = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_fewer_collections) as pool:
                list(pool.map(render_batch, work))
    written, pages = [], None
    for leaflets in kinds:
        for l in leaflets:
            dest = out_dir / pdf_name(l.site_id, l.variant, l.size, l.sheet)
            dest.parent.mkdir(parents=True, exist_ok=True)
            place(cache / f"{l.key}.pdf", dest)
            written.append(dest)
        if combined and site_ids is None and leaflets:
            key = hashlib.sha256("".join(l.key for l in leaflets).encode()).hexdigest()[:24]
            merged = cache / f"all-{key}.pdf"
            if not merged.exists():
                pages = _pages(cache) if pages is None else pages
                # A leaflet whose batch was cut short still has its own PDF to take the page from.
                merge([pages.get(l.key, (cache / f"{l.key}.pdf", 0)) for l in leaflets], merged)
            first = leaflets[0]
            dest = out_dir / combined_name(first.variant, first.size, first.sheet)
            place(merged, dest)
            written.append(dest)
    if site_ids is None:
        for old in root.iterdir():
            if old.name != printed.isoformat():  # leaflets printed on another day
                shutil.rmtree(old, ignore_errors=True)
    return written


def check_targets(dataset: Dataset, site_dir: Path, site_ids=None) -> None:
    """Refuse to print a QR code whose page is not in the built site."""
    missing = [s.id for s in printable(dataset) if (site_ids is None or s.id in site_ids)
               and not (site_dir / short_path(s.id) / "index.html").exists()]
    if missing:
        raise LeafletError(f"{site_dir}: no page at /{short_path(missing[0])} (and {len(missing) - 1} "
                           "more) — build the site first with `make`")
