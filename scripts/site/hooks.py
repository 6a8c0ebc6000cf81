"""MkDocs hooks: wiring only. Each event calls a small, tested function elsewhere."""
from __future__ import annotations

import os
import pickle
import re
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files

from scripts.data.config import load_settings
from scripts.data.loader import load_dataset
from scripts.data.problems import DataError
from scripts.site import csp, fallback
from scripts.site.offline import write_worker
from scripts.site.generate import generate
from scripts.site.pagediet import (collapsed, wants_no_search, without_search, without_search_config,
                                   without_unused_assets)
from scripts.site.searchnote import search_languages, search_notes
from scripts.site import rawhtml
from scripts.site.compress import write_page
from scripts.site.critical import with_critical_css
from scripts.site.needhelp import home_box
from scripts.site.notfound import PAGE as NOT_FOUND, keep_404, not_found_context
from scripts.site.parallel import keep_file, keeps_search_index, parse_shard, wait_for_pages, warm_up_search
from scripts.site.preview import SERVING, regenerate, write_extras
from scripts.site import stamp

# Set by scripts/build.py, which has already validated the data: the file that appears once it has
# written the pages (or "1": they are written).
PAGES_READY = "HEARTLINE_PAGES_READY"
# "k/n": this process builds the k-th of n shards of the site pages (scripts/parallel.py).
SHARD = "HEARTLINE_SHARD"
# Set by scripts/build.py: a file holding the data it validated (pickled), so that this process
# need not read and check it again (7 s at 2,000 sites, for each language's 404 page).
DATASET = "HEARTLINE_DATASET"
# The MkDocs command running: `build` or `serve` (whose live reload is an inline script).
_COMMAND = {"name": "build"}


def on_startup(command, dirty, **kwargs):
    _COMMAND["name"] = command


def on_config(config, **kwargs):
    """Every page's security policy (scripts/site/csp.py), left out of `mkdocs serve`'s preview,
    whose live reload runs an inline script; what the search dialog says in a language the search
    does not know (scripts/site/searchnote.py)."""
    settings = load_settings()
    _state["settings"] = settings
    config.extra["scope"] = csp.scope(settings)
    config.extra["csp"] = None if _COMMAND["name"] == "serve" else csp.policy(settings)
    config.extra["search_notes"] = search_notes(settings, search_languages(settings))
    return config


# The live preview's last good data (one MkDocs process; never shared with another).
_preview: dict = {}
# The settings read once per MkDocs process (on_config).
_state: dict = {}


def _language(config) -> str:
    """The language being built: the i18n plugin sets the theme's language for each."""
    return config.theme["language"]


def on_pre_build(config, **kwargs):
    """Validate the data and (re)write the generated pages before MkDocs collects the files; or,
    in `make`, wait until scripts/build.py has written them."""
    ready = os.environ.get(PAGES_READY)
    if ready:
        if keeps_search_index(parse_shard(os.environ.get(SHARD))):
            warm_up_search()
        wait_for_pages(ready)
        return
    if os.environ.get(SERVING):
        _preview["data"] = regenerate() or _preview.get("data")
        return
    try:
        generate(load_settings())
    except DataError as exc:
        raise PluginError("Problems in the data:\n" + "\n".join(map(str, exc.problems))) from None


def on_files(files: Files, config, **kwargs):
    """In a sharded build, leave out the site pages another process builds; in `make`'s build,
    lay out one site page through the theme and stamp the others from it (scripts/site/stamp.py)."""
    shard = parse_shard(os.environ.get(SHARD))
    kept = [f for f in files if keep_file(f.src_uri, shard)]
    if stamp.enabled():
        _state["stamper"] = stamper = _state.get("stamper") or stamp.Stamper()
        kept = stamper.choose(kept)
    return Files(kept) if len(kept) != len(files) else files


def on_page_markdown(markdown: str, page, config, files, **kwargs):
    """The home page opens with the "need help now" box (written by generate(),
    scripts/site/needhelp.py); generated HTML pages skip Markdown (scripts/site/rawhtml.py). A
    shard other than the first indexes nothing for search: only the first one's index is kept
    (scripts/site/parallel.py)."""
    markdown = fallback.use_fallback(markdown, page, _language(config), _state["settings"])
    if not keeps_search_index(parse_shard(os.environ.get(SHARD))):
        page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
    if page.file.src_uri.split(".")[0] == "index" and page.file.src_uri.count(".") == 2:
        markdown = home_box(Path(config["config_file_path"]).parent, _language(config)) + "\n\n" + markdown
    if _stamping(page):
        _state["stamper"].mark(_language(config), page)
    return rawhtml.hold(markdown, page)


