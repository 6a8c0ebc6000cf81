"""Reading hand-written Markdown pages: front matter, headings and their anchors."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.S)
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*$")
ANCHOR = re.compile(r"\{\s*#([A-Za-z0-9_-]+)[^}]*\}\s*$")


@dataclass(frozen=True)
class Page:
    path: Path
    meta: dict
    body: str
    body_line: int  # 1-based line where the body starts

    def headings(self) -> list[tuple[int, int, str, str | None]]:
        """(line, level, text, explicit anchor or None) for each heading outside code blocks."""
        out, fenced = [], False
        for offset, line in enumerate(self.body.splitlines()):
            if line.lstrip().startswith(("```", "~~~")):
                fenced = not fenced
            match = None if fenced else HEADING.match(line)
            if match:
                anchor = ANCHOR.search(match.group(2))
                text = ANCHOR.sub("", match.group(2)).strip()
                out.append((self.body_line + offset, len(match.group(1)), text,
                            anchor.group(1) if anchor else None))
        return out


def read_page(path: Path) -> Page:
    """Split a Markdown file into front matter and body. Raises ValueError on bad front matter."""
    text = path.read_text(encoding="utf-8")
    match = FRONT_MATTER.match(text)
    if not match:
        return Page(path, {}, text, 1)
    try:
        meta = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as exc:
        raise ValueError(f"front matter is not valid YAML: {exc}") from None
    if not isinstance(meta, dict):
        raise ValueError("front matter must be a block of `key: value` lines")
    return Page(path, meta, text[match.end():], text[: match.end()].count("\n") + 1)


def page_titles(folder: Path, languages) -> dict[str, dict[str, str]]:
    """{slug: {lang: title}} for the pages of a folder, from their front matter."""
    titles: dict[str, dict[str, str]] = {}
    for lang in languages:
        for path in sorted(folder.glob(f"*.{lang}.md")):
            slug = path.name[: -len(f".{lang}.md")]
            try:
                titles.setdefault(slug, {})[lang] = str(read_page(path).meta.get("title", slug))
            except ValueError:
                titles.setdefault(slug, {})[lang] = slug
    return titles
