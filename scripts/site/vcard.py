"""A site's numbers as a contact card (vCard 3.0, which Android and iPhone contacts both read):
one tap on the site page keeps them in the phone, with each number's name."""
from __future__ import annotations

from pathlib import Path

from scripts.data.config import Settings
from scripts.data.records import Dataset, Site
from scripts.site.shortlinks import site_path, site_url
from scripts.words.templating import labels


def vcard_name(site_id: str) -> str:
    """The card's file name, beside the site page of each language: 'h03.vcf'."""
    return f"{site_id}.vcf"


def _text(value: str) -> str:
    """A vCard text value: backslash, comma, semicolon and line breaks escaped (RFC 2426 §4)."""
    return (value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
            .replace("\r", "").replace("\n", "\\n"))


def _fold(line: str) -> str:
    """Lines longer than 75 bytes continue on the next line after a space, never inside a
    character (RFC 2425 §5.8.1)."""
    if len(line.encode("utf-8")) <= 75:
        return line
    out, current = [], b""
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > (75 if not out else 74):
            out.append(current.decode("utf-8"))
            current = b""
        current += encoded
    out.append(current.decode("utf-8"))
    return "\r\n ".join(out)


def vcard(site: Site, lang: str, settings: Settings) -> str:
    words = labels(lang)
    name = f"{site.name[lang]} · {words['vcard_suffix']}"
    lines = ["BEGIN:VCARD", "VERSION:3.0", "PRODID:-//Heartline//vCard//EN",
             f"N:;{_text(name)};;;", f"FN:{_text(name)}",
             f"ORG:{_text(settings.organization[lang])}"]
    note = []
    for n, hotline in enumerate(site.callable_hotlines, start=1):
        kind = "MSG" if hotline.kind == "text" else "VOICE"
        lines.append(f"item{n}.TEL;TYPE={kind}:{hotline.number.tel.removeprefix('tel:')}")
        lines.append(f"item{n}.X-ABLabel:{_text(hotline.name[lang])}")
        note.append(f"{hotline.name[lang]}{words['colon']}{hotline.number.display}")
    lines.append(f"NOTE:{_text(chr(10).join(note))}")
    lines.append(f"URL:{site_url(settings)}{site_path(site.id, lang, settings)}")
    lines.append("END:VCARD")
    return "".join(_fold(line) + "\r\n" for line in lines)


def write_vcards(dataset: Dataset, settings: Settings, site_dir: Path) -> int:
    """Write each site's card beside its page in every language into a built site."""
    for site in dataset.sites:
        for lang in settings.languages:
            path = site_dir / site_path(site.id, lang, settings) / vcard_name(site.id)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(vcard(site, lang, settings).encode("utf-8"))
    return len(dataset.sites) * len(settings.languages)
