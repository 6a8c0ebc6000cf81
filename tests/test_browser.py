"""A resident's phone, for real: Debian's Chromium at 360 × 640 opening the built site served on
127.0.0.1, in every language of mkdocs.yml, by a plain static server (as GitHub Pages serves it)
and by nginx with the shipped configuration (server/). Tests whose answer does not depend on the
server (`static_phone`) run on the static server only."""
from __future__ import annotations

from contextlib import contextmanager

import datetime as dt
import re

import pytest
from playwright.sync_api import expect, sync_playwright

from scripts.build import build
from scripts.data.config import load_settings
from scripts.data.loader import load_dataset
from scripts.sandbox import copy_project, only_core_languages
from scripts.site.fallback import direction
from scripts.site.offline import SAVED_COPY_DAYS
from scripts.site.searchnote import search_languages
from scripts.words.templating import labels
from tests.axe import run_axe
from scripts.server.run import nginx
from tests.browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, PHONE, Requests, serve, wait_until

pytestmark = pytest.mark.browser

SETTINGS = load_settings()
DATA = load_dataset(SETTINGS)
SITE = DATA.site("h03")
LOCALES = {"zh": "zh-CN", "en": "en-US"}
PREFIX = {"zh": "", "en": "en/"}


@pytest.fixture(scope="module", params=["static", "nginx"])
def server(request, built_site):
    """(kind, origin): every browser test runs against both servers."""
    if request.param == "static":
        with serve(built_site) as url:
            yield request.param, url
    else:
        with nginx(built_site) as running:
            yield request.param, running.origin


@pytest.fixture(scope="module")
def origin(server):
    return server[1]


@pytest.fixture(scope="module")
def chromium():
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def phones(chromium, origin, contexts: list):
    """`open_phone(lang)` gives (page, requests): a new phone set to a language (LOCALES, or the
    `locale` given, e.g. 'ko-KR'), or preferring several in order (`languages`: 'pt-BR,ru')."""

    def open_phone(lang: str, javascript: bool = True, bypass_csp: bool = False, locale: str | None = None,
                   languages: str | None = None):
        locale = locale or LOCALES.get(lang, lang)
        context = chromium.new_context(viewport=PHONE, locale=locale.split(",")[0], is_mobile=True,
                                       has_touch=True, java_script_enabled=javascript,
                                       device_scale_factor=2, bypass_csp=bypass_csp)
        contexts.append(context)
        requests = Requests(context, origin)
        page = context.new_page()
        if languages:  # as a phone's language list: navigator.languages and Accept-Language alike
            user_agent = page.evaluate("navigator.userAgent")
            context.new_cdp_session(page).send("Emulation.setUserAgentOverride",
                                               {"userAgent": user_agent, "acceptLanguage": languages})
        return page, requests

    return open_phone


@contextmanager
def phones_on(chromium, origin):
    """open_phone() on a server; every phone it opened is closed afterwards."""
    contexts: list = []
    try:
        yield phones(chromium, origin, contexts)
    finally:
        for context in contexts:
            context.close()


@pytest.fixture
def phone(chromium, origin):
    """A new phone, on each server in turn."""
    with phones_on(chromium, origin) as open_phone:
        yield open_phone


@pytest.fixture(scope="module")
def static_origin(built_site):
    with serve(built_site) as url:
        yield url


@pytest.fixture
def static_phone(chromium, static_origin):
    """A new phone, on the static server only: for what does not depend on the server."""
    with phones_on(chromium, static_origin) as open_phone:
        yield open_phone


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_short_address_opens_the_site_page_in_the_browsers_language(phone, origin, lang):
    page, requests = phone(lang)
    page.goto(f"{origin}/s/{SITE.id}/")
    page.wait_for_url(f"{origin}/{PREFIX[lang]}sites/{SITE.id}/")
    expect(page.locator("h1#site")).to_have_text(SITE.name[lang])
    assert requests.outside() == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_short_address_works_without_javascript(phone, server, lang):
    kind, origin = server
    page, _ = phone(lang, javascript=False)
    page.goto(f"{origin}/s/{SITE.id}/")
    if kind == "static":  # the page offers a link for each language
        assert page.url == f"{origin}/s/{SITE.id}/"
        page.locator(f'a[hreflang="{lang}"]').click()
    # nginx has already answered with a redirect
    page.wait_for_url(f"{origin}/{PREFIX[lang]}sites/{SITE.id}/")
    expect(page.locator("h1#site")).to_have_text(SITE.name[lang])


