"""Build the whole site and its leaflets into site/ — all or nothing.

Steps, holding the build lock (a second build waits): remove what a killed build left behind →
run every check of `make check` (any error stops the build) → write the generated pages →
`mkdocs build --strict` into a temporary folder (its processes write the site pages' compressed
copies) → write the search index as UTF-8 and minify the site's own scripts → side by side, each in
a process of its own: add the short addresses, contact cards and open data, compress MkDocs's files
and check their security policy → give the service worker this build's id and words → print the
leaflets into leaflets/ → check every address ever printed (resources/printed.yml) still opens a
page, and the policy of the pages written since → compress the files written since
(scripts/site/compress.py) → make it readable by any web server → swap it in place of site/ in
one step, only if every step succeeded. The build writes no tracked file: the ledger of printed
addresses changes only with `make leaflets ARGS="--record"`.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import pickle
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from scripts.checks.ledger import unresolved
from scripts.checks.run import checked, errors
from scripts.data.config import Settings, settings_for_command
from scripts.data.loader import load_dataset
from scripts.data.records import Dataset
from scripts.data.problems import DataError, print_problems
from scripts.leaflets.write import LeafletError, check_targets, write_leaflets
from scripts.processes import die_with_parent, side_by_side
from scripts.site.compress import precompress, text_files
from scripts.site.datadir import write_data_dir
from scripts.site import csp
from scripts.site.generate import write_generated
from scripts.site.minify import minify_scripts
from scripts.site.offline import WORKER, write_worker
from scripts.site.hooks import DATASET, PAGES_READY, SHARD
from scripts.site.parallel import merge_shard
from scripts.site.publish import build_lock, clean_leftovers, new_prefix, open_up, replace_dir
from scripts.site.searchindex import rewrite_index
from scripts.site.stamp import STAMP, complete_sitemap
from scripts.site.shortlinks import write_short_pages
from scripts.site.vcard import write_vcards

# Below this many sites per core, a second process costs more than it saves.
SITES_PER_JOB = 150

# What jieba prints while loading its dictionary: noise in a build log.
_JIEBA_CHATTER = re.compile(r"^(Building prefix dict|Loading model|Prefix dict has been|Dumping model)")


def _mkdocs_command(settings: Settings, out_dir: Path) -> list[str]:
    # Not --quiet: with it MkDocs 1.6 no longer fails on warnings in strict mode.
    return [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out_dir),
            "-f", str(settings.root / "mkdocs.yml")]


def _env(settings: Settings, shard: str | None, ready: Path, data: Path, stamped: bool) -> dict:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", **{PAGES_READY: str(ready), DATASET: str(data),
                                                       STAMP: "1" if stamped else "0"},
               PYTHONPATH=os.pathsep.join(filter(None, [str(settings.root), os.environ.get("PYTHONPATH")])))
    env.pop(SHARD, None)
    if shard:
        env[SHARD] = shard
    return env


def _report(output: str) -> None:
    for line in output.splitlines():
        if not line.startswith("INFO") and not _JIEBA_CHATTER.match(line):
            print(line, file=sys.stderr)


def mkdocs_build(settings: Settings, out_dir: Path, dataset: Dataset, jobs: int, prepare=None,
                 stamped: bool = True) -> bool:
    """Build the site into out_dir with `jobs` MkDocs processes side by side (one per core).
    Each builds every page except the site pages of the other shards; the shards are then merged.
    They are handed the validated dataset (a pickle beside out_dir) rather than reading it again.
    prepare() (writing the generated pages) runs while they start up: they wait for it before
    reading any page (scripts/site/parallel.py). Each lays out one site page per language through
    the theme and stamps the others from it (scripts/site/stamp.py; stamped=False: every page
    through the theme). Returns True when every process succeeded."""
    dirs = [out_dir] + [out_dir.with_name(f"{out_dir.name}-shard{k}") for k in range(1, jobs)]
    ready = out_dir.with_name(f"{out_dir.name}.pages-ready")
    data = out_dir.with_name(f"{out_dir.name}.dataset")
    procs: list[subprocess.Popen] = []
    ok = False
    try:
        data.write_bytes(pickle.dumps(dataset, protocol=pickle.HIGHEST_PROTOCOL))
        procs += [subprocess.Popen(_mkdocs_command(settings, d), cwd=settings.root,
                                   env=_env(settings, f"{k}/{jobs}" if jobs > 1 else None, ready, data, stamped),
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                   preexec_fn=die_with_parent)
                  for k, d in enumerate(dirs)]
        if prepare:
            prepare()
        ready.touch()
        ok = True
        for proc in procs:
            output, _ = proc.communicate()
            _report(output)
            ok = ok and proc.returncode == 0
        if ok:
            prefixes = [settings.lang_prefix(lang) for lang in settings.languages]
            for k, d in enumerate(dirs[1:], start=1):
                merge_shard(out_dir, d, [s.id for s in dataset.sites], k, jobs, prefixes)
            if stamped:
                complete_sitemap(out_dir, [s.id for s in dataset.sites])
    finally:
        for proc in procs:
            if proc.poll() is None:  # something above failed while they ran
                proc.kill()
                proc.communicate()
        ready.unlink(missing_ok=True)
        data.unlink(missing_ok=True)
        for d in dirs[1:]:
            shutil.rmtree(d, ignore_errors=True)
    return ok


def default_jobs(sites: int) -> int:
    """One process per core for large datasets; one process when sharding would not pay."""
    return max(1, min(os.cpu_count() or 1, sites // SITES_PER_JOB))


def lock_file(settings: Settings) -> Path:
    """One build of a project at a time: they share the generated pages in docs/ and .cache/."""
    return settings.root / ".cache" / "build.lock"


def per_site_paths(settings: Settings) -> tuple[str, ...]:
    """What grows with the number of sites (their folders, the lists of them, the hotline directory
    with every site's duty phone, the sitemap), and the search's dictionaries for languages the site
    does not have: compressed fast. (The directory of 2,000 sites, 2.2 MB of HTML, took 5.5 s at
    Brotli's best setting for 23.0 KB, and takes 0.03 s for 23.8 KB.)"""
    return ("sitemap.xml", "assets/javascripts/lunr/") + tuple(
        f"{settings.lang_prefix(lang)}{folder}/" for lang in settings.languages
        for folder in ("sites", "leaflets", "hotlines"))


# nginx answers /s/<id>/ with a redirect: the pages there are for hosts without its configuration.
# The open data's folder holds exactly the files it lists; nginx compresses those as it sends them.
NOT_COMPRESSED = ("s/", "data/")



def gate(settings: Settings, site_dir: Path, today: dt.date) -> tuple[bool, Dataset | None]:
    """The checks of `make check`, printed the same way: (False when one of them is an error, the
    validated data they loaded, which the build goes on with)."""
    problems, data = checked(settings, today)
    if problems:
        print_problems(problems)
    if errors(problems):
        print(f"{errors(problems)} error(s), {len(problems) - errors(problems)} warning(s) "
              f"(`make check` lists them too); {site_dir} was left as it was.", file=sys.stderr)
        return False, None
    return True, data


def build(settings: Settings, site_dir: Path, jobs: int | None = None, leaflets: bool = True,
          today: dt.date | None = None, stamped: bool = True) -> int:
    """Build everything into site_dir (replaced only when every step succeeds). Returns 0 or 1.
    stamped=False lays out every site page through the theme (scripts/site/stamp.py)."""
    with build_lock(lock_file(settings)):
        removed = clean_leftovers(site_dir)
        if removed:
            print(f"Removed {len(removed)} folder(s) left by an interrupted build.", file=sys.stderr)
        passed, dataset = gate(settings, site_dir, today or dt.date.today())
        if not passed:
            return 1
        return _build(settings, site_dir, jobs, leaflets, dataset, stamped)


def _build(settings: Settings, site_dir: Path, jobs: int | None, leaflets: bool,
           dataset: Dataset | None = None, stamped: bool = True) -> int:
    try:
        if dataset is None:  # the checks could not load it; the problems are printed below
            dataset = load_dataset(settings)  # validated; its pages are written while MkDocs starts
    except DataError as exc:
        print_problems(exc.problems)
        print(f"{len(exc.problems)} problem(s) in the data; {site_dir} was left as it was.",
              file=sys.stderr)
        return 1
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=new_prefix(site_dir), dir=site_dir.parent))
    try:
        jobs = jobs or default_jobs(len(dataset.sites))
        pages = lambda: write_generated(dataset, settings)  # noqa: E731
        if not mkdocs_build(settings, tmp, dataset, jobs, prepare=pages, stamped=stamped):
            print(f"The site build failed; {site_dir} was left as it was.", file=sys.stderr)
            return 1
        rewrite_index(tmp)  # UTF-8 instead of \u escapes: a twelfth smaller gzipped
        minify_scripts(tmp, settings.docs_dir)
        # MkDocs's files are final: they are compressed and checked while the build writes the
        # others, each step in a process of its own (scripts/processes.py).
        themes = sorted((p for p in text_files(tmp) if p != tmp / WORKER),  # rewritten below
                        key=lambda p: p.stat().st_size, reverse=True)
        bulk = per_site_paths(settings)
        pages = [p for p in themes if p.suffix == ".html"]
        found = side_by_side(  # the long steps in halves, so that all end at about the same time
            lambda: write_short_pages(dataset, settings, tmp),
            lambda: write_vcards(dataset, settings, tmp),
            lambda: write_data_dir(dataset, settings, tmp, built=dt.date.today()),
            *(lambda half=half: precompress(tmp, bulk, NOT_COMPRESSED, jobs=1, files=half)
              for half in (themes[::2], themes[1::2])),
            *(lambda half=half: csp.unpermitted(tmp, settings, jobs=1, pages=half)
              for half in (pages[::2], pages[1::2])),
        )
        blocked = found[-2] + found[-1]
        write_worker(tmp, settings, dataset)  # after every file a phone may keep is in place
        if leaflets:
            try:
                check_targets(dataset, tmp)
                write_leaflets(dataset, settings, tmp / "leaflets")
            except LeafletError as exc:
                print(f"error: {exc}", file=sys.stderr)
                return 1
        broken = unresolved(settings, tmp)
        if broken:
            print_problems(broken)
            print(f"Printed addresses would break; {site_dir} was left as it was.", file=sys.stderr)
            return 1
        # The pages written since (the short addresses): checked as well.
        blocked += csp.unpermitted(tmp, settings, pages=set(tmp.rglob("*.html")) - set(themes))
        if blocked:
            print("\n".join(blocked), file=sys.stderr)
            print(f"Pages the security policy (scripts/site/csp.py) would break; {site_dir} was left "
                  "as it was.", file=sys.stderr)
            return 1
        precompress(tmp, bulk, NOT_COMPRESSED)  # .gz and .br beside the files written since, for nginx
        open_up(tmp)
        replace_dir(tmp, site_dir)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    print(f"Built {len(dataset.sites)} sites in {len(settings.languages)} languages into {site_dir}.")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--site-dir", type=Path, default=None, help="output folder (default: site/)")
    parser.add_argument("--no-leaflets", action="store_true", help="build the site without leaflets")
    parser.add_argument("--jobs", type=int, default=None,
                        help="MkDocs processes side by side (default: one per core for large data)")
    parser.add_argument("--today", type=dt.date.fromisoformat, default=None,
                        help="check dates as if today were this date (YYYY-MM-DD)")
    args = parser.parse_args(argv)
    settings = settings_for_command()
    if settings is None:
        return 1
    return build(settings, (args.site_dir or settings.root / "site").resolve(), args.jobs,
                 leaflets=not args.no_leaflets, today=args.today)


if __name__ == "__main__":
    sys.exit(main())
