"""Project settings read from mkdocs.yml, the one place they are written."""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit
from types import MappingProxyType
from typing import Mapping

import yaml

ROOT = Path(__file__).resolve().parents[2]
MKDOCS_YML = "mkdocs.yml"


@dataclass(frozen=True)
class Settings:
    """What the scripts need to know about the site, taken from mkdocs.yml."""

    root: Path
    site_url: str | None
    site_name: str
    languages: tuple[str, ...]  # default language first
    language_names: Mapping[str, str]
    core_languages: tuple[str, ...]  # complete and required: every text, every page
    fallbacks: Mapping[str, str]  # additional language -> the one shown where it has no translation
    organization: Mapping[str, str]
    stale_days: Mapping[str, int]
    docs_dir: Path

    @property
    def default_language(self) -> str:
        return self.languages[0]

    @property
    def resources_dir(self) -> Path:
        return self.root / "resources"

    @property
    def additional_languages(self) -> tuple[str, ...]:
        """Languages that may be partial: a text or page not yet translated shows its fallback's."""
        return tuple(lang for lang in self.languages if lang not in self.core_languages)

    def fallback_chain(self, lang: str) -> tuple[str, ...]:
        """The language itself, then where its missing texts come from, ending in a core language:
        ('ug', 'zh'), ('ko', 'en'), ('zh',)."""
        chain = [lang]
        while chain[-1] not in self.core_languages:
            chain.append(self.fallbacks[chain[-1]])
        return tuple(chain)

    def fallback(self, lang: str) -> str | None:
        """The language shown where `lang` has no translation (None for a core language)."""
        return None if lang in self.core_languages else self.fallbacks[lang]

    def lang_prefix(self, lang: str) -> str:
        """URL prefix of a language: '' for the default language, 'en/' for English."""
        return "" if lang == self.default_language else f"{lang}/"


class ConfigError(ValueError):
    """A problem in mkdocs.yml, worded `mkdocs.yml:line: what is wrong — how to fix it`."""


def _line(text: str, key: str) -> int:
    """The line of a top-level key in mkdocs.yml (1 when it is not written)."""
    match = re.search(rf"^{re.escape(key)}\s*:", text, re.M)
    return text[: match.start()].count("\n") + 1 if match else 1


def check_site_url(url, line: int) -> str:
    """site_url is printed in every QR code: only `https://host/` or `https://host/path/` (no
    query, no fragment, no user name or port oddities) may be. Returns it; raises ConfigError."""
    fix = "write the https:// address the site is published at, ending in /, e.g. https://heartline.example.org/"
    if not isinstance(url, str) or not url.strip():
        raise ConfigError(f"{MKDOCS_YML}:{line}: site_url is missing — {fix}")
    parts = urlsplit(url)
    problem = None
    if url != url.strip() or any(c.isspace() for c in url):
        problem = "contains spaces"
    elif parts.scheme != "https" or not parts.netloc:
        problem = "is not an https:// address"
    elif parts.query or parts.fragment or "?" in url or "#" in url:
        problem = "has a query (?…) or fragment (#…), which would send every QR code to the home page"
    elif parts.username or parts.password or "@" in parts.netloc:
        problem = "holds a user name or password"
    elif not url.endswith("/"):
        problem = "does not end in /"
    elif not re.fullmatch(r"[a-z0-9.-]+(:[0-9]+)?", parts.netloc) or "." not in parts.hostname:
        problem = "does not name a host such as heartline.example.org (lower case)"
    if problem:
        raise ConfigError(f"{MKDOCS_YML}:{line}: site_url '{url}' {problem} — {fix}")
    return url


def _i18n_languages(config: dict) -> list[dict]:
    for plugin in config.get("plugins", []):
        if isinstance(plugin, dict) and "i18n" in plugin:
            return list(plugin["i18n"].get("languages", []))
    raise ConfigError(f"{MKDOCS_YML}:1: the i18n plugin and its languages are missing — add them under plugins:")


DEFAULT_CORE = ("zh", "en")
DEFAULT_FALLBACK = "en"