def overflowing(page) -> list[str]:
    """Elements of the page's content wider than the screen (what would make a phone scroll
    sideways), and whether the page as a whole scrolls sideways."""
    return page.evaluate("""() => {
        const width = document.documentElement.clientWidth, out = [];
        if (document.documentElement.scrollWidth > width) out.push("page scrolls sideways");
        for (const el of document.querySelectorAll(".md-content *")) {
            const r = el.getBoundingClientRect();
            if (r.width && (r.right > width + 0.5 || r.left < -0.5))
                out.push(el.tagName + "." + el.className + " " + Math.round(r.left) + "–" + Math.round(r.right));
        }
        return out;
    }""")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_site_page_shows_numbers_as_tap_to_call_links_within_the_screen(phone, origin, lang):
    page, requests = phone(lang)
    page.goto(f"{origin}/{PREFIX[lang]}sites/{SITE.id}/")
    for hotline in SITE.hotlines:
        link = page.locator(f'#hotline-{hotline.id} a[href="{hotline.number.tel}"]')
        expect(link).to_have_text(hotline.number.display)
        expect(link).to_be_visible()
        box = link.bounding_box()
        assert box["height"] >= 44, "a number must be easy to tap"
    assert overflowing(page) == []
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"site-{SITE.id}-{lang}-360x640.png", full_page=True)
    assert requests.outside() == []


@pytest.mark.parametrize("path", [f"sites/{SITE.id}/", "guides/sleep/"])
@pytest.mark.parametrize("lang, other", [("zh", "en"), ("en", "zh")])
def test_language_switcher_lands_on_the_same_page(static_phone, static_origin, path, lang, other):
    page, _ = static_phone(lang)
    page.goto(f"{static_origin}/{PREFIX[lang]}{path}")
    page.locator(".md-header .md-select").first.hover()
    page.locator(f'.md-header a[hreflang="{other}"]').click()
    page.wait_for_url(f"{static_origin}/{PREFIX[other]}{path}")
    assert page.locator("html").get_attribute("lang").startswith(other)


@pytest.mark.parametrize("lang, query", [("zh", "睡眠"), ("en", "sleep")])
def test_search_finds_a_guide(static_phone, static_origin, lang, query):
    page, requests = static_phone(lang)
    page.goto(f"{static_origin}/{PREFIX[lang]}guides/")
    page.locator('label[for="__search"]').first.click()
    search(page, query)
    result = page.locator(f'.md-search-result__item a[href*="guides/sleep/"]').first
    expect(result).to_be_visible(timeout=15000)
    result.click()
    page.wait_for_url(f"{static_origin}/{PREFIX[lang]}guides/sleep/*")
    assert requests.outside() == []


