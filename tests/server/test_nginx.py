"""The shipped nginx configuration, running: Debian's nginx on 127.0.0.1 serving the real built site."""
from __future__ import annotations

import dataclasses
import gzip
import http.client
from urllib.parse import urlsplit

import brotli
import pytest

from scripts.data.config import load_settings
from scripts.server.nginx import NginxConfigError, site_conf
from scripts.server.run import nginx
from scripts.site.csp import site_policy

SETTINGS = load_settings()
YEAR = "public, max-age=31536000, immutable"


@pytest.fixture(scope="module")
def server(built_site):
    with nginx(built_site) as running:
        yield running


def get(server, path, method="GET", **headers):
    """(status, headers with lower-case names, body as sent) — redirects are not followed."""
    url = urlsplit(server.origin)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
    try:
        conn.request(method, path, headers={k.replace("_", "-"): v for k, v in headers.items()})
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


def test_pages_are_sent_as_compressed_at_build_time(server, built_site):
    page = built_site / "sites" / "h03" / "index.html"
    status, headers, body = get(server, "/sites/h03/", Accept_Encoding="gzip, deflate, br")
    assert (status, headers["content-encoding"]) == (200, "br")
    assert body == page.with_name("index.html.br").read_bytes()  # the file itself: nothing compressed per request
    assert brotli.decompress(body) == page.read_bytes()
    status, headers, body = get(server, "/sites/h03/", Accept_Encoding="gzip")
    assert headers["content-encoding"] == "gzip" and body == page.with_name("index.html.gz").read_bytes()
    assert "accept-encoding" in headers["vary"].lower()
    status, headers, body = get(server, "/sites/h03/")
    assert "content-encoding" not in headers and body == page.read_bytes()


def test_theme_files_and_contact_cards_come_compressed_too(server, built_site):
    css = next((built_site / "assets" / "stylesheets").glob("main.*.min.css"))
    for path in [f"/assets/stylesheets/{css.name}", "/sw.js", "/sites/h03/h03.vcf", "/en/404.html"]:
        status, headers, body = get(server, path, Accept_Encoding="gzip")
        assert (status, headers.get("content-encoding")) == (200, "gzip"), path
        assert gzip.decompress(body) == (built_site / path.lstrip("/")).read_bytes(), path


def test_the_open_data_is_compressed_as_it_is_sent(server, built_site):
    for name in ["hotlines.json", "sites.csv"]:
        status, headers, body = get(server, f"/data/{name}", Accept_Encoding="gzip")
        assert (status, headers["content-encoding"]) == (200, "gzip"), name
        assert gzip.decompress(body) == (built_site / "data" / name).read_bytes(), name
    assert not list((built_site / "data").rglob("*.gz")), "the folder holds only the files it lists"


@pytest.mark.parametrize("path, content_type", [
    ("/sites/h03/", "text/html; charset=utf-8"),
    ("/sites/h03/h03.vcf", "text/vcard; charset=utf-8"),
    ("/leaflets/h03/h03-zh-a5.pdf", "application/pdf"),
    ("/sw.js", "application/javascript; charset=utf-8"),
    ("/assets/heartline.css", "text/css; charset=utf-8"),
    ("/search/search_index.json", "application/json; charset=utf-8"),
    ("/data/sites.csv", "text/csv; charset=utf-8"),
])
def test_content_types(server, path, content_type):
    status, headers, _ = get(server, path)
    assert (status, headers["content-type"]) == (200, content_type)


def test_a_web_app_manifest_has_its_type(tmp_path):
    (tmp_path / "index.html").write_text("<!doctype html><title>x</title>")
    (tmp_path / "site.webmanifest").write_text('{"name": "Heartline"}')
    with nginx(tmp_path, csp="default-src 'self'") as running:
        _, headers, _ = get(running, "/site.webmanifest")
    assert headers["content-type"] == "application/manifest+json; charset=utf-8"


