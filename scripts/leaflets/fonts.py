"""The Chinese font of the leaflets, cut down to the characters the data can put on them.

Noto Sans CJK SC holds 65,000 glyphs. WeasyPrint subsets the font it embeds in every PDF it writes,
and with a font that size that took about 40 ms a document and left some 150 KB in every
single-site PDF. So before leaflets are laid out, the build makes a copy of the font holding only
the characters found in the data, the leaflet words and the template (about 300 for 2,000 sites;
fontTools, a second or so), kept in .cache/fonts and made again only when new characters appear.
The leaflets name it first (`FAMILY`, in leaflet.css); a character it lacks falls back to the
system's Noto Sans CJK SC, so nothing is ever missing, only slower. The glyphs are the same, so the
leaflets look exactly as they would with the full font. Korean and Japanese leaflets get the same
cut of Noto Sans CJK KR and JP (their regional letter forms; writing.py names the fonts of each
script). Other scripts (Arabic, Cyrillic, Thai…) come from fonts of a few thousand glyphs, which
WeasyPrint subsets quickly.
"""
from __future__ import annotations

import dataclasses
import hashlib
import os
import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path

FAMILY = "Heartline Leaflet CJK"
SOURCE = "Noto Sans CJK SC:style=Regular"  # as fontconfig names it
KEEP = 8  # cut fonts kept in the cache folder, of every region (older ones are removed)


def characters(value, out: set[str] | None = None, seen: set[int] | None = None) -> set[str]:
    """Every character of every text in a record (dataclasses, mappings, lists, strings). A record
    met again (a hotline listed by many sites) is read once."""
    out = set() if out is None else out
    seen = set() if seen is None else seen
    if isinstance(value, str):
        out.update(value)
    elif dataclasses.is_dataclass(value):
        if id(value) in seen:
            return out
        seen.add(id(value))
        for field in dataclasses.fields(value):
            characters(getattr(value, field.name), out, seen)
    elif isinstance(value, Mapping):
        for key, item in value.items():
            characters(key, out, seen)
            characters(item, out, seen)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            characters(item, out, seen)
    return out


def source_font(source: str = SOURCE) -> tuple[Path, int] | None:
    """The file and face index fontconfig gives for a font (Noto Sans CJK SC unless named), or
    None without it."""
    if not shutil.which("fc-match"):
        return None
    try:
        found = subprocess.run(["fc-match", "-f", "%{family}\n%{file}\n%{index}", source],
                               capture_output=True, text=True, timeout=30, check=True).stdout
        family, file, index = found.split("\n")[:3]
    except (subprocess.SubprocessError, ValueError):
        return None
    if source.split(":")[0] not in family.split(",") or not Path(file).is_file():
        return None  # fontconfig fell back to another font: leave the choice to WeasyPrint
    return Path(file), int(index)


def cut_font(text: set[str], cache: Path, source: str = SOURCE) -> Path | None:
    """A copy of Noto Sans CJK SC (or the CJK font `source` names, such as Noto Sans CJK JP) with
    only the given characters (plus printable ASCII), made once per set of characters and kept in
    `cache`. None when the font is not installed."""
    from importlib.metadata import version

    found = source_font(source)
    if found is None:
        return None
    file, index = found
    chars = "".join(sorted(text | {chr(c) for c in range(0x20, 0x7F)}))
    stat = file.stat()
    key = hashlib.sha256("\n".join([str(file), str(index), str(stat.st_size), str(stat.st_mtime_ns),
                                    version("fonttools"), chars]).encode()).hexdigest()[:24]
    region = "" if source == SOURCE else source.split(":")[0].split()[-1].lower() + "-"
    dest = cache / f"cjk-{region}{key}.otf"
    if dest.exists():
        dest.touch()  # recently used: kept by the pruning below
        return dest
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.layout_features = ["*"]  # shape text exactly as the full font would
    options.name_IDs = ["*"]
    options.notdef_outline = True
    cache.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f"{dest.name}.{os.getpid()}.tmp")
    with TTFont(file, fontNumber=index, lazy=True) as font:
        subsetter = subset.Subsetter(options)
        subsetter.populate(text=chars)
        subsetter.subset(font)
        font.save(tmp)
    tmp.rename(dest)
    for old in sorted(cache.glob("cjk-*.otf"), key=lambda p: p.stat().st_mtime)[:-KEEP]:
        old.unlink(missing_ok=True)
    return dest


def font_face(path: Path | None, family: str = FAMILY) -> str:
    """The @font-face rule that gives leaflets a cut font ('' without one)."""
    if path is None:
        return ""
    return f'@font-face {{ font-family: "{family}"; src: url("{path.resolve().as_uri()}"); }}\n'


def _ranges(charsets: str) -> list[tuple[int, int]]:
    """Merged (first, last) code point ranges from fontconfig's charset lists ('20-7e a0 …')."""
    spans = []
    for token in charsets.split():
        first, _, last = token.partition("-")
        spans.append((int(first, 16), int(last or first, 16)))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for first, last in spans:
        if merged and first <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return merged


_COVERAGE: list[tuple[int, int]] | None = None


def installed_coverage() -> list[tuple[int, int]]:
    """Every code point some installed font can draw (fontconfig's own index: a tenth of a
    second). WeasyPrint falls back from the leaflet's fonts to any of them."""
    global _COVERAGE
    if _COVERAGE is None:
        if not shutil.which("fc-list"):
            raise RuntimeError("fc-list is missing: `make` installs fontconfig")
        out = subprocess.run(["fc-list", "--format", "%{charset}\n"], capture_output=True, text=True,
                             timeout=60, check=True).stdout
        _COVERAGE = _ranges(out)
    return _COVERAGE


def unprintable(text: str, coverage: list[tuple[int, int]]) -> list[str]:
    """The characters of text that no installed font has, in order, once each (spaces, line
    breaks and invisible format characters such as a zero-width joiner need no glyph)."""
    import bisect
    import unicodedata

    starts = [first for first, _ in coverage]
    out = []
    for char in dict.fromkeys(text):
        if char.isspace() or unicodedata.category(char) == "Cf":
            continue
        point = ord(char)
        index = bisect.bisect_right(starts, point) - 1
        if index < 0 or coverage[index][1] < point:
            out.append(char)
    return out
