"""Laying leaflet HTML out as PDF pages: the one module that uses WeasyPrint.

Two speed-ups lean on WeasyPrint's internals (version pinned in requirements.txt): the QR path
drawn without its SVG path parser (`qr_path_hook_available`) and its user-agent stylesheet replaced
by templates/ua.css (`ua_hook_available`). Each is guarded: tests/leaflets/test_render.py fails with
a clear message when the pinned WeasyPrint no longer has what it relies on, and without it the same
leaflets are laid out the plain way, only slower. `make bench` measures each one's gain (the
figures are in the comments below). The layout checks read WeasyPrint's page boxes
(`page_boxes_available`), also guarded by a test.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from scripts.leaflets.names import TEMPLATES
from scripts.leaflets.qr import QR_PATH_CLASS

_QR_STROKE = re.compile(r"M(\d+(?:\.5)?) (\d+(?:\.5)?)([hv])(\d+)")


def qr_operators(d: str) -> bytes | None:
    """The PDF path operators WeasyPrint's parser would write for a QR path, in one piece: a move
    to the origin (it starts every path so), then a move and a line for each stroke. None when the
    path holds anything else (it is then left to WeasyPrint's parser)."""
    out = ["0 0 m"]
    covered = 0
    for match in _QR_STROKE.finditer(d):
        x, y, direction, length = match.groups()
        end = (f"{float(x) + int(length):g} {y}" if direction == "h"
               else f"{x} {float(y) + int(length):g}")
        out += [f"{x} {y} m", f"{end} l"]
        covered += len(match.group(0))
    return "\n".join(out).encode("ascii") if covered == len(d) else None


def qr_path_hook_available() -> bool:
    """Whether WeasyPrint still draws SVG paths through `svg.TAGS["path"]` into `stream.stream`
    (a list of operator chunks), which the fast QR path relies on."""
    import pydyf
    from weasyprint import svg

    return callable(svg.TAGS.get("path")) and isinstance(getattr(pydyf.Stream(), "stream", None), list)


def ua_hook_available() -> bool:
    """Whether WeasyPrint's HTML still takes its user-agent stylesheets from `_ua_stylesheets`."""
    from weasyprint import HTML

    return callable(getattr(HTML, "_ua_stylesheets", None))


def page_boxes_available() -> bool:
    """Whether WeasyPrint's pages still expose their box tree as `_page_box` (the overflow and
    free-space checks read it)."""
    from weasyprint.document import Page

    return "_page_box" in Page.__init__.__code__.co_names


def _read_qr_paths_fast() -> bool:
    """Let WeasyPrint draw the QR code's path without its general SVG path parser.

    That parser spends about 8 µs on each path command, some 4 ms for a QR code. The QR path (class
    QR_PATH_CLASS) holds only "M x y" followed by "h n" or "v n"; for it, the same moves and lines
    are written to the same drawing stream in one piece (`qr_operators`), and WeasyPrint strokes
    them as it would have. Any other path goes to WeasyPrint's own parser, and so does the QR path
    where this hook is missing. Returns whether the hook is in place."""
    from weasyprint import svg

    general = svg.TAGS.get("path")
    if general is None or not qr_path_hook_available():
        return False
    if getattr(general, "reads_qr_fast", False):
        return True

    def path(drawing, node, font_size):
        operators = qr_operators(node.get("d", "")) if node.get("class") == QR_PATH_CLASS else None
        chunks = getattr(drawing.stream, "stream", None)
        if operators is None or not isinstance(chunks, list):
            return path.general(drawing, node, font_size)
        chunks.append(operators)

    path.reads_qr_fast, path.general = True, general
    svg.TAGS["path"] = path
    return True


def _plain_paths() -> None:
    """WeasyPrint's own path drawer again, if `_read_qr_paths_fast` had put the hook in place."""
    from weasyprint import svg

    general = getattr(svg.TAGS.get("path"), "general", None)
    if general is not None:
        svg.TAGS["path"] = general


@lru_cache(maxsize=None)
def _html_class(ua_sheet: bool):
    from weasyprint import CSS, HTML

    if not ua_sheet:
        return HTML
    ua = CSS(string=(TEMPLATES / "ua.css").read_text(encoding="utf-8"))

    class LeafletHTML(HTML):
        def _ua_stylesheets(self, forms=False):  # WeasyPrint's hook: see ua.css
            return [ua]

    if not callable(getattr(HTML, "_ua_stylesheets", None)):
        return HTML  # the hook is gone: WeasyPrint's own stylesheet, same pages, slower
    return LeafletHTML


def render_document(html: str, qr_path: bool = True, ua_sheet: bool = True):
    """Lay out leaflet HTML as WeasyPrint pages (one page per leaflet when everything fits). With
    qr_path or ua_sheet False, that speed-up is not used (the plain way, for measuring)."""
    if qr_path:
        _read_qr_paths_fast()
    else:
        _plain_paths()
    return _html_class(ua_sheet)(string=html, base_url=str(TEMPLATES)).render()


def write_pdf(document, dest: Path) -> None:
    document.write_pdf(dest)


def overflowing(document, extra_pages_from: int | None = None) -> set[str]:
    """The fields (the `data-field` marks of leaflet.html.j2, such as "wechat (en)") whose text
    runs past the right edge of its page, or, from page `extra_pages_from` on, that spilled onto a
    page of their own. Empty when every text is on its page."""
    out: set[str] = set()

    def walk(box, field, page_width, spilled):
        element = getattr(box, "element", None)
        if element is not None and element.get("data-field"):
            lang = element.get("lang") or element.get("data-lang")
            field = element.get("data-field") + (f" ({lang})" if lang else "")
        if field and type(box).__name__ == "TextBox":
            right = box.position_x + box.margin_width()
            if spilled or right > page_width + 0.5:
                out.add(field)
        for child in getattr(box, "children", ()):
            walk(child, field, page_width, spilled)

    for index, page in enumerate(document.pages):
        spilled = extra_pages_from is not None and index >= extra_pages_from
        box = getattr(page, "_page_box", None)  # without it, only the page count is checked
        if box is not None:
            walk(box, None, page.width, spilled)
    return out


PX_PER_MM = 96 / 25.4  # CSS pixels, as WeasyPrint measures pages


def free_space_mm(document) -> list[float]:
    """For each page, the height left below its leaflet's last line, in millimetres: how much room
    the next field on the leaflet would have (an A4 sheet of two leaflets counts the fuller one)."""
    out = []
    for page in document.pages:
        bottoms = []

        def walk(box):
            element = getattr(box, "element", None)
            classes = (element.get("class") or "").split() if element is not None else []
            if "leaflet" in classes and getattr(box, "element_tag", "") == "section":
                bottoms.append(box.position_y + box.margin_height())
                return
            for child in getattr(box, "children", ()):
                walk(child)

        walk(page._page_box)
        out.append((page.height - max(bottoms, default=page.height)) / PX_PER_MM)
    return out
