"""Requests per second under gunicorn (2 workers) for the home page, a topic page and a search,
beside a bare Flask "hello" route served the same way in the same run.

Traffic stays on 127.0.0.1. Uses wrk when it is installed (Debian package `wrk`), otherwise a
bounded Python keep-alive client; each run lasts a few seconds and stops by itself.
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench.common import scratch_app

DURATION = int(os.environ.get("BENCH_SECONDS", "8"))
CONNECTIONS = 16
PATHS = {
    "home page": "/",
    "topic page": "/local-offer/annual-review",
    "search": "/search?q=short+breaks",
    "directory": "/local-offer/services?category=health",
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(app_path: str, port: int, env: dict[str, str], *, workers: str = "2") -> subprocess.Popen:
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    proc = subprocess.Popen(
        [gunicorn, "-w", workers, "-b", f"127.0.0.1:{port}", "--log-level", "warning", app_path],
        env={**os.environ, **env},
    )
    for _ in range(300):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError(f"gunicorn for {app_path} did not start")


def wrk_rps(url: str) -> float:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}s", url], capture_output=True, text=True, check=True
    ).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        raise RuntimeError(f"{url}: {errors.group(1)} error responses")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def python_rps(url: str) -> float:
    host, port_path = url.removeprefix("http://").split(":", 1)
    port, path = port_path.split("/", 1)
    deadline = time.monotonic() + DURATION
    counts = [0] * CONNECTIONS

    def worker(i: int) -> None:
        conn = http.client.HTTPConnection(host, int(port), timeout=10)
        while time.monotonic() < deadline:
            conn.request("GET", "/" + path)
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                raise RuntimeError(f"{url}: {response.status}")
            counts[i] += 1

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(CONNECTIONS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(counts) / DURATION


def main() -> int:
    tmp = Path(tempfile.mkdtemp(prefix="portal-load-"))
    scratch_app(tmp)
    env = {
        "PORTAL_ENV": "production",
        "SECRET_KEY": "bench-only-" + "x" * 32,
        "DATABASE_URL": f"sqlite:///{tmp / 'bench.db'}",
        "ALLOW_SQLITE_IN_PRODUCTION": "1",
        "SEARCH_INDEX_DIR": str(tmp / "search_index"),
        # One load generator on one address would hit the per-visitor limits within a second.
        "RATELIMIT_ENABLED": "0",
    }
    measure = wrk_rps if shutil.which("wrk") else python_rps
    tool = "wrk" if shutil.which("wrk") else "Python client (install wrk for steadier figures)"
    portal_port, hello_port = free_port(), free_port()
    portal = start_gunicorn("portal.wsgi:app", portal_port, env)
    hello = start_gunicorn("bench.hello:app", hello_port, {"PYTHONPATH": str(Path(__file__).parent.parent)})
    try:
        for path in PATHS.values():  # warm up both workers
            for _ in range(20):
                http.client.HTTPConnection("127.0.0.1", portal_port).request("GET", path)
        time.sleep(1)
        baseline = measure(f"http://127.0.0.1:{hello_port}/")
        print(f"Requests per second, gunicorn 2 workers, {CONNECTIONS} connections, {DURATION}s each, {tool}")
        print(f"  {'bare Flask hello':<18} {baseline:>8.0f}  (baseline)")
        for name, path in PATHS.items():
            rps = measure(f"http://127.0.0.1:{portal_port}{path}")
            target = "  (target 30%)" if name == "topic page" else ""
            print(f"  {name:<18} {rps:>8.0f}  {rps / baseline:.0%} of the bare route{target}")
    finally:
        portal.terminate()
        hello.terminate()
        portal.wait(10)
        hello.wait(10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
