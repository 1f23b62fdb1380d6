"""Shared caches: bounded by bytes, never shared with signed-in people, not poisoned by Host or HX-Request;
the Open Referral UK feed's ETag, Cache-Control and 304."""

from __future__ import annotations

from portal import page_cache
from portal.page_cache import BytesCache, words_key

TOPIC = "/local-offer/annual-review"
FEED = "/api/oruk/services"


def test_cache_is_bounded_by_bytes_not_entries():
    cache = BytesCache(20_000)
    for n in range(100):
        cache.put(n, "x" * 1_000)
    assert cache.bytes <= 20_000
    assert 10 <= len(cache) < 20
    assert cache.get(0) is None, "the oldest went first"
    assert cache.get(99) == "x" * 1_000
    cache.put("huge", "y" * 50_000)
    assert cache.get("huge") is None, "a value bigger than the whole cache is not kept"
    assert cache.bytes <= 20_000


def test_recently_used_entries_stay():
    cache = BytesCache(5_000)
    cache.put("keep", "k" * 1_000)
    for n in range(10):
        cache.get("keep")
        cache.put(n, "x" * 1_000)
    assert cache.get("keep") == "k" * 1_000


def test_words_key_ignores_case_spacing_and_punctuation(app, db_session):
    with app.test_request_context("/"):
        assert words_key("Short  breaks?", locale="en") == words_key("short breaks", locale="en")
        assert words_key("short breaks", locale="en") != words_key("short breaks", locale="cy")
        assert words_key("short breaks", locale="en") != words_key("short breaks", locale="en", easy_read=True)
        assert words_key("short breaks", locale="en") != words_key("breaks short", locale="en")


def test_a_forged_host_gets_its_own_copy(client, caching):
    # Unknown hosts are refused outright (TRUSTED_HOSTS); even so, nothing about that request may be cached.
    forged = client.get(TOPIC, headers={"Host": "evil.example"})
    assert forged.status_code in (200, 400)
    real = client.get(TOPIC)
    assert "X-Page-Cache" not in real.headers, "the forged request's copy is not served to anyone else"
    assert client.get(TOPIC).headers["X-Page-Cache"] == "hit"


def test_an_htmx_request_never_fills_the_full_page_copy(client, caching):
    client.get("/", headers={"HX-Request": "true"})
    full = client.get("/")
    assert "X-Page-Cache" not in full.headers
    assert "<html" in full.get_data(as_text=True)
    again = client.get("/")
    assert again.headers["X-Page-Cache"] == "hit" and "<html" in again.get_data(as_text=True)


def test_visitors_with_a_session_are_never_served_or_stored(app, client, caching):
    cookie = app.config["SESSION_COOKIE_NAME"]
    client.set_cookie(cookie, "someone-signed-in")
    client.get(TOPIC)
    assert "X-Page-Cache" not in client.get(TOPIC).headers, "not served from a shared copy"
    client.delete_cookie(cookie)
    assert "X-Page-Cache" not in client.get(TOPIC).headers, "and nothing was stored for them"
    assert len(page_cache.pages) == 1


