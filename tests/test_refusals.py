"""A wrong number never reaches a resident: each kind of bad input stops the real build (`python -m
scripts.build`, as `make` runs it) with its exact `file:line` message, and leaves the built site,
its leaflets and every file of the project exactly as they were."""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from scripts.sandbox import copy_project, only_core_languages
from tests.leaflets.pdfcheck import text_collisions

GENERATED = ("docs/sites", "docs/hotlines", "docs/changes", "docs/leaflets", "docs/essentials", ".cache", "site")


def snapshot(folder: Path, skip=()) -> dict[str, str]:
    """{relative path: sha256} of every file under folder, leaving out the `skip` folders."""
    out = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_file() and "__pycache__" not in rel and not rel.startswith(tuple(skip)):
            out[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def run(project: Path, *args) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(project), NO_MKDOCS_2_WARNING="1")
    return subprocess.run([sys.executable, "-m", *args], cwd=project, env=env, capture_output=True,
                          text=True, timeout=600)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A copy of the project, built once as `make` builds it into its own site/. It is built in the
    core languages only: every refusal here is the same in any language (tests/site/test_languages.py
    and tests/leaflets/test_languages.py cover the others), and each refused build then takes half
    the time."""
    project = only_core_languages(copy_project(tmp_path_factory.mktemp("refusals") / "project"))
    result = run(project, "scripts.build")
    assert result.returncode == 0, result.stderr
    return project


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


class Refused:
    """Apply edits to the built project, run the build, check nothing changed, undo the edits."""

    def __init__(self, project: Path):
        self.project = project

    def __call__(self, edits: dict[str, str | bytes], command=("scripts.build",)) -> str:
        originals = {rel: (self.project / rel).read_bytes() for rel in edits}
        try:
            for rel, new in edits.items():
                path = self.project / rel
                path.write_bytes(new if isinstance(new, bytes) else new.encode("utf-8"))
            site = snapshot(self.project / "site")
            files = snapshot(self.project, skip=GENERATED)
            result = run(self.project, *command)
            assert result.returncode == 1, result.stdout + result.stderr
            assert "Traceback" not in result.stderr, result.stderr
            assert snapshot(self.project / "site") == site, "the built site changed"
            assert snapshot(self.project, skip=GENERATED) == files, "a file of the project changed"
            return result.stderr + result.stdout
        finally:
            for rel, data in originals.items():
                (self.project / rel).write_bytes(data)


@pytest.fixture
def refused(built) -> Refused:
    return Refused(built)


def text(project: Path, rel: str) -> str:
    return (project / rel).read_text(encoding="utf-8")


NUMBER = "number: 022-5888-0000"  # h-psy-support, hotlines[6]


@pytest.mark.parametrize("typed, message", [
    ("12356 ext 2", "'12356 ext 2' contains 'e' (U+0065, LATIN SMALL LETTER E) — a number holds only "
                    "digits, spaces, hyphens and brackets: for an extension, write the number that "
                    "reaches the line directly, or say which extension in `notes:`"),
    ("120, 110", "'120, 110' contains ',' (U+002C, COMMA) — one number per entry: give the second "
                 "number an entry (and id) of its own"),
    ("022-5888-000O", "'022-5888-000O' contains 'O' (U+004F, LATIN CAPITAL LETTER O) — the letter O is "
                      "not a digit: did you mean 0? A number holds only digits, spaces, hyphens and brackets"),
    ("０２２-5888-0000", "'０２２-5888-0000' contains '０' (U+FF10, FULLWIDTH DIGIT ZERO) — type the "
                         "digit 0 with the keyboard in English mode (half-width)"),
])
def test_a_number_with_anything_but_digits_is_refused(built, refused, typed, message):
    source = text(built, "resources/hotlines.yml")
    edited = source.replace(NUMBER, f'number: "{typed}"', 1)
    err = refused({"resources/hotlines.yml": edited})
    assert f"resources/hotlines.yml:{line_of(source, NUMBER)}: hotlines[6].number: {message}" in err


def test_the_number_shown_dialled_saved_and_printed_is_the_one_written(built):
    """The same digits on the page (shown and tel:), in the contact card and on the leaflet."""
    page = text(built, "site/sites/h01/index.html")
    card = text(built, "site/sites/h01/h01.vcf")
    leaflet = pdfium.PdfDocument(built / "site/leaflets/h01/h01-zh-a5.pdf")[0].get_textpage().get_text_range()
    assert 'href="tel:+862258880000">022 5888 0000</a>' in page
    assert "TEL;TYPE=VOICE:+862258880000" in card and "022 5888 0000" in card
    assert "022 5888 0000" in leaflet


def test_site_url_with_a_query_is_refused_with_its_line(built, refused):
    source = text(built, "mkdocs.yml")
    edited = source.replace("site_url: https://heartline.example.org/",
                            "site_url: https://heartline.example.org/?from=qr", 1)
    err = refused({"mkdocs.yml": edited})
    assert err.strip() == (
        f"mkdocs.yml:{line_of(source, 'site_url:')}: site_url 'https://heartline.example.org/?from=qr' "
        "has a query (?…) or fragment (#…), which would send every QR code to the home page — write "
        "the https:// address the site is published at, ending in /, e.g. https://heartline.example.org/")


def test_renaming_a_printed_site_fails_and_leaves_the_ledger_alone(built, refused):
    source = text(built, "resources/sites.yml")
    err = refused({"resources/sites.yml": source.replace("- id: h12\n", "- id: h12b\n", 1)})
    ledger = text(built, "resources/printed.yml")
    assert (f"resources/printed.yml:{line_of(ledger, '/s/h12/')}: printed address "
            "https://heartline.example.org/s/h12/ (site 'h12') would no longer open a page — keep site "
            "'h12' in resources/sites.yml (set `status: closed` to retire it) and keep site_url "
            "unchanged") in err


def test_a_build_never_writes_the_ledger_and_record_quotes_every_id(built, tmp_path):
    """A new site builds without touching printed.yml; `make leaflets ARGS=--record` then adds its
    address, with an id such as 017 kept as text."""
    sites = built / "resources/sites.yml"
    ledger = built / "resources/printed.yml"
    before_sites, before_ledger = sites.read_bytes(), ledger.read_bytes()
    source = sites.read_text(encoding="utf-8")
    block = source[source.index("  - id: h01\n"):source.index("  - id: h02\n")]
    try:
        sites.write_text(source + "\n" + block.replace("id: h01", 'id: "017"'), encoding="utf-8")
        assert run(built, "scripts.build").returncode == 0
        assert ledger.read_bytes() == before_ledger
        result = run(built, "scripts.leaflets", "--site", "017", "--record")
        assert result.returncode == 0, result.stderr
        assert "Recorded 1 new printed address(es)" in result.stdout
        added = ledger.read_text(encoding="utf-8")[len(before_ledger):]
        assert added.startswith('  - {url: "https://heartline.example.org/s/017/", site: "017", first_printed: "')
        from scripts.checks.ledger import read_ledger
        from scripts.data.config import load_settings
        assert read_ledger(load_settings(built))[-1].site == "017"
        assert run(built, "scripts.leaflets", "--site", "017", "--record").stdout.startswith(
            "Recorded 0 new")
    finally:
        sites.write_bytes(before_sites)
        ledger.write_bytes(before_ledger)


def test_record_refuses_an_address_the_built_site_does_not_open(built, refused):
    source = text(built, "resources/sites.yml")
    block = source[source.index("  - id: h01\n"):source.index("  - id: h02\n")]
    err = refused({"resources/sites.yml": source + "\n" + block.replace("id: h01", "id: h99")},
                  command=("scripts.leaflets", "--site", "h99", "--record"))
    assert "error: " in err and "no page at /s/h99/" in err


def test_a_text_that_does_not_fit_names_site_field_language_and_size(built, refused):
    source = text(built, "resources/sites.yml")
    start = source.index("  - id: h02\n")
    old = source[start:].split("wechat:\n      zh: ", 1)[1].split("\n", 1)[0]
    long = "扫描房间门后的二维码加入微信群，有问题可以随时在群里留言。" * 20  # 580 characters: within the limit
    edited = source[:start] + source[start:].replace(old, long, 1)
    err = refused({"resources/sites.yml": edited})
    assert (f"resources/sites.yml:{line_of(source[start:], 'wechat:') + line_of(source, '  - id: h02') - 1}: "
            "site 'h02': wechat does not fit on the zh leaflet at A5 — shorten the text, or print a "
            'larger size (make leaflets ARGS="--size A4")') in err


def test_a_character_no_font_has_is_refused_with_its_code_point(built, refused):
    source = text(built, "resources/sites.yml")
    edited = source.replace("name: {zh: 河畔酒店（示例）,", "name: {zh: 河畔酒店\u0378（示例）,", 1)
    err = refused({"resources/sites.yml": edited})
    assert (f"resources/sites.yml:{line_of(source, 'name: {zh: 河畔酒店')}: site 'h02': name (zh) holds "
            "'\u0378' (U+0378 unnamed), which no installed font can print — remove it, or add a Debian "
            "font package that has it to scripts/install-system-deps.sh") in err


def test_a_long_unbroken_address_in_wechat_wraps_inside_the_page(built, tmp_path):
    sites = built / "resources/sites.yml"
    before = sites.read_bytes()
    url = "https://example.org/" + "join-the-group-" * 12
    try:
        source = sites.read_text(encoding="utf-8")
        start = source.index("  - id: h03\n")
        old = source[start:].split("wechat:\n      zh: ", 1)[1].split("\n", 1)[0]
        sites.write_text(source[:start] + source[start:].replace(old, url, 1), encoding="utf-8")
        result = run(built, "scripts.build")
        assert result.returncode == 0, result.stderr
        pdf = built / "site/leaflets/h03/h03-zh-a5.pdf"
        assert text_collisions(pdf) == []  # nothing off the page or laid over other text
        extracted = pdfium.PdfDocument(pdf)[0].get_textpage().get_text_range()
        # pdfium reads a hyphen that ends a line as U+FFFE (the address wraps after its hyphens)
        lines = extracted.replace("\ufffe", "-\n").split()
        assert url in "".join(lines) and url not in lines  # all of it, on several lines
    finally:
        sites.write_bytes(before)
        assert run(built, "scripts.build").returncode == 0


BILLION_LAUGHS = """
laughs:
  a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
  b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
  c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
  d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
  e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
  f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
  g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
  h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
  i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
