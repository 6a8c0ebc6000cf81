"""Debian's nginx serving a built site on 127.0.0.1, without root: a temporary folder holds its
configuration, pid file, logs and buffers; a free port is picked. For the tests and `make bench`,
and to try the configuration by hand:

    python -m scripts.server.run [--site-dir site] [--port 8080]
"""
from __future__ import annotations

import argparse
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from scripts.data.config import ROOT, Settings, load_settings
from scripts.server.nginx import BROTLI_MODULE, site_conf, standalone_conf

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"  # Debian's package (`make test` installs it)


@dataclass
class Nginx:
    origin: str  # http://127.0.0.1:<port>
    prefix: Path  # configuration, logs, pid file
    brotli: bool

    @property
    def access_log(self) -> Path:
        return self.prefix / "access.log"

    def log_lines(self) -> list[str]:
        return self.access_log.read_text(encoding="utf-8").splitlines() if self.access_log.exists() else []


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(port: int, proc: subprocess.Popen, seconds: float = 10) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end and proc.poll() is None:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return True
        except OSError:
            time.sleep(0.05)
    return False


@contextmanager
def nginx(site_dir: Path, settings: Settings | None = None, port: int | None = None, csp: str | None = None):
    """nginx serving site_dir at Nginx.origin for as long as the block runs."""
    settings = settings or load_settings()
    brotli = BROTLI_MODULE.exists()
    with tempfile.TemporaryDirectory(prefix="heartline-nginx-") as tmp:
        prefix = Path(tmp)
        port = port or free_port()
        (prefix / "heartline.conf").write_text(
            site_conf(settings, site_dir, f"127.0.0.1:{port}", "_", brotli=brotli, csp=csp), encoding="utf-8")
        user = pwd.getpwuid(0).pw_name if os.geteuid() == 0 else None
        conf = prefix / "nginx.conf"
        conf.write_text(standalone_conf(prefix, prefix / "heartline.conf", brotli, user), encoding="utf-8")
        error_log = prefix / "error.log"
        with open(prefix / "output.log", "wb") as output:
            proc = subprocess.Popen([NGINX, "-p", str(prefix), "-c", str(conf), "-e", str(error_log)],
                                    stdout=output, stderr=subprocess.STDOUT)
        try:
            if not _wait_for(port, proc):
                proc.kill()
                proc.wait()
                logs = [p.read_text() for p in (prefix / "output.log", error_log) if p.exists()]
                raise RuntimeError("nginx did not start: " + "".join(logs))
            yield Nginx(f"http://127.0.0.1:{port}", prefix, brotli)
        finally:
            if proc.poll() is None:
                proc.send_signal(signal.SIGQUIT)  # graceful: finish what is being sent
                try:
                    proc.wait(10)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Serve the built site with nginx on 127.0.0.1.")
    parser.add_argument("--site-dir", type=Path, default=ROOT / "site")
    parser.add_argument("--port", type=int, default=8080)
    args = parser.parse_args(argv)
    if not Path(NGINX).exists():
        print("nginx is not installed: `make test-deps` installs it", file=sys.stderr)
        return 1
    with nginx(args.site_dir.resolve(), port=args.port) as server:
        print(f"Serving {args.site_dir} at {server.origin}/ (Ctrl-C stops it; logs in {server.prefix})")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
