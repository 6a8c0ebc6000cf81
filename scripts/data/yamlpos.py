"""YAML reading that remembers where each value came from, so errors can name the line; and quick
reading of the many past versions of a data file."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

Path_ = tuple  # a path into the document: ("sites", 3, "hotlines", 1)


# libyaml's parser when PyYAML was built with it: about ten times faster on large files.
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):
    """SafeLoader that keeps dates as text (YYYY-MM-DD) as editors' IDEs and JSON Schema see them."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass
class YamlDoc:
    data: Any
    lines: dict  # path -> 1-based line
    duplicates: list  # (path, line, first_line) of keys written twice in one mapping
    # path -> the text as written, for each unquoted value YAML read as something other than text
    # (a number, true/false, null): `10:00` is the number 600, `0211` the octal number 137.
    unquoted: dict = field(default_factory=dict)

    def line(self, path) -> int:
        """The line of path, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path not in self.lines and path:
            path = path[:-1]
        return self.lines.get(path, 1)


class YamlSyntaxError(ValueError):
    def __init__(self, line: int, message: str,
                 hint: str = "check the indentation, and put text containing ': ' or '#' in quotes"):
        super().__init__(message)
        self.line = line
        self.message = message
        self.hint = hint


MAX_DEPTH = 40  # editors' files nest four or five levels deep


def _alias(node) -> YamlSyntaxError:
    return YamlSyntaxError(node.start_mark.line + 1, "a YAML anchor (&name) is used again (*name)",
                           "anchors and aliases are not allowed here: write the value out in full "
                           "each time it is needed")


_TEXT = "tag:yaml.org,2002:str"


def _walk(node, path, lines, duplicates, unquoted):
    """Record where each value is (aliases were refused before). Refuses nesting deeper than
    MAX_DEPTH."""
    if len(path) > MAX_DEPTH:
        raise YamlSyntaxError(node.start_mark.line + 1, f"values nested more than {MAX_DEPTH} deep",
                              "check the indentation: the data files need only a few levels")
    if isinstance(node, yaml.ScalarNode):
        if node.tag != _TEXT and not node.style:
            unquoted[path] = node.value
    elif isinstance(node, yaml.MappingNode):
        seen = {}
        for key_node, value_node in node.value:
            key = key_node.value
            child = path + (key,)
            line = key_node.start_mark.line + 1
            if key in seen:
                duplicates.append((child, line, seen[key]))
            seen[key] = line
            lines[child] = line
            _walk(value_node, child, lines, duplicates, unquoted)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[path + (index,)] = item.start_mark.line + 1
            _walk(item, path + (index,), lines, duplicates, unquoted)


def _refuse_aliases(root) -> None:
    """Raise YamlSyntaxError when a node is reachable twice (an alias, *name, of an anchor)."""
    seen, todo = set(), [root]
    while todo:
        node = todo.pop()
        if isinstance(node, yaml.ScalarNode):
            continue
        if id(node) in seen:
            raise _alias(node)
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                todo += [key, value]
        else:
            todo += node.value


def _parse(text: str):
    """(root node, data) of one YAML document. Raises YamlSyntaxError with the line of the problem."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            _refuse_aliases(node)  # before building any value: aliases can expand without limit
        return node, (loader.construct_document(node) if node is not None else None)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        problem = exc.problem or str(exc)
        if exc.context:
            problem = f"{exc.context}, {problem}"
        raise YamlSyntaxError(line, problem) from None
    finally:
        loader.dispose()


def load_yaml(text: str) -> YamlDoc:
    """Parse one YAML document. Raises YamlSyntaxError with the line of the problem."""
    node, data = _parse(text)
    lines, duplicates, unquoted = {(): 1}, [], {}
    if node is not None:
        _walk(node, (), lines, duplicates, unquoted)
    return YamlDoc(data=data, lines=lines, duplicates=duplicates, unquoted=unquoted)


def load_data(text: str):
    """Parse one YAML document as load_yaml does, without keeping where each value came from: for
    texts that are only read, such as past versions of the data files. Raises YamlSyntaxError."""
    return _parse(text)[1]


def misread_numbers(doc: YamlDoc) -> list[tuple[tuple, str, Any]]:
    """(path, text as typed, value) for each unquoted value YAML read as a number that is not what
    was typed: `10:00` is 600 (YAML 1.1 reads it in base 60), `0211` is 137 (octal), `1_000` 1000."""
    out = []
    for path, text in doc.unquoted.items():
        value = doc.data
        try:
            for part in path:
                value = value[part]
        except (KeyError, IndexError, TypeError):
            continue
        if isinstance(value, (int, float)) and not isinstance(value, bool) and str(value) != text:
            out.append((path, text, value))
    return out


def list_items(text: str, key: str, cache: dict) -> list:
    """The items of the top-level list `key:` (e.g. every hotline), as load_data(text)[key] gives
    them, for reading many versions of one file. A file in the usual layout (the list written as
    one `- ` item after another, last in the file) is cut at each item and only items not seen
    before (cache: {item text: item}) are parsed, and the text before the list is not read; any other
    layout is parsed whole. Returns [] when there is no such list; raises YamlSyntaxError."""
    match = re.search(rf"^{re.escape(key)}:[ \t]*(#.*)?\n(?:[ \t]*(#.*)?\n)*( *)- ", text, re.M)
    items = None
    if match:
        start = match.end() - len(match.group(3)) - 2
        items = []
        for chunk in filter(None, re.split(rf"(?m)^(?={match.group(3)}- )", text[start:])):
            if chunk not in cache:
                try:
                    parsed = load_data(chunk)
                except YamlSyntaxError:
                    parsed = None
                cache[chunk] = parsed[0] if isinstance(parsed, list) and len(parsed) == 1 else None
            if cache[chunk] is None:
                items = None  # not one item on its own: read the whole file instead
                break
            items.append(cache[chunk])
    if items is None:
        data = load_data(text)
        items = data.get(key) if isinstance(data, dict) else None
    return items if isinstance(items, list) else []