PAGES = ["", f"sites/{SITE.id}/", "guides/", "guides/sleep/", "hotlines/", "sites/", "practice/",
         "no-such-page/"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_request_leaves_the_machine(phone, origin, lang):
    page, requests = phone(lang)
    for path in PAGES:
        page.goto(f"{origin}/{PREFIX[lang]}{path}", wait_until="networkidle")
    assert len(requests.urls) > len(PAGES)
    assert requests.outside() == []


AXE_PAGES = ["", f"sites/{SITE.id}/", "guides/sleep/", "hotlines/", "no-such-page/"]


@pytest.mark.parametrize("path", AXE_PAGES)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_wcag_21_aa_violations(static_phone, static_origin, lang, path):
    page, _ = static_phone(lang, bypass_csp=True)  # the checker is a script the test adds to the page
    page.goto(f"{static_origin}/{PREFIX[lang]}{path}", wait_until="networkidle")
    violations = run_axe(page)
    assert violations == [], "\n".join(f"{v['rule']} ({v['impact']}): {v['where']} {v['summary']}"
                                       for v in violations)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_site_page_does_not_download_the_search_index(phone, origin, lang):
    page, requests = phone(lang)
    page.goto(f"{origin}/{PREFIX[lang]}sites/{SITE.id}/", wait_until="networkidle")
    assert not any("search" in url for url in requests.urls), requests.urls
    expect(page.locator(f'a[href="../../guides/"]').first).to_be_visible()


def worker_cache(site) -> str:
    """The name of the cache a built site's service worker keeps its copies in."""
    return "heartline-" + re.search(r'"build": ?"([0-9a-f]+)"', (site / "sw.js").read_text("utf-8")).group(1)


def saved_pages(page, cache: str) -> list[str]:
    return page.evaluate("""async (name) => {
        if (!(await caches.has(name))) return [];
        return (await (await caches.open(name)).keys()).map(r => r.url);
    }""", cache)


def wait_until_saved(page, cache: str, urls: list[str]) -> None:
    """The worker saves in the background: wait (up to 15 s) until it has saved urls in cache."""
    for _ in range(150):
        if set(urls) <= set(saved_pages(page, cache)):
            return
        page.wait_for_timeout(100)
    assert set(urls) <= set(saved_pages(page, cache))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_pages_open_again_offline_after_the_first_visit(phone, origin, built_site, lang):
    page, requests = phone(lang)
    site_page = f"{origin}/{PREFIX[lang]}sites/{SITE.id}/"
    guides = [f"{origin}/{PREFIX[lang]}guides/{slug}/" for slug in SITE.featured_guides]
    page.goto(site_page, wait_until="networkidle")
    wait_until(page, "navigator.serviceWorker.controller !== null", timeout=15000)
    wait_until_saved(page, worker_cache(built_site), [site_page, *guides])

    page.context.set_offline(True)
    page.reload()
    expect(page.locator("h1#site")).to_have_text(SITE.name[lang])
    for hotline in SITE.hotlines:
        expect(page.locator(f'#hotline-{hotline.id} a[href="{hotline.number.tel}"]')).to_be_visible()
    expect_saved_copy_notice(page, lang, dt.date.today(), stale=False)
    header = page.locator(".md-header").evaluate("el => getComputedStyle(el).backgroundColor")
    assert header == "rgb(0, 105, 92)", "the styles come from the saved copy too"
    page.goto(guides[0])
    expect(page.locator("article h1")).to_be_visible()
    expect_saved_copy_notice(page, lang, dt.date.today(), stale=False)
    page.goto(f"{origin}/{PREFIX[lang]}practice/")  # never opened: the offline notice
    expect(page.locator('a[href="tel:120"]').first).to_be_visible()
    expect(page.locator("h1")).to_have_text(labels(SETTINGS.default_language)["offline_missing_title"])
    assert requests.outside() == []


def expect_saved_copy_notice(page, lang: str, saved: dt.date, stale: bool) -> None:
    """The page says, in its language, that it is the copy saved on `saved`, whether that copy may
    be out of date, and to call 120 or 110 in an emergency whatever it says."""
    notice = page.locator("aside.hl-saved")
    expect(notice).to_have_count(1)
    expect(notice).to_be_visible()
    expect(notice).to_have_attribute("lang", lang)
    expect(notice).to_have_attribute("data-hl-saved", saved.isoformat())
    words = labels(lang)
    expect(notice).to_contain_text(words["offline_saved"].split("{date}")[0].strip())
    expect(notice).to_contain_text(saved.isoformat())
    expect(notice.locator('a[href="tel:120"]')).to_be_visible()
    expect(notice.locator('a[href="tel:110"]')).to_be_visible()
    stale_words = words["offline_stale"].split("{days}")[0].strip()
    if stale:
        expect(notice).to_contain_text(stale_words)
        expect(notice).to_contain_text(str(SAVED_COPY_DAYS))
        expect(notice).to_have_class(re.compile(r"\bhl-saved--stale\b"))
    else:
        expect(notice).not_to_contain_text(stale_words)


def test_leaflet_pdfs_are_not_kept_on_the_phone(phone, origin, built_site):
    page, _ = phone("zh")
    page.goto(f"{origin}/sites/{SITE.id}/", wait_until="networkidle")
    wait_until(page, "navigator.serviceWorker.controller !== null", timeout=15000)
    pdf = f"{origin}/leaflets/{SITE.id}/{SITE.id}-zh-a5.pdf"
    assert page.evaluate("url => fetch(url).then(r => r.status)", pdf) == 200
    page.wait_for_timeout(500)
    assert not [url for url in saved_pages(page, worker_cache(built_site)) if url.endswith(".pdf")]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_printed_site_page_fits_one_a4_sheet_with_every_number(static_phone, static_origin, lang, tmp_path):
    import pypdfium2 as pdfium
    page, _ = static_phone(lang)
    page.emulate_media(media="print")
    for site in DATA.sites:
        page.goto(f"{static_origin}/{PREFIX[lang]}sites/{site.id}/", wait_until="networkidle")
        page.pdf(path=tmp_path / f"{site.id}.pdf", format="A4", print_background=True)
        pdf = pdfium.PdfDocument(tmp_path / f"{site.id}.pdf")
        assert len(pdf) == 1, f"{site.id} prints on {len(pdf)} pages"
        text = pdf[0].get_textpage().get_text_range()
        assert site.name[lang] in text
        for hotline in site.callable_hotlines:
            assert hotline.number.display in text


# A phone that visited before a deploy, and copies that grow old.

def new_phone(chromium, lang: str):
    context = chromium.new_context(viewport=PHONE, locale=LOCALES[lang], is_mobile=True, has_touch=True)
    return context, context.new_page()


def visit_and_save(page, url: str, site) -> str:
    """Open url as a resident would and wait until the worker has saved it; returns its cache."""
    page.goto(url, wait_until="networkidle")
    wait_until(page, "navigator.serviceWorker.controller !== null", timeout=15000)
    cache = worker_cache(site)
    wait_until_saved(page, cache, [url])
    return cache


def saved_text(page, cache: str, url: str) -> str:
    return page.evaluate("""async ([name, url]) => {
        const hit = await (await caches.open(name)).match(url);
        return hit ? hit.text() : null;
    }""", [cache, url])


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_new_deploy_replaces_the_pages_and_contact_card_a_phone_saved(chromium, tmp_path, lang):
    project = only_core_languages(copy_project(tmp_path / "project"))  # the same in any language
    settings = load_settings(project)
    site = tmp_path / "site"
    assert build(settings, site, leaflets=False) == 0
    duty = SITE.hotlines[0]
    assert duty.id == f"{SITE.id}-duty"
    new_tel, new_display = "tel:+862258889999", "022-5888-9999"
    with serve(site) as origin:
        context, page = new_phone(chromium, lang)
        site_page = f"{origin}/{PREFIX[lang]}sites/{SITE.id}/"
        card = f"{site_page}{SITE.id}.vcf"
        before = visit_and_save(page, site_page, site)
        wait_until_saved(page, before, [card])

        # The duty number changes; the site is built and deployed again.
        hotlines = project / "resources" / "hotlines.yml"
        text = hotlines.read_text(encoding="utf-8")
        written = "number: " + duty.number.display.replace(" ", "-")  # as the data file has it
        assert text.count(written) == 1
        hotlines.write_text(text.replace(written, f"number: {new_display}"), encoding="utf-8")
        assert build(settings, site, leaflets=False) == 0
        after = worker_cache(site)
        assert after != before, "a build that changes a number changes the worker's cache"

        # The next time the phone is online it opens another page, not the site page itself.
        page.goto(f"{origin}/{PREFIX[lang]}", wait_until="networkidle")
        for _ in range(150):
            names = page.evaluate("caches.keys()")
            if names == [after] and {site_page, card} <= set(saved_pages(page, after)):
                break
            page.wait_for_timeout(100)
        assert page.evaluate("caches.keys()") == [after], "the old build's copies are deleted"
        assert new_display.replace("-", "") in saved_text(page, after, card).replace("-", "").replace(" ", "")

        # Later, offline: the browser's own short-lived cache has expired, only the worker's copies remain.
        context.new_cdp_session(page).send("Network.clearBrowserCache")
        context.set_offline(True)
        page.goto(site_page)
        expect(page.locator(f'#hotline-{duty.id} a[href="{new_tel}"]')).to_be_visible()
        expect(page.locator(f'a[href="{duty.number.tel}"]')).to_have_count(0)
        expect_saved_copy_notice(page, lang, dt.date.today(), stale=False)
        vcard = page.evaluate("url => fetch(url).then(r => r.text())", card)
        assert duty.number.tel.removeprefix("tel:") not in vcard
        context.close()


@pytest.mark.parametrize("days, stale", [(SAVED_COPY_DAYS - 1, False), (SAVED_COPY_DAYS + 1, True)])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_old_saved_copy_still_opens_offline_marked_as_possibly_out_of_date(
        chromium, origin, built_site, lang, days, stale):
    context, page = new_phone(chromium, lang)
    site_page = f"{origin}/{PREFIX[lang]}sites/{SITE.id}/"
    cache = visit_and_save(page, site_page, built_site)
    saved = dt.datetime.now() - dt.timedelta(days=days)
    page.evaluate("""async ([name, url, when]) => {  // as if saved `days` days ago
        const cache = await caches.open(name);
        const copy = await cache.match(url);
        const headers = new Headers(copy.headers);
        headers.set("X-Heartline-Saved", when);
        await cache.put(url, new Response(await copy.blob(), { status: copy.status, headers }));
    }""", [cache, site_page, saved.astimezone(dt.timezone.utc).isoformat()])
    context.set_offline(True)
    page.reload()
    expect(page.locator("h1#site")).to_have_text(SITE.name[lang])
    expect_saved_copy_notice(page, lang, saved.date(), stale=stale)
    context.close()


# The security policy: the site's own scripts only.

def violations_on(page) -> list[str]:
    return page.evaluate("window.__violations")


def stay_on_short_address(page, origin) -> None:
    """A short-address page sends the phone on to the site page at once: answer that with "204 No
    Content", so the phone stays on the short-address page, its script having run."""
    page.route(f"{origin}/**/sites/**", lambda route: route.fulfill(status=204))


def open_page(page, url: str) -> None:
    if "/s/" in url:  # the page never finishes loading: its onward navigation is pending
        page.goto(url, wait_until="commit")
        for _ in range(100):  # polled from outside: nginx's policy header forbids strings run inside
            if page.evaluate("() => document.readyState !== 'loading'"):
                break
            page.wait_for_timeout(50)
        page.wait_for_timeout(200)
    else:
        page.goto(url, wait_until="load")


def search(page, query: str) -> None:
    """Type a query into the open search box. The theme searches on a key being released: fill()
    alone sends none, so a query typed after the index had loaded would never run."""
    field = page.locator("input.md-search__input")
    field.fill(query)
    field.press("End")


def test_no_page_breaks_the_security_policy_in_either_language(chromium, server, built_site):
    kind, origin = server
    pages = sorted({p.relative_to(built_site).as_posix().removesuffix("index.html")
                    for p in built_site.rglob("*.html")})
    assert len(pages) > 3 * len(DATA.sites) + 20
    found, console = {}, []
    # nginx enforces the policy on each page twice (its header and the page's own <meta>) and on the
    # workers, the plain server through the <meta> alone: every page, search and the offline worker
    # are opened through nginx; the short addresses, which nginx answers with a redirect and the
    # plain server with a page, through the plain server, on a phone of their own (see
    # stay_on_short_address).
    for short in (False,) if kind == "nginx" else (True,):
        context = chromium.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="zh-CN")
        context.add_init_script(WATCH_VIOLATIONS)
        page = context.new_page()
        page.on("console", lambda m: console.append(m.text) if "Content Security Policy" in m.text else None)
        if short:
            stay_on_short_address(page, origin)
        for path in pages:
            if path.startswith("s/") == short:
                open_page(page, f"{origin}/{path}")
                if violations_on(page):
                    found[path] = violations_on(page)
        if not short:  # search (its worker and index) and the offline worker, in both languages
            for lang, query in (("zh", "睡眠"), ("en", "sleep")):
                page.goto(f"{origin}/{PREFIX[lang]}guides/")
                page.locator('label[for="__search"]').first.click()
                search(page, query)
                expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=15000)
                # Polled from here: a string run inside the page would itself break nginx's policy header.
                for _ in range(150):
                    if page.evaluate("() => navigator.serviceWorker.controller !== null"):
                        break
                    page.wait_for_timeout(100)
                if violations_on(page):
                    found[f"{PREFIX[lang]}guides/ (search)"] = violations_on(page)
        context.close()
    assert found == {} and console == [], (found, console)


