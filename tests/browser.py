"""What the browser tests share: the built site served on 127.0.0.1, Debian's Chromium driven by
Playwright, and a record of every request a page makes."""
from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Error as PlaywrightError

from scripts.site.pageweight import CHROMIUM, CHROMIUM_ARGS, PHONE, serve  # noqa: F401 (shared)

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


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


def wait_until(page, expression: str, timeout: float = 15000) -> None:
    """Wait until a JavaScript expression is true in the page, asking from outside it: Playwright's
    wait_for_function runs a string inside the page, which the pages' security policy forbids."""
    expression = expression.strip()
    function = expression if expression.startswith(("()", "function")) else f"() => ({expression})"
    for _ in range(int(timeout / 100)):
        try:
            if page.evaluate(function):
                return
        except PlaywrightError as error:  # a page being replaced by the next one: ask it again
            if "context was destroyed" not in str(error):
                raise
        page.wait_for_timeout(100)
    raise AssertionError(f"still false after {timeout / 1000:g} s: {expression}")
