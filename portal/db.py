"""The SQLAlchemy 2 base, the per-app engine and session, and the one-commit-per-request rule."""

from __future__ import annotations

import fcntl
import functools
import os
import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any, TypeVar

from flask import Flask, current_app, g, has_request_context, request
from sqlalchemy import DateTime, MetaData, String, create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker
from sqlalchemy.pool import StaticPool

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


def new_id() -> str:
    return str(uuid.uuid4())


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class IdMixin:
    """UUID primary key (as text, so SQLite and PostgreSQL agree) and UTC timestamps."""

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class _WriterQueue:
    """Writers to one SQLite file take turns in a queue instead of polling for the database's write lock.

    SQLite's own wait for a busy database (busy_timeout) sleeps and retries, with sleeps growing to 100 ms; with
    eight threads in two gunicorn workers posting questions at once, a write of a millisecond waited up to a
    second for its turn. Here a writer first takes a lock shared by its process's threads, then an flock on a
    file beside the database, shared by every process (web workers, the jobs worker, commands): each is woken the
    moment the one before lets go. The lock is let go when the transaction ends (commit, rollback or close); a
    process that dies lets go of its flock with it. busy_timeout stays as the fallback for anything else.
    """

    WAIT_SECONDS = 30

    def __init__(self, path: str) -> None:
        self.path = path + ".writers"
        self.threads = threading.Lock()
        self.fd: int | None = None
        self.pid = 0

    def acquire(self) -> None:
        if not self.threads.acquire(timeout=self.WAIT_SECONDS):
            raise sqlite3.OperationalError("database is locked (waited for the other writers of this process)")
        try:
            if self.fd is None or self.pid != os.getpid():  # a forked worker opens its own (flock is per open)
                self.fd, self.pid = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600), os.getpid()
            fcntl.flock(self.fd, fcntl.LOCK_EX)
        except BaseException:
            self.threads.release()
            raise

    def release(self) -> None:
        try:
            if self.fd is not None:
                fcntl.flock(self.fd, fcntl.LOCK_UN)
        finally:
            self.threads.release()


_QUEUES: dict[str, _WriterQueue] = {}
_QUEUES_LOCK = threading.Lock()


def _writer_queue(path: str) -> _WriterQueue:
    with _QUEUES_LOCK:
        return _QUEUES.setdefault(os.path.abspath(path), _WriterQueue(os.path.abspath(path)))


class _QueuedConnection(sqlite3.Connection):
    """A SQLite connection that holds its place in the writer queue from BEGIN IMMEDIATE to the end."""

    queue: _WriterQueue | None = None
    queued = False

    def begin_immediate(self) -> None:
        if self.queue is None:
            self.execute("BEGIN IMMEDIATE")
            return
        self.queue.acquire()
        self.queued = True
        try:
            self.execute("BEGIN IMMEDIATE")
        except BaseException:
            self._leave()
            raise

    def _leave(self) -> None:
        if self.queued:
            self.queued = False
            self.queue.release()  # type: ignore[union-attr]

    def commit(self) -> None:
        try:
            super().commit()
        finally:
            if not self.in_transaction:  # a failed COMMIT leaves the transaction open; rollback ends it
                self._leave()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self._leave()

    def close(self) -> None:
        try:
            super().close()
        finally:
            self._leave()


