"""What the browser tests share: the built site served on 127.0.0.1, Debian's Chromium driven by
Playwright, and a record of every request a page makes."""
from __future__ import annotations

import functools
import http.server
import threading
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"  # Debian's package; a browser is never downloaded
PHONE = {"width": 360, "height": 640}
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
# Chromium must not reach out on its own (updates, safe browsing, field trials) while pages load.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-domain-reliability", "--disable-sync", "--no-first-run",
                 "--disable-features=Translate,OptimizationHints,MediaRouter"]


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serves site/ as a static host does, with the site's own 404 page for a missing address."""

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".vcf": "text/vcard", ".js": "text/javascript", ".json": "application/json"}

    def log_message(self, *args):  # keep test output quiet
        pass

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
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class Requests:
    """Every request a browser context makes (pages, service worker, everything), and refusal of
    any that would leave 127.0.0.1."""

    def __init__(self, context, origin: str):
        self.urls: list[str] = []
        self.origin = origin
        context.on("request", lambda request: self.urls.append(request.url))
        context.route("**/*", self._route)

    def _route(self, route):
        url = route.request.url
        if url.startswith(self.origin + "/") or url.startswith("data:") or url.startswith("blob:"):
            route.continue_()
        else:
            route.abort()

    def outside(self) -> list[str]:
        return [u for u in self.urls
                if not (u.startswith(self.origin + "/") or u.startswith(("data:", "blob:")))]