WATCH_VIOLATIONS = """window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) =>
    window.__violations.push(`${e.effectiveDirective} ${e.blockedURI} ${e.sample}`));"""


@pytest.mark.parametrize("path", ["", f"en/sites/{SITE.id}/", "no-such-page/", f"s/{SITE.id}/"])
def test_the_security_policy_blocks_an_injected_script(chromium, server, origin, path):
    if path.startswith("s/") and server[0] == "nginx":
        pytest.skip("nginx answers a short address itself, with a redirect: there is no page")
    context = chromium.new_context(viewport=PHONE, java_script_enabled=True, locale="zh-CN")
    context.add_init_script(WATCH_VIOLATIONS)
    page = context.new_page()
    if path.startswith("s/"):
        stay_on_short_address(page, origin)
    open_page(page, f"{origin}/{path}")
    assert page.url == f"{origin}/{path}"
    page.evaluate("""() => {
        window.__ran = [];
        const inline = document.createElement("script");
        inline.textContent = "window.__ran.push('inline')";
        document.head.appendChild(inline);
        const img = document.createElement("img");
        img.setAttribute("onerror", "window.__ran.push('onerror')");
        img.src = "no-such-image.png";
        const body = document.body || document.documentElement;  // a short address stops early
        body.appendChild(img);
        const a = document.createElement("a");
        a.href = "javascript:window.__ran.push('link')";
        body.appendChild(a);
        a.click();
    }""")
    page.wait_for_timeout(500)
    assert page.evaluate("window.__ran") == []
    blocked = " ".join(violations_on(page))
    assert "script-src-elem inline" in blocked and "script-src-attr inline" in blocked
    context.close()