def _language_roles(config: dict, text: str, ordered: list[str]) -> tuple[tuple[str, ...], dict]:
    """(core languages, {additional language: fallback}) from extra.heartline.languages:
    `core` (default zh and en), `fallback` (default en) and `fallbacks` ({code: fallback})."""
    roles = (((config.get("extra") or {}).get("heartline") or {}).get("languages")) or {}
    line = _line(text, "extra")
    if not isinstance(roles, dict):
        raise ConfigError(f"{MKDOCS_YML}:{line}: extra.heartline.languages must be a mapping with "
                          f"core:, fallback: and fallbacks: — see the README's 'Adding a language'")
    core = tuple(roles.get("core") or DEFAULT_CORE)
    for lang in core:
        if lang not in ordered:
            raise ConfigError(f"{MKDOCS_YML}:{line}: core language '{lang}' is not among the i18n languages "
                              f"({', '.join(ordered)}) — add it under plugins: i18n: languages:")
    if ordered[0] not in core:
        raise ConfigError(f"{MKDOCS_YML}:{line}: the default language '{ordered[0]}' must be a core language "
                          f"— add it to extra.heartline.languages.core")
    default = roles.get("fallback") or (DEFAULT_FALLBACK if DEFAULT_FALLBACK in core else core[0])
    per_language = dict(roles.get("fallbacks") or {})
    fallbacks = {}
    for lang in ordered:
        if lang in core:
            continue
        target = per_language.get(lang, default)
        if target not in ordered or target == lang:
            raise ConfigError(f"{MKDOCS_YML}:{line}: the fallback of '{lang}' is '{target}', which is not "
                              f"another configured language — name one of: {', '.join(core)}")
        fallbacks[lang] = target
    for lang in fallbacks:  # every chain ends in a core language
        seen, current = {lang}, fallbacks[lang]
        while current not in core:
            if current in seen:
                raise ConfigError(f"{MKDOCS_YML}:{line}: the fallbacks of '{lang}' go round in a circle — "
                                  f"let each additional language fall back to a core language ({', '.join(core)})")
            seen.add(current)
            current = fallbacks[current]
    return core, fallbacks


def _in_every_language(words: dict, ordered, core, fallbacks: dict, key: str, line: int) -> dict:
    """A setting written per language ({zh: …, en: …}), filled in for each additional language
    from its fallback. Every core language must be written."""
    for lang in core:
        if not str(words.get(lang) or "").strip():
            raise ConfigError(f"{MKDOCS_YML}:{line}: extra.heartline.{key} has no '{lang}' — add `{lang}:` with the text")
    out = {}
    for lang in ordered:
        current = lang
        while not str(words.get(current) or "").strip():
            current = fallbacks[current]
        out[lang] = words[current]
    return out


def load_settings(root: Path = ROOT) -> Settings:
    """Read mkdocs.yml under root. Raises ConfigError (a ValueError) when the languages are not
    configured or site_url is not an address QR codes may carry."""
    text = (root / MKDOCS_YML).read_text(encoding="utf-8")
    config = yaml.safe_load(text)
    langs = _i18n_languages(config)
    defaults = [lang["locale"] for lang in langs if lang.get("default")]
    if len(defaults) != 1:
        raise ConfigError(f"{MKDOCS_YML}:{_line(text, 'plugins')}: exactly one i18n language must be `default: true`")
    ordered = defaults + [lang["locale"] for lang in langs if not lang.get("default")]
    heartline = (config.get("extra") or {}).get("heartline") or {}
    core, fallbacks = _language_roles(config, text, ordered)
    return Settings(
        root=root,
        site_url=check_site_url(config.get("site_url"), _line(text, "site_url")),
        site_name=config.get("site_name", ""),
        languages=tuple(ordered),
        language_names=MappingProxyType({l["locale"]: l.get("name", l["locale"]) for l in langs}),
        core_languages=core,
        fallbacks=MappingProxyType(fallbacks),
        organization=MappingProxyType(_in_every_language(heartline.get("organization") or {}, ordered, core,
                                                         fallbacks, "organization", _line(text, "extra"))),
        stale_days=MappingProxyType(dict(heartline.get("stale_days") or {})),
        docs_dir=root / config.get("docs_dir", "docs"),
    )


def settings_for_command() -> Settings | None:
    """The settings for a command line (`make`, `make leaflets`, the policy printer); None after
    printing the problem in mkdocs.yml to stderr, for the command to exit 1."""
    try:
        return load_settings()
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return None
