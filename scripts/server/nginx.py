"""Heartline's nginx configuration, written from server/heartline.conf.j2 for a built site: the
languages come from mkdocs.yml, the Content-Security-Policy from scripts/site/csp.py.

    python -m scripts.server.nginx --site-dir /srv/heartline/site --listen "443 ssl http2" \\
        --server-name heartline.example.org --include /etc/nginx/heartline-tls.conf \\
        --out /etc/nginx/conf.d/heartline.conf

Write it again after each build: the policy lists the hashes of the inline blocks the pages carry.
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import jinja2

from scripts.data.config import ROOT, ConfigError, Settings, load_settings
from scripts.site.csp import site_policy
from scripts.site.notfound import not_found_path

TEMPLATES = ROOT / "server"
MIME_TYPES = "/etc/nginx/mime.types"  # Debian's and Ubuntu's nginx
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")  # libnginx-mod-http-brotli-static

_SAFE_PATH = re.compile(r"^/[A-Za-z0-9._/@+-]*$")
_LISTEN = re.compile(r"^(\[[0-9a-f:]+\]:|[0-9.]+:)?[0-9]{1,5}( [a-z_]+(=[a-z0-9]+)?)*$")
_SERVER_NAME = re.compile(r"^(_|[a-z0-9*.-]+)( [a-z0-9*.-]+)*$")


class NginxConfigError(ValueError):
    """A value that cannot go into the configuration as it is."""


def environment() -> jinja2.Environment:
    # Plain text, not HTML; every value is checked before it reaches a template.
    return jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), undefined=jinja2.StrictUndefined,
                              trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


def check_path(path: Path, what: str) -> str:
    text = str(path)
    if not _SAFE_PATH.match(text):
        raise NginxConfigError(f"{what} '{text}' must be an absolute path of letters, digits and ._/@+- only")
    return text


def site_conf(settings: Settings, site_dir: Path, listen: str = "80", server_name: str = "_",
              brotli: bool | None = None, csp: str | None = None, includes: tuple[Path, ...] = ()) -> str:
    """The http-level configuration (maps and the server block) serving site_dir; `includes` are
    files of the organization's own directives for the server block (TLS certificates, say)."""
    if not _LISTEN.match(listen):
        raise NginxConfigError(f"--listen '{listen}' is not an nginx listen address such as 80 or 127.0.0.1:8080")
    if not _SERVER_NAME.match(server_name):
        raise NginxConfigError(f"--server-name '{server_name}' is not a host name such as heartline.example.org")
    csp = csp if csp is not None else site_policy(site_dir)
    if '"' in csp or "\\" in csp:
        raise NginxConfigError("the Content-Security-Policy holds a quote or a backslash")
    return environment().get_template("heartline.conf.j2").render(
        root=check_path(site_dir.resolve(), "the site folder"), listen=listen, server_name=server_name,
        languages=settings.languages, default=settings.default_language,
        prefixes={lang: "/" + settings.lang_prefix(lang).rstrip("/") if settings.lang_prefix(lang) else ""
                  for lang in settings.languages},
        not_found={lang: not_found_path(lang, settings) for lang in settings.languages},
        mime_types=MIME_TYPES, brotli=BROTLI_MODULE.exists() if brotli is None else brotli, csp=csp,
        includes=[check_path(path, "--include") for path in includes])


def standalone_conf(prefix: Path, site_conf_path: Path, brotli: bool, user: str | None) -> str:
    """A whole nginx.conf that runs without root, writing only under prefix."""
    return environment().get_template("nginx.conf.j2").render(
        prefix=check_path(prefix, "the nginx folder"), site_conf=check_path(site_conf_path, "the site configuration"),
        brotli_module=str(BROTLI_MODULE) if brotli else None, user=user)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Write Heartline's nginx configuration (for conf.d/).")
    parser.add_argument("--site-dir", type=Path, default=ROOT / "site", help="the built site (default: site/)")
    parser.add_argument("--listen", default="80", help="nginx listen value (default: 80)")
    parser.add_argument("--server-name", default="_", help="host name(s) (default: any)")
    parser.add_argument("--no-brotli", action="store_true",
                        help="leave Brotli out (without the libnginx-mod-http-brotli-static package)")
    parser.add_argument("--include", type=Path, action="append", default=[],
                        help="a file of your own directives for the server block, e.g. TLS certificates (repeatable)")
    parser.add_argument("--out", type=Path, help="write here instead of standard output")
    args = parser.parse_args(argv)
    if not (args.site_dir / "index.html").exists():
        print(f"{args.site_dir}: no built site here — run `make` first", file=sys.stderr)
        return 1
    try:
        text = site_conf(load_settings(), args.site_dir.resolve(), args.listen, args.server_name,
                         brotli=False if args.no_brotli else None, includes=tuple(args.include))
    except (ConfigError, NginxConfigError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
