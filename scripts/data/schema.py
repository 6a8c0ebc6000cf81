"""Checking a data file against its JSON Schema, with messages an editor can act on: the value as
written, what was expected, and the fix (quotes around a time YAML read as a number, and so on)."""
from __future__ import annotations

import json
import re

import jsonschema

from scripts.data.config import Settings
from scripts.data.phones import PhoneError, parse_phone
from scripts.data.yamlpos import misread_numbers

SCHEMA_DIR = "schema"
_SHORT_TIME = re.compile(r"^[0-9]:[0-5][0-9]$")


TEXT_DEFS = ("text", "short_text")  # a text in each language: {zh: …, en: …, ko: …}


def schema_for(settings: Settings, name: str) -> dict:
    """The data file's schema, its texts requiring the core languages of mkdocs.yml (the file
    names zh and en for editors' IDEs; any other language code is accepted as optional)."""
    stem = name.rsplit(".", 1)[0]
    schema = json.loads((settings.resources_dir / SCHEMA_DIR / f"{stem}.schema.json").read_text("utf-8"))
    for name in TEXT_DEFS:
        definition = schema.get("$defs", {}).get(name)
        if definition is not None:
            definition["required"] = list(settings.core_languages)
    return schema


def _describe(error: jsonschema.ValidationError) -> tuple[tuple, str]:
    """Turn a schema error into (path, message for an editor)."""
    path = tuple(error.absolute_path)
    hint = error.schema.get("description") if isinstance(error.schema, dict) else None
    v, value = error.validator, error.instance
    if v == "required":
        missing = [p for p in error.validator_value if p not in value]
        return path, f"missing field '{missing[0]}' — add `{missing[0]}:` here"
    if v == "additionalProperties" and isinstance(value, dict):
        allowed = sorted(error.schema.get("properties", {}))
        extra = [k for k in value if k not in allowed]
        if extra and allowed:
            return path + (extra[0],), (f"unknown field '{extra[0]}' — check the spelling; "
                                        f"allowed fields: {', '.join(allowed)}")
    if v == "enum":
        return path, f"'{value}' is not allowed — use one of: {', '.join(map(str, error.validator_value))}"
    if v == "type":
        kind = {"object": "a block of fields", "array": "a list", "string": "text",
                "boolean": "true or false"}.get(error.validator_value, error.validator_value)
        return path, f"expected {kind}, found {_shown(value)}" + (
            f" — {hint}" if hint else "")
    if v == "maxLength":
        return path, (f"is {len(value):,} characters long; the limit is {error.validator_value} "
                      "— shorten it")
    if v == "minLength":
        return path, "is empty — write the text, or remove the field if it is optional"
    if v == "minItems":
        return path, "the list is empty — add at least one entry"
    if v == "uniqueItems":
        return path, "lists the same value twice — remove the repeat"
    shown = _shown(value)
    return path, f"{shown} is not valid" + (f" — {hint}" if hint else f" ({error.message})")


def _shown(value, limit: int = 60) -> str:
    """A value as an editor wrote it, cut short: a message never repeats a whole pasted file."""
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _quoted(path, text: str) -> str:
    """The value as it should be typed, in quotes: `time: "10:00"`."""
    return f'{path[-1]}: "{text}"' if isinstance(path[-1], str) else f'"{text}"'


def _check_misread_numbers(f) -> set:
    """Report each unquoted value YAML turned into another number (`10:00` is 600, `02112345670`
    an octal number), with the fix in quotes. Returns their paths: nothing more is said about them."""
    for path, text, value in misread_numbers(f.doc):
        if path[-1] == "number" and text.startswith("0"):
            try:
                typed = parse_phone(text).display.replace(" ", "-")
            except PhoneError:
                typed = text
            f.add(path, f"{text} was read as the number {value} — write it in quotes so the leading 0 "
                        f"is kept: {_quoted(path, typed)}")
        else:
            typed = f"0{text}" if _SHORT_TIME.match(text) else text  # times are written HH:MM
            f.add(path, f"{text} was read as the number {value} — put it in quotes: {_quoted(path, typed)}")
    return {path for path, _, _ in misread_numbers(f.doc)}


def _misread_text(f, path, error) -> str | None:
    """The message for text written without quotes that YAML read as true/false or nothing (`en: No`)."""
    wanted = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
    if error.validator != "type" or "string" not in wanted or path not in f.doc.unquoted:
        return None
    value = error.instance
    what = "empty" if value is None else str(value).lower() if isinstance(value, bool) else "a number"
    return f"{f.doc.unquoted[path]} was read as {what} — put it in quotes: {_quoted(path, f.doc.unquoted[path])}"


def check_schema(f, schema: dict) -> None:
    validator = jsonschema.Draft202012Validator(schema)
    bad_keys = _check_misread_numbers(f)
    for error in sorted(validator.iter_errors(f.doc.data), key=lambda e: list(map(str, e.absolute_path))):
        path = tuple(error.absolute_path)
        if any(path[: len(k)] == k for k in bad_keys):
            continue  # already reported as a stray key or a value read as a number
        misread = _misread_text(f, path, error)
        if misread:
            f.add(path, misread)
            continue
        if "propertyNames" in error.absolute_schema_path:
            key = error.instance
            bad_keys.add(path + (key,))
            f.add(path, f"unexpected '{key}' — a text has one line per language (zh:, en:); "
                        f"text containing a comma inside {{ }} must be put in quotes")
            continue
        if error.validator == "oneOf":  # e.g. hours: say what the field wants, not each branch
            hint = error.schema.get("description", "")
            f.add(tuple(error.absolute_path), f"{_shown(error.instance)} is not valid — {hint}")
            continue
        path, message = _describe(error)
        f.add(path, message)
    for path, line, first in f.doc.duplicates:
        f.add(path, f"'{path[-1]}' is written twice (first at line {first}) — keep one", line=line)
