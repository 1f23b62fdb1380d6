"""Requests per second under gunicorn (2 workers), each page as a share of a bare Flask route.

The bare route (bench/hello.py) is served the same way in the same run, and measured in alternating pairs
with each page (hello, page, hello, page, ...); the ratio printed is the median of BENCH_ROUNDS pairs, so a
busy machine slows both sides alike. Pages: a topic page, the directory, a search (one common query, then a
rotating set of 200+ different searches), /ask without JavaScript (a family's first question, then a rotating
set of 200+ different questions, then the same questions as follow-ups in one conversation under way), a
signed-in family's case page, and the Open Referral UK feed. Memory per gunicorn worker is printed at the end.

Traffic stays on 127.0.0.1. Uses wrk when it is installed (Debian package `wrk`, with a small Lua script for
rotating paths and posts), otherwise a bounded Python keep-alive client.
"""

from __future__ import annotations

import csv
import http.client
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, quote_plus

from bench.common import SHARED, scratch_app

DURATION = int(os.environ.get("BENCH_SECONDS", "5"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
CONNECTIONS = 16
HERE = Path(__file__).parent
TARGETS = {"topic page": 0.50, "directory": 0.25, "search": 0.25, "search (200+ rotating)": 0.10,
           "/ask first question": 0.25, "/ask (200+ rotating)": 0.05, "case page (signed in)": 0.25,
           "ORUK services": 0.25}  # fmt: skip


@dataclass
class Load:
    """What one measurement sends: GETs rotating through paths, or form posts rotating through bodies."""

    paths: list[str]
    method: str = "GET"
    bodies: list[str] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)
    # Or a rotation of whole requests (method, path, body, headers): searches, questions and case pages mixed.
    mix: list[tuple[str, str, str | None, dict[str, str]]] = field(default_factory=list)


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


def _lua(load: Load, folder: Path) -> Path:
    def table(items: list[str]) -> str:
        return "{" + ",".join(f'"{item}"' for item in items) + "}"

    headers = "".join(f'wrk.headers["{k}"] = "{v}"\n' for k, v in load.headers.items())
    script = folder / f"load-{abs(hash((tuple(load.paths), tuple(load.bodies))))}.lua"
    script.write_text(
        f"{headers}local paths = {table(load.paths)}\nlocal bodies = {table(load.bodies)}\nlocal i = 0\n"
        "request = function()\n  i = i + 1\n"
        f"  local path = paths[(i % #paths) + 1]\n"
        f'  if #bodies > 0 then return wrk.format("{load.method}", path, nil, bodies[(i % #bodies) + 1]) end\n'
        f'  return wrk.format("{load.method}", path)\nend\n'
    )
    return script


def wrk_rps(port: int, load: Load, folder: Path) -> float:
    if load.mix:
        return python_rps(port, load, folder)  # the Lua script rotates paths and bodies, not whole requests
    out = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}s", "-s", str(_lua(load, folder)), f"http://127.0.0.1:{port}"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        raise RuntimeError(f"{load.paths[0]}: {errors.group(1)} error responses")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def python_rps(port: int, load: Load, _folder: Path) -> float:
    deadline = time.monotonic() + DURATION
    counts = [0] * CONNECTIONS
    failures: list[str] = []

    def worker(i: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        n = i
        while time.monotonic() < deadline and not failures:
            n += CONNECTIONS
            if load.mix:
                method, path, body, headers = load.mix[n % len(load.mix)]
            else:
                method, path, headers = load.method, load.paths[n % len(load.paths)], load.headers
                body = load.bodies[n % len(load.bodies)] if load.bodies else None
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            if response.status >= 400:
                failures.append(f"{load.paths[0]}: {response.status}")
            counts[i] += 1

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(CONNECTIONS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if failures:
        raise RuntimeError(failures[0])
    return sum(counts) / DURATION


def _request(port: int, method: str, path: str, body: str | None = None, headers: dict[str, str] | None = None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request(method, path, body=body, headers=headers or {})
    response = conn.getresponse()
    text = response.read().decode(errors="replace")
    conn.close()
    return response, text


def _form(port: int, path: str, cookie: str = "") -> tuple[str, str]:
    response, html = _request(port, "GET", path, headers={"Cookie": cookie} if cookie else {})
    cookie = response.getheader("Set-Cookie", "").split(";", 1)[0] or cookie
    return cookie, re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def signed_in_case_page(port: int) -> tuple[str, str]:
    """Sign the demo parent in; return their session cookie and their child's case page."""
    cookie, token = _form(port, "/account/sign-in")
    body = f"email=parent.one%40example.com&password=wessex-demo-only-2026&csrf_token={quote_plus(token)}"
    response, _ = _request(port, "POST", "/account/sign-in", body, {
        "Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie})  # fmt: skip
    cookie = response.getheader("Set-Cookie", "").split(";", 1)[0]
    _, html = _request(port, "GET", "/your-case", headers={"Cookie": cookie})
    return cookie, re.search(r'href="(/your-case/[0-9a-f-]{36})"', html).group(1)


def questions() -> list[str]:
    """200+ different questions families ask: the English development questions, then variations on topic words.

    Only development data: the frozen test set (bench/questions-test.tsv) is never read here."""
    asked: list[str] = []
    for path in (SHARED / "chat-eval" / "dev.tsv", HERE / "questions-dev-extra.tsv"):
        if path.exists():
            with path.open(encoding="utf-8") as handle:
                asked += [row["question"] for row in csv.DictReader(handle, delimiter="\t") if row["language"] == "en"]
    topics = ["short breaks", "an EHC plan", "speech therapy", "school transport", "a personal budget", "SENDIASS",
              "an annual review", "autism support", "respite", "college at 16", "mediation", "a tribunal",
              "occupational therapy", "home education", "a wheelchair", "dyslexia help", "ADHD support",
              "a carer's assessment", "holiday clubs", "a needs assessment", "sensory support", "the Local Offer"]  # fmt: skip
    forms = ["What is {}?", "How do I get {}?", "Who can help with {}?", "Can my child have {}?", "Where do I find {}?",
             "How long does {} take?", "Is there help with {} near me?", "Do I pay for {}?", "tell me about {}"]  # fmt: skip
    made = [f.format(t) for t in topics for f in forms]
    return list(dict.fromkeys(asked + made))


def searches() -> list[str]:
    words = ["short breaks", "ehc plan", "speech", "transport", "budget", "autism", "respite", "college",
             "mediation", "tribunal", "therapy", "wheelchair", "dyslexia", "adhd", "carers", "holiday",
             "assessment", "sensory", "nursery", "school", "deaf", "blind", "epilepsy", "sleep", "money"]  # fmt: skip
    extras = ["", "help", "for teenagers", "near me", "age 5", "support", "advice", "clubs", "free"]
    return [f"{w} {e}".strip() for w in words for e in extras]


def worker_memory(master: subprocess.Popen) -> list[float]:
    """Resident memory (MiB) of each gunicorn worker under this master."""
    sizes = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        if re.search(rf"^PPid:\s+{master.pid}$", text, re.M):
            rss = re.search(r"^VmRSS:\s+(\d+) kB", text, re.M)
            if rss:
                sizes.append(int(rss.group(1)) / 1024)
    return sizes


def main() -> int:
    tmp = Path(tempfile.mkdtemp(prefix="portal-load-"))
    app = scratch_app(tmp)
    print("Loading the demo families (portal seed-demo) ...", flush=True)
    app.test_cli_runner().invoke(args=["seed-demo"])
    env = {
        "PORTAL_ENV": "production",
        "SECRET_KEY": "bench-only-" + "x" * 32,
        "DATABASE_URL": f"sqlite:///{tmp / 'bench.db'}",
        "ALLOW_SQLITE_IN_PRODUCTION": "1",
        # Production refuses to start without its public address; the load comes from 127.0.0.1.
        "BASE_URL": "https://portal.example.org",
        "TRUSTED_HOSTS": "127.0.0.1",
        # Required in production; rate limits are off below, so nothing is written there.
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15"),
        "SEARCH_INDEX_DIR": str(tmp / "search_index"),
        # One load generator on one address would hit the per-visitor limits within a second.
        "RATELIMIT_ENABLED": "0",
    }
    measure = wrk_rps if shutil.which("wrk") else python_rps
    tool = "wrk" if shutil.which("wrk") else "Python client (install wrk for steadier figures)"
    portal_port, hello_port = free_port(), free_port()
    portal = start_gunicorn("portal.wsgi:app", portal_port, env)
    hello = start_gunicorn("bench.hello:app", hello_port, {"PYTHONPATH": str(HERE.parent)})
    try:
        case_cookie, case_path = signed_in_case_page(portal_port)
        ask_cookie, ask_token = _form(portal_port, "/ask")
        form = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": ask_cookie}
        first = "How do I ask for an EHC needs assessment?"
        asked, searched = questions(), searches()
        # A conversation already under way: every post below is a follow-up in it, answered afresh (only a
        # conversation's first question is ever kept), then written beside the earlier messages.
        body = f"message={quote_plus(first)}&csrf_token={ask_token}"
        response, _ = _request(portal_port, "POST", "/ask", body, form)
        conversation = {**form, "Cookie": response.getheader("Set-Cookie", "").split(";", 1)[0] or ask_cookie}
        loads = {
            "topic page": Load(["/local-offer/annual-review"]),
            # As a browser asks for it: compressed (wrk sends no Accept-Encoding unless told).
            "topic page, gzip": Load(["/local-offer/annual-review"], headers={"Accept-Encoding": "gzip, deflate, br"}),
            "directory": Load(["/local-offer/services?category=health"]),
            "search": Load(["/search?q=short+breaks"]),
            "search (200+ rotating)": Load([f"/search?q={quote_plus(q)}" for q in searched]),
            "/ask first question": Load(
                ["/ask"], "POST", [f"message={quote_plus(first)}&csrf_token={ask_token}"], form
            ),  # fmt: skip
            "/ask (200+ rotating)": Load(
                ["/ask"], "POST", [f"message={quote_plus(q)}&csrf_token={ask_token}" for q in asked], form
            ),  # fmt: skip
            "/ask follow-ups, one conversation": Load(
                ["/ask"], "POST", [f"message={quote_plus(q)}&csrf_token={ask_token}" for q in asked], conversation
            ),  # fmt: skip
            "case page (signed in)": Load([quote(case_path)], headers={"Cookie": case_cookie}),
            "ORUK services": Load(["/api/oruk/services"]),
            "mixed (search, /ask, case page)": Load(
                ["/"],
                mix=[
                    request
                    for search, ask in zip(searched, asked, strict=False)
                    for request in (
                        ("GET", f"/search?q={quote_plus(search)}", None, {}),
                        ("POST", "/ask", f"message={quote_plus(ask)}&csrf_token={ask_token}", form),
                        ("GET", quote(case_path), None, {"Cookie": case_cookie}),
                    )
                ],
            ),  # fmt: skip
        }
        only = [name.strip() for name in os.environ.get("BENCH_ONLY", "").split(",") if name.strip()]
        if only:  # e.g. BENCH_ONLY="case page,ORUK" measures just those rows
            loads = {name: load for name, load in loads.items() if any(part in name for part in only)}
        hello_load = Load(["/"])
        for load in loads.values():  # warm both workers (and the first entries of every cache)
            if load.mix:
                for method, path, body, headers in load.mix[:60]:
                    _request(portal_port, method, path, body, headers)
                continue
            python_once = Load(load.paths[:20], load.method, load.bodies[:20], load.headers)
            for n in range(40):
                body = python_once.bodies[n % len(python_once.bodies)] if python_once.bodies else None
                _request(portal_port, load.method, python_once.paths[n % len(python_once.paths)], body, load.headers)
        print(f"Requests per second, gunicorn -w 2, {CONNECTIONS} connections, {DURATION}s a run, {tool}; "
              f"ratio = median of {ROUNDS} alternating pairs with the bare Flask route")  # fmt: skip
        print(f"  {len(searched)} rotating searches, {len(asked)} rotating questions")
        for name, load in loads.items():
            ratios, page_rps, hello_rps = [], [], []
            for _ in range(ROUNDS):
                h = measure(hello_port, hello_load, tmp)
                p = measure(portal_port, load, tmp)
                ratios.append(p / h)
                page_rps.append(p)
                hello_rps.append(h)
            ratio = statistics.median(ratios)
            target = TARGETS.get(name)
            verdict = "" if target is None else f"  target {target:.0%} {'met' if ratio >= target else 'NOT met'}"
            print(f"  {name:<24} {statistics.median(page_rps):>7.0f}/s  bare {statistics.median(hello_rps):>6.0f}/s  "
                  f"{ratio:6.1%}{verdict}", flush=True)  # fmt: skip
        memory = worker_memory(portal)
        print(f"  memory per portal worker: {', '.join(f'{m:.0f} MiB' for m in memory)} (resident)")
    finally:
        portal.terminate()
        hello.terminate()
        portal.wait(10)
        hello.wait(10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
