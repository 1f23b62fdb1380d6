"""The embedded SQLite default holds a burst of simultaneous writes: no "database is locked"."""

from __future__ import annotations

import threading

from flask import Flask
from sqlalchemy import func, select, text

from portal.auth import services as auth
from portal.auth.models import AuditEvent
from portal.db import _request_may_write, db, make_engine
from tests.conftest import build_app
from tests.pages import token_from

BURST = 24  # real threads, each its own connection to one database file
PASSWORD = "correct horse battery staple"


def _file_app(tmp_path) -> Flask:
    from portal.cli import upgrade_database

    app = build_app(tmp_path, sqlite_only=True)
    with app.app_context():
        upgrade_database()
        for n in range(BURST):
            auth.create_user(email=f"burst{n}@example.com", password=PASSWORD, verified=True)
        db.session.commit()
    return app


def test_simultaneous_sign_ins_on_a_file_database_all_succeed(tmp_path):
    app = _file_app(tmp_path)
    clients = [app.test_client() for _ in range(BURST)]
    tokens = [token_from(c.get("/account/sign-in")) for c in clients]
    start = threading.Barrier(BURST)
    statuses: list[int] = []
    errors: list[BaseException] = []

    def sign_in(n: int) -> None:
        try:
            start.wait(timeout=60)
            data = {"email": f"burst{n}@example.com", "password": PASSWORD, "csrf_token": tokens[n]}
            statuses.append(clients[n].post("/account/sign-in", data=data).status_code)
        except BaseException as error:  # noqa: BLE001 - every failure is collected and reported below
            errors.append(error)

    threads = [threading.Thread(target=sign_in, args=(n,)) for n in range(BURST)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)

    assert not errors, [repr(e) for e in errors]
    assert statuses == [303] * BURST
    with app.app_context():
        signed_in = db.session.scalar(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "auth.sign_in")
        )
        assert signed_in == BURST, "every sign-in's write was committed"
        db.engine.dispose()


def test_file_database_uses_wal_and_waits_for_locks(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'pragmas.db'}")
    with engine.connect() as conn:
        assert conn.scalar(text("PRAGMA journal_mode")) == "wal"
        assert conn.scalar(text("PRAGMA busy_timeout")) >= 5000
    engine.dispose()


def test_only_requests_that_may_write_take_the_write_lock(app):
    assert not _request_may_write(), "outside a request (commands, tests): a plain BEGIN"
    with app.test_request_context("/"):
        assert not _request_may_write()
    with app.test_request_context("/account/sign-in", method="POST"):
        assert _request_may_write()
    with app.test_request_context("/search?q=respite"):
        # The search page records searches that found nothing: a GET that writes (it is @transactional).
        assert _request_may_write()


def test_simultaneous_questions_on_a_file_database_are_all_written(tmp_path):
    from portal.chat.models import ChatConversation, ChatMessage
    from portal.cli import upgrade_database
    from portal.local_offer.services import import_pages
    from portal.search.services import rebuild

    app = build_app(tmp_path, sqlite_only=True)
    with app.app_context():
        upgrade_database()
        import_pages(app.config["CONTENT_DIR"])
        db.session.commit()
        rebuild()
    clients = [app.test_client() for _ in range(BURST)]
    tokens = [token_from(c.get("/ask")) for c in clients]
    start = threading.Barrier(BURST)
    statuses: list[int] = []
    errors: list[BaseException] = []

    def ask(n: int) -> None:
        try:
            start.wait(timeout=60)
            for question in ("what is respite", "what is a SENCO"):
                statuses.append(
                    clients[n].post("/ask", data={"message": question, "csrf_token": tokens[n]}).status_code
                )
        except BaseException as error:  # noqa: BLE001 - every failure is collected and reported below
            errors.append(error)

    threads = [threading.Thread(target=ask, args=(n,)) for n in range(BURST)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)

    assert not errors, [repr(e) for e in errors]
    assert statuses == [303] * (2 * BURST)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ChatConversation)) == BURST
        assert db.session.scalar(select(func.count()).select_from(ChatMessage)) == 4 * BURST
        assert set(db.session.scalars(select(ChatConversation.message_count))) == {4}
        db.engine.dispose()
