"""The one loader: reads resources/*.yml, validates everything, returns typed records.

Every problem is collected and reported as `file:line: path: what is wrong — how to fix it`.
"""
from __future__ import annotations

import datetime as dt
import os
import threading
from types import MappingProxyType
from urllib.parse import urlsplit

from scripts.data.config import Settings
from scripts.data.files import read_text_file
from scripts.data.hours import hours_from_yaml
from scripts.data.phones import PhoneError, parse_phone
from scripts.data.problems import DataError, Problem, format_path
from scripts.data.schema import check_schema, schema_for
from scripts.data.records import Contact, Dataset, Hotline, Session, Site, Text
from scripts.data.yamlpos import YamlDoc, YamlSyntaxError, load_yaml
from scripts.processes import side_by_side

SITES = "sites.yml"
HOTLINES = "hotlines.yml"


class _File:
    """One data file being checked: its parsed document and the problems found in it."""

    def __init__(self, settings: Settings, name: str, problems: list[Problem]):
        self.name = name
        self.rel = f"resources/{name}"
        self.problems = problems
        self.doc: YamlDoc | None = None
        text, problem = read_text_file(settings.resources_dir / name, self.rel)
        if problem:
            problems.append(problem)
            return
        try:
            self.doc = load_yaml(text)
        except YamlSyntaxError as exc:
            self.add((), f"YAML syntax error: {exc.message} — {exc.hint}", line=exc.line)
            return
        key = name.rsplit(".", 1)[0]  # sites.yml starts with `sites:`
        if not isinstance(self.doc.data, dict):
            found = {list: "a list", str: "a text", type(None): "nothing"}.get(type(self.doc.data), "a value")
            self.add((), f"the file holds {found} where `{key}:` was expected — start it with a line "
                         f"`{key}:` and list the entries under it, as in the example in CONTRIBUTING.md", line=1)
            self.doc = None

    def has(self, path) -> bool:
        return any(p.file == self.rel and p.path == format_path(path) for p in self.problems)

    def has_under(self, path) -> bool:
        """Whether a problem was reported for path or anything inside it."""
        prefix = format_path(path)
        return any(p.file == self.rel and (p.path == prefix or p.path.startswith(prefix + ".")
                                           or p.path.startswith(prefix + "["))
                   for p in self.problems)

    def add(self, path, message: str, line: int | None = None) -> None:
        if line is None:
            line = self.doc.line(path) if self.doc else 1
        self.problems.append(Problem(self.rel, line, format_path(path), message))


def _date(f: _File, path, value: str, today: dt.date) -> dt.date | None:
    try:
        day = dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        f.add(path, f"'{value}' is not a real date — write YYYY-MM-DD, e.g. {today.isoformat()}")
        return None
    if day > today:
        f.add(path, f"{value} is in the future — write the date the check was actually made")
        return None
    return day


def _text(raw: dict | None, settings: Settings) -> Text | None:
    """A text in every configured language: an additional language not written here shows its
    fallback's text (Settings.fallback_chain), and the Text says so."""
    if not raw:
        return None
    own = {lang: raw[lang].strip() for lang in settings.languages
           if isinstance(raw.get(lang), str) and raw[lang].strip()}
    values = {}
    for lang in settings.languages:
        values[lang] = next(own[source] for source in settings.fallback_chain(lang) if source in own)
    return Text(MappingProxyType(values), frozenset(lang for lang in settings.languages if lang not in own))


def _check_texts(f: "_File", node, path, languages) -> None:
    """Every text must be written in every core language (zh and en); additional languages may be
    partial (their coverage is reported by `make check`)."""
    if isinstance(node, dict):
        if node and all(isinstance(v, str) for v in node.values()) and set(node) & set(languages):
            for lang in languages:
                if not str(node.get(lang, "")).strip() and not f.has(path):
                    f.add(path, f"missing the '{lang}' translation — add `{lang}:` with the text")
            return
        for key, value in node.items():
            _check_texts(f, value, path + (key,), languages)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            _check_texts(f, value, path + (index,), languages)


def _first_seen(f: _File, items, kind: str) -> dict:
    ids = {}
    for index, item in enumerate(items):
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            if item["id"] in ids:
                f.add(("hotlines" if kind == "hotline" else "sites", index, "id"),
                      f"duplicate {kind} id '{item['id']}' (first used at line "
                      f"{f.doc.line((kind + 's', ids[item['id']]))}) — give each {kind} its own id")
            else:
                ids[item["id"]] = index
    return ids


