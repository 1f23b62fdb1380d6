"""A page served by the front cache (portal/front_cache.py) works in a real browser: compressed, with a nonce
that the page's own scripts carry and the policy allows (a wrong one would be blocked and logged)."""

from __future__ import annotations

import pytest

TOPIC = "/local-offer/annual-review"


@pytest.fixture()
def front_on(live_app):  # type: ignore[no-untyped-def]
    from portal import page_cache

    settings = {"PAGE_CACHE": True, "CONTENT_VERSION_CHECK_SECONDS": 3600}
    before = {name: live_app.config[name] for name in settings}
    inner = live_app.wsgi_app.wsgi_app
    reached: list[str] = []

    def counting(environ, start_response):  # type: ignore[no-untyped-def]
        reached.append(environ["PATH_INFO"])
        return inner(environ, start_response)

    live_app.config.update(settings)
    live_app.wsgi_app.wsgi_app = counting
    page_cache.clear()
    try:
        yield reached
    finally:
        live_app.wsgi_app.wsgi_app = inner
        live_app.config.update(before)
        page_cache.clear()


def test_a_page_from_the_front_cache_runs_its_scripts_in_the_browser(page, live_server, front_on):
    for _ in range(3):  # the first visits go through Flask and leave a copy in front
        page.goto(f"{live_server}{TOPIC}")
    reached = sum(1 for path in front_on if path == TOPIC)
    response = page.goto(f"{live_server}{TOPIC}")
    assert sum(1 for path in front_on if path == TOPIC) == reached, "served before Flask"
    headers = response.all_headers()
    assert headers.get("x-page-cache") == "hit" and headers.get("content-encoding") == "gzip"
    assert page.evaluate("document.body.classList.contains('js-enabled')"), "the inline script ran"
    page.wait_for_function("typeof window.htmx !== 'undefined'")
    assert page.locator("h1").inner_text().strip()
