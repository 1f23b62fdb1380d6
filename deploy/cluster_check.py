"""`make cluster-check`: two web nodes and two workers on this machine behave as one service.

Starts, against the local PostgreSQL (its own database, CLUSTER_DATABASE) and Redis (its own db number,
CLUSTER_REDIS_DB), two gunicorn web nodes on 127.0.0.1 (each with its own search index folder) and two
`portal jobs worker` processes, plus a fake GOV.UK Notify on loopback. Prints one line per check, ends with
`cluster: N/N checks passed`, exits 0 only when all pass, and stops everything it started (on failure and
Ctrl+C too), then drops its database and empties its Redis database. Not part of `make test`.

Publishing and uploading are checked through HTTP, as people do them (deploy/web_client.py reads each form and
sends it back with its CSRF token): two content editors sign in on node A with a password and an authenticator
code, one changes a Local Offer page and sends it for review, the other approves it, and node B must serve the
page and find it by search; a parent uploads a PDF into their case on A and downloads it on B with the same
session cookie, while another parent on B gets a 404 for it. Only the accounts and the case are made directly
(set-up, through the app's own services), as a council's administrator or caseworker would make them.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Callable
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyotp  # the library the portal checks codes with (portal/auth/totp.py)
from web_client import Response, WebClient, error_summary, find_form, links

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
PG = os.environ.get("CLUSTER_POSTGRES", "postgresql://postgres@127.0.0.1:5432")
DATABASE = os.environ.get("CLUSTER_DATABASE", "portal_cluster")
REDIS_URL = f"redis://127.0.0.1:6379/{os.environ.get('CLUSTER_REDIS_DB', '12')}"
PORTS = (int(os.environ.get("CLUSTER_PORT_A", "5871")), int(os.environ.get("CLUSTER_PORT_B", "5872")))
NOTIFY_KEY = "cluster_check-2b6b1f2e-8c1a-4e55-9a57-0d1c9f1e7a10-7f1c3b5e-2d4a-4c8e-b6f0-9a8d7c6b5a41"
TEMPLATE = "0e0f6a52-3b1f-4a7d-8a6c-2f9e5d4c3b21"

# Set-up only, as an administrator and a caseworker would do it: two content editors with an authenticator app
# (a known secret, so the check can type the code), and two parents, the first with a child whose case is open.
PEOPLE = """\
import os
from datetime import date
from portal.auth import family, services as auth
from portal.auth.models import Role
from portal.cases.services import open_case
from portal.db import utcnow
people = {people!r}
users = {{}}
for email, secret in people.items():
    roles = [Role.EDITOR] if secret else [Role.PARENT]
    users[email] = user = auth.create_user(email=email, password=os.environ['CLUSTER_PASSWORD'], roles=roles,
                                           display_name=email.split('@')[0], verified=True)
    if secret:
        user.totp_secret, user.totp_enabled_at = secret, utcnow()
kids = [family.add_child(parent=users[email], first_name=name, last_name='Example', date_of_birth=date(2015, 4, 1),
                         relationship='parent', parental_responsibility=True)
        for email, name in (('parent@cluster.example', 'Robin'), ('other.parent@cluster.example', 'Sam'))]
case = open_case(None, received_on=date.fromisoformat({today!r}), reference='CC' + kids[0].id[:8].upper(),
                 child_name='Robin Example', child_id=kids[0].id)
db.session.commit()
print(case.id)
"""


class FakeNotify:
    """Accepts POST /v2/notifications/email and remembers each message's reference."""

    def __init__(self) -> None:
        self.references: list[str] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                time.sleep(0.05)  # a real service takes a moment: gives two workers the chance to collide
                outer.references.append(body.get("reference"))
                data = json.dumps({"id": secrets.token_hex(8)}).encode()
                self.send_response(201)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