def tel_boxes(page) -> list[dict]:
    return page.evaluate("""() => [...document.querySelectorAll('a[href^="tel:"]')].map(a => {
        const r = a.getBoundingClientRect(), s = getComputedStyle(a);
        return {x: Math.round(r.x), y: Math.round(r.y), w: Math.round(r.width), h: Math.round(r.height),
                visible: s.visibility === "visible" && s.display !== "none" && r.height > 0};
    })""")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_site_page_shows_its_numbers_before_the_theme_styles_and_scripts_arrive(phone, origin, lang):
    """What the first response alone shows: the numbers, as tap targets, where they will stay."""
    url = f"{origin}/{PREFIX[lang]}sites/{SITE.id}/"
    # Without scripts on both sides: a script may add to the page (assets/now.js marks the lines
    # answering now) once it runs, after the stylesheets; that is not what this test is about.
    page, _ = phone(lang, javascript=False)
    page.route("**/*.css", lambda route: route.abort())
    page.goto(url, wait_until="load")
    first_paint = tel_boxes(page)
    assert all(box["visible"] for box in first_paint)
    if lang == "zh":  # the English sample notice is longer: there the first number is just below
        assert first_paint[0]["y"] < PHONE["height"], "the first number is on the first screen"
    assert all(box["h"] >= 44 for box in first_paint)
    assert page.locator(".md-header").evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(0, 105, 92)"
    complete, _ = phone(lang, javascript=False)
    complete.goto(url, wait_until="networkidle")
    assert tel_boxes(complete) == first_paint, "the numbers do not move once the stylesheets arrive"


