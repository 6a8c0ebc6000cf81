"""`make leaflets`: print leaflets again (another size, one site, A4 sheets), and record the
addresses of leaflets sent to print (`--record`)."""
from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from scripts.checks.ledger import LedgerError, record
from scripts.data.config import settings_for_command
from scripts.data.loader import load_dataset
from scripts.data.problems import DataError, print_problems
from scripts.leaflets.names import check_variant, sizes
from scripts.leaflets.qr import qr_payload
from scripts.leaflets.write import LeafletError, check_targets, printable, write_leaflets


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", action="append", dest="sites", metavar="ID",
                        help="only this site (repeatable); default: every open or paused site")
    parser.add_argument("--size", choices=sorted(sizes()), default="A5", help="paper size (default A5)")
    parser.add_argument("--sheet", action="store_true", help="also A4 sheets with two A5 leaflets to cut")
    parser.add_argument("--variant", action="append", dest="variants", metavar="LANG",
                        help="only this language ('zh', 'ar', …), or a bilingual pair of the default "
                             "language and another ('zh+en', the default 'bi'; 'zh+ar') (repeatable); "
                             "default: every language and zh+en")
    parser.add_argument("--site-dir", type=Path, default=None, help="the built site (default: site/)")
    parser.add_argument("--record", action="store_true",
                        help="these leaflets go to print: add their addresses to resources/printed.yml")
    args = parser.parse_args(argv)
    settings = settings_for_command()
    if settings is None:
        return 1
    site_dir = (args.site_dir or settings.root / "site").resolve()
    try:
        dataset = load_dataset(settings)
        for variant in args.variants or []:
            try:
                check_variant(variant, settings)
            except ValueError as exc:
                raise LeafletError(str(exc)) from None
        known = {s.id: s for s in dataset.sites}
        for site_id in args.sites or []:
            if site_id not in known:
                raise LeafletError(f"unknown site '{site_id}'; known: {', '.join(sorted(known))}")
            if known[site_id].status == "closed":
                raise LeafletError(f"site '{site_id}' is closed: closed sites get no new leaflets "
                                   "(their printed addresses keep working)")
        check_targets(dataset, site_dir, args.sites)
        written = write_leaflets(dataset, settings, site_dir / "leaflets", sizes=(args.size,),
                                 site_ids=set(args.sites) if args.sites else None,
                                 sheet=args.sheet, only_variants=args.variants)
        if args.record:
            chosen = [s for s in printable(dataset) if not args.sites or s.id in args.sites]
            added = record(settings, {qr_payload(s, settings): s.id for s in chosen},
                           dt.date.today(), site_dir)
            print(f"Recorded {added} new printed address(es) in resources/printed.yml: commit it.")
    except DataError as exc:
        print_problems(exc.problems)
        return 1
    except (LeafletError, LedgerError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"Wrote {len(written)} leaflet PDF(s) into {site_dir / 'leaflets'}.")
    return 0
