"""Bounded load test of EHC requests and case updates: gunicorn on PostgreSQL, loopback only (`make load`).

50 simulated families sign in and send requests through the real journey (each one pressed "send" twice at
once, like a double click), while 20 officers record milestones on a small shared pool of cases, so they
collide. At the end it checks the database:
- server errors: must be 0;
- every submission stored exactly once, with a unique reference, and one case per request;
- lost updates: must be 0. Every officer save either committed (and the database shows that officer's save)
  or got the "Someone else changed this case" message; no milestone was saved twice.

Settings (environment): PORTAL_LOAD_DATABASE_URL (default postgresql+psycopg://postgres@127.0.0.1:5432/portal_load;
the database is created if missing and its schema is rebuilt, so its name must contain "load"), LOAD_SECONDS
(default 60), LOAD_FAMILIES (50), LOAD_OFFICERS (20), LOAD_CASES (30 cases shared by the officers).
"""

from __future__ import annotations

import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import requests

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/portal_load"
PASSWORD = "load-test-only-password-2026"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
CONFLICT = "Someone else changed this case while you were working on it."

TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
FORM = re.compile(r"<form[^>]*method=\"post\"[^>]*action=\"([^\"]+)\"[^>]*>(.*?)</form>", re.S)
INPUT = re.compile(r"<input([^>]*)>")
TEXTAREA = re.compile(r'<textarea[^>]*name="([^"]+)"')
SELECT = re.compile(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', re.S)
ATTR = re.compile(r'([a-z-]+)="([^"]*)"')


def attrs(tag: str) -> dict[str, str]:
    return dict(ATTR.findall(tag))


@dataclass
class Stats:
    lock: threading.Lock = field(default_factory=threading.Lock)
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: Counter = field(default_factory=Counter)
    server_errors: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    double_submit_mismatch: int = 0
    family_failures: list[str] = field(default_factory=list)
    commits: list[tuple[str, str, str]] = field(default_factory=list)  # (milestone id, officer email, iso date)
    conflicts: int = 0
    rejected: list[str] = field(default_factory=list)

    def record(self, kind: str, seconds: float, status: int, url: str) -> None:
        with self.lock:
            self.latencies[kind].append(seconds)
            self.statuses[status] += 1
            if status >= 500:
                self.server_errors.append(f"{status} {url}")


class Client:
    """One person's browser: a cookie jar, CSRF tokens from pages, timings of every request."""

    def __init__(self, base: str, stats: Stats) -> None:
        self.base, self.stats, self.session = base, stats, requests.Session()

    def request(self, kind: str, method: str, path: str, **kwargs: object) -> requests.Response:
        url = path if path.startswith("http") else self.base + path
        assert urlsplit(url).hostname in LOOPBACK, url
        started = time.perf_counter()
        response = self.session.request(method, url, allow_redirects=False, timeout=60, **kwargs)
        self.stats.record(kind, time.perf_counter() - started, response.status_code, path)
        return response

    def sign_in(self, email: str) -> None:
        page = self.request("sign-in", "GET", "/account/sign-in")
        token = TOKEN.search(page.text).group(1)
        response = self.request("sign-in", "POST", "/account/sign-in",
                                data={"email": email, "password": PASSWORD, "csrf_token": token})  # fmt: skip
        if response.status_code not in (302, 303):
            raise RuntimeError(f"sign-in failed for {email}: {response.status_code}")


# Families -------------------------------------------------------------------------------------------------------

TEXT = {
    "postcode": "WX1 2AB", "town": "Wessexford", "address_line_1": "1 Load Test Lane", "first_name": "Loadie",
    "last_name": "Tester", "school_name": "Abbotsbury Primary School", "your_role": "SENCO",
}  # fmt: skip
PREFERRED = {"requester_kind": "parent", "consent_school": "yes", "consent_professionals": "yes"}


def fill(form_html: str) -> list[tuple[str, str]]:
    """What a person would type into a journey page: sensible answers for every field."""
    data: list[tuple[str, str]] = []
    radios: dict[str, list[str]] = defaultdict(list)
    dates = iter(("12", "4", "2016"))
    for tag in INPUT.findall(form_html):
        a = attrs(tag)
        name, kind = a.get("name"), a.get("type", "text")
        if not name or kind in ("submit", "file"):
            continue
        if kind == "hidden":
            data.append((name, a.get("value", "")))
        elif kind == "radio":
            radios[name].append(a.get("value", ""))
        elif kind == "checkbox":
            data.append((name, a.get("value", "y")))
        elif "date_of_birth" in name:
            data.append((name, next(dates, "2016")))
        else:
            data.append((name, TEXT.get(name, "Load test answer")))
    for name, values in radios.items():
        data.append((name, PREFERRED.get(name) if PREFERRED.get(name) in values else values[0]))
    for name in TEXTAREA.findall(form_html):
        data.append((name, "Load test: finds reading hard and needs help in class."))
    for name, options in SELECT.findall(form_html):
        values = [v for v in re.findall(r'value="([^"]*)"', options) if v]
        if values:
            data.append((name, values[0]))
    return data


def family_request(client: Client, stats: Stats) -> None:
    """One whole request, from "start" to the confirmation page; the send button is pressed twice at once."""
    start = client.request("journey", "GET", "/request-an-assessment")
    token = TOKEN.search(start.text).group(1)
    response = client.request("journey", "POST", "/request-an-assessment/new", data={"csrf_token": token})
    location = response.headers.get("Location", "")
    for _ in range(25):
        if response.status_code != 303:
            raise RuntimeError(f"journey stopped with {response.status_code} at {location}")
        location = response.headers["Location"]
        path = urlsplit(location).path
        if path.endswith("/reports"):  # uploads are optional: go to "check your answers"
            path = path.removesuffix("/reports") + "/check"
        if path.endswith("/check"):
            break
        page = client.request("journey", "GET", path)
        forms = FORM.findall(page.text)
        action, body = next((a, b) for a, b in forms if "csrf_token" in b and "/language" not in a)
        response = client.request("journey", "POST", action or path, data=fill(body))
    check = client.request("journey", "GET", path)
    action, body = next((a, b) for a, b in FORM.findall(check.text) if a.endswith("/send"))
    data = fill(body)
    results: list[requests.Response] = []

    def press() -> None:
        results.append(client.request("send", "POST", action, data=data))

    presses = [threading.Thread(target=press) for _ in range(2)]
    for t in presses:
        t.start()
    for t in presses:
        t.join()
    confirmations = []
    for result in results:
        if result.status_code != 303 or "/confirmation" not in result.headers.get("Location", ""):
            raise RuntimeError(f"send answered {result.status_code} {result.headers.get('Location')}")
        page = client.request("confirmation", "GET", urlsplit(result.headers["Location"]).path)
        confirmations.append(re.search(r'id="reference">([^<]+)<', page.text).group(1))
    with stats.lock:
        if confirmations[0] != confirmations[1]:
            stats.double_submit_mismatch += 1
        stats.references.append(confirmations[0])


def family_worker(base: str, email: str, deadline: float, stats: Stats) -> None:
    client = Client(base, stats)
    try:
        client.sign_in(email)
        while time.monotonic() < deadline:
            family_request(client, stats)
    except Exception as error:  # noqa: BLE001 - reported in the summary, never hidden
        with stats.lock:
            stats.family_failures.append(f"{email}: {error}")


# Officers ------------------------------------------------------------------------------------------------------


def officer_worker(base: str, email: str, case_ids: list[str], deadline: float, stats: Stats, seed: int) -> None:
    client, rng = Client(base, stats), random.Random(seed)
    client.sign_in(email)
    today = date.today()
    while time.monotonic() < deadline:
        case_id = rng.choice(case_ids)
        page = client.request("case page", "GET", f"/officers/cases/{case_id}")
        links = re.findall(rf'href="(/officers/cases/{case_id}/milestones/[0-9a-f-]+)"', page.text)
        if not links:
            continue
        path = rng.choice(links)
        form = client.request("milestone form", "GET", path)
        if 'name="version"' not in form.text:
            continue  # recorded by someone else in between: the page says so, nothing to save
        html = form.text
        version = re.search(r'name="version"[^>]*value="([^"]*)"|value="([^"]*)"[^>]*name="version"', html)
        outcomes = re.findall(r'name="outcome"[^>]*value="([^"]+)"', html) or re.findall(
            r'value="([^"]+)"[^>]*name="outcome"', html
        )
        data = {
            "csrf_token": TOKEN.search(html).group(1),
            "version": version.group(1) or version.group(2),
            "completed_on": [str(today.day), str(today.month), str(today.year)],
            "outcome": rng.choice(outcomes) if outcomes else "",
            "advisers": "Educational psychologist\nHealth",
            "note": "",
        }
        time.sleep(rng.uniform(0, 0.2))  # thinking time, so officers overlap on the same steps
        response = client.request("milestone save", "POST", path, data=data)
        milestone_id = path.rsplit("/", 1)[1]
        with stats.lock:
            if response.status_code == 303:
                stats.commits.append((milestone_id, email, today.isoformat()))
            elif response.status_code == 200 and CONFLICT in response.text.replace("&#39;", "'"):
                stats.conflicts += 1
            elif response.status_code < 500:
                stats.rejected.append(f"{response.status_code} {path}")


# Set-up and checks ------------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare_database(url: str) -> None:
    """Create the load database if it is missing, and give it an empty schema."""
    import psycopg
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.host not in LOOPBACK:
        raise SystemExit(f"The load test only runs against a local database, not {parsed.host}")
    if "load" not in (parsed.database or ""):
        raise SystemExit("The load database's name must contain 'load': its schema is dropped and rebuilt")
    admin = parsed.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (parsed.database,)).fetchone() is None:
            conn.execute(f'CREATE DATABASE "{parsed.database}"')
    target = parsed.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(target, autocommit=True) as conn:
        conn.execute("DROP SCHEMA IF EXISTS public CASCADE")
        conn.execute("CREATE SCHEMA public")