def as_the_theme_writes_it(html: str) -> str:
    """A site page with the theme's stylesheets back in <head> and no inline block."""
    import re
    links = re.findall(r'<link rel="stylesheet" href="[^"]*">\n?', html)
    html = re.sub(r'<link rel="stylesheet" href="[^"]*">\n?', "", html)
    return re.sub(r"<style data-hl-critical>.*?</style>\n", lambda m: "".join(links), html, count=1, flags=re.S)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_site_page_looks_the_same_as_with_the_stylesheets_in_head(static_phone, static_origin, built_site, lang, tmp_path):
    from PIL import Image, ImageChops
    path = f"{PREFIX[lang]}sites/{SITE.id}/"
    stock = as_the_theme_writes_it((built_site / path / "index.html").read_text(encoding="utf-8"))
    assert "data-hl-critical" not in stock and stock.index('rel="stylesheet"') < stock.index("</head>")
    shots = []
    for variant in ("built", "stock"):
        page, _ = static_phone(lang)
        url = f"{static_origin}/{path}" + ("?stock" if variant == "stock" else "")
        if variant == "stock":
            page.route(url, lambda route: route.fulfill(status=200, content_type="text/html; charset=utf-8", body=stock))
        page.goto(url, wait_until="networkidle")
        page.screenshot(path=tmp_path / f"{variant}.png", full_page=True)
        shots.append(Image.open(tmp_path / f"{variant}.png").convert("RGB"))
    assert shots[0].size == shots[1].size
    assert ImageChops.difference(*shots).getbbox() is None, "the pages differ once the stylesheets have loaded"


