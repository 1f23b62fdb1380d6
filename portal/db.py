"""The SQLAlchemy 2 base, the per-app engine and session, and the one-commit-per-request rule."""

from __future__ import annotations

import functools
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


def make_engine(url: str) -> Engine:
    """Create an engine; SQLite gets real transactions (so SAVEPOINTs and rollbacks behave)."""
    kwargs: dict[str, Any] = {"future": True}
    if url.startswith("sqlite"):
        kwargs["connect_args"] = {"check_same_thread": False}
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
                cursor.execute("PRAGMA journal_mode=WAL")
                # Long enough for a burst of sign-ins queueing for the write lock (each holds it for one verify).
                cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn: Any) -> None:
            # A deferred transaction that reads, does slow work, then writes fails with "database is locked" when
            # another process wrote meanwhile (SQLite cannot upgrade a stale read snapshot, busy_timeout or not).
            # Requests that may write take the write lock up front instead, and wait their turn for it.
            conn.exec_driver_sql("BEGIN IMMEDIATE" if _request_may_write() else "BEGIN")

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
