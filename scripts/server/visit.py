"""What a resident waits for: a page opened cold (a new phone, nothing cached) in Debian's Chromium
under Chrome's "Slow 3G" profile (400 ms round trip, 400 kbit/s each way, set through the DevTools
protocol), from the shipped nginx. Measured: the first contentful paint, when the page's first
`tel:` link is first on screen, and every byte nginx sent for the visit (headers included, as its
access log counts them), the service worker's own fetches too."""
from __future__ import annotations

import statistics
from dataclasses import dataclass

from scripts.server.run import Nginx
from scripts.site.pageweight import CHROMIUM, CHROMIUM_ARGS, PHONE

SLOW_3G = {"offline": False, "latency": 400, "downloadThroughput": 400_000 / 8,
           "uploadThroughput": 400_000 / 8}

# Runs in every frame from the start of the page until the first tel: link is within the screen
# and drawn visible; animation frames run only once the browser may paint, so this is when it is
# first shown.
TEL_WATCH = """(() => {
  function check() {
    const a = document.querySelector('a[href^="tel:"]');
    if (a) {
      const r = a.getBoundingClientRect(), s = getComputedStyle(a);
      if (r.height > 0 && r.bottom > 0 && r.top < innerHeight && s.visibility === "visible" && +s.opacity > 0) {
        window.__telVisible = performance.now();
        return;
      }
    }
    requestAnimationFrame(check);
  }
  requestAnimationFrame(check);
})();"""


@dataclass
class Visit:
    fcp_ms: float
    tel_ms: float | None
    answers: list[tuple[str, int, int, str]]  # (path, status, bytes sent, content encoding)

    @property
    def bytes(self) -> int:
        return sum(a[2] for a in self.answers)


def _parse(line: str) -> tuple[str, int, int, str]:
    method, path, status, sent, encoding = line.split(" ", 4)
    return path, int(status), int(sent), encoding.strip('"')


def cold_visit(browser, server: Nginx, path: str, locale: str = "zh-CN", settle_ms: int = 3000,
               wait_for_tel: bool = True) -> Visit:
    """One visit by a new phone. Waits until the page and its service worker are quiet."""
    context = browser.new_context(viewport=PHONE, locale=locale, is_mobile=True, has_touch=True)
    context.add_init_script(TEL_WATCH)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", SLOW_3G)
    before = len(server.log_lines())
    page.goto(f"{server.origin}/{path}", wait_until="load", timeout=120_000)
    if wait_for_tel:
        page.wait_for_function("window.__telVisible !== undefined", timeout=60_000)
    page.wait_for_function("performance.getEntriesByName('first-contentful-paint').length > 0", timeout=60_000)
    fcp = page.evaluate("performance.getEntriesByName('first-contentful-paint')[0].startTime")
    tel = page.evaluate("window.__telVisible ?? null")
    page.wait_for_load_state("networkidle", timeout=120_000)
    page.wait_for_timeout(settle_ms)  # what the service worker fetches after the page has loaded
    context.close()
    return Visit(fcp, tel, [_parse(line) for line in server.log_lines()[before:]])


def measure(server: Nginx, path: str, runs: int = 3, locale: str = "zh-CN") -> dict:
    """Median first paint and tel: link time of `runs` cold visits, and the bytes of the first."""
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            visits = [cold_visit(browser, server, path, locale) for _ in range(runs)]
        finally:
            browser.close()
    return {"fcp_s": statistics.median(v.fcp_ms for v in visits) / 1000,
            "tel_s": statistics.median(v.tel_ms for v in visits) / 1000,
            "kb": statistics.median(v.bytes for v in visits) / 1024,
            "answers": visits[0].answers}
