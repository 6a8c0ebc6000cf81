"""What each leaflet is called, which languages it carries, and the paper sizes it comes in."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from scripts.data.config import Settings

TEMPLATES = Path(__file__).resolve().parent / "templates"
BILINGUAL = "bi"


@lru_cache(maxsize=None)
def sizes() -> dict[str, dict[str, str]]:
    """The paper sizes and the type sizes each uses, from templates/sizes.yml (the one table)."""
    return yaml.safe_load((TEMPLATES / "sizes.yml").read_text(encoding="utf-8"))


def page_mm(size: str) -> tuple[float, float]:
    """(width, height) of a paper size in millimetres, portrait."""
    table = sizes()[size]
    return float(table["width"].removesuffix("mm")), float(table["height"].removesuffix("mm"))


def variants(settings: Settings) -> list[str]:
    """'zh', 'en', …, and 'bi' (the core languages on one leaflet)."""
    return list(settings.languages) + [BILINGUAL]


def variant_languages(variant: str, settings: Settings) -> list[str]:
    return list(settings.core_languages) if variant == BILINGUAL else [variant]


def pdf_name(site_id: str, variant: str, size: str, sheet: bool = False) -> str:
    """'h03/h03-zh-a5.pdf'; an A4 sheet of two A5 leaflets is 'h03/h03-zh-a5x2-a4.pdf'."""
    kind = f"{size.lower()}x2-a4" if sheet else size.lower()
    return f"{site_id}/{site_id}-{variant}-{kind}.pdf"


def combined_name(variant: str, size: str, sheet: bool = False) -> str:
    kind = f"{size.lower()}x2-a4" if sheet else size.lower()
    return f"all-{variant}-{kind}.pdf"
