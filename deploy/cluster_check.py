"""`make cluster-check`: two web nodes and two workers on this machine behave as one service.

Starts, against the local PostgreSQL (its own database, CLUSTER_DATABASE) and Redis (its own db number,
CLUSTER_REDIS_DB), two gunicorn web nodes on 127.0.0.1 (each with its own search index folder) and two
`portal jobs worker` processes, plus a fake GOV.UK Notify on loopback. Prints one line per check, ends with
`cluster: N/N checks passed`, exits 0 only when all pass, and stops everything it started (on failure and
Ctrl+C too). Not part of `make test`.
"""

from __future__ import annotations

import json
import os
import secrets
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
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
PG = os.environ.get("CLUSTER_POSTGRES", "postgresql://postgres@127.0.0.1:5432")
DATABASE = os.environ.get("CLUSTER_DATABASE", "portal_cluster")
REDIS_URL = f"redis://127.0.0.1:6379/{os.environ.get('CLUSTER_REDIS_DB', '12')}"
PORTS = (int(os.environ.get("CLUSTER_PORT_A", "5871")), int(os.environ.get("CLUSTER_PORT_B", "5872")))
NOTIFY_KEY = "cluster_check-2b6b1f2e-8c1a-4e55-9a57-0d1c9f1e7a10-7f1c3b5e-2d4a-4c8e-b6f0-9a8d7c6b5a41"
TEMPLATE = "0e0f6a52-3b1f-4a7d-8a6c-2f9e5d4c3b21"


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

    def console(self, node: str, code: str) -> str:
        """Run Python inside node's app (app and db are in scope); returns what it printed."""
        script = (
            "from portal import create_app\nfrom portal.db import db\napp = create_app()\nwith app.app_context():\n"
        )
        script += "".join(f"    {line}\n" for line in code.splitlines())
        done = subprocess.run([BIN / "python", "-c", script], env=self.node_env(node), capture_output=True, text=True)
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

    def published_on_a_found_on_b(self) -> str:
        word = "zebra" + secrets.token_hex(3).translate(str.maketrans("0123456789", "ghijklmnop"))
        started = time.monotonic()
        # An officer's publish moves the page and the content version on, as publishing.publish() does.
        self.console("a", "from sqlalchemy import select\nfrom portal.local_offer.models import Page\n"
                          "from portal.local_offer.services import bump_content_version\n"
                          "page = db.session.scalar(select(Page).where(Page.slug == 'senco', Page.locale == 'en'))\n"
                          f"page.title = 'SENCOs {word}'\nbump_content_version()\ndb.session.commit()")  # fmt: skip
        wait_for(lambda: word in get(PORTS[1], "/local-offer/senco")[1], 60, "page on B")
        wait_for(lambda: "/local-offer/senco" in get(PORTS[1], f"/search?q={word}")[1], 60, "search on B")
        return f"page and search on B after {time.monotonic() - started:.0f} s"

    def upload_on_a_downloads_on_b(self) -> str:
        key = self.console("a", "from portal import storage\nfrom flask import current_app\n"
                                "with current_app.test_request_context():\n"
                                "    storage.put('clustercheck1', b'%PDF-1.4 cluster'); db.session.commit()\n"
                                "print('clustercheck1')")  # fmt: skip
        data = self.console("b", f"from portal import storage\nprint(storage.get('{key}').decode())")
        assert data == "%PDF-1.4 cluster", data
        return "stored through A's app, read back through B's (UPLOAD_STORAGE=database)"

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
        cluster.check("file stored through A is read through B", cluster.upload_on_a_downloads_on_b)
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
    print(f"cluster: {passed}/{total} checks passed")
    return 0 if passed == total == len(cluster.results) else 1


if __name__ == "__main__":
    sys.exit(main())
