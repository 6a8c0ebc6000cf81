"""`make serve`, the live preview: the data is checked and the pages generated again on every
change (mkdocs.yml watches resources/ and the words), a problem is printed as `make check` prints it
without stopping the server, and the short addresses and contact cards exist as in a real build."""
from __future__ import annotations

import sys
from pathlib import Path

from scripts.data.config import ConfigError, Settings, load_settings
from scripts.data.problems import DataError
from scripts.data.records import Dataset
from scripts.site.generate import generate
from scripts.site.shortlinks import write_short_pages
from scripts.site.vcard import write_vcards

# Set by `make serve`: this MkDocs process is the live preview.
SERVING = "HEARTLINE_SERVE"


def regenerate(settings: Settings | None = None, out=None) -> Dataset | None:
    """Check the data and write the generated pages. On a problem, print each as `file:line: …`
    and keep the pages of the last good data (None is returned)."""
    out = out or sys.stderr
    try:
        return generate(settings or load_settings())
    except ConfigError as exc:
        print(exc, file=out)
    except DataError as exc:
        print("\n".join(map(str, exc.problems)), file=out)
        print(f"{len(exc.problems)} problem(s) in the data: the preview shows the last good data "
              "until they are fixed.", file=out)
    return None


def write_extras(dataset: Dataset | None, site_dir: Path, settings: Settings | None = None) -> None:
    """The short addresses (/s/<id>/) and contact cards, which a real build adds after MkDocs."""
    if dataset is not None:
        settings = settings or load_settings()
        write_short_pages(dataset, settings, site_dir)
        write_vcards(dataset, settings, site_dir)
