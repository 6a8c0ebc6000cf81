"""Typed, validated records: what the loader returns and everything else consumes."""
from __future__ import annotations

import datetime as dt
import copyreg
from dataclasses import dataclass
from types import MappingProxyType
from typing import Mapping

# Records hold read-only mappings (MappingProxyType); let them travel to worker processes (pickle)
# as what they are: a read-only copy of the same mapping.
def _read_only(mapping: dict) -> MappingProxyType:
    return MappingProxyType(mapping)


copyreg.pickle(MappingProxyType, lambda m: (_read_only, (dict(m),)))


@dataclass(frozen=True)
class Text:
    """One text in every configured language: its own translation, or, in an additional language
    not yet translated, its fallback's (mkdocs.yml, extra.heartline.languages)."""

    values: Mapping[str, str]
    fallen: frozenset = frozenset()  # languages whose value is a fallback's text

    def __getitem__(self, lang: str) -> str:
        return self.values[lang]

    def translated(self, lang: str) -> bool:
        return lang in self.values and lang not in self.fallen

    def translations(self) -> dict[str, str]:
        """{language: text} for the languages it is really written in (open data, coverage)."""
        return {lang: text for lang, text in self.values.items() if lang not in self.fallen}


def texts_in(value, seen: set[int] | None = None):
    """Every Text in a record (a site, a hotline, or a list or tuple of them), followed through
    its fields, each record once."""
    seen = set() if seen is None else seen
    if isinstance(value, Text):
        yield value
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from texts_in(item, seen)
    elif hasattr(value, "__dataclass_fields__") and id(value) not in seen:
        seen.add(id(value))
        for name in value.__dataclass_fields__:
            yield from texts_in(getattr(value, name), seen)


def untranslated(record, lang: str) -> bool:
    """Whether any text in a record shows a fallback in `lang` instead of a translation."""
    return any(not text.translated(lang) for text in texts_in(record))


@dataclass(frozen=True)
class Phone:
    """A validated number: how to show it and how to dial it."""

    raw: str
    display: str  # national format, e.g. "022 5888 0000", or the service code "120"
    tel: str  # the href, e.g. "tel:+862258880000" or "tel:120"
    short_code: bool  # a special-service number such as 120 or 12356


@dataclass(frozen=True)
class Hours:
    """When a line answers, in China time. Exactly one of: `always` (every hour of every day),
    `daily` ranges ("08:00-22:00", the same every day), or `varies` (set city by city, each
    answering at least `at_least` hours a day where a national minimum is known)."""

    daily: tuple[str, ...] = ()
    always: bool = False
    varies: bool = False
    at_least: int | None = None


# Who a line is for (the directory's audience filter), as hotlines.schema.json lists them.
AUDIENCES = ("residents", "staff", "young", "older", "foreign", "disability", "women")
# How a line can be reached (the directory's "how" filter): a hotline's own number is `voice`
# (kind voice) or `sms` (kind text); its `also:` contacts are `wechat` or `webchat`.
WAYS = ("voice", "sms", "wechat", "webchat")


@dataclass(frozen=True)
class Contact:
    """Another way to reach a line, with its own hours: a WeChat account to search for (`id`,
    shown as text, never a link) or a web chat page (`url`, https:// only)."""

    kind: str  # wechat | webchat
    hours: Hours
    id: str | None = None
    url: str | None = None
    line: int = 0  # where it starts in hotlines.yml


@dataclass(frozen=True)
class Hotline:
    id: str
    number: Phone
    name: Text
    category: str  # emergency | national | local | duty (one site's own duty phone)
    hours: Hours
    languages: tuple[str, ...]
    audience: Text
    kind: str  # voice | text
    topics: tuple[str, ...]  # what the line helps with: psychological, medical, practical, …
    notes: Text | None
    source: Text
    source_url: str | None
    verified: dt.date
    sample: bool
    line: int  # where it starts in hotlines.yml, for later checks
    field_lines: Mapping[str, int]  # line of each field, e.g. {"verified": 31}
    audiences: tuple[str, ...] = ()  # from AUDIENCES
    also: tuple[Contact, ...] = ()  # other ways to reach it: WeChat, web chat

    @property
    def way(self) -> str:
        """How its own number is reached: `voice` (a call) or `sms` (a text message)."""
        return "sms" if self.kind == "text" else "voice"

    @property
    def ways(self) -> tuple[str, ...]:
        """Every way to reach it, from WAYS, in that order."""
        found = {self.way} | {c.kind for c in self.also}
        return tuple(w for w in WAYS if w in found)

    @property
    def always_open(self) -> bool:
        return self.hours.always

    @property
    def psychological(self) -> bool:
        """A psychological support line (counted in a site's night coverage)."""
        return "psychological" in self.topics


@dataclass(frozen=True)
class Session:
    time: str
    topic: Text


@dataclass(frozen=True)
class Site:
    id: str
    name: Text
    district: Text
    address: Text
    status: str  # open | paused | closed
    alert: Text | None
    hotlines: tuple[Hotline, ...]
    wechat: Text | None
    sessions: tuple[Session, ...]
    featured_guides: tuple[str, ...]
    reviewed: dt.date
    sample: bool
    line: int
    field_lines: Mapping[str, int]

    @property
    def callable_hotlines(self) -> tuple[Hotline, ...]:
        """The lines to offer a resident: all of them while the site is open or paused; once it is
        closed, all but its own duty phone, which nobody answers any more."""
        if self.status != "closed":
            return self.hotlines
        return tuple(h for h in self.hotlines if h.category != "duty")


@dataclass(frozen=True)
class Dataset:
    sites: tuple[Site, ...]
    hotlines: tuple[Hotline, ...]
    spoken_languages: Mapping[str, Text]

    def site(self, site_id: str) -> Site:
        for site in self.sites:
            if site.id == site_id:
                return site
        raise KeyError(site_id)