def seed(families: int, officers: int, cases: int) -> list[str]:
    """Schema, accounts and the officers' shared cases, made in-process through the services."""
    from datetime import timedelta

    from portal import create_app
    from portal.auth import services as auth
    from portal.auth.models import Role
    from portal.cases import services
    from portal.cli import upgrade_database
    from portal.db import db

    app = create_app()
    with app.app_context():
        upgrade_database()
        for n in range(families):
            auth.create_user(email=f"load.family.{n}@example.com", password=PASSWORD, roles=[Role.PARENT],
                             verified=True, display_name=f"Load family {n}")  # fmt: skip
        worker = None
        for n in range(officers):
            worker = auth.create_user(email=f"load.officer.{n}@example.com", password=PASSWORD,
                                      roles=[Role.CASEWORKER], verified=True, display_name=f"Load officer {n}")  # fmt: skip
        ids = []
        for n in range(cases):
            case = services.open_case(None, received_on=date.today() - timedelta(days=10 + n), reference=f"LOAD-{n:04d}",
                                      child_name=f"Load Child {n}", team="North", caseworker=worker)  # fmt: skip
            ids.append(case.id)
        db.session.commit()
        return ids


def check_database(stats: Stats, families: int) -> dict[str, int]:
    """What the database holds after the run, against what the clients were told."""
    from sqlalchemy import func, select

    from portal import create_app
    from portal.auth.models import User
    from portal.cases.models import AssessmentRequest, Case, CaseMilestone, RequestStatus
    from portal.db import db

    app = create_app()
    with app.app_context():
        family_ids = set(db.session.scalars(select(User.id).where(User.email.like("load.family.%"))))
        stored = list(db.session.scalars(select(AssessmentRequest.reference).where(
            AssessmentRequest.status == RequestStatus.SUBMITTED, AssessmentRequest.user_id.in_(family_ids))))  # fmt: skip
        request_ids = select(AssessmentRequest.id).where(AssessmentRequest.status == RequestStatus.SUBMITTED)
        cases = db.session.scalar(select(func.count()).select_from(Case).where(Case.request_id.in_(request_ids)))
        officers = {u.email: u.id for u in db.session.scalars(select(User).where(User.email.like("load.officer.%")))}
        per_milestone = Counter(m for m, _, _ in stats.commits)
        lost = sum(n - 1 for n in per_milestone.values() if n > 1)
        for milestone_id, n in per_milestone.items():
            if n > 1:
                print(f"  lost: {n} officers were told their save of {milestone_id} went through")
        for milestone_id, email, day in stats.commits:
            if per_milestone[milestone_id] > 1:
                continue  # already counted: two officers were both told their save of one step went through
            row = db.session.get(CaseMilestone, milestone_id)
            # "not_needed": a decision to issue closes its own "decision not to issue" row (still this save).
            saved = row is not None and row.status in ("done", "not_needed") and row.updated_by == officers[email]
            if not saved or row.completed_on is None or row.completed_on.isoformat() != day:
                lost += 1
                print(
                    f"  lost: {email} was told {milestone_id} saved on {day}; the database has "
                    f"{row and (row.status, row.completed_on, row.updated_by, officers[email])}"
                )
        return {
            "stored": len(stored),
            "unique_stored": len(set(stored)),
            "told": len(stats.references),
            "unique_told": len(set(stats.references)),
            "matching": len(set(stored) & set(stats.references)),
            "cases_for_requests": cases or 0,
            "lost_updates": lost,
        }


