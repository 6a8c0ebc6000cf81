"""Checks of the hand-written Markdown: twins in every language, anchors, front matter, links."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from urllib.parse import urlsplit

from scripts.checks.unsafe import check_unsafe
from scripts.data.config import Settings
from scripts.data.problems import Problem
from scripts.site.generate import GENERATED_DIRS
from scripts.site.pages import Page, read_page

# Who a page is for (front matter `audience:`); the guide index groups guides by these.
AUDIENCES = ("everyone", "parents", "families", "older-people", "disability-health", "staff",
             "foreign-residents", "helpers", "practitioners")
# Folders whose pages need full front matter and an explicit anchor on every heading.
SECTIONS = ("guides", "practice")
REQUIRED_META = ("title", "summary", "audience", "reviewed")
# [text](target "title"), the target possibly in <angle brackets> or after spaces.
LINK = re.compile(r"(?<!!)\[[^\]]*\]\(\s*(?:<([^>]*)>|([^)\s]+))(?:\s+\"[^\"]*\")?\s*\)")


def _rel(settings: Settings, path: Path) -> str:
    return path.relative_to(settings.root).as_posix()


def hand_written(settings: Settings) -> list[Path]:
    """Markdown files under docs/ that people write (generated folders left out)."""
    docs = settings.docs_dir
    return sorted(p for p in docs.rglob("*.md")
                  if p.relative_to(docs).parts[0] not in GENERATED_DIRS)


def split_name(path: Path, languages) -> tuple[str, str | None]:
    """'guides/sleep.zh.md' -> ('guides/sleep', 'zh'); no language suffix -> (stem, None)."""
    stem, _, lang = path.name[:-3].rpartition(".")
    if stem and lang in languages:
        return (path.parent / stem).as_posix(), lang
    return (path.parent / path.name[:-3]).as_posix(), None


def needs_front_matter(settings: Settings, path: Path) -> bool:
    rel = path.relative_to(settings.docs_dir)
    return rel.parts[0] in SECTIONS or len(rel.parts) == 1


def check_front_matter(settings: Settings, page: Page, today: dt.date) -> list[Problem]:
    rel, out = _rel(settings, page.path), []
    meta = page.meta
    for key in REQUIRED_META:
        if not str(meta.get(key, "")).strip() or meta.get(key) == []:
            out.append(Problem(rel, 1, "front matter", f"missing '{key}' — add `{key}:` between the "
                                                       f"--- lines at the top"))
    audience = meta.get("audience")
    if audience is not None:
        values = audience if isinstance(audience, list) else [audience]
        for value in values:
            if value not in AUDIENCES:
                out.append(Problem(rel, 1, "front matter", f"unknown audience '{value}' — use one of: "
                                                           f"{', '.join(AUDIENCES)}"))
    reviewed = meta.get("reviewed")
    if reviewed is not None and not isinstance(reviewed, dt.date):
        try:
            dt.date.fromisoformat(str(reviewed))
        except ValueError:
            out.append(Problem(rel, 1, "front matter", f"reviewed '{reviewed}' is not a real date — "
                                                       f"write YYYY-MM-DD, e.g. {today.isoformat()}"))
    out.extend(check_translation_block(rel, meta.get("translation"), today))
    h1 = [h for h in page.headings() if h[1] == 1]
    if len(h1) != 1:
        out.append(Problem(rel, page.body_line, "", f"has {len(h1)} top-level headings (# …) — "
                                                    "a page has exactly one, its title"))
    return out


def check_translation_block(rel: str, block, today: dt.date) -> list[Problem]:
    """A page's `translation:` block (a page in an additional language): status draft or reviewed,
    who translated it and when; a reviewed page also names its reviewer and the date."""
    if block is None:
        return []
    fix = (f"write `translation: {{status: draft, by: <who translated it>, date: {today.isoformat()}}}`, "
           f"and once a native speaker has checked it, status: reviewed, reviewed_by and reviewed_on")
    if not isinstance(block, dict) or block.get("status") not in ("draft", "reviewed"):
        return [Problem(rel, 1, "front matter", f"translation has no status draft or reviewed — {fix}")]
    needed = ("by", "date") + (("reviewed_by", "reviewed_on") if block["status"] == "reviewed" else ())
    missing = [key for key in needed if not str(block.get(key) or "").strip()]
    return [Problem(rel, 1, "front matter", f"translation is missing {', '.join(missing)} — {fix}")] if missing else []


def anchors(page: Page) -> list[tuple[int, str | None, str]]:
    """(line, anchor, heading text) of every ## and deeper heading."""
    return [(line, anchor, text) for line, level, text, anchor in page.headings() if level >= 2]


