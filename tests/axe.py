"""axe-core, the accessibility checker, from the npm registry: fetched once into .cache/, checked
against the registry's published integrity hash, and injected into pages from that local file.
`python -m tests.axe` fetches it (make test does)."""
from __future__ import annotations

import base64
import hashlib
import io
import sys
import tarfile
import urllib.request
from pathlib import Path

VERSION = "4.14.1"
TARBALL = f"https://registry.npmjs.org/axe-core/-/axe-core-{VERSION}.tgz"
INTEGRITY = "sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ=="
SCRIPT = Path(__file__).resolve().parent.parent / ".cache" / f"axe-core-{VERSION}" / "axe.min.js"
# What the tests hold every page to.
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_script() -> Path:
    if SCRIPT.exists():
        return SCRIPT
    with urllib.request.urlopen(TARBALL, timeout=60) as response:
        data = response.read()
    digest = "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()
    if digest != INTEGRITY:
        raise RuntimeError(f"{TARBALL}: integrity {digest} is not the pinned {INTEGRITY}")
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        source = tar.extractfile("package/axe.min.js").read()
    SCRIPT.parent.mkdir(parents=True, exist_ok=True)
    SCRIPT.with_suffix(".tmp").write_bytes(source)
    SCRIPT.with_suffix(".tmp").rename(SCRIPT)
    return SCRIPT


def run_axe(page) -> list[dict]:
    """WCAG 2.1 A and AA violations on the page as it is now: rule, impact, and where."""
    # Evaluated through the DevTools protocol: a <script> tag would be refused by the pages'
    # security policy, as any injected script is.
    page.evaluate(axe_script().read_text(encoding="utf-8") + "\n;undefined")
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})",
                           WCAG_21_AA)
    return [{"rule": v["id"], "impact": v["impact"], "help": v["help"],
             "where": [n["target"] for n in v["nodes"]][:5],
             "summary": v["nodes"][0].get("failureSummary", "")[:300]}
            for v in result["violations"]]


if __name__ == "__main__":
    print(axe_script())
    sys.exit(0)
