"""MkDocs hooks: wiring only. Each event calls a small, tested function elsewhere."""
from __future__ import annotations

from mkdocs.exceptions import PluginError

from scripts.config import load_settings
from scripts.data import DataError
from scripts.generate import generate


def on_pre_build(config, **kwargs):
    """Validate the data and (re)write the generated pages before MkDocs collects the files."""
    try:
        generate(load_settings())
    except DataError as exc:
        raise PluginError("Problems in the data:\n" + "\n".join(map(str, exc.problems))) from None