def check_anchors(settings: Settings, pages: dict[str, Page]) -> list[Problem]:
    """Every section heading carries an explicit anchor, the same in every language."""
    out = []
    for lang, page in pages.items():
        seen = set()
        for line, anchor, text in anchors(page):
            if anchor is None:
                out.append(Problem(_rel(settings, page.path), line, "", f"heading '{text}' has no "
                           "anchor — end it with { #an-id } (the same id in every language)"))
            elif anchor in seen:
                out.append(Problem(_rel(settings, page.path), line, "", f"anchor '#{anchor}' is used "
                                                                        "twice — give each heading its own id"))
            seen.add(anchor)
    default = pages.get(settings.default_language)
    if default is None:
        return out
    reference = [a for _, a, _ in anchors(default)]
    for lang, page in pages.items():
        if page is default:
            continue
        mine = anchors(page)
        if [a for _, a, _ in mine] != reference:
            missing = [a for a in reference if a not in {x for _, x, _ in mine}]
            extra = [a for _, a, _ in mine if a not in reference]
            line = next((l for (l, a, _), r in zip(mine, reference) if a != r), page.body_line)
            detail = "; ".join(filter(None, [
                f"missing {', '.join('#' + a for a in missing if a)}" if missing else "",
                f"not in {_rel(settings, default.path)}: {', '.join('#' + a for a in extra if a)}"
                if extra else "", "" if missing or extra else "in a different order"]))
            out.append(Problem(_rel(settings, page.path), line, "", f"headings' anchors differ from "
                               f"{_rel(settings, default.path)} ({detail}) — use the same anchors, "
                               "in the same order, in every language"))
    return out


def check_links(settings: Settings, page: Page, lang: str, known: dict[str, set | None]) -> list[Problem]:
    """Relative links must name an existing page (without the language part) and anchor.
    known: {'guides/sleep': {anchors} or None when anchors are not known}."""
    out = []
    rel = _rel(settings, page.path)
    folder = page.path.parent.relative_to(settings.docs_dir)
    fenced = False
    for offset, line in enumerate(page.body.splitlines()):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        if fenced:
            continue
        for match in LINK.finditer(line):
            target = match.group(1) if match.group(1) is not None else match.group(2)
            parts = urlsplit(target)
            where = page.body_line + offset
            if parts.scheme or parts.netloc:
                continue  # not a page of this site; scripts/checks/unsafe.py allows it or not
            if not parts.path:
                name = split_name(page.path.relative_to(settings.docs_dir), settings.languages)[0]
            else:
                name = _normalise((folder / parts.path).as_posix())
                if not name.endswith(".md") or any(name.endswith(f".{l}.md") for l in settings.languages):
                    out.append(Problem(rel, where, "", f"link '{target}' should name a page as "
                                                       "page.md, without the language part"))
                    continue
                name = name[:-3]
            if name not in known:
                out.append(Problem(rel, where, "", f"link '{target}' points at a page that does not "
                                                   f"exist ({name}.{lang}.md) — check the file name"))
            elif parts.fragment and known[name] is not None and parts.fragment not in known[name]:
                out.append(Problem(rel, where, "", f"link '{target}': {name}.{lang}.md has no heading "
                                                   f"with {{ #{parts.fragment} }}"))
    return out


def _normalise(path: str) -> str:
    out: list[str] = []
    for part in path.split("/"):
        if part == "..":
            if out:
                out.pop()
        elif part not in ("", "."):
            out.append(part)
    return "/".join(out)


def check_pages(settings: Settings, generated: set[str], today: dt.date) -> tuple[list[Problem], dict]:
    """All checks of hand-written pages. Returns (problems, {page name: {lang: Page}})."""
    out: list[Problem] = []
    groups: dict[str, dict[str, Page]] = {}
    for path in hand_written(settings):
        name, lang = split_name(path.relative_to(settings.docs_dir), settings.languages)
        if lang is None:
            out.append(Problem(_rel(settings, path), 1, "", "has no language in its name — call it "
                       f"{path.stem}.{settings.default_language}.md and add its translations"))
            continue
        try:
            groups.setdefault(name, {})[lang] = read_page(path)
        except ValueError as exc:
            out.append(Problem(_rel(settings, path), 1, "front matter", f"{exc} — fix the lines "
                               "between the --- markers"))
    known: dict[str, set | None] = {n: {a for _, a, _ in anchors(next(iter(p.values())))}
                                    for n, p in groups.items()}
    known.update({name: None for name in generated})
    for name, pages in sorted(groups.items()):
        for lang in settings.core_languages:  # additional languages may be partial (checks/languages.py)
            if lang not in pages:
                other = next(iter(pages.values()))
                out.append(Problem(_rel(settings, other.path), 1, "", f"has no {lang} twin — add "
                                   f"docs/{name}.{lang}.md with the same headings and anchors"))
        for lang, page in pages.items():
            if needs_front_matter(settings, page.path):
                out.extend(check_front_matter(settings, page, today))
            out.extend(check_links(settings, page, lang, known))
            out.extend(check_unsafe(settings, page))
        if Path(name).parts[0] in SECTIONS:
            out.extend(check_anchors(settings, pages))
    return out, groups