def _build_hotlines(f: _File, settings: Settings, today: dt.date) -> tuple[dict, dict, set]:
    data = f.doc.data if isinstance(f.doc.data, dict) else {}
    spoken = {k: _text(v, settings) for k, v in (data.get("spoken_languages") or {}).items()
              if isinstance(v, dict)}
    items = data.get("hotlines") if isinstance(data.get("hotlines"), list) else []
    known = set(_first_seen(f, items, "hotline"))
    hotlines = {}
    for i, h in enumerate(items):
        if not isinstance(h, dict):
            continue
        p = ("hotlines", i)
        phone = None
        if (isinstance(h.get("number"), (str, int)) and not isinstance(h.get("number"), bool)
                and not f.has(p + ("number",))):
            try:
                phone = parse_phone(str(h["number"]))
            except PhoneError as exc:
                f.add(p + ("number",), str(exc))
        for j, code in enumerate(h.get("languages") or []):
            if code not in spoken:
                f.add(p + ("languages", j), f"unknown language '{code}' — add it under "
                      f"spoken_languages first, or use one of: {', '.join(sorted(spoken))}")
        url = h.get("source_url")
        if isinstance(url, str) and not _is_https(url):
            f.add(p + ("source_url",), f"'{url}' is not allowed — only https:// links can be listed")
        verified = _date(f, p + ("verified",), h.get("verified"), today) if "verified" in h else None
        for j, item in enumerate(h.get("also") or []):
            link = item.get("url") if isinstance(item, dict) else None
            if isinstance(link, str) and not _is_https(link) and not f.has(p + ("also", j, "url")):
                f.add(p + ("also", j, "url"), f"'{link}' is not allowed — a web chat is listed only "
                      "with an https:// link")
            wrong = {"wechat": "url", "webchat": "id"}.get(item.get("kind")) if isinstance(item, dict) else None
            if wrong in item:
                f.add(p + ("also", j, wrong), f"`{wrong}` does not belong to a {item['kind']} contact — "
                      "a WeChat account has an `id` (never a link), a web chat a `url`; remove it")
        if f.has_under(p) or h.get("id") in hotlines:
            continue  # its problem is reported; it is not used
        assert phone is not None and verified is not None, f"hotline {i} has no reported problem"
        hotlines[h["id"]] = Hotline(
            id=h["id"], number=phone, name=_text(h["name"], settings),
            category=h["category"], hours=hours_from_yaml(h["hours"]),
            languages=tuple(h["languages"]), audience=_text(h["audience"], settings),
            kind=h["kind"], topics=tuple(h["topics"]), notes=_text(h.get("notes"), settings),
            source=_text(h["source"], settings), source_url=url, verified=verified,
            sample=bool(h.get("sample")), line=f.doc.line(p),
            field_lines=_field_lines(f, p, h), audiences=tuple(h.get("audiences") or ()),
            also=tuple(Contact(kind=c["kind"], hours=hours_from_yaml(c["hours"]), id=c.get("id"),
                               url=c.get("url"), line=f.doc.line(p + ("also", j)))
                       for j, c in enumerate(h.get("also") or [])))
    return hotlines, spoken, known


def _field_lines(f: _File, path, item: dict):
    return MappingProxyType({key: f.doc.line(path + (key,)) for key in item})


def _is_https(url: str) -> bool:
    parts = urlsplit(url.strip())
    return parts.scheme == "https" and bool(parts.netloc) and not any(c.isspace() for c in url.strip())


def guide_slugs(settings: Settings) -> list[str]:
    """Guides that exist in every core language (docs/guides/<slug>.<lang>.md)."""
    folder = settings.docs_dir / "guides"
    slugs = {p.name.split(".")[0] for p in folder.glob("*.md")} - {"index"}
    return sorted(s for s in slugs if all((folder / f"{s}.{l}.md").exists() for l in settings.core_languages))


