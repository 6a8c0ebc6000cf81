"""The three numbers a page with nothing else to offer gives (the 404 page, the service worker's
page for an address never saved): ambulance, police and psychological assistance, taken from the
checked data (resources/hotlines.yml), never typed into a template or a translation."""
from __future__ import annotations

from scripts.data.records import Dataset, Phone

# Placeholder in the label files ({ambulance}, {police}, {psy}) → hotline id in the data.
URGENT = {"ambulance": "emergency-120", "police": "police-110", "psy": "psy-12356"}


def urgent_numbers(dataset: Dataset) -> dict[str, Phone]:
    """{placeholder: the line's number} for URGENT. A line missing from the data stops the build:
    KeyError, naming the id."""
    by_id = {hotline.id: hotline for hotline in dataset.hotlines}
    missing = [hotline_id for hotline_id in URGENT.values() if hotline_id not in by_id]
    if missing:
        raise KeyError(f"resources/hotlines.yml has no line {', '.join(missing)}: the 404 page and "
                       "the offline page give it")
    return {key: by_id[hotline_id].number for key, hotline_id in URGENT.items()}
