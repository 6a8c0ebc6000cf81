"""`make leaflets`: what it refuses, with the message it prints."""
from __future__ import annotations

from scripts.leaflets.cli import main

def test_unknown_site_id_is_refused(capsys):
    assert main(["--site", "h99"]) == 1
    assert "error: unknown site 'h99'; known: h01, h02" in capsys.readouterr().err


def test_refuses_when_the_target_page_is_not_built(tmp_path, capsys):
    assert main(["--site", "h01", "--site-dir", str(tmp_path)]) == 1
    assert "no page at /s/h01/" in capsys.readouterr().err


def test_unknown_variant_is_refused(capsys):
    assert main(["--variant", "fr"]) == 1
    assert ("error: unknown variant 'fr'; known: zh, en, ko, ja, ru, ar, ug, zh+en, or zh+X for any "
            "other configured language X (en, ko, ja, ru, ar, ug)") in capsys.readouterr().err
    assert main(["--variant", "en+ar"]) == 1
    assert "error: unknown variant 'en+ar'" in capsys.readouterr().err
