"""`make bench`: build a synthetic dataset of N sites and report speed and sizes.

Targets (2,000 sites, 2 cores): site build ≤ 15 s; a site page's HTML ≤ 25 KB; the search index
≤ 150 KB gzipped; leaflets from cold ≤ 60 s, after one site changes ≤ 5 s, ≤ 250 KB each. A site
page on Slow 3G through nginx, cold: first tel: link on screen ≤ 1.0 s, the first visit ≤ 60 KB,
everything included. `make bench N=20000`: the build grows linearly (≤ 11× the 2,000-site time)
and its peak memory stays ≤ 4 GB; those figures are printed next to the 2,000-site ones.
"""
from __future__ import annotations

import argparse
import datetime as dt
import gzip
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from scripts.build import build
from scripts.data.config import ROOT, load_settings
from scripts.measure import run
from scripts.sandbox import copy_project, only_core_languages
from scripts.site.compress import precompress

REFERENCE_SITES = 2000  # the size the targets are set for
ALL_LANGUAGE_SITES = 200  # leaflets in every language and variant are measured on this many sites

# Characters hotel names are often made of. Each synthetic site takes three, so that its name, like a
# real one, brings glyphs of its own into the leaflets' font subsets (single-site PDF size).
NAME_CHARS = ("华港湾星海瑞丰景园泰和安康宁馨悦福盛锦绣云天明月清风山水东南西北金银龙凤春夏秋冬"
              "嘉怡新城广场花假日国际商务大厦宾馆公寓旅店之家快捷优选精品如意吉祥鸿运富贵平顺长乐"
              "永兴隆昌蓝湖滨江桥林松竹梅兰菊")


TODAY = dt.date.today().isoformat()  # the synthetic data is always freshly checked


def synthetic_name(i: int) -> str:
    n = len(NAME_CHARS)
    return f"基准{NAME_CHARS[i % n]}{NAME_CHARS[(i * 7 + 3) % n]}{NAME_CHARS[(i * 31 + 11) % n]}酒店{i}号"


def synthetic_project(dest: Path, sites: int) -> Path:
    """A copy of the project whose data has `sites` fictitious sites, each with its duty line."""
    copy_project(dest)
    (dest / "resources" / "printed.yml").unlink(missing_ok=True)  # the sample sites' addresses
    hotlines = (ROOT / "resources" / "hotlines.yml").read_text(encoding="utf-8")
    out_h = [hotlines]
    out_s = ["# yaml-language-server: $schema=schema/sites.schema.json\nsites:\n"]
    for i in range(1, sites + 1):
        sid = f"b{i:04d}"
        out_h.append(f"""
  - id: {sid}-duty
    number: 022-6{i:07d}
    name: {{zh: 基准隔离点{i}值班电话, en: Bench site {i} duty phone}}
    category: duty
    hours: 24/7
    languages: [zh]
    audience: {{zh: 本隔离点的居民, en: Residents of this site}}
    kind: voice
    topics: [site]
    source: {{zh: 基准测试的合成数据, en: Synthetic benchmark data}}
    verified: "{TODAY}"
    sample: true
""")
        out_s.append(f"""  - id: {sid}
    name: {{zh: {synthetic_name(i)}, en: Benchmark Hotel {i}}}
    district: {{zh: B区, en: B District}}
    address: {{zh: B区基准路{i}号（虚构）, en: "{i} Benchmark Road, B District (fictitious)"}}
    status: open
    hotlines: [{sid}-duty, h-psy-support, h-night-support, psy-12356, emergency-120, police-110]
    wechat: {{zh: 扫描房间门后的群二维码加入微信群。, en: Scan the group QR code on your door to join the WeChat group.}}
    sessions:
      - time: "10:00"
        topic: {{zh: 晨间伸展, en: Morning stretch}}
    featured_guides: [stress-anxiety, sleep, daily-routine]
    reviewed: "{TODAY}"
    sample: true
""")
    (dest / "resources" / "hotlines.yml").write_text("".join(out_h), encoding="utf-8")
    (dest / "resources" / "sites.yml").write_text("".join(out_s), encoding="utf-8")
    return dest


