"""How each language is written on a leaflet: its script, its direction and the fonts it is set in.

Read from the words themselves (scripts/words/labels, with their fallback), not from a list of
language codes: a language added to mkdocs.yml is laid out right to left when its words are in
Arabic or Hebrew letters, and while it has no words of its own it is printed like its fallback.
The fonts are those of the Debian packages scripts/install-system-deps.sh installs.
"""
from __future__ import annotations

import unicodedata
from collections import Counter
from functools import lru_cache

from scripts.words.templating import labels

# Scripts by the first word of a letter's Unicode name. Kana decide Japanese and Hangul Korean
# before Han letters (which both also use) count.
_SCRIPTS = {"ARABIC": "arabic", "HEBREW": "hebrew", "CYRILLIC": "cyrillic", "GREEK": "greek",
            "THAI": "thai", "TIBETAN": "tibetan", "MONGOLIAN": "mongolian", "HANGUL": "hangul",
            "HIRAGANA": "kana", "KATAKANA": "kana", "CJK": "han", "LATIN": "latin"}
RTL_SCRIPTS = {"arabic", "hebrew"}

# The cut fonts (fonts.py): Noto Sans CJK in the regional forms its languages read.
CJK_SC, CJK_JP, CJK_KR = "Heartline Leaflet CJK", "Heartline Leaflet CJK JP", "Heartline Leaflet CJK KR"
_CHINESE = [CJK_SC, "Noto Sans CJK SC"]
# The fonts a leaflet's text is set in, by script, best first. Chinese stays in every stack, for
# the site names in Chinese; the rest falls back through fontconfig (a character no installed font
# has stops the build: write.check_glyphs).
STACKS = {
    "han": _CHINESE,
    "latin": _CHINESE,  # the cut font's Latin letters: one font to embed for zh, en and zh+en
    "kana": [CJK_JP, "Noto Sans CJK JP", *_CHINESE],
    "hangul": [CJK_KR, "Noto Sans CJK KR", *_CHINESE],
    "cyrillic": ["Noto Sans", "DejaVu Sans", *_CHINESE],
    "greek": ["Noto Sans", "DejaVu Sans", *_CHINESE],
    "arabic": ["Noto Sans Arabic", "Noto Naskh Arabic", "Noto Sans", *_CHINESE],
    "hebrew": ["Noto Sans Hebrew", "Noto Sans", *_CHINESE],
    "thai": ["Noto Sans Thai", "Noto Sans", *_CHINESE],
    "tibetan": ["Noto Serif Tibetan", *_CHINESE],
    "mongolian": ["Noto Sans Mongolian", *_CHINESE],
}
# Line height by script where the fonts' own (line-height: normal) would take far more room than
# the Chinese and Latin text the page sizes were set for: Arabic letters reach high and low.
LINE_HEIGHTS = {"arabic": "1.4"}
# Which cut font a stack names, and the system font it is cut from (fontconfig's name).
CUT_SOURCES = {CJK_SC: "Noto Sans CJK SC:style=Regular", CJK_JP: "Noto Sans CJK JP:style=Regular",
               CJK_KR: "Noto Sans CJK KR:style=Regular"}


def script_of(text: str) -> str:
    """The script most letters of a text are written in ('latin', 'arabic', 'kana', …); a text
    with any kana is Japanese ('kana'), with any Hangul Korean ('hangul')."""
    counts: Counter = Counter()
    for char in text:
        if unicodedata.category(char)[0] != "L":
            continue
        counts[_SCRIPTS.get(unicodedata.name(char, "").split(" ")[0], "other")] += 1
    for decisive in ("kana", "hangul"):
        if counts[decisive]:
            return decisive
    counts.pop("other", None)
    return counts.most_common(1)[0][0] if counts else "latin"


@lru_cache(maxsize=None)
def script(lang: str) -> str:
    """The script a language's leaflet words are written in."""
    words = labels(lang)
    return script_of(" ".join(str(words[key]) for key in sorted(words) if key.startswith("leaflet")))


def direction(lang: str) -> str:
    """'rtl' for a language written right to left (Arabic, Uyghur, Persian, Urdu, Hebrew…), else 'ltr'."""
    return "rtl" if script(lang) in RTL_SCRIPTS else "ltr"


def font_stack(lang: str) -> list[str]:
    return STACKS.get(script(lang), ["Noto Sans", *_CHINESE])


def css_text(lang: str) -> str:
    """The CSS declarations of a language's text: its fonts, and its line height where set."""
    height = LINE_HEIGHTS.get(script(lang))
    return f"font-family: {css_families(lang)};" + (f" line-height: {height};" if height else "")


def css_families(lang: str) -> str:
    """The CSS font-family of a language's text."""
    return ", ".join(f'"{family}"' for family in font_stack(lang)) + ", sans-serif"


def cut_families(langs) -> list[str]:
    """The cut fonts the leaflets of these languages name."""
    return sorted({family for lang in langs for family in font_stack(lang) if family in CUT_SOURCES})
