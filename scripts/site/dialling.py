"""What a listed number dials, for data and machine-readable markup: always taken from the
record's parsed number (scripts/data/phones.py), never from the text an editor typed."""
from __future__ import annotations

from scripts.data.records import Phone


def dial(phone: Phone) -> str:
    """Exactly what the page's tel: link dials: '+862258880000' (E.164) or a service code
    such as '120'."""
    if not phone.tel.startswith("tel:"):
        raise ValueError(f"{phone.tel!r} is not a tel: link")
    return phone.tel.removeprefix("tel:")


def e164(phone: Phone) -> str | None:
    """The number in E.164 form, or None for a service code (120, 12356…), which has none."""
    return None if phone.short_code else dial(phone)