def test_pages_sw_and_contact_cards_are_checked_again_on_every_visit(server):
    for path in ["/", "/sites/h03/", "/en/sites/h03/", "/guides/sleep/", "/sw.js", "/sites/h03/h03.vcf",
                 "/assets/heartline.css", "/assets/heartline.js", "/leaflets/h03/h03-zh-a5.pdf"]:
        status, headers, _ = get(server, path)
        assert (status, headers["cache-control"]) == (200, "no-cache"), path
        assert headers.get("etag"), path


def test_revalidation_costs_a_304_without_a_body(server):
    _, headers, _ = get(server, "/sites/h03/", Accept_Encoding="br")
    status, _, body = get(server, "/sites/h03/", Accept_Encoding="br", If_None_Match=headers["etag"])
    assert (status, body) == (304, b"")


def test_fingerprinted_theme_files_are_kept_a_year(server, built_site):
    assets = built_site / "assets"
    names = [f"/assets/stylesheets/{p.name}" for p in (assets / "stylesheets").glob("*.min.css")] + \
            [f"/assets/javascripts/{p.name}" for p in (assets / "javascripts").glob("bundle.*.min.js")] + \
            [f"/assets/javascripts/workers/{p.name}" for p in (assets / "javascripts" / "workers").glob("search.*.min.js")]
    assert len(names) == 4
    for path in names:
        status, headers, _ = get(server, path)
        assert (status, headers["cache-control"]) == (200, YEAR), path


@pytest.mark.parametrize("accept_language, lang", [
    (None, "zh"),
    ("zh-CN,zh;q=0.9,en;q=0.8", "zh"),
    ("en-US,en;q=0.9", "en"),
    ("EN-gb", "en"),
    ("fr-FR,fr;q=0.9,en;q=0.8,zh;q=0.7", "en"),  # the first language the site has
    ("de-DE, zh-TW;q=0.5, en;q=0.3", "zh"),
    ("en;q=0, zh-CN", "zh"),  # q=0: not acceptable
    ("en;q=0.0,fr", "zh"),
    ("english, enx", "zh"),  # not the tag "en"
    ("*", "zh"),
    ("fr", "zh"),
    # A phone set to each language the site has, as Chromium sends it.
    ("ko-KR,ko;q=0.9", "ko"), ("ja-JP,ja;q=0.9", "ja"), ("ru-RU,ru;q=0.9", "ru"), ("ar-EG,ar;q=0.9", "ar"),
    ("ug-CN,ug;q=0.9", "ug"), ("en-GB,en;q=0.9", "en"),
    ("zh-TW,zh;q=0.9", "zh"), ("zh-Hant-HK", "zh"), ("ug-Arab-CN, zh;q=0.5", "ug"),  # regional variants
    ("pt-BR,pt;q=0.9,ru;q=0.8", "ru"),  # nothing for the first choice: the next one the site has
    ("KO-kr, en;q=0.5", "ko"), ("AR", "ar"), ("ru-RU;Q=0.8", "ru"),  # tags are case-insensitive
    ("ko;q=0, ja;q=0.5", "ja"), ("ar-EG;q=0.000, ru", "ru"), ("ug ; q = 0 , en", "en"),  # refused
    ("ko;q=0.001", "ko"),  # a low preference is not a refusal
    ("kor, jap, rus", "zh"),  # not the tags ko, ja, ru
])
def test_short_address_redirects_to_the_site_page_in_the_best_language(server, accept_language, lang):
    headers = {"Accept_Language": accept_language} if accept_language else {}
    for path in ["/s/h03/", "/s/h03"]:
        status, response, _ = get(server, path, **headers)
        assert status == 302, path
        assert response["location"] == f"/{SETTINGS.lang_prefix(lang)}sites/h03/"
        assert response["vary"] == "Accept-Language"
        assert response["cache-control"] == "private, no-cache"


def test_short_address_of_no_site_is_not_found(server):
    status, _, body = get(server, "/s/nope/", Accept_Language="en")
    assert status == 404 and b"<h1>" in body