"""


def test_yaml_aliases_are_refused_before_they_expand(built, refused):
    source = text(built, "resources/hotlines.yml")
    err = refused({"resources/hotlines.yml": source + BILLION_LAUGHS})
    assert (f"resources/hotlines.yml:{source.count(chr(10)) + 3}: YAML syntax error: a YAML anchor (&name) "
            "is used again (*name) — anchors and aliases are not allowed here: write the value out in "
            "full each time it is needed") in err


@pytest.mark.parametrize("content, line, message", [
    (lambda s: s.encode("gbk"), 11, "byte 0xba is not UTF-8 text — save the file as UTF-8 (in your "
     "editor: Save with Encoding → UTF-8; it may have been saved as GBK or Windows-1252)"),
    (lambda s: s.replace("  - id: h02\n", "  - id: h02\x00\n", 1), 30, "the file holds a NUL byte "
     "(an invisible \\0 character) — delete it, or copy the text into a new file saved as UTF-8"),
    (lambda s: "\n\n", 1, "the file is empty — restore it with `git checkout resources/sites.yml`"),
    (lambda s: "- id: h01\n- id: h02\n", 1, "the file holds a list where `sites:` was expected — start "
     "it with a line `sites:` and list the entries under it, as in the example in CONTRIBUTING.md"),
    (lambda s: s + "#" * (33 * 1024 * 1024), 1, "the file is 33.0 MB; the limit is 32 MB — a data file "
     "this large is a mistake (was something pasted twice?)"),
])
def test_unreadable_data_files_are_refused_with_the_fix(built, refused, content, line, message):
    source = text(built, "resources/sites.yml")
    err = refused({"resources/sites.yml": content(source)})
    assert f"resources/sites.yml:{line}: {message}" in err


def test_an_oversized_name_is_refused_with_the_limit(built, refused):
    source = text(built, "resources/sites.yml")
    edited = source.replace("name: {zh: 河畔酒店（示例）,", "name: {zh: " + "名" * 50_000 + ",", 1)
    err = refused({"resources/sites.yml": edited})
    assert (f"resources/sites.yml:{line_of(source, 'name: {zh: 河畔酒店')}: sites[1].name.zh: is 50,000 "
            "characters long; the limit is 100 — shorten it") in err


def test_a_record_the_code_cannot_build_stops_the_build_instead_of_vanishing(built):
    """A field the schema lets through but the code needs is a bug: it must surface as one, never
    as "fewer sites" with every check passed."""
    schema = built / "resources/schema/hotlines.schema.json"
    hotlines = built / "resources/hotlines.yml"
    before = schema.read_bytes(), hotlines.read_bytes()
    try:
        schema.write_text(schema.read_text(encoding="utf-8").replace('"kind",\n', "", 1), encoding="utf-8")
        source = hotlines.read_text(encoding="utf-8")
        start = source.index("  - id: h-psy-support")
        hotlines.write_text(source[:start] + source[start:].replace("    kind: voice\n", "", 1),
                            encoding="utf-8")
        result = run(built, "scripts.build")
        assert result.returncode != 0
        assert "KeyError: 'kind'" in result.stderr
        assert "Built " not in result.stdout
    finally:
        schema.write_bytes(before[0])
        hotlines.write_bytes(before[1])
