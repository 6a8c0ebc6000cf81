"""What each leaflet is called, which languages it carries, and the paper sizes it comes in.

A variant is one configured language ('zh', 'ar', …) or a bilingual pair written with a plus sign:
the default language and one other ('zh+en', 'zh+ar'). `make` prints every language and the pair
of the core languages; `make leaflets ARGS="--variant zh+ar"` prints any other pair.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from scripts.data.config import Settings

TEMPLATES = Path(__file__).resolve().parent / "templates"
PAIR = "+"
BILINGUAL = "bi"  # `--variant bi`: the default pair (the core languages)
# The file names the zh+en leaflets were published under before other pairs existed (…-bi-a5.pdf),
# kept so that links already shared keep working. Every other pair is named by its languages.
PUBLISHED_TAGS = {"zh+en": "bi"}


@lru_cache(maxsize=None)
def sizes() -> dict[str, dict[str, str]]:
    """The paper sizes and the type sizes each uses, from templates/sizes.yml (the one table)."""
    return yaml.safe_load((TEMPLATES / "sizes.yml").read_text(encoding="utf-8"))


def page_mm(size: str) -> tuple[float, float]:
    """(width, height) of a paper size in millimetres, portrait."""
    table = sizes()[size]
    return float(table["width"].removesuffix("mm")), float(table["height"].removesuffix("mm"))


def default_pair(settings: Settings) -> str:
    """The bilingual variant `make` prints: the core languages, default first ('zh+en')."""
    first = settings.default_language
    others = [lang for lang in settings.core_languages if lang != first]
    return PAIR.join([first, *others[:1]])


def variants(settings: Settings) -> list[str]:
    """What `make` prints: 'zh', 'en', every additional language ('ko', 'ar', …), and 'zh+en'."""
    pair = default_pair(settings)
    return list(settings.languages) + ([pair] if PAIR in pair else [])


def check_variant(variant: str, settings: Settings) -> str:
    """The variant as written by variants(): a configured language, 'zh+X' for any other
    configured X, or 'bi' for the default pair. Raises ValueError naming what is accepted."""
    if variant == BILINGUAL:
        return default_pair(settings)
    langs = variant.split(PAIR)
    first = settings.default_language
    if (len(langs) == 1 and variant in settings.languages) or (
            len(langs) == 2 and langs[0] == first and langs[1] in settings.languages and langs[1] != first):
        return variant
    raise ValueError(f"unknown variant '{variant}'; known: {', '.join(variants(settings))}, or "
                     f"{first}{PAIR}X for any other configured language X "
                     f"({', '.join(l for l in settings.languages if l != first)})")


def variant_languages(variant: str, settings: Settings) -> list[str]:
    """The languages a variant carries, in their order on the leaflet."""
    return check_variant(variant, settings).split(PAIR)


def variant_tag(variant: str) -> str:
    """The variant as file names write it: 'zh', 'ar', 'bi' (zh+en), 'zh-ar'."""
    if variant == BILINGUAL:
        return BILINGUAL
    return PUBLISHED_TAGS.get(variant, variant.replace(PAIR, "-"))


def variant_label(variant: str, lang: str, settings: Settings) -> str:
    """How a page in `lang` names a variant, for its links to the PDFs: the words of
    scripts/words/labels (`leaflets_lang_zh`, `leaflets_lang_bi` for the default pair), else the
    language's own name from mkdocs.yml; a pair is its two names joined by ' + '."""
    from scripts.words.templating import labels

    words = labels(lang)
    variant = check_variant(variant, settings)
    if variant == default_pair(settings) and f"leaflets_lang_{BILINGUAL}" in words:
        return words[f"leaflets_lang_{BILINGUAL}"]

    def name(code: str) -> str:
        return words.get(f"leaflets_lang_{code}") or settings.language_names.get(code, code)
    return " + ".join(name(code) for code in variant.split(PAIR))


def pdf_name(site_id: str, variant: str, size: str, sheet: bool = False) -> str:
    """'h03/h03-zh-a5.pdf'; an A4 sheet of two A5 leaflets is 'h03/h03-zh-a5x2-a4.pdf'."""
    kind = f"{size.lower()}x2-a4" if sheet else size.lower()
    return f"{site_id}/{site_id}-{variant_tag(variant)}-{kind}.pdf"


def combined_name(variant: str, size: str, sheet: bool = False) -> str:
    kind = f"{size.lower()}x2-a4" if sheet else size.lower()
    return f"all-{variant_tag(variant)}-{kind}.pdf"
