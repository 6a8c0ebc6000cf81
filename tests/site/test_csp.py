"""The Content-Security-Policy: the site's own files and the inline blocks its pages carry."""
from __future__ import annotations

from scripts.site.critical import style_hashes
from scripts.site.csp import content_security_policy, inline_hashes, site_policy, source_hash


def test_inline_scripts_and_styles_are_hashed_but_not_data_or_external_scripts():
    html = ('<script>run()</script><script src="a.js"></script><script type="module">go()</script>'
            '<script id="__config" type="application/json">{"a": 1}</script><style>p{}</style>'
            '<script type="application/ld+json">{"@type": "ContactPoint"}</script>')
    assert inline_hashes(html) == ({source_hash("run()"), source_hash("go()")}, {source_hash("p{}")})
    assert source_hash("") == "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"


def test_policy_allows_only_the_sites_own_files_and_the_hashed_blocks():
    policy = content_security_policy(["'sha256-b'", "'sha256-a'"], ["'sha256-c'"])
    assert policy == ("default-src 'self'; script-src 'self' 'sha256-a' 'sha256-b'; style-src 'self' 'sha256-c'; "
                      "img-src 'self' data:; connect-src 'self'; worker-src 'self'; manifest-src 'self'; "
                      "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
    assert "frame-ancestors" not in content_security_policy(header=False)
    assert "unsafe" not in policy


def test_the_built_sites_policy_holds_the_critical_styles_hash(built_site):
    policy = site_policy(built_site)
    assert style_hashes()[0] in policy.split("style-src")[1].split(";")[0]