def _build_sites(f: _File, settings: Settings, hotlines: dict, known: set | None,
                 today: dt.date) -> list[Site]:
    """known: every hotline id written in hotlines.yml, or None when that file could not be read
    (then references are not checked: the file's own problem is reported instead)."""
    data = f.doc.data if isinstance(f.doc.data, dict) else {}
    items = data.get("sites") if isinstance(data.get("sites"), list) else []
    _first_seen(f, items, "site")
    guides = guide_slugs(settings)
    sites, seen = [], set()
    for i, s in enumerate(items):
        if not isinstance(s, dict):
            continue
        p = ("sites", i)
        ok = True
        for j, ref in enumerate(s.get("hotlines") or []):
            if ref not in hotlines:
                ok = False
            if known is not None and ref not in known:
                f.add(p + ("hotlines", j), f"unknown hotline '{ref}'; known: {', '.join(sorted(known))} "
                      f"— use an id from resources/{HOTLINES}")
        for j, slug in enumerate(s.get("featured_guides") or []):
            if slug not in guides:
                ok = False
                f.add(p + ("featured_guides", j), f"unknown guide '{slug}'; known: {', '.join(guides)} "
                      f"— use a file name from docs/guides/ without .zh.md/.en.md")
        reviewed = _date(f, p + ("reviewed",), s.get("reviewed"), today) if "reviewed" in s else None
        if not ok or reviewed is None or s.get("id") in seen or f.has_under(p):
            continue  # its problem is reported (or lies in a hotline it uses); it is not used
        sites.append(Site(
            id=s["id"], name=_text(s["name"], settings),
            district=_text(s["district"], settings),
            address=_text(s["address"], settings), status=s["status"],
            alert=_text(s.get("alert"), settings),
            hotlines=tuple(hotlines[h] for h in s["hotlines"]),
            wechat=_text(s.get("wechat"), settings),
            sessions=tuple(Session(x["time"], _text(x["topic"], settings))
                           for x in s.get("sessions") or []),
            featured_guides=tuple(s.get("featured_guides") or ()), reviewed=reviewed,
            sample=bool(s.get("sample")), line=f.doc.line(p),
            field_lines=_field_lines(f, p, s)))
        seen.add(s["id"])
    return sites


def _read_and_check(settings: Settings, name: str) -> _File:
    """One data file read, and checked against its schema and for missing translations."""
    f = _File(settings, name, [])
    if f.doc is not None:
        check_schema(f, schema_for(settings, name))
        _check_texts(f, f.doc.data, (), settings.core_languages)
    return f


# From this size on (both files together), the two files are read and checked side by side, each
# in a process of its own (scripts/processes.py): at 2,000 sites, 4.5 s and 2.8 s one after the
# other, and sending a checked file back takes 0.2 s.
SIDE_BY_SIDE_BYTES = 500_000


def _side_by_side(settings: Settings) -> bool:
    """Whether to read the files side by side: large files, several cores, and a process that may
    fork (not the live preview's server, which runs threads)."""
    if (os.cpu_count() or 1) < 2 or threading.active_count() > 1:
        return False
    sizes = [(settings.resources_dir / name).stat().st_size for name in (HOTLINES, SITES)
             if (settings.resources_dir / name).is_file()]
    return sum(sizes) >= SIDE_BY_SIDE_BYTES


def load_dataset(settings: Settings, today: dt.date | None = None) -> Dataset:
    """Load and validate all data. Raises DataError listing every problem found."""
    today = today or dt.date.today()
    names = (HOTLINES, SITES)
    if _side_by_side(settings):
        checked = side_by_side(*(lambda name=name: _read_and_check(settings, name) for name in names))
    else:
        checked = [_read_and_check(settings, name) for name in names]
    problems: list[Problem] = [p for f in checked for p in f.problems]
    files = dict(zip(names, checked))
    for f in checked:
        f.problems = problems  # one list: a record's problems are looked up in it (_File.has)
    hotlines, spoken, known = {}, {}, None
    if files[HOTLINES].doc is not None:
        hotlines, spoken, known = _build_hotlines(files[HOTLINES], settings, today)
    sites = []
    if files[SITES].doc is not None:
        sites = _build_sites(files[SITES], settings, hotlines, known, today)
    if problems:
        raise DataError(sorted(set(problems), key=lambda p: (p.file, p.line, p.path, p.message)))
    return Dataset(sites=tuple(sites), hotlines=tuple(hotlines.values()),
                   spoken_languages=MappingProxyType(spoken))
