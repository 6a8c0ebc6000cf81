"""What a first visit to a page costs a resident's phone: every file the browser fetches (HTML,
CSS, scripts, the search index, whatever a service worker fetches), each counted as gzip would
send it. Measured in Debian's Chromium against the built site served on 127.0.0.1."""
from __future__ import annotations

import functools
import gzip
import http.server
import threading
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit

CHROMIUM = "/usr/bin/chromium"  # Debian's package; a browser is never downloaded
# Chromium must not reach out on its own (updates, safe browsing, field trials) while pages load.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-domain-reliability", "--disable-sync", "--no-first-run",
                 "--disable-features=Translate,OptimizationHints,MediaRouter"]
PHONE = {"width": 360, "height": 640}
SERVED: dict[str, list[str]] = {}  # origin → the paths its server has sent, in order


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serves site/ as a static host does, with the site's own 404 page for a missing address."""

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".vcf": "text/vcard", ".js": "text/javascript", ".json": "application/json"}

    def log_message(self, *args):  # keep output quiet
        pass

    def end_headers(self):
        # As GitHub Pages does: the browser may reuse a file for ten minutes without asking again.
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()

    def send_head(self):
        self.server.served.append(self.path)  # what actually travels over the network
        return super().send_head()

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.exists():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@contextmanager
def serve(site: Path):
    """The site on http://127.0.0.1:<free port>/ for as long as the block runs."""
    handler = functools.partial(SiteHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.served = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    SERVED[origin] = server.served
    try:
        yield origin
    finally:
        SERVED.pop(origin, None)
        server.shutdown()
        server.server_close()


def local_file(site: Path, url: str) -> Path:
    path = unquote(urlsplit(url).path).lstrip("/")
    file = site / path
    return file / "index.html" if file.is_dir() or not path or path.endswith("/") else file


def first_visit(site: Path, path: str, locale: str = "zh-CN", settle_ms: int = 3000) -> list[tuple[str, int]]:
    """(address, gzipped bytes) of everything the host sends when a new phone opens `path` and
    stays on it for `settle_ms` (so what scripts and the service worker fetch afterwards counts
    too). A file the browser already has, under the host's caching rules, is not sent again."""
    from playwright.sync_api import sync_playwright
    with serve(site) as origin, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport=PHONE, locale=locale, is_mobile=True)
        outside: list[str] = []
        context.on("request", lambda r: None if r.url.startswith(origin) else outside.append(r.url))
        page = context.new_page()
        page.goto(f"{origin}/{path}", wait_until="networkidle")
        page.wait_for_timeout(settle_ms)
        browser.close()
        served = list(SERVED[origin])
    if outside:
        raise RuntimeError(f"requests left the machine: {outside[:3]}")
    out = []
    for url in served:
        file = local_file(site, url)
        body = file.read_bytes() if file.is_file() else (site / "404.html").read_bytes()
        out.append((url, len(gzip.compress(body, 6))))
    return out


if __name__ == "__main__":
    import sys
    rows = first_visit(Path(sys.argv[1]), sys.argv[2] if len(sys.argv) > 2 else "")
    for url, size in rows:
        print(f"{size / 1024:7.1f} KB  {url}")
    print(f"{sum(s for _, s in rows) / 1024:7.1f} KB in all")