def percentile(values: list[float], q: int) -> float:
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def main() -> int:
    seconds = int(os.environ.get("LOAD_SECONDS", "60"))
    families = int(os.environ.get("LOAD_FAMILIES", "50"))
    officers = int(os.environ.get("LOAD_OFFICERS", "20"))
    shared_cases = int(os.environ.get("LOAD_CASES", "30"))
    url = os.environ.get("PORTAL_LOAD_DATABASE_URL", DEFAULT_URL)
    tmp = Path(tempfile.mkdtemp(prefix="portal-load-"))
    env = {
        "PORTAL_ENV": "development",  # plain-HTTP cookies on loopback; nothing here is production
        "SECRET_KEY": "load-test-only-" + "x" * 32,
        "DATABASE_URL": url,
        "SEARCH_INDEX_DIR": str(tmp / "search_index"),
        "UPLOAD_DIR": str(tmp / "uploads"),
        "RATELIMIT_ENABLED": "0",  # 70 clients on one address would hit the per-visitor limits at once
        "TOTP_REQUIRED_FOR_OFFICERS": "0",
    }
    os.environ.update(env)
    prepare_database(url)
    print(f"Setting up {families} families, {officers} officers, {shared_cases} shared cases on {url.split('@')[-1]}")
    case_ids = seed(families, officers, shared_cases)
    port = free_port()
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    server = subprocess.Popen(
        [gunicorn, "-w", "3", "-k", "gthread", "--threads", "8", "-b", f"127.0.0.1:{port}", "--log-level",
         "warning", "--timeout", "120", "portal.wsgi:app"],
        env={**os.environ, **env},
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                if requests.get(base + "/", timeout=2).status_code < 500:
                    break
            except requests.RequestException:
                time.sleep(0.2)
        else:
            raise SystemExit("gunicorn did not start")
        stats = Stats()
        deadline = time.monotonic() + seconds
        print(f"Running for {seconds} s on {base} (gunicorn: 3 workers x 8 threads)")
        threads = [threading.Thread(target=family_worker, args=(base, f"load.family.{n}@example.com", deadline, stats))
                   for n in range(families)]  # fmt: skip
        threads += [threading.Thread(target=officer_worker, args=(base, f"load.officer.{n}@example.com", case_ids,
                                                                   deadline, stats, n)) for n in range(officers)]  # fmt: skip
        started = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(30)
    db_check = check_database(stats, families)
    total = sum(stats.statuses.values())
    everything = [s for values in stats.latencies.values() for s in values]
    print(
        f"Requests: {total} in {elapsed:.0f} s ({total / elapsed:.0f}/s); statuses {dict(sorted(stats.statuses.items()))}"
    )
    print(
        f"Server errors (5xx): {len(stats.server_errors)}"
        + (f" e.g. {stats.server_errors[:3]}" if stats.server_errors else "")
    )
    print(
        f"Latency all requests: p50 {percentile(everything, 50) * 1000:.0f} ms, p95 {percentile(everything, 95) * 1000:.0f} ms"
    )
    for kind, values in sorted(stats.latencies.items()):
        print(
            f"  {kind:<15} n={len(values):<6} p50 {percentile(values, 50) * 1000:6.0f} ms  p95 {percentile(values, 95) * 1000:6.0f} ms"
        )
    print(
        f"Submissions: {db_check['told']} confirmed to families ({db_check['unique_told']} unique references), "
        f"{db_check['stored']} stored ({db_check['unique_stored']} unique), {db_check['matching']} matching, "
        f"{db_check['cases_for_requests']} cases opened; double-click answers that differed: {stats.double_submit_mismatch}"
    )
    print(
        f"Officer saves: {len(stats.commits)} committed, {stats.conflicts} refused with the conflict message, "
        f"{len(stats.rejected)} other refusals; lost updates: {db_check['lost_updates']}"
    )
    if stats.family_failures:
        print(f"Family journeys that failed: {len(stats.family_failures)} e.g. {stats.family_failures[:3]}")
    ok = (
        not stats.server_errors
        and db_check["lost_updates"] == 0
        and db_check["stored"] == db_check["unique_stored"] == db_check["told"] == db_check["unique_told"]
        == db_check["matching"] == db_check["cases_for_requests"]
        and stats.double_submit_mismatch == 0
        and not stats.family_failures
        and db_check["told"] > 0
        and len(stats.commits) > 0
    )  # fmt: skip
    print("RESULT: " + ("PASS" if ok else "FAIL"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