def make_engine(url: str) -> Engine:
    """Create an engine; SQLite gets real transactions (so SAVEPOINTs and rollbacks behave)."""
    kwargs: dict[str, Any] = {"future": True}
    if url.startswith("sqlite"):
        kwargs["connect_args"] = {"check_same_thread": False, "factory": _QueuedConnection}
        if url in ("sqlite://", "sqlite:///:memory:"):
            kwargs["poolclass"] = StaticPool
    else:
        kwargs["pool_pre_ping"] = True
    engine = create_engine(url, **kwargs)
    if url.startswith("sqlite"):

        @event.listens_for(engine, "connect")
        def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
            # pysqlite's own transaction handling breaks SAVEPOINT; take control of BEGIN ourselves.
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            if url not in ("sqlite://", "sqlite:///:memory:"):
                dbapi_connection.queue = _writer_queue(engine.url.database or "")
                cursor.execute("PRAGMA journal_mode=WAL")
                # Long enough for a burst of sign-ins queueing for the write lock (each holds it for one verify).
                cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn: Any) -> None:
            # A deferred transaction that reads, does slow work, then writes fails with "database is locked" when
            # another process wrote meanwhile (SQLite cannot upgrade a stale read snapshot, busy_timeout or not).
            # Requests that may write take the write lock up front instead, and wait their turn for it.
            if _request_may_write():
                conn.connection.dbapi_connection.begin_immediate()
            else:
                conn.exec_driver_sql("BEGIN")

    return engine


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _request_may_write() -> bool:
    """True inside a request that may write: any unsafe method, or a GET view marked @transactional."""
    if not has_request_context() or g.get("portal_writes_done") or g.get("portal_reading"):
        return False
    if request.method not in SAFE_METHODS:
        return True
    view = current_app.view_functions.get(request.endpoint or "")
    return bool(getattr(view, "writes_database", False))


class Database:
    """Holds one engine per app; a session lives for one app context (one request or command)."""

    def init_app(self, app: Flask) -> None:
        engine = make_engine(app.config["DATABASE_URL"])
        app.extensions["portal.db"] = {"engine": engine, "factory": sessionmaker(bind=engine, expire_on_commit=False)}
        app.teardown_appcontext(self._remove)

    @property
    def engine(self) -> Engine:
        return current_app.extensions["portal.db"]["engine"]

    def bind_session_factory(self, app: Flask, factory: Callable[[], Session]) -> None:
        """Let tests hand every app context a session joined to an outer, rolled-back transaction."""
        app.extensions["portal.db"]["factory"] = factory

    @property
    def session(self) -> Session:
        if "db_session" not in g:
            g.db_session = current_app.extensions["portal.db"]["factory"]()
        return g.db_session

    def _remove(self, _exc: BaseException | None = None) -> None:
        session = g.pop("db_session", None)
        if session is not None:
            session.close()


db = Database()

F = TypeVar("F", bound=Callable[..., Any])


def commit_writes() -> None:
    """Commit the request's writes now, before the response is built; what the request does after only reads.

    For a view whose response takes a while to build (a page rendered for htmx): on SQLite its writes hold the
    database's one write lock until they are committed, and every other writer waits for it. Later statements of
    the same request begin plain read transactions. The view's @transactional commit then commits only if
    something happened since.
    """
    db.session.commit()
    g.portal_writes_done = True


@contextmanager
def reading() -> Iterator[None]:
    """The reads a writing request does before it writes (answering a question): a plain read transaction.

    On SQLite a request that may write takes the database's one write lock at its first statement and keeps it to
    the commit, so a view that reads, thinks for a while (an embedding, a search) and then writes two rows held
    up every other writer for all of it. Inside this block statements begin plain read transactions; at its end
    the read transaction is closed, so the writes after it take the lock only for themselves. Nothing may be
    written inside the block (the ORM's pending changes are flushed at its end, as a read transaction's commit).
    """
    g.portal_reading = True
    try:
        yield
    finally:
        g.portal_reading = False
    if db.session.in_transaction():
        db.session.commit()


def transactional(view: F) -> F:
    """Commit once after a successful (2xx/3xx) response; roll back otherwise."""

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from flask import make_response

        try:
            response = make_response(view(*args, **kwargs))
        except Exception:
            db.session.rollback()
            raise
        if response.status_code < 400:
            if db.session.in_transaction():  # nothing to commit after commit_writes() and no read since
                db.session.commit()
        else:
            db.session.rollback()
        return response

    wrapper.writes_database = True  # type: ignore[attr-defined]  # read by _request_may_write (SQLite)
    return wrapper  # type: ignore[return-value]
