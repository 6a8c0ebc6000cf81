"""Compressed copies of the built site's text files, for nginx's gzip_static and brotli_static."""
from __future__ import annotations

import gzip
import os

import brotli

from scripts.site.compress import compressed, precompress

PAGE = ("<!doctype html><title>热线</title>" + "<p>点击号码即可拨打。Tap a number to call it.</p>" * 40).encode()


def test_both_encodings_give_back_the_file():
    out = compressed(PAGE, best=False)
    assert set(out) == {".gz", ".br"}
    assert gzip.decompress(out[".gz"]) == PAGE
    assert brotli.decompress(out[".br"]) == PAGE
    assert len(compressed(PAGE, best=True)[".br"]) <= len(out[".br"])


def test_an_encoding_that_would_not_make_a_file_smaller_is_not_written():
    noise = os.urandom(4000)
    assert compressed(noise, best=True) == {}


def test_text_files_get_copies_with_their_own_modification_time(tmp_path):
    (tmp_path / "sites" / "h03").mkdir(parents=True)
    page = tmp_path / "sites" / "h03" / "index.html"
    page.write_bytes(PAGE)
    os.utime(page, (1_700_000_000, 1_700_000_000))
    (tmp_path / "sw.js").write_bytes(b"self.addEventListener('fetch', () => {});\n" * 20)
    (tmp_path / "tiny.css").write_bytes(b"a{color:red}")
    (tmp_path / "favicon.png").write_bytes(os.urandom(2000))
    (tmp_path / "bundle.js.map").write_bytes(b'{"mappings": ""}' * 100)
    (tmp_path / "sites" / "h03" / "h03.vcf").write_bytes(b"BEGIN:VCARD\r\nTEL:120\r\n" * 20)
    (tmp_path / "s" / "h03").mkdir(parents=True)
    (tmp_path / "s" / "h03" / "index.html").write_bytes(PAGE)

    assert precompress(tmp_path, bulk=("sites/",), skip=("s/",)) == 5
    assert brotli.decompress((tmp_path / "sites/h03/index.html.br").read_bytes()) == PAGE
    assert gzip.decompress((tmp_path / "sw.js.gz").read_bytes()) == (tmp_path / "sw.js").read_bytes()
    assert (tmp_path / "sites/h03/index.html.gz").stat().st_mtime == 1_700_000_000
    made = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.suffix in (".gz", ".br"))
    assert made == ["sites/h03/h03.vcf.gz", "sites/h03/index.html.br", "sites/h03/index.html.gz",
                    "sw.js.br", "sw.js.gz"]


def test_the_built_site_has_compressed_copies_of_pages_styles_scripts_and_contact_cards(built_site):
    for rel in ["index.html", "sites/h03/index.html", "en/sites/h03/index.html", "sw.js", "404.html",
                "en/404.html", "search/search_index.json"]:
        original = (built_site / rel).read_bytes()
        assert gzip.decompress((built_site / f"{rel}.gz").read_bytes()) == original, rel
        assert brotli.decompress((built_site / f"{rel}.br").read_bytes()) == original, rel
    card = (built_site / "sites" / "h03" / "h03.vcf").read_bytes()
    assert gzip.decompress((built_site / "sites" / "h03" / "h03.vcf.gz").read_bytes()) == card
    for css in (built_site / "assets" / "stylesheets").glob("*.min.css"):
        assert (css.parent / f"{css.name}.br").exists(), css
    assert not list(built_site.rglob("*.pdf.gz")) and not list(built_site.rglob("*.map.br"))


def test_every_compressed_copy_in_the_built_site_is_its_file_as_it_is_now(built_site):
    """nginx sends a copy in place of its file: a copy made before the build last changed the file
    would send a phone what is no longer there (steps after MkDocs rewrite some files)."""
    copies = [p for p in built_site.rglob("*") if p.suffix in (".gz", ".br") and p.name != "sitemap.xml.gz"]
    assert len(copies) > 100
    for copy in copies:
        original = (copy.parent / copy.stem).read_bytes()
        unpacked = gzip.decompress(copy.read_bytes()) if copy.suffix == ".gz" else brotli.decompress(copy.read_bytes())
        assert unpacked == original, copy.relative_to(built_site)