class Cluster:
    def __init__(self) -> None:
        self.tmp = Path(tempfile.mkdtemp(prefix="portal-cluster-"))
        self.notify = FakeNotify()
        self.processes: dict[str, subprocess.Popen[bytes]] = {}
        self.results: list[tuple[str, bool, str]] = []
        self.password = "Cluster-" + secrets.token_urlsafe(18)
        # Who uses the service in the checks: email -> TOTP secret (officers) or None (families).
        self.people = {"author@cluster.example": pyotp.random_base32(), "reviewer@cluster.example":
                       pyotp.random_base32(), "parent@cluster.example": None, "other.parent@cluster.example": None}  # fmt: skip
        self.case_id = ""
        self.env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "PORTAL_ENV": "production",
            "SECRET_KEY": secrets.token_urlsafe(40),
            "DATABASE_URL": f"{PG.replace('postgresql://', 'postgresql+psycopg://')}/{DATABASE}",
            "REDIS_URL": REDIS_URL,
            "UPLOAD_STORAGE": "database",
            "NOTIFY_API_KEY": NOTIFY_KEY,
            "NOTIFY_EMAIL_TEMPLATE_ID": TEMPLATE,
            "NOTIFY_BASE_URL": self.notify.url,
            # Production insists on an https:// BASE_URL (links in e-mails); requests here come to 127.0.0.1.
            "BASE_URL": "https://portal.cluster-check.invalid",
            "TRUSTED_HOSTS": "127.0.0.1",
            "TOTP_REQUIRED_FOR_OFFICERS": "1",
            "LOG_FORMAT": "json",
            "WEB_CONCURRENCY": "1",
        }

    def node_env(self, node: str) -> dict[str, str]:
        return {**self.env, "SEARCH_INDEX_DIR": str(self.tmp / f"index-{node}")}

    # -- set-up ------------------------------------------------------------------------------------------
    def prepare(self) -> None:
        subprocess.run(["psql", PG + "/postgres", "-q", "-c", f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)"],
                       check=True, capture_output=True)  # fmt: skip
        subprocess.run(["psql", PG + "/postgres", "-q", "-c", f"CREATE DATABASE {DATABASE}"], check=True,
                       capture_output=True)  # fmt: skip
        subprocess.run(["redis-cli", "-u", REDIS_URL, "flushdb"], check=True, capture_output=True)
        env = {**self.node_env("a"), "ALLOW_SQLITE_IN_PRODUCTION": "0"}
        subprocess.run([BIN / "portal", "db", "upgrade"], env=env, check=True, capture_output=True)
        self.console("a", "from portal.local_offer.services import import_pages\n"
                          "import_pages(app.config['CONTENT_DIR']); db.session.commit()")  # fmt: skip
        # The password goes through the environment, not the command line other local users can read.
        self.case_id = self.console(
            "a", PEOPLE.format(people=self.people, today=date.today().isoformat()), CLUSTER_PASSWORD=self.password
        )

    def console(self, node: str, code: str, **extra: str) -> str:
        """Run Python inside node's app (app and db are in scope); returns what it printed."""
        script = (
            "from portal import create_app\nfrom portal.db import db\napp = create_app()\nwith app.app_context():\n"
        )
        script += "".join(f"    {line}\n" for line in code.splitlines())
        done = subprocess.run([BIN / "python", "-c", script], env={**self.node_env(node), **extra}, capture_output=True,
                              text=True)  # fmt: skip
        if done.returncode:
            raise RuntimeError(done.stderr[-2000:])
        return done.stdout.strip()

    def start(self, name: str, args: list[str], node: str, **extra: str) -> None:
        log = open(self.tmp / f"{name}.log", "wb")  # noqa: SIM115 - closed with the process
        self.processes[name] = subprocess.Popen(args, env={**self.node_env(node), **extra}, cwd=ROOT, stdout=log,
                                                stderr=subprocess.STDOUT, start_new_session=True)  # fmt: skip

    def start_all(self) -> None:
        for node in "ab":
            self.start(f"worker-{node}", [str(BIN / "portal"), "jobs", "worker"], node)
        for node, port in zip("ab", PORTS, strict=True):
            self.start(f"web-{node}", [str(BIN / "gunicorn"), "-c", "gunicorn.conf.py", "portal.wsgi:app"], node,
                       PORT=str(port))  # fmt: skip
        for port in PORTS:
            wait_for(lambda port=port: get(port, "/readyz")[0] == 200, 120, f"node on {port} ready")

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + 20
        for process in self.processes.values():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        self.notify.server.shutdown()

    def clean_up(self, *, keep_logs: bool) -> None:
        """Drop the database and empty the Redis database this run used; keep the logs only if something failed."""
        subprocess.run(["psql", PG + "/postgres", "-q", "-c", f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)"],
                       capture_output=True)  # fmt: skip
        subprocess.run(["redis-cli", "-u", REDIS_URL, "flushdb"], capture_output=True)
        if keep_logs:
            print(f"logs kept in {self.tmp}", flush=True)
        else:
            shutil.rmtree(self.tmp, ignore_errors=True)

    # -- checks ------------------------------------------------------------------------------------------
    def check(self, name: str, test: Callable[[], str]) -> None:
        try:
            detail, ok = test(), True
        except Exception as error:  # noqa: BLE001 - a failed check is reported, the others still run
            detail, ok = f"{type(error).__name__}: {error}", False
        self.results.append((name, ok, detail))
        print(f"{'PASS' if ok else 'FAIL'}  {name}: {detail}", flush=True)

    def sql(self, query: str) -> list[list[str]]:
        out = subprocess.run(["psql", f"{PG}/{DATABASE}", "-At", "-F", "\t", "-c", query], check=True,
                             capture_output=True, text=True).stdout  # fmt: skip
        return [line.split("\t") for line in out.splitlines() if line]

    def sign_in(self, port: int, email: str) -> WebClient:
        """A person signs in on this node through the sign-in form (and the code page, for officers)."""
        client = WebClient(email)
        page = client.get(base(port), "/account/sign-in")
        form = find_form(page.text, field="password")
        form.set("email", email)
        form.set("password", self.password)
        answer = expect_redirect(client.submit(page, form), "sign-in")
        secret = self.people[email]
        if secret is not None:
            assert answer.location.endswith("/account/sign-in/code"), f"asked for no code: {answer.location}"
            page = client.get(base(port), "/account/sign-in/code")
            form = find_form(page.text, field="code")
            form.set("code", pyotp.TOTP(secret).now())
            answer = expect_redirect(client.submit(page, form), "security code")
        landing = client.get(base(port), answer.location)
        assert landing.status == 200, f"{email} signed in but {answer.location} gave {landing.status}"
        return client

    def published_on_a_found_on_b(self) -> str:
        word = "zebra" + secrets.token_hex(3).translate(str.maketrans("0123456789", "ghijklmnop"))
        a, b = base(PORTS[0]), base(PORTS[1])
        author = self.sign_in(PORTS[0], "author@cluster.example")
        page = author.get(a, "/local-offer/editor/pages/senco/en")
        form = find_form(page.text, field="title", action="/editor/pages/senco/en")
        form.set("title", f"SENCOs {word}")
        sent = expect_redirect(author.submit(page, form, button=("action", "submit")), "send for review")
        version = sent.location.rstrip("/").rsplit("/", 1)[-1]

        reviewer = self.sign_in(PORTS[0], "reviewer@cluster.example")
        queue = reviewer.get(a, "/local-offer/editor/review")
        review_link = next((link for link in links(queue.text) if version in link and link.endswith("/review")), None)
        assert review_link, "the change is not in the review queue"
        page = reviewer.get(a, review_link)
        form = find_form(page.text, field="csrf_token", action="/review")
        form.set("decision", "approve")
        approved = expect_redirect(reviewer.submit(page, form), "approve")
        started = time.monotonic()
        assert "Approved and published" in reviewer.get(a, approved.location).text, "not published on approval"

        public = WebClient("a visitor")
        wait_for(lambda: word in public.get(b, "/local-offer/senco").text, 60, "page on B")
        served = time.monotonic() - started
        wait_for(lambda: "/local-offer/senco" in public.get(b, f"/search?q={word}").text, 60 - served, "search on B")
        return (f"edited, reviewed and approved over HTTP on A by two editors (password + TOTP); on B the page after "
                f"{served:.0f} s, search after {time.monotonic() - started:.0f} s")  # fmt: skip

    def upload_on_a_downloads_on_b(self) -> str:
        a, b = base(PORTS[0]), base(PORTS[1])
        documents = f"/your-case/{self.case_id}/documents"
        data = small_pdf(secrets.token_hex(8))
        parent = self.sign_in(PORTS[0], "parent@cluster.example")
        page = parent.get(a, documents)
        form = find_form(page.text, field="document", action=documents)
        expect_redirect(parent.submit(page, form, files={"document": ("school report.pdf", "application/pdf", data)}),
                        "upload")  # fmt: skip

        listing = parent.get(b, documents)  # the same browser, now talking to B
        hrefs = [link for link in links(listing.text) if re.fullmatch(re.escape(documents) + r"/[\w-]+", link)]
        assert listing.status == 200 and len(hrefs) == 1, f"B lists {len(hrefs)} documents ({listing.status})"
        got = parent.get(b, hrefs[0])
        assert got.status == 200, f"download on B: {got.status}"
        assert got.body == data, "B gave back different bytes"
        assert got.headers.get_content_type() == "application/pdf", got.headers.get("Content-Type")
        assert got.headers.get("Content-Disposition", "").startswith("attachment"), "not sent as a download"

        other = self.sign_in(PORTS[1], "other.parent@cluster.example")
        refused = other.get(b, hrefs[0])
        assert refused.status in (403, 404), f"another parent got {refused.status}"
        assert data not in refused.body
        nobody = WebClient("a visitor").get(b, hrefs[0])
        assert nobody.status in (302, 303) and "/account/sign-in" in nobody.location, f"signed out: {nobody.status}"
        return (f"a {len(data)}-byte PDF uploaded through A's form, downloaded through B byte for byte; another "
                f"parent gets {refused.status}, nobody signed in goes to sign-in")  # fmt: skip

    def scheduled_job_once(self) -> str:
        wait_for(lambda: len(self.sql("SELECT id FROM procrastinate_jobs WHERE task_name = 'outbox-send' "
                                      "AND status = 'succeeded'")) >= 2, 150, "two runs of outbox-send")  # fmt: skip
        rows = self.sql("SELECT args->>'timestamp', count(*) FROM procrastinate_jobs "
                        "WHERE task_name = 'publish-due' OR task_name = 'outbox-send' GROUP BY task_name, 1")  # fmt: skip
        doubled = [row for row in rows if int(row[1]) > 1]
        assert not doubled, f"run twice: {doubled}"
        workers = self.sql("SELECT count(DISTINCT worker_id) FROM procrastinate_jobs WHERE worker_id IS NOT NULL")
        return f"{len(rows)} scheduled runs, each once, across {workers[0][0]} workers"

    def emails_once(self) -> str:
        count = 40
        ids = self.console("a", "from portal.notifications.models import OutboxMessage\nids = []\n"
                                f"for n in range({count}):\n"
                                "    m = OutboxMessage(recipient=f'family{n}@example.com', kind='cluster', "
                                "subject='Test', body='Test')\n"
                                "    db.session.add(m); db.session.flush(); ids.append(m.id)\n"
                                "db.session.commit()\nprint(' '.join(ids))").split()  # fmt: skip
        wait_for(lambda: all(ref in self.notify.references for ref in ids), 150, "all e-mails sent")
        sent = Counter(ref for ref in self.notify.references if ref in ids)
        twice = [ref for ref, n in sent.items() if n > 1]
        assert not twice, f"{len(twice)} sent twice"
        status = self.sql("SELECT status, count(*) FROM outbox_message WHERE kind = 'cluster' GROUP BY status")
        assert status == [["sent", str(count)]], status
        return f"{count} queued, {count} sent, none twice"

    def killed_worker(self) -> str:
        token = secrets.token_hex(6)
        subprocess.run([BIN / "portal", "jobs", "defer", "probe", "--arg", f"token={token}", "--arg", "seconds=25"],
                       env=self.node_env("a"), check=True, capture_output=True)  # fmt: skip

        def worker_pid() -> str:
            return subprocess.run(["redis-cli", "-u", REDIS_URL, "get", f"portal:probe:{token}:pid"],
                                  capture_output=True, text=True).stdout.strip()  # fmt: skip

        wait_for(lambda: worker_pid().isdigit(), 60, "probe started")
        pid = int(worker_pid())
        victim = next(name for name, p in self.processes.items() if p.pid == pid)
        os.kill(pid, signal.SIGKILL)
        done = f"SELECT status FROM procrastinate_jobs WHERE task_name = 'probe' AND args->>'token' = '{token}'"
        wait_for(lambda: self.sql(done) == [["succeeded"]], 150, "probe finished by the other worker")
        runs = subprocess.run(["redis-cli", "-u", REDIS_URL, "get", f"portal:probe:{token}"], capture_output=True,
                              text=True).stdout.strip()  # fmt: skip
        assert runs == "1", f"probe finished {runs} times"
        return f"killed {victim} (SIGKILL) mid-job; the other worker finished it once"

    def rate_limit_shared(self) -> str:
        # The sign-in callback allows 20 a minute from one address; 12 through each node must meet the limit.
        statuses = [get(PORTS[n % 2], "/account/oidc/family/callback")[0] for n in range(24)]
        limited = statuses.count(429)
        assert 0 < limited <= 4, f"statuses {Counter(statuses)}"
        return f"20 allowed across both nodes, then {limited} refused (429)"


