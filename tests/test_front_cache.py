"""Public pages served before Flask (portal/front_cache.py): the same bytes and headers as Flask's page cache
gives, a fresh nonce each time, valid gzip built from kept pieces, and never for a request Flask would answer
differently (a session, a language switch, another Host or HX-Request, content that may have changed)."""

from __future__ import annotations

import gzip
import logging
import re
import time

import pytest

from portal.search import services as search_services

TOPIC = "/local-offer/annual-review"
NONCE = re.compile(r"'nonce-([^']+)'")


@pytest.fixture()
def front(app, caching):
    """The front cache on (content checks every hour, so none falls due mid-test), counting what reaches Flask."""
    app.config["CONTENT_VERSION_CHECK_SECONDS"] = 3600
    inner = app.wsgi_app.wsgi_app
    reached: list[str] = []

    def counting(environ, start_response):  # type: ignore[no-untyped-def]
        reached.append(environ["PATH_INFO"])
        return inner(environ, start_response)

    app.wsgi_app.wsgi_app = counting
    try:
        yield reached
    finally:
        app.wsgi_app.wsgi_app = inner
        app.config["CONTENT_VERSION_CHECK_SECONDS"] = 0


def _nonce(response) -> str:  # type: ignore[no-untyped-def]
    return NONCE.search(response.headers["Content-Security-Policy"]).group(1)


def _warm(client, path: str = TOPIC, **kwargs):  # type: ignore[no-untyped-def]
    """Requests until the copy is kept in front (the first may also run the content checks)."""
    for _ in range(3):
        response = client.get(path, **kwargs)
        assert response.status_code == 200
    return response


def test_a_repeat_is_answered_before_flask_with_the_same_page_and_headers_and_a_fresh_nonce(client, front):
    through_flask = _warm(client)
    reached = len(front)
    first, second = client.get(TOPIC), client.get(TOPIC)
    assert len(front) == reached, "neither repeat reached Flask"
    assert first.headers["X-Page-Cache"] == "hit"
    nonces = [_nonce(r) for r in (through_flask, first, second)]
    assert len(set(nonces)) == 3, "every response has its own nonce"
    for response, nonce in zip((through_flask, first, second), nonces, strict=True):
        page = response.get_data(as_text=True)
        assert f'nonce="{nonce}"' in page and page.count(nonce) == page.count("nonce=")
    same = [r.get_data(as_text=True).replace(n, "N") for r, n in zip((through_flask, second), nonces[::2], strict=True)]
    assert same[0] == same[1]
    per_response = {"Content-Security-Policy", "X-Request-ID"}
    assert {k: v for k, v in through_flask.headers if k not in per_response} == {
        k: v for k, v in second.headers if k not in per_response
    }
    assert first.headers["X-Request-ID"] != second.headers["X-Request-ID"]
    assert "no-store" not in second.headers.get("Cache-Control", "")


def test_gzip_is_built_from_kept_pieces_and_decompresses_to_the_page(client, front):
    plain = _warm(client)
    _warm(client, headers={"Accept-Encoding": "gzip, deflate, br"})
    reached = len(front)
    packed = client.get(TOPIC, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert len(front) == reached and packed.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed.headers["Vary"]
    page = gzip.decompress(packed.get_data())  # checks the CRC and length too
    assert int(packed.headers["Content-Length"]) == len(packed.get_data()) < len(page)
    assert page.replace(_nonce(packed).encode(), b"N") == plain.get_data().replace(_nonce(plain).encode(), b"N")
    refused = client.get(TOPIC, headers={"Accept-Encoding": "gzip;q=0"})
    assert "Content-Encoding" not in refused.headers and b"<html" in refused.get_data()


def test_signed_in_visitors_language_switches_and_other_methods_always_reach_flask(app, client, front):
    _warm(client)
    reached = len(front)
    client.set_cookie(app.config["SESSION_COOKIE_NAME"], "someone-signed-in")
    assert "X-Page-Cache" not in client.get(TOPIC).headers
    client.delete_cookie(app.config["SESSION_COOKIE_NAME"])
    switched = client.get(TOPIC + "?lang=cy")
    assert "locale=cy" in switched.headers.get("Set-Cookie", ""), "the language switch still sets its cookie"
    client.delete_cookie("locale")
    client.head(TOPIC)
    assert len(front) == reached + 3


def test_a_welsh_reader_an_htmx_request_and_another_host_each_get_their_own_copy(client, front):
    english = _warm(client).get_data(as_text=True)
    welsh = _warm(client, headers={"Accept-Language": "cy"}).get_data(as_text=True)
    assert 'lang="cy"' in welsh and 'lang="en"' in english
    assert 'lang="en"' in client.get(TOPIC).get_data(as_text=True)
    client.get("/", headers={"HX-Request": "true"})
    client.get("/", headers={"HX-Request": "true"})
    assert "<html" in _warm(client, "/").get_data(as_text=True), "a fragment is never served as the page"
    forged = client.get(TOPIC, headers={"Host": "evil.example"})
    assert forged.status_code == 400, "an unknown Host is refused by Flask, so no copy is ever made for it"
    assert client.get(TOPIC, headers={"Host": "evil.example"}).status_code == 400


def test_when_a_content_check_falls_due_the_request_goes_to_flask_which_checks(app, client, front):
    _warm(client)
    root = app.config["SEARCH_INDEX_DIR"]
    assert search_services.versions_if_fresh(root, 3600) is not None
    # An hour has passed since this process last looked (not 0.0: the monotonic clock may start near the boot).
    search_services._last_check[root] = time.monotonic() - 3601
    assert search_services.versions_if_fresh(root, 3600) is None
    reached = len(front)
    client.get(TOPIC)
    assert len(front) == reached + 1
    assert search_services.versions_if_fresh(root, 3600) is not None, "Flask looked again"
    assert search_services.versions_if_fresh(root, 0) is None, "with checks off, every request goes to Flask"


def test_a_search_that_found_nothing_is_never_kept_in_front(client, front, db_session):
    from sqlalchemy import select

    from portal.local_offer.models import SearchGap

    path = "/search?q=zqxjv+wqpfk"
    for _ in range(4):
        client.get(path)
    assert front.count("/search") == 4, "each one reached Flask, which records it"
    gap = db_session.scalar(select(SearchGap).where(SearchGap.query == "zqxjv wqpfk"))
    assert gap is not None and gap.count == 4


def test_a_page_served_in_front_still_writes_its_access_line(client, front, caplog):
    _warm(client)
    with caplog.at_level(logging.INFO, logger="portal.access"):
        response = client.get(TOPIC, headers={"X-Request-ID": "balancer-id-12345"})
    assert response.headers["X-Request-ID"] == "balancer-id-12345"
    # (A browser test's live server in the same process may log its own lines meanwhile: pick this request's.)
    [line] = [r for r in caplog.records if r.name == "portal.access" and r.request_id == "balancer-id-12345"]
    assert line.route == "/local-offer/<slug>" and line.status == 200 and line.request_id == "balancer-id-12345"
    assert TOPIC not in line.getMessage()