CSP_WATCH = """window.__violations = [];
document.addEventListener("securitypolicyviolation",
    e => window.__violations.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + e.sourceFile));"""


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_page_breaks_the_content_security_policy(phone, server, lang):
    kind, origin = server
    if kind == "static":
        pytest.skip("the plain static server sends no Content-Security-Policy")
    page, _ = phone(lang)
    page.context.add_init_script(CSP_WATCH)
    errors = []
    page.on("console", lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None)
    for path in PAGES + [f"s/{SITE.id}/index.html"]:
        page.goto(f"{origin}/{PREFIX[lang]}{path}", wait_until="networkidle")
        assert page.evaluate("window.__violations") == [], path
    page.goto(f"{origin}/{PREFIX[lang]}guides/")
    page.locator('label[for="__search"]').first.click()
    field = page.locator("input.md-search__input")
    field.fill({"zh": "睡眠", "en": "sleep"}[lang])  # the search worker runs
    field.press("End")  # the theme searches when a key is released; fill() alone sends none
    expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=15000)
    assert page.evaluate("window.__violations") == [] and errors == []


# Every language of mkdocs.yml.

# The locale of a phone set to each language, as residents' phones are (a language without an
# entry here is tried as its bare code).
PHONE_LOCALES = {"zh": "zh-CN", "en": "en-GB", "ko": "ko-KR", "ja": "ja-JP", "ru": "ru-RU", "ar": "ar-EG",
                 "ug": "ug-CN"}
RTL_LANGUAGES = [lang for lang in SETTINGS.languages if direction(lang) == "rtl"]


def prefix(lang: str) -> str:
    return SETTINGS.lang_prefix(lang)


@pytest.mark.parametrize("lang", SETTINGS.languages)
def test_short_address_opens_the_site_page_in_each_language_a_phone_is_set_to(phone, origin, lang):
    page, requests = phone(lang, locale=PHONE_LOCALES.get(lang, lang))
    page.goto(f"{origin}/s/{SITE.id}/")
    page.wait_for_url(f"{origin}/{prefix(lang)}sites/{SITE.id}/")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator("h1#site")).to_have_text(SITE.name[lang])
    assert requests.outside() == []


@pytest.mark.parametrize("languages, lang", [
    ("zh-TW", "zh"), ("zh-Hant-HK", "zh"),  # regional variants count as their language
    ("pt-BR,ru", "ru"),  # nothing for the first choice: the next one the site has
    ("fr-FR,pt-BR", SETTINGS.default_language),  # nothing at all: the default language
    ("de-DE,ar-EG,en", "ar"), ("ug-Arab-CN,zh-CN", "ug"),
])
def test_short_address_picks_the_first_of_the_phones_languages_the_site_has(phone, origin, languages, lang):
    page, _ = phone(lang, languages=languages)
    page.goto(f"{origin}/s/{SITE.id}/")
    page.wait_for_url(f"{origin}/{prefix(lang)}sites/{SITE.id}/")
    expect(page.locator("html")).to_have_attribute("lang", lang)


UNTRANSLATED_GUIDE = "guides/sleep/"


@pytest.mark.parametrize("lang", [lang for lang in SETTINGS.additional_languages
                                  if not (SETTINGS.docs_dir / f"{UNTRANSLATED_GUIDE.rstrip('/')}.{lang}.md").exists()])
def test_an_untranslated_page_says_so_in_its_language_and_links_to_the_original(static_phone, static_origin, lang):
    origin, source = static_origin, SETTINGS.fallback(lang)
    page, requests = static_phone(lang, locale=PHONE_LOCALES.get(lang, lang))
    page.goto(f"{origin}/{prefix(lang)}{UNTRANSLATED_GUIDE}")
    notice = page.locator(".hl-translation-fallback")
    expect(notice).to_be_visible()
    expect(notice).to_have_attribute("lang", lang)
    expect(notice).to_have_attribute("dir", direction(lang))
    words = labels(lang)["fallback_page"].format(language=SETTINGS.language_names[lang],
                                                  fallback=SETTINGS.language_names[source])
    expect(notice).to_contain_text(words)
    assert notice.bounding_box()["y"] < PHONE["height"], "the notice is on the first screen"
    # The text below it is the fallback's, marked as such for screen readers and fonts.
    expect(page.locator(f'article div[lang="{source}"][dir="{direction(source)}"] h1')).to_be_visible()
    notice.locator(f'a[hreflang="{source}"]').click()
    page.wait_for_url(f"{origin}/{prefix(source)}{UNTRANSLATED_GUIDE}")
    expect(page.locator("html")).to_have_attribute("lang", source)
    assert requests.outside() == []