def measure_site(project: Path, site: Path, sites: int) -> dict:
    """Build the project as `make` does, leaflets aside, in a process of its own: time, CPU time
    and peak memory of the build and its MkDocs processes (scripts/measure.py)."""
    cost = run([sys.executable, "-m", "scripts.build", "--site-dir", str(site), "--no-leaflets"], cwd=project,
               env=dict(os.environ, PYTHONPATH=str(project), NO_MKDOCS_2_WARNING="1"))
    assert cost.returncode == 0, f"the benchmark build failed:\n{cost.output}"
    pages = sum(1 for _ in site.rglob("index.html"))
    page = site / "sites" / "b0001" / "index.html"
    index = (site / "search" / "search_index.json").read_bytes()
    return {
        "sites": sites, "build_s": cost.wall_s, "cpu_s": cost.cpu_s, "pages": pages,
        "pages_per_s": pages / cost.wall_s, "peak_total_mb": cost.peak_total_mb,
        "max_process_mb": cost.max_process_mb,
        "site_page_kb": page.stat().st_size / 1024,
        "search_index_kb": len(index) / 1024, "search_index_gz_kb": len(gzip.compress(index, 9)) / 1024,
    }


def measure_leaflets(project: Path, site: Path, sites: int) -> dict:
    """Cold: the core languages' leaflets (zh and en, and their combined PDFs) from an empty
    cache; warm: the same after one site changes; and every variant of every configured
    language, from cold, for the first ALL_LANGUAGE_SITES sites."""
    import dataclasses

    from scripts.data.loader import load_dataset
    from scripts.leaflets.write import write_leaflets
    settings = load_settings(project)
    data = load_dataset(settings)
    core = list(settings.core_languages)
    cache = project / ".cache-core" / "leaflets"  # its own QR codes too: a cold start
    start = time.perf_counter()
    written = write_leaflets(data, settings, site / "leaflets-core", cache=cache, only_variants=core)
    cold = time.perf_counter() - start
    sites_yml = project / "resources" / "sites.yml"
    sites_yml.write_text(sites_yml.read_text(encoding="utf-8").replace(
        "Benchmark Hotel 1}", "Benchmark Hotel One}", 1), encoding="utf-8")
    data = load_dataset(settings)
    start = time.perf_counter()
    write_leaflets(data, settings, site / "leaflets-core", cache=cache, only_variants=core)
    warm = time.perf_counter() - start
    subset = dataclasses.replace(data, sites=data.sites[:ALL_LANGUAGE_SITES])
    start = time.perf_counter()
    every = write_leaflets(subset, settings, site / "leaflets-all", cache=project / ".cache-all" / "leaflets")
    cold_all = time.perf_counter() - start
    singles = [p.stat().st_size for p in [*written, *every] if p.parent.name not in ("leaflets-core", "leaflets-all")]
    return {"pdfs": len(written), "cold_s": cold, "warm_s": warm, "all_pdfs": len(every),
            "all_sites": len(subset.sites), "cold_all_s": cold_all,
            "max_single_kb": max(singles) / 1024, "mean_single_kb": sum(singles) / len(singles) / 1024}


def stock_site(project: Path, dest: Path) -> Path:
    """The same site page (site b0001, in Chinese) as stock mkdocs-material makes it: Material's
    defaults and search, no Heartline overrides, hooks or styles (system fonts, as Google Fonts
    cannot be reached). Built and compressed like the real site."""
    dest.mkdir(parents=True)
    (dest / "docs").mkdir()
    (dest / "docs" / "index.md").write_text(
        (project / "docs" / "sites" / "b0001.zh.md").read_text(encoding="utf-8"), encoding="utf-8")
    (dest / "mkdocs.yml").write_text(
        "site_name: Heartline 心线\ntheme:\n  name: material\n  language: zh\n  font: false\n"
        "markdown_extensions: [toc, attr_list, admonition, tables, def_list]\nplugins: [search]\n",
        encoding="utf-8")
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(dest / "site")], cwd=dest,
                   check=True, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    precompress(dest / "site")
    return dest / "site"


