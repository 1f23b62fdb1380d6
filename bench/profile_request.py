"""CPU per request and the SQL of one request, for one page, in one process with production settings.

    python -m bench.profile_request ask|case|topic [N]      (PROFILE=1 adds a cProfile listing; PROFILE_SORT=tottime)

On a busy machine CPU time moves by a third between runs; instruction counts do not. Under callgrind, with
CALLGRIND=1, instructions are counted for the N measured requests only (the set-up runs uncounted):

    CALLGRIND=1 valgrind --tool=callgrind --instr-atstart=no python -m bench.profile_request case 40
    (valgrind's "Collected" line, divided by N, is instructions per request)

Builds a throwaway portal with the demo families (as bench/http_load.py does), then sends the same request as
the load test: a first question to /ask without JavaScript (the cookie is never updated, so every post starts
a conversation), a signed-in family's case page, or a cached topic page. Prints the statements one request
runs and the CPU time per request; timings are for comparing two versions on one machine, not targets.
"""

from __future__ import annotations

import cProfile
import os
import pstats
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote_plus

from bench.common import scratch_app

FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def _cookie(response, old: str = "") -> str:  # type: ignore[no-untyped-def]
    return response.headers.get("Set-Cookie", "").split(";", 1)[0] or old


def _token(response) -> str:  # type: ignore[no-untyped-def]
    return re.search(r'name="csrf_token" value="([^"]+)"', response.get_data(as_text=True)).group(1)


def main(argv: list[str]) -> int:
    which = argv[1] if len(argv) > 1 else "ask"
    n = int(argv[2]) if len(argv) > 2 else 300
    tmp = Path(tempfile.mkdtemp(prefix="portal-profile-"))
    scratch_app(tmp).test_cli_runner().invoke(args=["seed-demo"])
    os.environ.update({
        "PORTAL_ENV": "production", "SECRET_KEY": "bench-only-" + "x" * 32,
        "DATABASE_URL": f"sqlite:///{tmp / 'bench.db'}", "ALLOW_SQLITE_IN_PRODUCTION": "1",
        "BASE_URL": "https://portal.example.org", "TRUSTED_HOSTS": "127.0.0.1", "REDIS_URL": "memory://",
        "SEARCH_INDEX_DIR": str(tmp / "search_index"), "RATELIMIT_ENABLED": "0", "LOG_FORMAT": "text",
    })  # fmt: skip
    from sqlalchemy import event

    from portal import create_app
    from portal.db import db

    app = create_app()
    statements: list[str] = []
    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", lambda *args: statements.append(" ".join(args[2].split())))
    client = app.test_client(use_cookies=False)
    where = {"base_url": "http://127.0.0.1"}
    if which == "ask":
        page = client.get("/ask", **where)
        headers = {**FORM, "Cookie": _cookie(page)}
        body = (
            f"message={quote_plus('How do I ask for an EHC needs assessment?')}&csrf_token={quote_plus(_token(page))}"
        )

        def once() -> None:
            assert client.post("/ask", data=body, headers=headers, **where).status_code == 303

    elif which == "case":
        page = client.get("/account/sign-in", **where)
        cookie = _cookie(page)
        body = f"email=parent.one%40example.com&password=wessex-demo-only-2026&csrf_token={quote_plus(_token(page))}"
        cookie = _cookie(client.post("/account/sign-in", data=body, headers={**FORM, "Cookie": cookie}, **where))
        cases = client.get("/your-case", headers={"Cookie": cookie}, **where).get_data(as_text=True)
        path = re.search(r'href="(/your-case/[0-9a-f-]{36})"', cases).group(1)

        def once() -> None:
            assert client.get(path, headers={"Cookie": cookie}, **where).status_code == 200

    else:

        def once() -> None:
            assert client.get("/local-offer/annual-review", **where).status_code == 200

    for _ in range(20):
        once()
    statements.clear()
    once()
    print(f"{which}: {len(statements)} statements in one request")
    for statement in statements:
        print("   ", statement[:150])
    counting = bool(os.environ.get("CALLGRIND"))
    if counting:
        subprocess.run(["callgrind_control", "--instr=on", str(os.getpid())], check=True, capture_output=True)
    started = time.process_time()
    for _ in range(n):
        once()
    print(f"{which}: {(time.process_time() - started) / n * 1000:.2f} ms CPU per request ({n} requests)")
    if counting:
        subprocess.run(["callgrind_control", "--instr=off", str(os.getpid())], check=True, capture_output=True)
        return 0
    if os.environ.get("PROFILE"):
        profile = cProfile.Profile()
        profile.runcall(lambda: [once() for _ in range(n)])
        pstats.Stats(profile).sort_stats(os.environ.get("PROFILE_SORT", "cumulative")).print_stats(
            int(os.environ.get("PROFILE_LINES", "40"))
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