RTL_PAGES = ["", "essentials/", "guides/", UNTRANSLATED_GUIDE, "hotlines/", "sites/", f"sites/{SITE.id}/",
             "leaflets/", "changes/", "404.html"]


@pytest.mark.parametrize("path", ["sites/h01/", "essentials/", "", UNTRANSLATED_GUIDE, "hotlines/", "404.html"])
@pytest.mark.parametrize("lang", RTL_LANGUAGES)
def test_no_wcag_21_aa_violations_on_right_to_left_pages(static_phone, static_origin, lang, path):
    page, _ = static_phone(lang, bypass_csp=True, locale=PHONE_LOCALES.get(lang, lang))
    page.goto(f"{static_origin}/{prefix(lang)}{path}", wait_until="networkidle")
    assert page.locator("body").get_attribute("dir") == "rtl"  # where the theme marks the direction
    violations = run_axe(page)
    assert violations == [], "\n".join(f"{v['rule']} ({v['impact']}): {v['where']} {v['summary']}"
                                       for v in violations)


@pytest.mark.parametrize("lang", RTL_LANGUAGES)
def test_right_to_left_pages_never_scroll_sideways_at_360_px(static_phone, static_origin, lang):
    """Regression: on Arabic and Uyghur pages, the bullets of a list in the fallback's English or
    Chinese text stood 4 px off the left edge, and the whole page scrolled sideways."""
    page, _ = static_phone(lang, locale=PHONE_LOCALES.get(lang, lang))
    wide = {}
    for path in RTL_PAGES:
        page.goto(f"{static_origin}/{prefix(lang)}{path}", wait_until="load")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            wide[path] = width
    assert wide == {}


def open_search(page, query: str) -> None:
    page.locator('label[for="__search"]').first.click()
    search(page, query)


# A word really written in each language (from its hotline directory's title, which the label files
# translate), and an inflected form where the language has them: a stemmed index found none.
SEARCH_WORDS = {"zh": "热线", "en": "directory", "ko": "핫라인", "ja": "ホットライン", "ru": "горячих", "ar": "دليل"}


@pytest.mark.parametrize("lang", search_languages(SETTINGS))
def test_search_finds_a_word_of_each_language_it_knows(static_phone, static_origin, lang):
    word = SEARCH_WORDS.get(lang) or labels(lang)["directory"].split()[0]
    assert word in labels(lang)["directory"], f"pick a word of {lang}.yml's `directory` for SEARCH_WORDS"
    page, requests = static_phone(lang, locale=PHONE_LOCALES.get(lang, lang))
    page.goto(f"{static_origin}/{prefix(lang)}guides/")
    open_search(page, word)
    result = page.locator(f'.md-search-result__item a[href="{static_origin}/{prefix(lang)}hotlines/"]').first
    expect(result).to_be_visible(timeout=20000)
    expect(page.locator(".hl-search-note")).to_have_count(0)
    assert requests.outside() == []


def test_search_finds_a_word_typed_in_another_form_than_the_one_indexed(static_phone, static_origin):
    """Regression: the index was stemmed ("sleeping" indexed as "sleepi") while the theme looks
    for the start of the word typed, so "sleeping" found nothing."""
    page, _ = static_phone("en")
    page.goto(f"{static_origin}/en/guides/")
    open_search(page, "sleeping")
    expect(page.locator(f'.md-search-result__item a[href="{static_origin}/en/guides/sleep/"]').first).to_be_visible(timeout=20000)


@pytest.mark.parametrize("lang", [lang for lang in SETTINGS.languages if lang not in search_languages(SETTINGS)])
def test_where_search_does_not_know_the_language_the_dialog_says_how_to_find_things(static_phone, static_origin, lang):
    page, _ = static_phone(lang, locale=PHONE_LOCALES.get(lang, lang))
    page.goto(f"{static_origin}/{prefix(lang)}guides/")
    page.locator('label[for="__search"]').first.click()
    note = page.locator(".md-search .hl-search-note")
    expect(note).to_be_visible()
    expect(note).to_have_attribute("lang", lang)
    expect(note).to_have_text(labels(lang)["search_unsupported"].format(language=SETTINGS.language_names[lang]))
    expect(note).to_be_in_viewport(ratio=1)  # once the dialog has slid in: all of it on the screen
