"""Browser tests: the real app served on loopback, driven by Playwright in Debian's chromium."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.serving import make_server

from tests.conftest import build_app, load_everything

CHROMIUM = os.environ.get("PORTAL_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            # Under pytest-xdist the browser tests are spread over the workers like the rest: each worker that
            # gets one starts its own server (on its own SQLite file) and its own browser, once.
            item.add_marker(pytest.mark.e2e)
            if not Path(CHROMIUM).exists():
                item.add_marker(
                    pytest.mark.skip(reason=f"no browser at {CHROMIUM} (.ci/run installs Debian's chromium)")
                )


@pytest.fixture(scope="session")
def live_app(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    """The app behind live_server (for tests that set up data or settings the browser then sees)."""
    tmp = tmp_path_factory.mktemp("e2e")
    # The browser tests always use their own SQLite file, so they can run beside the PostgreSQL pass.
    app = build_app(tmp, sqlite_only=True, PROPAGATE_TEST_ERRORS=False, E2E_DEMO_ACCOUNTS=True)
    load_everything(app)
    return app


@pytest.fixture(scope="session")
def live_server(live_app: Flask) -> Iterator[str]:
    app = live_app
    server = make_server("127.0.0.1", 0, app, threaded=True)
    # Links in e-mails and redirects to secret links are built from BASE_URL: point it at this server.
    app.config["BASE_URL"] = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture()
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1024, "height": 800})  # type: ignore[attr-defined]
    tab = context.new_page()
    problems: list[str] = []

    def on_console(msg: object) -> None:
        # A page that is meant to be a 404 logs its own status; anything else is a real problem.
        if msg.type == "error" and msg.location.get("url", "").split("?")[0] != tab.url.split("?")[0]:  # type: ignore[attr-defined]
            problems.append(msg.text)  # type: ignore[attr-defined]

    tab.on("console", on_console)
    tab.on("pageerror", lambda exc: problems.append(str(exc)))
    tab.problems = problems
    yield tab
    context.close()
    assert not problems, f"browser console errors: {problems}"


@pytest.fixture()
def nojs_page(browser: object) -> Iterator[object]:
    context = browser.new_context(java_script_enabled=False)  # type: ignore[attr-defined]
    tab = context.new_page()
    yield tab
    context.close()
