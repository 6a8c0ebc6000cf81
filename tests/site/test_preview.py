"""`make serve`: the live preview follows the data, serves short addresses, and reports a problem
in the data as `make check` does without stopping."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest


@pytest.fixture
def project(core_project):
    """What these tests check is the same in every language: the project in Chinese and English."""
    return core_project


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:  # a rebuild of every language may be running
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, ""


def wait_for(predicate, seconds=90.0):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            if predicate():
                return True
        except OSError:
            pass
        time.sleep(0.5)
    return False


@pytest.fixture
def preview(project, tmp_path):
    port = free_port()
    log = (tmp_path / "serve.log").open("w+")
    env = dict(os.environ, HEARTLINE_SERVE="1", NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(project))
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a",
                               f"127.0.0.1:{port}"], cwd=project, env=env, stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        assert wait_for(lambda: fetch(f"{base}/sites/h01/")[0] == 200), log.seek(0) or log.read()
        yield base, log, server
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def test_the_preview_follows_the_data_and_reports_problems(project, preview):
    base, log, server = preview
    status, page = fetch(f"{base}/s/h01/")
    assert status == 200 and "../../sites/h01/" in page  # the short address, as in a real build
    assert fetch(f"{base}/sites/h01/h01.vcf")[0] == 200

    sites = project / "resources" / "sites.yml"
    text = sites.read_text(encoding="utf-8")
    sites.write_text(text.replace("海棠宾馆（示例）", "海棠花园宾馆（示例）", 1), encoding="utf-8")
    assert wait_for(lambda: "海棠花园宾馆" in fetch(f"{base}/sites/h01/")[1])

    broken = text.replace("hotlines: [h01-duty, h-psy-support", "hotlines: [h01-duty, psy-24h", 1)
    sites.write_text(broken, encoding="utf-8")
    line = broken[: broken.index("psy-24h")].count("\n") + 1

    def reported():
        log.seek(0)
        return f"resources/sites.yml:{line}: sites[0].hotlines[1]: unknown hotline 'psy-24h'" in log.read()
    assert wait_for(reported)
    assert server.poll() is None  # still serving
    assert fetch(f"{base}/sites/h01/")[0] == 200  # the last good data