def measure_first_visit(site: Path, path: str = "sites/b0001/"):
    """A cold first visit on Slow 3G through the shipped nginx (scripts/server/visit.py); None
    without Chromium or nginx (`make test` installs both)."""
    from scripts.server.run import NGINX, nginx
    from scripts.server.visit import measure
    from scripts.site.pageweight import CHROMIUM
    if not (Path(CHROMIUM).exists() and Path(NGINX).exists()):
        return None
    with nginx(site, load_settings()) as server:
        return measure(server, path)


def print_build(r: dict) -> None:
    print(f"sites: {r['sites']:,}  pages built: {r['pages']:,}")
    print(f"full build: {r['build_s']:.1f} s ({r['pages_per_s']:.0f} pages/s, {r['cpu_s']:.1f} s of CPU)"
          f"   target ≤ 15 s at 2,000 sites")
    print(f"peak memory: {r['peak_total_mb']:,.0f} MB, all processes at once "
          f"(largest process {r['max_process_mb']:,.0f} MB)   target ≤ 4 GB")


def print_visit(label: str, v: dict, rows: bool) -> None:
    print(f"{label}: first contentful paint {v['fcp_s']:.2f} s, first tel: link on screen {v['tel_s']:.2f} s "
          f"(median of 3); first visit {v['kb']:.1f} KB on the wire, headers included, "
          f"{len(v['answers'])} answers")
    if rows:
        for path, status, sent, encoding in v["answers"]:
            print(f"    {sent / 1024:6.1f} KB  {status}  {encoding:>4}  {path}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=2000)
    parser.add_argument("--no-leaflets", action="store_true", help="measure the site build only")
    parser.add_argument("--tricks", type=int, default=500, metavar="N",
                        help="measure each speed-up on N sites (default 500; 0 to skip)")
    args = parser.parse_args(argv)
    # Another size is measured next to the 2,000-site figures; leaflets only at 2,000 sites or fewer.
    sizes = sorted({REFERENCE_SITES, args.sites}) if args.sites > REFERENCE_SITES else [args.sites]
    leaflets = not args.no_leaflets and args.sites <= REFERENCE_SITES
    with tempfile.TemporaryDirectory(prefix="heartline-bench-") as tmp:
        builds, core = {}, {}
        for n in sizes:
            # The targets are set for a site in Chinese and English; the additional languages are
            # measured beside them.
            core_project = only_core_languages(synthetic_project(Path(tmp) / f"core-{n}", n))
            core[n] = measure_site(core_project, Path(tmp) / f"core-site-{n}", n)
            shutil.rmtree(Path(tmp) / f"core-site-{n}")
            if n == sizes[0]:  # every language: at 2,000 sites (or the one size asked for)
                project = synthetic_project(Path(tmp) / f"project-{n}", n)
                builds[n] = measure_site(project, Path(tmp) / f"site-{n}", n)
        site = Path(tmp) / f"site-{sizes[0]}"
        visit = measure_first_visit(site)
        stock = measure_first_visit(stock_site(project, Path(tmp) / "stock"), "") if visit else None
        lf = measure_leaflets(project, site, args.sites) if leaflets else None
        tricks = measure_speedups(Path(tmp), args.tricks) if args.tricks else None
    languages = load_settings().languages
    for n in sizes:
        print(f"Chinese and English only ({', '.join(load_settings().core_languages)}):")
        print_build(core[n])
        if n in builds:
            print(f"with the additional languages too ({len(languages)} languages: {', '.join(languages)}):")
            print_build(builds[n])
    if len(sizes) > 1:
        big, ref = core[sizes[-1]], core[REFERENCE_SITES]
        print(f"growth, {sizes[-1]:,} against {REFERENCE_SITES:,} sites ({sizes[-1] / REFERENCE_SITES:.0f}× the sites): "
              f"{big['build_s'] / ref['build_s']:.1f}× the time ({big['cpu_s'] / ref['cpu_s']:.1f}× the CPU), "
              f"{big['peak_total_mb'] / ref['peak_total_mb']:.1f}× the memory   "
              f"target ≤ {1.1 * sizes[-1] / REFERENCE_SITES:.0f}× the time")
    r = core[sizes[-1]]
    print(f"site page HTML: {r['site_page_kb']:.1f} KB   target ≤ 25 KB")
    print(f"search index: {r['search_index_kb']:.0f} KB raw, {r['search_index_gz_kb']:.0f} KB gzipped   "
          f"target ≤ 150 KB gzipped")
    if visit:
        print("Slow 3G (400 ms round trip, 400 kbit/s), a new phone, Chromium, through nginx (server/):")
        print_visit("  site page", visit, rows=True)
        print("    targets: first tel: link ≤ 1.0 s; first visit ≤ 60 KB")
        print_visit("  the same page in stock mkdocs-material", stock, rows=False)
    else:
        print("first visit: not measured (no /usr/bin/chromium or nginx; `make test` installs them)")
    if lf:
        print(f"leaflets, zh and en ({lf['pdfs']:,} PDFs with the combined ones) from cold: "
              f"{lf['cold_s']:.1f} s   target ≤ 60 s")
        print(f"leaflets after one site changed: {lf['warm_s']:.1f} s   target ≤ 5 s")
        print(f"leaflets in every language and variant ({lf['all_pdfs']:,} PDFs for {lf['all_sites']} sites, "
              f"with the combined ones) from cold: {lf['cold_all_s']:.1f} s "
              f"({lf['cold_all_s'] / lf['all_pdfs'] * 1000:.0f} ms a PDF)")
        print(f"single-site PDF: {lf['mean_single_kb']:.0f} KB mean, {lf['max_single_kb']:.0f} KB max   "
              f"target ≤ 250 KB")
    elif not args.no_leaflets:
        print(f"leaflets: measured at {REFERENCE_SITES:,} sites or fewer (`make bench`)")
    if tricks:
        print_speedups(*tricks)
    return 0


def measure_speedups(tmp: Path, sites: int):
    """Each speed-up's gain: leaflets (scripts/leaflets/tricks.py) and the sharded site build."""
    from scripts.data.loader import load_dataset
    from scripts.leaflets.tricks import measure_tricks
    project = synthetic_project(tmp / f"project-{sites}", sites)
    settings = load_settings(project)
    rows = measure_tricks(load_dataset(settings), settings, tmp / "tricks")
    shards = []  # one process, two, and two laying out every site page through the theme
    for jobs, stamped in ((1, True), (2, True), (2, False)):
        start = time.perf_counter()
        assert build(settings, tmp / f"site-jobs{jobs}-{stamped}", jobs=jobs, leaflets=False,
                     stamped=stamped) == 0
        shards.append(time.perf_counter() - start)
    return sites, rows, shards


def print_speedups(sites: int, rows, shards) -> None:
    print(f"speed-ups, zh + en leaflets of {sites} sites from cold (QR codes cached unless said):")
    for name, with_it, without in rows:
        print(f"    {name:<24} {with_it:6.1f} s with it, {without:6.1f} s without: "
              f"{(without - with_it) / without * 100:+5.1f} % of the time saved")
    print(f"    sharded site build       {shards[1]:6.1f} s on 2 processes, {shards[0]:6.1f} s on 1: "
          f"{(shards[0] - shards[1]) / shards[0] * 100:+5.1f} % ({sites} sites)")
    print(f"    stamped site pages       {shards[1]:6.1f} s with it, {shards[2]:6.1f} s without: "
          f"{(shards[2] - shards[1]) / shards[2] * 100:+5.1f} % ({sites} sites, 2 processes)")


if __name__ == "__main__":
    sys.exit(main())
