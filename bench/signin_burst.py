"""A burst of people signing in at once, under gunicorn with production settings.

    python -m bench.signin_burst                       # SQLite (the embedded default)
    python -m bench.signin_burst postgresql+psycopg://postgres@127.0.0.1:5432/portal_bench

Makes SIGNIN_BURST accounts (70 by default) hashed at the production argon2 settings, serves the portal with
`gunicorn -w 2`, lets every account fetch the sign-in page, then has all of them post their password at the
same moment. Prints the median and 95th percentile time to the redirect that signs them in, and how many
failed. With PORTAL_BENCH_DATABASE_URL set (or a URL given), PostgreSQL is measured after SQLite. Sign-ins
are added to that database's users table under throwaway addresses; nothing else is changed there.
"""

from __future__ import annotations

import http.client
import os
import re
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

from bench.common import percentiles
from bench.http_load import free_port, start_gunicorn

BURST = int(os.environ.get("SIGNIN_BURST", "70"))
WORKERS = os.environ.get("SIGNIN_WORKERS", "2")
PASSWORD = "a long bench password, not a real one"


def make_accounts(database_url: str, tmp: Path, count: int) -> list[str]:
    """Accounts at production hashing strength on this database (migrated first)."""
    from portal import create_app
    from portal.auth import services as auth
    from portal.cli import upgrade_database
    from portal.config import TestConfig
    from portal.db import db

    config = TestConfig()
    config.DATABASE_URL = database_url
    config.SEARCH_INDEX_DIR = str(tmp / "search_index")
    app = create_app(config)
    app.config["PASSWORD_HASH_PROFILE"] = "owasp"
    run = uuid.uuid4().hex[:8]
    emails = [f"burst-{run}-{n}@example.com" for n in range(count)]
    with app.app_context():
        upgrade_database()
        for email in emails:
            auth.create_user(email=email, password=PASSWORD, verified=True)
        db.session.commit()
        db.engine.dispose()
    return emails


def _get_form(port: int) -> tuple[str, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    conn.request("GET", "/account/sign-in")
    response = conn.getresponse()
    html = response.read().decode()
    cookie = response.getheader("Set-Cookie", "").split(";", 1)[0]
    token = re.search(r'name="csrf_token" value="([^"]+)"', html)
    if response.status != 200 or not token or not cookie:
        raise RuntimeError(f"sign-in page: {response.status}")
    conn.close()
    return cookie, token.group(1)


def burst(port: int, emails: list[str]) -> tuple[list[float], list[str]]:
    forms = [_get_form(port) for _ in emails]
    start = threading.Barrier(len(emails))
    times: list[float] = []
    failures: list[str] = []

    def sign_in(n: int) -> None:
        cookie, token = forms[n]
        body = f"email={emails[n]}&password={PASSWORD.replace(' ', '+')}&csrf_token={token}".replace("@", "%40")
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
        start.wait()
        began = time.perf_counter()
        try:
            conn.request("POST", "/account/sign-in", body=body, headers={
                "Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie})  # fmt: skip
            response = conn.getresponse()
            page = response.read().decode(errors="replace")
            if response.status != 303:
                failures.append(f"{response.status}: {'database is locked' if 'locked' in page else page[:80]!r}")
            else:
                times.append(time.perf_counter() - began)
        except OSError as error:
            failures.append(repr(error))
        finally:
            conn.close()

    threads = [threading.Thread(target=sign_in, args=(n,)) for n in range(len(emails))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return times, failures


def measure(label: str, database_url: str) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="portal-signin-"))
    emails = make_accounts(database_url, tmp, BURST)
    env = {
        "PORTAL_ENV": "production",
        "SECRET_KEY": "bench-only-" + "x" * 32,
        "DATABASE_URL": database_url,
        "ALLOW_SQLITE_IN_PRODUCTION": "1",
        # Production refuses to start without its public address; the load comes from 127.0.0.1.
        "BASE_URL": "https://portal.example.org",
        "TRUSTED_HOSTS": "127.0.0.1",
        # Required in production; rate limits are off below, so nothing is written there.
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15"),
        "SEARCH_INDEX_DIR": str(tmp / "search_index"),
        "RATELIMIT_ENABLED": "0",  # one address for all 70 would be rate limited at once
    }
    port = free_port()
    server = start_gunicorn("portal.wsgi:app", port, env, workers=WORKERS)
    try:
        _get_form(port)  # warm up
        times, failures = burst(port, emails)
    finally:
        server.terminate()
        server.wait(10)
    p50, p95 = percentiles(times) if times else (float("nan"), float("nan"))
    print(f"  {label:<11} p50 {p50:5.2f} s   p95 {p95:5.2f} s   signed in {len(times)}/{len(emails)}   "
          f"failed {len(failures)}")  # fmt: skip
    for failure in sorted(set(failures))[:5]:
        print(f"    failure: {failure}")


def main(argv: list[str]) -> int:
    postgres = argv[1] if len(argv) > 1 else os.environ.get("PORTAL_BENCH_DATABASE_URL")
    print(f"Sign-in burst: {BURST} people at once, gunicorn -w {WORKERS}, argon2id m=19 MiB t=2 p=1, "
          f"{os.cpu_count()} cores")  # fmt: skip
    tmp = Path(tempfile.mkdtemp(prefix="portal-signin-db-"))
    measure("SQLite", f"sqlite:///{tmp / 'burst.db'}")
    if postgres:
        measure("PostgreSQL", postgres)
    else:
        print("  PostgreSQL  skipped (give a URL or set PORTAL_BENCH_DATABASE_URL)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
