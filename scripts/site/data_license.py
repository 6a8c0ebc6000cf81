"""The licence of the open data (data/): one place, read by the exports, the pages that link to
them, and checked against the README by the tests."""
from __future__ import annotations

LICENSE = {
    "id": "CC-BY-4.0",  # SPDX identifier
    "name": "Creative Commons Attribution 4.0 International",
    "short": "CC BY 4.0",
    "url": "https://creativecommons.org/licenses/by/4.0/",
}
