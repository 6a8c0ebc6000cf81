"""The contact card on each site page: what a phone's contacts app will read from it."""
from __future__ import annotations

import dataclasses

import pytest

from scripts.data.config import load_settings
from scripts.data.loader import load_dataset
from scripts.site.vcard import vcard, vcard_name

SETTINGS = load_settings()
DATA = load_dataset(SETTINGS)
PREFIX = {"zh": "", "en": "en/"}


def read_card(raw: bytes) -> list[tuple[str, str]]:
    """(name with parameters, value) pairs, as a contacts app reads them: lines unfolded, text
    values unescaped."""
    text = raw.decode("utf-8")
    assert "\n" not in text.replace("\r\n", ""), "lines end in CRLF"
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n")), "lines are folded at 75 bytes"
    unfolded = text.replace("\r\n ", "")
    out = []
    for line in unfolded.split("\r\n"):
        if line:
            name, value = line.split(":", 1)
            value = (value.replace("\\n", "\n").replace("\\,", ",").replace("\\;", ";")
                     .replace("\\\\", "\\"))
            out.append((name, value))
    return out


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_site_page_has_a_card_with_every_number_and_its_name(built_site, lang):
    for site in DATA.sites:
        folder = built_site / PREFIX[lang] / "sites" / site.id
        assert f'href="{vcard_name(site.id)}"' in (folder / "index.html").read_text(encoding="utf-8")
        card = read_card((folder / vcard_name(site.id)).read_bytes())
        assert card[0] == ("BEGIN", "VCARD") and card[-1] == ("END", "VCARD")
        assert ("VERSION", "3.0") in card
        assert dict(card)["FN"].startswith(site.name[lang])
        tels = [value for name, value in card if name.endswith(".TEL;TYPE=VOICE") or name.endswith(".TEL;TYPE=MSG")]
        labels = [value for name, value in card if name.endswith(".X-ABLabel")]
        offered = site.callable_hotlines
        assert tels == [h.number.tel.removeprefix("tel:") for h in offered]
        assert labels == [h.name[lang] for h in offered]
        for hotline in offered:
            assert hotline.number.display in dict(card)["NOTE"]
        assert dict(card)["URL"] == f"https://heartline.example.org/{PREFIX[lang]}sites/{site.id}/"


def test_names_with_commas_semicolons_and_line_breaks_survive():
    site = DATA.site("h03")
    name = "A;B, C\\D\nE 很长的名字" * 4
    odd = dataclasses.replace(site, name=dataclasses.replace(site.name, values={"zh": name, "en": name}))
    card = read_card(vcard(odd, "en", SETTINGS).encode("utf-8"))
    assert dict(card)["FN"] == f"{name} · Heartline numbers"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_closed_site_offers_no_duty_phone_that_nobody_answers(built_site, lang):
    site = DATA.site("h13")
    assert site.status == "closed"
    duty = [h for h in site.hotlines if h.category == "duty"]
    assert duty and all(h not in site.callable_hotlines for h in duty)
    folder = built_site / PREFIX[lang] / "sites" / site.id
    card = (folder / vcard_name(site.id)).read_text(encoding="utf-8")
    page = (folder / "index.html").read_text(encoding="utf-8")
    for hotline in duty:
        assert hotline.number.tel.removeprefix("tel:") not in card
        assert hotline.number.tel not in page
    assert 'id="wechat"' not in page and 'id="sessions"' not in page and ".pdf" not in page
    assert site.hotlines[1].number.tel in page  # the district line is still offered
