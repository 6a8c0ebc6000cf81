"""The search index as UTF-8 text. Material writes it with every non-ASCII character escaped
(`\\u5fc3`, six bytes for a Chinese character that takes three in UTF-8, and six for each of the
invisible separators jieba's words are joined with). Every guide and directory page downloads it
on a first visit. The same data written as UTF-8: for the sample guides, 813 KB raw and 165 KB
gzipped became 540 KB and 153 KB (`make bench`). JSON is UTF-8 by definition, and the theme reads
it with fetch's `.json()`, which decodes UTF-8 whatever the server says.
"""
from __future__ import annotations

import json
from pathlib import Path

INDEX = Path("search") / "search_index.json"


def as_utf8(text: str) -> str:
    """The same JSON document, compact, with its characters as they are."""
    return json.dumps(json.loads(text), ensure_ascii=False, separators=(",", ":"))


def rewrite_index(site_dir: Path) -> bool:
    """Rewrite a built site's search index as UTF-8; False when the site has none."""
    path = site_dir / INDEX
    if not path.exists():
        return False
    path.write_text(as_utf8(path.read_text(encoding="utf-8")), encoding="utf-8")
    return True
