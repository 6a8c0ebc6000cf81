"""Build the whole site (and, later, the leaflets) into site/ — all or nothing.

Steps: load and validate the data → write the generated pages → `mkdocs build --strict` into a
temporary folder → add the short addresses → replace site/ only if every step succeeded.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from scripts.config import Settings, load_settings
from scripts.data import DataError
from scripts.generate import generate
from scripts.shortlinks import write_short_pages

# What jieba prints while loading its dictionary: noise in a build log.
_JIEBA_CHATTER = re.compile(r"^(Building prefix dict|Loading model|Prefix dict has been|Dumping model)")


def mkdocs_build(settings: Settings, out_dir: Path, config_file: Path | None = None) -> bool:
    """Run `mkdocs build --strict` into out_dir. Returns True on success."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1",
               PYTHONPATH=os.pathsep.join(filter(None, [str(settings.root), os.environ.get("PYTHONPATH")])))
    # Not --quiet: with it MkDocs 1.6 no longer fails on warnings in strict mode.
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out_dir),
           "-f", str(config_file or settings.root / "mkdocs.yml")]
    result = subprocess.run(cmd, cwd=settings.root, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    for line in result.stdout.splitlines():
        if not line.startswith("INFO") and not _JIEBA_CHATTER.match(line):
            print(line, file=sys.stderr)
    return result.returncode == 0


def replace_dir(new: Path, target: Path) -> None:
    """Put new in target's place; the old target is removed only once new is in place."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}-old-{os.getpid()}")
        target.rename(old)
    new.rename(target)
    if old:
        shutil.rmtree(old, ignore_errors=True)


def build(settings: Settings, site_dir: Path) -> int:
    try:
        dataset = generate(settings)
    except DataError as exc:
        print("\n".join(map(str, exc.problems)), file=sys.stderr)
        print(f"{len(exc.problems)} problem(s) in the data; {site_dir} was left as it was.",
              file=sys.stderr)
        return 1
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-new-", dir=site_dir.parent))
    try:
        if not mkdocs_build(settings, tmp):
            print(f"The site build failed; {site_dir} was left as it was.", file=sys.stderr)
            return 1
        write_short_pages(dataset, settings, tmp)
        replace_dir(tmp, site_dir)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    print(f"Built {len(dataset.sites)} sites in {len(settings.languages)} languages into {site_dir}.")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--site-dir", type=Path, default=None, help="output folder (default: site/)")
    args = parser.parse_args(argv)
    settings = load_settings()
    return build(settings, (args.site_dir or settings.root / "site").resolve())


if __name__ == "__main__":
    sys.exit(main())