def test_feed_has_etag_and_cache_control_and_answers_304(client):
    first = client.get(FEED)
    assert first.status_code == 200
    etag = first.headers["ETag"]
    assert first.headers["Cache-Control"] == f"public, max-age={page_cache.FEED_MAX_AGE}"
    again = client.get(FEED, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.get_data() == b""
    assert again.headers["ETag"] == etag
    other = client.get(FEED + "?page=2")
    assert other.headers["ETag"] != etag, "each query has its own tag"
    assert client.get(FEED, headers={"If-None-Match": '"something-else"'}).status_code == 200


def test_feed_etag_moves_with_the_content_version(client, db_session, monkeypatch):
    etag = client.get(FEED).headers["ETag"]
    monkeypatch.setattr(page_cache, "content_version", lambda: 10_000)
    moved = client.get(FEED, headers={"If-None-Match": etag})
    assert moved.status_code == 200 and moved.headers["ETag"] != etag


def test_feed_is_served_from_memory_until_the_content_version_moves(client, caching, monkeypatch):
    first = client.get(FEED)
    second = client.get(FEED)
    assert second.headers["X-Page-Cache"] == "hit" and second.get_json() == first.get_json()
    assert second.headers["Access-Control-Allow-Origin"] == "*"
    monkeypatch.setattr(page_cache, "content_version", lambda: 10_000)
    assert "X-Page-Cache" not in client.get(FEED).headers


def test_feed_errors_are_not_cached(client, caching):
    bad = client.get(FEED + "?page=zero")
    assert bad.status_code == 400 and "ETag" not in bad.headers
    assert "X-Page-Cache" not in client.get(FEED + "?page=zero").headers


def _count_searches(monkeypatch) -> list[object]:
    from portal.search import services as search_services

    calls: list[object] = []
    real = search_services.search

    def counting(params, **kwargs):
        calls.append(params)
        return real(params, **kwargs)

    monkeypatch.setattr(search_services, "search", counting)
    return calls


def test_search_results_are_reused_for_the_same_words(client, db_session, caching, monkeypatch):
    calls = _count_searches(monkeypatch)
    first = client.get("/search?q=short+breaks")
    second = client.get("/search?q=Short++Breaks%3F")
    assert first.status_code == second.status_code == 200
    assert len(calls) == 1, "the second search came from memory"
    client.get("/search?q=short+breaks&lang=cy")
    assert len(calls) == 2, "each language is its own entry"
    client.get("/local-offer/services?q=short+breaks")
    assert len(calls) == 3, "the directory (services only) is its own entry"
    client.get("/local-offer/services?q=short+breaks")
    assert len(calls) == 3


def test_zero_result_searches_are_recorded_even_from_the_cache(client, db_session, caching):
    from sqlalchemy import select

    from portal.local_offer.models import SearchGap

    for _ in range(3):
        assert client.get("/search?q=xylophonequartz").status_code == 200
    assert db_session.scalar(select(SearchGap).where(SearchGap.query == "xylophonequartz")).count == 3


def test_search_pages_are_cached_whole_and_still_record_gaps(client, db_session, caching):
    from sqlalchemy import select

    from portal.local_offer.models import SearchGap

    for _ in range(3):
        page = client.get("/search?q=xylophonequartz")
    assert page.headers["X-Page-Cache"] == "hit"
    assert db_session.scalar(select(SearchGap).where(SearchGap.query == "xylophonequartz")).count == 3
    client.get("/local-offer/services?q=short+breaks")
    assert client.get("/local-offer/services?q=short+breaks").headers["X-Page-Cache"] == "hit"


def test_feed_rows_are_built_once_and_follow_a_publish(app, client, db_session, caching):
    """Pages no one asked for yet reuse each row's JSON; a change to a service, once published, shows at once
    (with a new ETag), on a page that was never cached whole as well as on one that was."""
    from portal.local_offer.models import Service
    from portal.local_offer.services import bump_content_version
    from portal.search.services import notice_content_version

    first = client.get(FEED + "?per_page=5")
    etag = first.headers["ETag"]
    assert len(page_cache.feed_rows) == 5
    shifted = client.get(FEED + "?per_page=4").get_json()
    assert shifted["contents"] == first.get_json()["contents"][:4], "the same rows, from memory"
    assert len(page_cache.feed_rows) == 5

    service = db_session.get(Service, first.get_json()["contents"][0]["id"])
    service.description = "A new description, published just now."
    bump_content_version()
    db_session.flush()
    app.config["CONTENT_VERSION_CHECK_SECONDS"] = 0
    notice_content_version()
    again = client.get(FEED + "?per_page=5", headers={"If-None-Match": etag})
    assert again.status_code == 200 and again.headers["ETag"] != etag
    assert again.get_json()["contents"][0]["description"] == "A new description, published just now."
    other = client.get(FEED + "?per_page=3").get_json()
    assert other["contents"][0]["description"] == "A new description, published just now."


def test_add_vary_adds_each_name_once_whatever_its_case():
    from flask import Response

    from portal.headers import add_vary

    response = Response("x")
    add_vary(response, "Cookie", "Accept-Language")
    add_vary(response, "cookie", "Accept-Encoding")
    assert response.headers["Vary"] == "Cookie, Accept-Language, Accept-Encoding"
    assert set(response.vary) == {"Cookie", "Accept-Language", "Accept-Encoding"}


def test_an_anonymous_cached_page_still_gets_every_security_header_and_a_fresh_nonce(client, caching):
    from tests.pages import nonce_from

    first, second = client.get(TOPIC), client.get(TOPIC)
    assert second.headers["X-Page-Cache"] == "hit"
    assert nonce_from(first) != nonce_from(second)
    assert f'nonce="{nonce_from(second)}"' in second.get_data(as_text=True)
    for name in ("X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy", "Permissions-Policy",
                 "Cross-Origin-Opener-Policy"):  # fmt: skip
        assert second.headers[name] == first.headers[name]
    assert {"Cookie", "Accept-Language", "Accept-Encoding"} <= set(second.vary)
    assert "Set-Cookie" not in second.headers


def test_search_pages_kept_while_the_index_lagged_are_dropped_once_it_catches_up(
    app, client, db_session, caching, monkeypatch, tmp_path
):
    """On a node whose worker has not rebuilt yet, the database is at the new version and search is not: what
    was kept then must not outlive the rebuild (it did, until the next publish, when keyed on the database alone).
    """
    from sqlalchemy import select

    from portal.local_offer.models import Page
    from portal.local_offer.services import bump_content_version
    from portal.search import services as search_services

    monkeypatch.setitem(app.config, "SEARCH_INDEX_DIR", str(tmp_path / "node-b"))
    search_services.rebuild()
    page = db_session.scalar(select(Page).where(Page.slug == "senco", Page.locale == "en"))
    page.title = "Zebracorn coordinators in schools"
    bump_content_version()  # published through another node; this node's worker has not rebuilt yet
    db_session.flush()
    monkeypatch.setattr(search_services, "ensure_fresh", lambda **_: False)
    assert "/local-offer/senco" not in client.get("/search?q=zebracorn").get_data(as_text=True)
    search_services.rebuild()  # the worker catches up
    assert "/local-offer/senco" in client.get("/search?q=zebracorn").get_data(as_text=True)
    assert client.get("/search?q=zebracorn").headers["X-Page-Cache"] == "hit", "and is kept again"