def _stamping(page) -> bool:
    return "stamper" in _state and _state["stamper"].is_prototype(page)


def on_page_content(html: str, page, config, files, **kwargs):
    """A page in an additional language opens with what it says about its translation
    (scripts/site/fallback.py). The prototype of the stamped site pages gets a marker."""
    html = rawhtml.release(html, page)
    if _stamping(page):
        return stamp.BODY
    return page_content(html, page.meta, page.url, _language(config))


def page_content(html: str, meta: dict, url: str, lang: str) -> str:
    return fallback.place(str(fallback.notices(meta, url, lang, _state["settings"])),
                          fallback.wrap_fallback(html, meta))


def on_post_page(output: str, page, config, **kwargs):
    """Each page is finished (finish_page). The stamped site pages' prototype is kept as the
    theme laid it out."""
    if _stamping(page):
        _state["stamper"].keep(_language(config), output)
    return finish_page(output, page.meta)


def finish_page(output: str, meta: dict) -> str:
    """Pages leave out what they do not use and their templates' indentation; site pages also the
    search box and its settings (scripts/site/pagediet.py), and paint their numbers before the
    theme's stylesheets arrive (scripts/site/critical.py)."""
    output = collapsed(without_unused_assets(output))
    if not wants_no_search(meta):
        return output
    return with_critical_css(without_search_config(without_search(output)))


# What the search plugin takes out of every page's body (material/plugins/search/plugin.py,
# on_page_context), for the stamped pages, which it never sees.
_SEARCH_MARKS = re.compile(r"\s?data-search-\w+=\"[^\"]+\"")


def write_stamped(config) -> None:
    """The site pages of the language just built, stamped from its prototype (scripts/site/stamp.py);
    in scripts/build.py's build, with their compressed copies (scripts/site/compress.py)."""
    settings, lang = _state["settings"], _language(config)
    content = lambda body, meta, url: _SEARCH_MARKS.sub("", page_content(body, meta, url, lang))  # noqa: E731
    write = write_page if os.environ.get(PAGES_READY) else Path.write_bytes  # scripts/build.py: compressed too
    for path, html in _state["stamper"].pages(lang, settings.lang_prefix(lang), settings.docs_dir,
                                              content, finish_page):
        target = Path(config.site_dir) / path
        target.parent.mkdir(parents=True, exist_ok=True)
        write(target, html.encode("utf-8", errors="xmlcharrefreplace"))


def on_template_context(context, template_name, config, **kwargs):
    """The 404 page's languages and numbers (scripts/site/notfound.py)."""
    if template_name == NOT_FOUND:
        context["heartline_404"] = not_found_context(_language(config), _state["settings"], _dataset())
    return context


def _dataset():
    """The validated data: the live preview's last good data; or what scripts/build.py passed
    (DATASET); or, in `mkdocs build` run alone, the data read once in this process."""
    if os.environ.get(SERVING) and _preview.get("data"):
        return _preview["data"]
    if "data" not in _state:
        passed = os.environ.get(DATASET)
        _state["data"] = (pickle.loads(Path(passed).read_bytes()) if passed
                          else load_dataset(_state["settings"]))
    return _state["data"]


def on_post_build(config, **kwargs):
    """Each language keeps its own 404 page (scripts/site/notfound.py); the live preview adds the
    short addresses and contact cards a real build adds; `mkdocs build` or `serve` run alone give
    the service worker its settings here (scripts/build.py does it itself, once short addresses
    and contact cards are in place)."""
    keep_404(Path(config.site_dir), config.theme["language"], load_settings())
    if "stamper" in _state:
        write_stamped(config)
    if os.environ.get(SERVING):
        write_extras(_preview.get("data"), Path(config["site_dir"]))
    if not os.environ.get(PAGES_READY):
        write_worker(Path(config.site_dir), load_settings(), _preview.get("data"))
