"""The short address of each site, /s/<id>/, which leaflets print in their QR codes."""
from __future__ import annotations

from pathlib import Path

from markupsafe import Markup

from scripts.data.config import Settings
from scripts.data.records import Dataset, Site, Text
from scripts.site import csp
from scripts.site.fallback import direction
from scripts.words.templating import html_env, labels

TEMPLATES = Path(__file__).resolve().parent / "templates"


def short_path(site_id: str) -> str:
    """The path of a site's short address, relative to the site root: 's/h03/'."""
    return f"s/{site_id}/"


def site_path(site_id: str, lang: str, settings: Settings) -> str:
    """The path of a site's page in one language, relative to the site root: 'en/sites/h03/'."""
    return f"{settings.lang_prefix(lang)}sites/{site_id}/"


def site_url(settings: Settings) -> str:
    """The configured site address, always ending in '/'."""
    return (settings.site_url or "").rstrip("/") + "/"


def short_url(site_id: str, settings: Settings) -> str:
    """The full URL printed in a site's QR code: 'https://host/s/h03/'."""
    return site_url(settings) + short_path(site_id)


def shown_language(text: Text, lang: str, settings: Settings) -> str:
    """The language a data text really shows on a page in `lang`: its own, or the one of its
    fallback chain it is taken from (for the `lang` a screen reader reads it in)."""
    return next((code for code in settings.fallback_chain(lang) if text.translated(code)), lang)


def _shared(settings: Settings) -> dict:
    """What every short-address page carries alike: read and hashed once per build, not per site
    (the template, and the policy, which reads mkdocs.yml and hashes the theme's scripts: 20 ms a
    page)."""
    return {"template": html_env(TEMPLATES).get_template("short.html.j2"),
            "csp_meta": Markup(csp.meta_tag(settings)),
            "script": Markup(csp.SHORT_SCRIPT.read_text(encoding="utf-8")),
            "style": Markup(csp.SHORT_STYLE.read_text(encoding="utf-8"))}


def short_page(site: Site, settings: Settings, shared: dict | None = None) -> str:
    """The HTML of a site's short-address page (links are relative to /s/<id>/). `shared` is
    what _shared() gives, when many pages are written at once."""
    languages = [{
        "code": lang, "dir": direction(lang), "name": settings.language_names[lang], "site_name": site.name[lang],
        "name_lang": shown_language(site.name, lang, settings),
        "name_dir": direction(shown_language(site.name, lang, settings)),
        "L": labels(lang), "href": "../../" + site_path(site.id, lang, settings),
    } for lang in settings.languages]
    shared = shared or _shared(settings)
    return shared["template"].render(
        languages=languages, targets={l["code"]: l["href"] for l in languages}, site_id=site.id,
        **{k: v for k, v in shared.items() if k != "template"})


def write_short_pages(dataset: Dataset, settings: Settings, site_dir: Path) -> int:
    """Write /s/<id>/index.html for every site into a built site. Returns how many."""
    shared = _shared(settings)
    for site in dataset.sites:
        path = site_dir / short_path(site.id) / "index.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(short_page(site, settings, shared), encoding="utf-8")
    return len(dataset.sites)