@pytest.mark.parametrize("path, lang", [
    ("/no-such-page/", "zh"), ("/sites/nope/", "zh"), ("/en/no-such-page/", "en"), ("/en/sites/nope/", "en"),
    ("/enx/", "zh"), ("/s/nope/", "zh"),
    *[(f"/{lang}/no-such-page/", lang) for lang in SETTINGS.languages if SETTINGS.lang_prefix(lang)],
    ("/ar/sites/nope/", "ar"), ("/ug/guides/nope/", "ug"), ("/kox/", "zh"),
])
def test_404_page_is_in_the_language_of_the_address(server, built_site, path, lang):
    status, headers, body = get(server, path)
    page = built_site / SETTINGS.lang_prefix(lang) / "404.html"
    assert (status, body) == (404, page.read_bytes())
    assert f'<html lang="{lang}"'.encode() in body[:300]
    assert headers["cache-control"] == "no-cache"


@pytest.mark.parametrize("path", ["/", "/sites/h03/", "/s/h03/", "/no-such-page/", "/sw.js", "/sites/h03/h03.vcf",
                                  "/assets/heartline.css"])
def test_security_headers_on_every_answer(server, path):
    _, headers, _ = get(server, path)
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"
    assert "server" not in headers or "/" not in headers["server"]  # no version number


def test_pages_and_workers_carry_the_content_security_policy_and_nothing_else_does(server, built_site):
    worker = next((built_site / "assets" / "javascripts" / "workers").glob("search.*.min.js")).name
    policy = site_policy(built_site)
    for path in ["/", "/sites/h03/", "/en/guides/sleep/", "/s/h03/", "/no-such-page/", "/sw.js",
                 f"/assets/javascripts/workers/{worker}"]:
        assert get(server, path)[1]["content-security-policy"] == policy, path
    for path in ["/sites/h03/h03.vcf", "/assets/heartline.css", "/assets/heartline.js", "/search/search_index.json"]:
        assert "content-security-policy" not in get(server, path)[1], path


def test_languages_come_from_mkdocs_yml(built_site):
    three = dataclasses.replace(SETTINGS, languages=("zh", "en", "fr"))
    text = site_conf(three, built_site, csp="default-src 'self'")
    assert "(?<heartline_tag>zh|en|fr)" in text
    assert '"~*^fr$" "/fr";' in text and '"~^/fr/" /fr/404.html;' in text


@pytest.mark.parametrize("field, value", [("listen", "80; include /etc/passwd"), ("server_name", "a;b")])
def test_values_that_would_change_the_configuration_are_refused(built_site, field, value):
    with pytest.raises(NginxConfigError):
        site_conf(SETTINGS, built_site, csp="x", **{field: value})


def test_nginx_writes_only_in_its_own_temporary_folder(server):
    conf = (server.prefix / "nginx.conf").read_text()
    for line in conf.splitlines():
        words = line.strip().rstrip(";").split()
        if words and words[0] in ("pid", "error_log", "access_log") or words[:1] and words[0].endswith("_temp_path"):
            assert words[1].startswith(str(server.prefix)), line
    assert (server.prefix / "nginx.pid").exists()


def test_the_command_writes_a_configuration_nginx_accepts(built_site, tmp_path):
    """What an organization runs: the written file, with its own directives included, passes `nginx -t`."""
    import subprocess

    from scripts.server import nginx as command
    from scripts.server.nginx import standalone_conf
    from scripts.server.run import NGINX
    extra = tmp_path / "extra.conf"
    extra.write_text("client_max_body_size 1k;\n")
    conf = tmp_path / "heartline.conf"
    assert command.main(["--site-dir", str(built_site), "--listen", "127.0.0.1:8999",
                         "--server-name", "heartline.example.org", "--include", str(extra), "--out", str(conf)]) == 0
    assert f"include {extra};" in conf.read_text()
    (tmp_path / "nginx.conf").write_text(standalone_conf(tmp_path, conf, True, "root"))
    result = subprocess.run([NGINX, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"),
                             "-e", str(tmp_path / "error.log")], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_the_command_refuses_a_folder_without_a_built_site(tmp_path, capsys):
    from scripts.server import nginx as command
    assert command.main(["--site-dir", str(tmp_path)]) == 1
    assert "no built site here — run `make` first" in capsys.readouterr().err
