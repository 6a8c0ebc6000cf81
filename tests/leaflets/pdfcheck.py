"""Reading the real leaflet PDFs as a person would: QR codes as a phone decodes them, letters that
overlap or fall off the page."""
from __future__ import annotations

import pypdfium2 as pdfium
import zxingcpp

from scripts.data.config import load_settings
from scripts.data.loader import load_dataset
from scripts.leaflets.write import printable

MM = 72 / 25.4  # PDF points per millimetre


def decode_qr(pdf, dpi):
    page = pdfium.PdfDocument(pdf)[0]
    image = page.render(scale=dpi / 72).to_pil()
    return [r.text for r in zxingcpp.read_barcodes(image)]


def text_collisions(pdf) -> list[str]:
    """Letters that land on other letters or off the page: what a reader would see as overlapping
    or cut-off text. (Neighbouring letters, such as the f and i of "fi", may touch.)"""
    page = pdfium.PdfDocument(pdf)[0]
    width, height = page.get_size()
    text = page.get_textpage()
    boxes = []
    for i in range(text.count_chars()):
        char = text.get_text_range(i, 1)
        if char.strip():
            boxes.append((*text.get_charbox(i), char, i))
    out = [f"{c!r} is off the page" for l, b, r, t, c, _ in boxes
           if l < 0 or b < 0 or r > width or t > height]
    boxes.sort()
    for n, (l1, b1, r1, t1, c1, i1) in enumerate(boxes):
        for l2, b2, r2, t2, c2, i2 in boxes[n + 1:]:
            if l2 >= r1:
                break
            across, up = min(r1, r2) - max(l1, l2), min(t1, t2) - max(b1, b2)
            smaller = min((r1 - l1) * (t1 - b1), (r2 - l2) * (t2 - b2))
            if across > 0 and up > 0 and across * up > 0.25 * smaller and abs(i1 - i2) > 1:
                out.append(f"{c1!r} overlaps {c2!r}")
    return out


SETTINGS = load_settings()
DATA = load_dataset(SETTINGS)
PRINTED = printable(DATA)  # the sites that get leaflets: all but the closed ones


def embedded_fonts(pdf) -> dict[str, bytes]:
    """The fonts the first page's text is drawn with, as embedded in the PDF: {base name: font file}."""
    import ctypes

    import pypdfium2.raw as raw
    page = pdfium.PdfDocument(pdf)[0]
    out = {}
    for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_TEXT], max_depth=5):
        font = raw.FPDFTextObj_GetFont(obj.raw)
        size = raw.FPDFFont_GetBaseFontName(font, None, 0)
        name = ctypes.create_string_buffer(size)
        raw.FPDFFont_GetBaseFontName(font, name, size)
        if name.value.decode() in out:
            continue
        length = ctypes.c_size_t()
        raw.FPDFFont_GetFontData(font, None, 0, ctypes.byref(length))
        data = (ctypes.c_uint8 * length.value)()
        raw.FPDFFont_GetFontData(font, data, length.value, ctypes.byref(length))
        out[name.value.decode()] = bytes(data)
    return out
