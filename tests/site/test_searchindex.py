"""The search index, written as UTF-8 (scripts/site/searchindex.py)."""
from __future__ import annotations

import json
import re

from scripts.site.searchindex import as_utf8, rewrite_index

ESCAPE = re.compile(r"(?<!\\)\\u[0-9a-fA-F]{4}")  # a \u escape, not an escaped backslash and a u


def test_the_index_keeps_its_data_and_loses_its_escapes():
    escaped = json.dumps({"docs": [{"location": "guides/sleep/", "title": "睡个\u200b好觉", "text": "<p>a \"b\"</p>"}]})
    assert "\\u7761" in escaped
    written = as_utf8(escaped)
    assert json.loads(written) == json.loads(escaped)
    assert "睡个\u200b好觉" in written and "\\u" not in written
    assert len(written.encode("utf-8")) < len(escaped)


def test_a_site_without_search_is_left_alone(tmp_path):
    assert rewrite_index(tmp_path) is False
    assert not list(tmp_path.iterdir())


def test_the_built_site_index_is_utf8(built_site):
    text = (built_site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert not ESCAPE.search(text)  # the separator's own `\\u200b` is a backslash and text
    docs = json.loads(text)["docs"]
    assert any("\u200b" in d["title"] for d in docs)  # jieba's separators, kept as they are
