"""Fixtures: one app and one loaded database per test session; each test runs in a rolled-back transaction."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import settings
from sqlalchemy import text
from sqlalchemy.orm import Session

from portal import create_app
from portal.config import ROOT, TestConfig
from portal.db import db
from tests.pages import PageClient

# Pages the tests load without their Welsh version, as if the council had published them in English first (every
# page has a Welsh version today): what the Welsh interface does with a page it has only in English (the note,
# the lang="en" marks, English pages ranked fairly among Welsh ones) needs some such pages to test against.
ENGLISH_FIRST = ("annual-review", "autism-and-adhd-pathways", "disagreement-mediation",
                 "education-other-than-at-school-and-elective-home-education", "personal-budgets", "post-16-travel",
                 "senco", "sensory-impairment-hearing-vision", "special-schools-and-resourced-provision")  # fmt: skip


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--database-tests-only",
        action="store_true",
        help="run only the tests that use the shared `app` fixture (the PostgreSQL pass of `make test`)",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """`make test`'s second pass, on PostgreSQL, runs only the tests that use the `app` fixture: that app is the
    only one a test gets on the test database (every other app a test builds is on a SQLite file of its own,
    `build_app(sqlite_only=True)`, or a production config on a file), so the rest would only repeat the first pass
    on SQLite. tests/test_conventions.py keeps it so."""
    if not config.getoption("--database-tests-only"):
        return
    kept, skipped = [], []
    for item in items:
        (kept if "app" in getattr(item, "fixturenames", ()) else skipped).append(item)
    if skipped:
        config.hook.pytest_deselected(items=skipped)
        items[:] = kept


def _test_content() -> Path:
    """The repository's content, less the Welsh versions of ENGLISH_FIRST (a copy; the repository is untouched)."""
    copy = Path(tempfile.mkdtemp(prefix="portal-test-content-")) / "content"
    shutil.copytree(ROOT / "content", copy)
    for slug in ENGLISH_FIRST:
        (copy / "pages" / "cy" / f"{slug}.md").unlink(missing_ok=True)
    return copy


CONTENT_DIR = _test_content()

# No timed assertions: Hypothesis's 200 ms per example fails the date properties on a busy shared machine.
settings.register_profile("portal", deadline=None)
settings.load_profile("portal")


class IsolatedClient(FlaskClient):
    """Each request gets its own app context (its own g and session), as in production, even while the
    test holds one open to call services directly."""

    def open(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        with self.application.app_context():
            return super().open(*args, **kwargs)


def _worker_database(url: str) -> str:
    """Under pytest-xdist each worker gets a PostgreSQL database of its own (portal_test_gw0, ...), made here."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return url
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    base = make_url(url)
    name = f"{base.database or 'portal_test'}_{worker}"
    admin = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            if conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}) is None:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


def _database_url(tmp: Path) -> str:
    """PORTAL_TEST_DATABASE_URL (one database per xdist worker), else a SQLite file in this worker's tmp folder."""
    url = os.environ.get("PORTAL_TEST_DATABASE_URL")
    return _worker_database(url) if url else f"sqlite:///{tmp / 'portal-test.db'}"


def _reset_postgres(app: Flask) -> None:
    with app.app_context():
        with db.engine.begin() as conn:
            conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))


def build_app(tmp: Path, *, sqlite_only: bool = False, **overrides: object) -> Flask:
    """An app on the test database, or on its own SQLite file (for apps built beside the shared one)."""
    config = TestConfig()
    config.DATABASE_URL = f"sqlite:///{tmp / 'portal-test.db'}" if sqlite_only else _database_url(tmp)
    config.SEARCH_INDEX_DIR = str(tmp / "search_index")
    config.CONTENT_DIR = str(CONTENT_DIR)
    return create_app(config, **overrides)


def load_everything(app: Flask) -> None:
    """Schema through the real migrations, then content, demo directory and search index."""
    from portal.cli import upgrade_database
    from portal.local_offer.services import import_pages
    from portal.search.services import rebuild
    from portal_demo.commands import load_demo_postcodes
    from portal_demo.directory import load_demo_directory

    if not app.config["DATABASE_URL"].startswith("sqlite"):
        _reset_postgres(app)
    with app.app_context():
        upgrade_database()
        import_pages(app.config["CONTENT_DIR"])
        load_demo_postcodes()
        load_demo_directory()
        db.session.commit()
        rebuild()
        if app.config.get("E2E_DEMO_ACCOUNTS"):
            app.test_cli_runner().invoke(args=["seed-demo"])


@pytest.fixture(scope="session")
def app(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    tmp = tmp_path_factory.mktemp("portal")
    application = build_app(tmp)
    application.test_client_class = IsolatedClient
    load_everything(application)
    return application


@pytest.fixture()
def db_session(app: Flask) -> Iterator[Session]:
    """Every session the app opens during the test joins one outer transaction, rolled back afterwards.

    The test itself runs inside an app context with its own session on the same connection; each
    request the test makes gets a fresh app context (and session) of its own, as in production.
    """
    from sqlalchemy.orm import sessionmaker

    with app.app_context():
        connection = db.engine.connect()
    outer = connection.begin()
    factory = sessionmaker(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)
    original = app.extensions["portal.db"]["factory"]
    app.extensions["portal.db"]["outside_the_test"] = original  # fresh_index reads the database as it will be after
    db.bind_session_factory(app, factory)
    ctx = app.app_context()
    ctx.push()
    try:
        yield db.session
    finally:
        ctx.pop()
        db.bind_session_factory(app, original)
        outer.rollback()
        connection.close()


def rebuild_index_outside_the_test(app: Flask) -> None:
    """Rebuild the search index through a session of its own, outside the test's transaction: from what the
    database holds once the test's changes are rolled back."""
    from portal.search import services as search_services

    inside = app.extensions["portal.db"]["factory"]
    db.bind_session_factory(app, app.extensions["portal.db"]["outside_the_test"])
    try:
        with app.app_context():
            search_services.rebuild()
    finally:
        db.bind_session_factory(app, inside)


@pytest.fixture()
def fresh_index(app: Flask, db_session: Session) -> Iterator[None]:
    """Tests that publish change the shared search index: put it back after.

    This runs before db_session rolls the test's transaction back, so the rebuild must not read through the test's
    session (through it, a Welsh page a test had published stayed in the index for the tests after it)."""
    yield
    rebuild_index_outside_the_test(app)


@pytest.fixture()
def client(app: Flask, db_session: Session) -> FlaskClient:
    return app.test_client()


@pytest.fixture()
def pages(app: Flask, db_session: Session) -> PageClient:
    """A client that checks every page it fetches (title, one h1, unique ids, CSRF, script nonces)."""
    return PageClient(app.test_client())


@pytest.fixture()
def caching(app: Flask) -> Iterator[None]:
    """The shared page and answer caches switched on for one test (the test configuration keeps them off)."""
    from portal import page_cache

    app.config["PAGE_CACHE"] = True
    page_cache.clear()
    try:
        yield
    finally:
        app.config["PAGE_CACHE"] = False
        page_cache.clear()


@pytest.fixture()
def htmx_pages(app: Flask, db_session: Session) -> PageClient:
    return PageClient(app.test_client(), headers={"HX-Request": "true"})