def get(port: int, path: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as response:  # noqa: S310
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, ""
    except OSError:
        return 0, ""


def base(port: int) -> str:
    return f"http://127.0.0.1:{port}"


def expect_redirect(answer: Response, step: str) -> Response:
    """A form the app accepted answers 303 (Post/Redirect/Get); anything else says why it was refused."""
    if answer.status != 303:
        reason = error_summary(answer.text) or answer.text[:300]
        raise AssertionError(f"{step}: {answer.status}, not 303: {reason}")
    return answer


def small_pdf(token: str) -> bytes:
    """A one-page PDF that says `token` (cross-reference offsets counted, so readers open it)."""
    text = f"BT /F1 12 Tf 72 720 Td (Cluster check {token}) Tj ET".encode()
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text),
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]  # fmt: skip
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


def wait_for(condition: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(1)
    raise TimeoutError(f"{what}: not within {seconds:.0f} s")


def _interrupt(*_: object) -> None:
    raise KeyboardInterrupt


def main() -> int:
    cluster = Cluster()
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        cluster.prepare()
        cluster.start_all()
        cluster.check("page published through A is served and found on B within 60 s",
                      cluster.published_on_a_found_on_b)  # fmt: skip
        cluster.check("file uploaded through A downloads through B, and to no one else",
                      cluster.upload_on_a_downloads_on_b)  # fmt: skip
        cluster.check("each queued e-mail is sent exactly once", cluster.emails_once)
        cluster.check("a scheduled job runs exactly once across both workers", cluster.scheduled_job_once)
        cluster.check("a worker killed mid-job leaves the job to the other, finished once", cluster.killed_worker)
        cluster.check("a rate limit counts across both nodes", cluster.rate_limit_shared)
    except KeyboardInterrupt:
        print("interrupted", flush=True)
    except Exception as error:  # noqa: BLE001 - set-up failed: report it, then clean up
        print(f"FAIL  set-up: {type(error).__name__}: {error} (logs in {cluster.tmp})", flush=True)
        cluster.results.append(("set-up", False, str(error)))
    finally:
        cluster.stop()
    passed = sum(ok for _, ok, _ in cluster.results)
    total = max(len(cluster.results), 6)
    cluster.clean_up(keep_logs=passed != total)
    print(f"cluster: {passed}/{total} checks passed")
    return 0 if passed == total == len(cluster.results) else 1


if __name__ == "__main__":
    sys.exit(main())
