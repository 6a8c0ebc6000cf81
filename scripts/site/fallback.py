"""Pages in an additional language (mkdocs.yml, extra.heartline.languages) that are not, or not
fully, translated yet: what they show and what they say about it.

- A hand-written page with no `page.<lang>.md` is built by the i18n plugin from the default
  language's file (`fallback_to_default`); here it is given the text of the language's own
  fallback instead (English, or the one configured), marked with that language (`lang`, `dir`),
  under a notice in the page's language linking to the page in the fallback language; search
  leaves the copy out (the original is indexed in its own language).
- A generated page whose words or data texts are partly a fallback's says so (front matter
  `untranslated`, written by scripts/site/generate.py).
- A translation whose status is `draft` (a label file's `translation:` block, or a hand-written
  page's front matter `translation: {status: draft}`) says so, so that a resident knows and a
  native reviewer knows what to check.
Core languages (zh, en) are complete (make check) and never show a notice.
"""
from __future__ import annotations

from pathlib import Path

from markupsafe import Markup, escape

from scripts.data.config import Settings
from scripts.site.pages import read_page
from scripts.words.templating import labels, translation_status

# Front matter written by generate.py on a generated page some of whose words are a fallback's.
UNTRANSLATED = "untranslated"
FALLBACK_LANG = "hl_fallback_lang"  # set on a page built from its fallback's file
# Right-to-left scripts among the language codes a site may configure.
RTL = frozenset({"ar", "ug", "fa", "he", "ur", "ps", "yi", "ckb", "dv", "sd"})


def direction(lang: str) -> str:
    return "rtl" if lang.split("-")[0] in RTL else "ltr"


def split_source(src_uri: str) -> tuple[str, str | None]:
    """'guides/sleep.zh.md' -> ('guides/sleep', 'zh'); 'index.md' -> ('index', None)."""
    stem, _, rest = src_uri.rpartition(".")
    base, dot, lang = stem.rpartition(".")
    return (base, lang) if dot else (stem, None)


def fallback_source(src_uri: str, lang: str, settings: Settings) -> tuple[str, Path] | None:
    """(language, file) of the text to show for a page the i18n plugin built in `lang` from
    another language's file; None when the page is the language's own (or lang is core)."""
    if lang in settings.core_languages or lang not in settings.languages:
        return None
    base, file_lang = split_source(src_uri)
    if file_lang is None or file_lang == lang:
        return None
    for source in settings.fallback_chain(lang)[1:]:
        path = settings.docs_dir / f"{base}.{source}.md"
        if path.exists():
            return source, path
    return None


def use_fallback(markdown: str, page, lang: str, settings: Settings) -> str:
    """on_page_markdown: a page without a translation in `lang` takes its fallback's text and
    title. Returns the Markdown to render."""
    found = fallback_source(page.file.src_uri, lang, settings)
    if found is None:
        return markdown
    source, path = found
    original = read_page(path)
    page.meta.update(original.meta)
    page.meta[FALLBACK_LANG] = source
    # Search finds the original once, in its own language, not a copy under every language.
    page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
    return original.body


def _notice(kind: str, lang: str, body: Markup) -> Markup:
    return Markup('<div class="admonition note hl-translation hl-translation-{}" lang="{}" dir="{}">'
                  '<p>{}</p></div>\n').format(kind, lang, direction(lang), body)


def notices(page_meta: dict, page_url: str, lang: str, settings: Settings) -> Markup:
    """The notices a page in `lang` opens with: fallback text, then draft translation."""
    if lang in settings.core_languages or lang not in settings.languages:
        return Markup("")
    L = labels(lang)
    name = settings.language_names[lang]
    out = Markup("")
    source = page_meta.get(FALLBACK_LANG)
    if source:
        up = "../" * page_url.count("/")
        here = page_url[len(settings.lang_prefix(lang)):]
        link = Markup('<a href="{}" hreflang="{}">{}</a>').format(
            up + settings.lang_prefix(source) + here, source,
            L["fallback_page_link"].format(fallback=settings.language_names[source]))
        out += _notice("fallback", lang, Markup("{} {}").format(
            L["fallback_page"].format(language=name, fallback=settings.language_names[source]), link))
    elif page_meta.get(UNTRANSLATED):
        fallback = settings.language_names[settings.fallback(lang)]
        out += _notice("partial", lang, escape(L["fallback_texts"].format(language=name, fallback=fallback)))
    status = (page_meta.get("translation") or {}).get("status") if not source else None
    if (status or translation_status(lang)["status"]) == "draft" and not source:
        out += _notice("draft", lang, escape(L["draft_notice"]))
    return out


NEED_HELP = '<section class="hl-now"'  # the "need help now" box (scripts/site/needhelp.py)


def place(notices: str, html: str) -> str:
    """A page's notices go at its top, or, on a page that opens with the "need help now" box,
    just below it: a resident in crisis sees the numbers first."""
    if not notices:
        return html
    start = html.find(NEED_HELP)
    end = html.find("</section>", start) if start >= 0 else -1
    if end < 0:
        return notices + html
    end += len("</section>")
    return html[:end] + "\n" + notices + html[end:]


def wrap_fallback(html: str, page_meta: dict) -> str:
    """on_page_content: the fallback's text, marked with its language for screen readers, fonts
    and direction."""
    source = page_meta.get(FALLBACK_LANG)
    if not source:
        return html
    return f'<div lang="{source}" dir="{direction(source)}">\n{html}\n</div>'
