"""`make bench`: build a synthetic dataset of N sites and report speed and sizes.

Targets (2,000 sites, 2 cores): site build ≤ 15 s; a site page's HTML ≤ 25 KB; the search index
≤ 150 KB gzipped; the first visit to a site page ≤ 100 KB compressed, everything included; leaflets
from cold ≤ 60 s, after one site changes ≤ 5 s, ≤ 250 KB each.
"""
from __future__ import annotations

import argparse
import datetime as dt
import gzip
import sys
import tempfile
import time
from pathlib import Path

from scripts.build import build
from scripts.data.config import ROOT, load_settings
from scripts.sandbox import copy_project

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
    hotlines: [{sid}-duty, h-psy-support, psy-12356, emergency-120, police-110]
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


def measure_site(project: Path, site: Path, sites: int, leaflets: bool) -> dict:
    settings = load_settings(project)
    start = time.perf_counter()
    assert build(settings, site, leaflets=leaflets) == 0, "the benchmark build failed"
    seconds = time.perf_counter() - start
    pages = sum(1 for _ in site.rglob("index.html"))
    page = site / "sites" / "b0001" / "index.html"
    index = (site / "search" / "search_index.json").read_bytes()
    return {
        "sites": sites, "build_s": seconds, "pages": pages, "pages_per_s": pages / seconds,
        "site_page_kb": page.stat().st_size / 1024,
        "search_index_kb": len(index) / 1024, "search_index_gz_kb": len(gzip.compress(index, 9)) / 1024,
    }


def measure_leaflets(project: Path, site: Path, sites: int) -> dict:
    """Cold: every leaflet and the combined PDFs from an empty cache; warm: after one site changes."""
    from scripts.data.loader import load_dataset
    from scripts.leaflets.write import write_leaflets
    settings = load_settings(project)
    data = load_dataset(settings)
    cache = project / ".cache-all" / "leaflets"  # its own QR codes too (.cache-all/qr): a cold start
    start = time.perf_counter()
    write_leaflets(data, settings, site / "leaflets-zh-en", cache=project / ".cache" / "zh-en",
                   only_variants=settings.languages)
    cold_languages = time.perf_counter() - start
    start = time.perf_counter()
    written = write_leaflets(data, settings, site / "leaflets", cache=cache)
    cold = time.perf_counter() - start
    sites_yml = project / "resources" / "sites.yml"
    sites_yml.write_text(sites_yml.read_text(encoding="utf-8").replace(
        "Benchmark Hotel 1}", "Benchmark Hotel One}", 1), encoding="utf-8")
    data = load_dataset(settings)
    start = time.perf_counter()
    write_leaflets(data, settings, site / "leaflets", cache=cache)
    warm = time.perf_counter() - start
    singles = [p.stat().st_size for p in written if p.parent.name != "leaflets"]
    return {"pdfs": len(written), "cold_s": cold, "warm_s": warm, "cold_languages_s": cold_languages,
            "max_single_kb": max(singles) / 1024, "mean_single_kb": sum(singles) / len(singles) / 1024}


def measure_first_visit(site: Path):
    """KB sent for a first visit to a site page, in Chromium (None when it is not installed)."""
    from scripts.site.pageweight import CHROMIUM, first_visit
    if not Path(CHROMIUM).exists():
        return None
    rows = [(url, size / 1024) for url, size in first_visit(site, "sites/b0001/")]
    return sum(kb for _, kb in rows), rows


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=2000)
    parser.add_argument("--no-leaflets", action="store_true", help="measure the site build only")
    parser.add_argument("--tricks", type=int, default=500, metavar="N",
                        help="measure each speed-up on N sites (default 500; 0 to skip)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="heartline-bench-") as tmp:
        project = synthetic_project(Path(tmp) / "project", args.sites)
        r = measure_site(project, Path(tmp) / "site", args.sites, leaflets=False)
        weight = measure_first_visit(Path(tmp) / "site")
        lf = None if args.no_leaflets else measure_leaflets(project, Path(tmp) / "site", args.sites)
        tricks = measure_speedups(Path(tmp), args.tricks) if args.tricks else None
    print(f"sites: {r['sites']}  pages built: {r['pages']}")
    print(f"full build: {r['build_s']:.1f} s ({r['pages_per_s']:.0f} pages/s)   target ≤ 15 s at 2,000 sites")
    print(f"site page HTML: {r['site_page_kb']:.1f} KB   target ≤ 25 KB")
    print(f"search index: {r['search_index_kb']:.0f} KB raw, {r['search_index_gz_kb']:.0f} KB gzipped   "
          f"target ≤ 150 KB gzipped")
    if weight:
        total, rows = weight
        print(f"first visit to a site page: {total:.1f} KB compressed, {len(rows)} files "
              f"(page, styles, scripts, service worker, contact card, featured guides)   target ≤ 100 KB")
        for url, kb in rows:
            print(f"    {kb:6.1f} KB  {url}")
    else:
        print("first visit to a site page: not measured (no /usr/bin/chromium; `make test` installs it)")
    if lf:
        print(f"leaflets, zh and en ({2 * r['sites']:,} + 2 combined) from cold: "
              f"{lf['cold_languages_s']:.1f} s   target ≤ 60 s")
        print(f"leaflets, zh, en and bilingual ({lf['pdfs']:,} PDFs with the combined ones) from cold: "
              f"{lf['cold_s']:.1f} s")
        print(f"leaflets after one site changed: {lf['warm_s']:.1f} s   target ≤ 5 s")
        print(f"single-site PDF: {lf['mean_single_kb']:.0f} KB mean, {lf['max_single_kb']:.0f} KB max   "
              f"target ≤ 250 KB")
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
    shards = []
    for jobs in (1, 2):
        start = time.perf_counter()
        assert build(settings, tmp / f"site-jobs{jobs}", jobs=jobs, leaflets=False) == 0
        shards.append(time.perf_counter() - start)
    return sites, rows, shards


def print_speedups(sites: int, rows, shards) -> None:
    print(f"speed-ups, zh + en leaflets of {sites} sites from cold (QR codes cached unless said):")
    for name, with_it, without in rows:
        print(f"    {name:<24} {with_it:6.1f} s with it, {without:6.1f} s without: "
              f"{(without - with_it) / without * 100:+5.1f} % of the time saved")
    print(f"    sharded site build       {shards[1]:6.1f} s on 2 processes, {shards[0]:6.1f} s on 1: "
          f"{(shards[0] - shards[1]) / shards[0] * 100:+5.1f} % ({sites} sites)")


if __name__ == "__main__":
    sys.exit(main())
