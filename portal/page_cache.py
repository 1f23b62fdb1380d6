"""Small in-process caches for what is the same for many visitors, each bounded by bytes.

Rendered public pages and the Open Referral UK feed are keyed by path and query, host, language, whether htmx
asked for a fragment, and the content version, so publishing (which moves the content version) retires old
copies on every node, and neither a forged Host header nor an HX-Request header can put a copy in front of
anyone who did not send the same. Only visitors without a session cookie are served or stored: nothing cached
is ever shared between signed-in people (or carries someone's CSRF token). The CSP nonce is swapped out
before storing and a fresh one put in for each response, so a cached page never reuses a nonce.

`BytesCache` and `words_key` are the generic pieces other views (search results, the assistant's first
answer) use for their own caches.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import pickle
import re
import sys
import threading
import unicodedata
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from flask import current_app, g, make_response, request

from portal.headers import csp_nonce
from portal.htmx import is_htmx
from portal.i18n import get_locale

NONCE_SLOT = "\x00portal-nonce\x00"
# Set on a response portal/front_cache.py may keep: (its body with NONCE_SLOT, the route's rule).
FRONT_SHAREABLE = "portal.front_page"
FRONT_CACHE_BYTES = 32 * 1024 * 1024
PAGE_CACHE_BYTES = 32 * 1024 * 1024
FEED_CACHE_BYTES = 16 * 1024 * 1024
FEED_MAX_AGE = 60  # seconds a browser or proxy may reuse a feed response without asking again
KEPT_HEADERS = ("Vary", "Content-Language", "Access-Control-Allow-Origin")


def size_of(value: Any) -> int:
    """Roughly how many bytes a cached value holds (strings and bytes dominate; containers are walked)."""
    if isinstance(value, str | bytes):
        return sys.getsizeof(value)
    if isinstance(value, tuple | list):
        return sys.getsizeof(value) + sum(size_of(v) for v in value)
    if isinstance(value, dict):
        return sys.getsizeof(value) + sum(size_of(k) + size_of(v) for k, v in value.items())
    return sys.getsizeof(value)


class BytesCache:
    """A thread-safe least-recently-used cache that holds at most max_bytes (values and keys, roughly)."""

    def __init__(self, max_bytes: int, *, sizer: Callable[[Any], int] = size_of) -> None:
        self.max_bytes = max_bytes
        self._sizer = sizer
        self._lock = threading.Lock()
        self._items: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self.bytes = 0

    def get(self, key: Hashable) -> Any | None:
        with self._lock:
            item = self._items.get(key)
            if item is None:
                return None
            self._items.move_to_end(key)
            return item[0]

    def put(self, key: Hashable, value: Any) -> None:
        size = self._sizer(value) + size_of(key)
        if size > self.max_bytes:
            return  # one value bigger than the whole cache is not worth keeping
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self.bytes -= old[1]
            self._items[key] = (value, size)
            self.bytes += size
            while self.bytes > self.max_bytes:
                _, (_, dropped) = self._items.popitem(last=False)
                self.bytes -= dropped

    def get_or_compute(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        hit = self.get(key)
        if hit is None:
            hit = compute()
            self.put(key, hit)
        return hit

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self.bytes = 0

    def __len__(self) -> int:
        return len(self._items)


_WORD = re.compile(r"\w+")


def words_key(text: str, *, locale: str, easy_read: bool = False) -> tuple[Any, ...]:
    """A cache key for a question or search: its words (case, accents' forms, spacing and punctuation aside),
    language, easy read, and the content and index versions, so "Short breaks?" and "short  breaks" share an
    answer."""
    words = tuple(_WORD.findall(unicodedata.normalize("NFKC", text).casefold()))
    return (words, locale, bool(easy_read), content_version(), index_version())


def content_version() -> int:
    from portal.search.services import known_content_version

    return known_content_version()


def index_version() -> int | None:
    """The version of the search index this process answers from, which trails content_version() on a node
    until its worker has rebuilt: whatever shows search results is keyed on both."""
    from portal.search.services import served_index_version

    return served_index_version()


def enabled() -> bool:
    return current_app.config.get("PAGE_CACHE", True) is not False


def anonymous_get() -> bool:
    """A GET from a browser with no session: the only requests a shared copy may answer."""
    return request.method == "GET" and current_app.config["SESSION_COOKIE_NAME"] not in request.cookies


def _request_key() -> tuple[Any, ...]:
    # Pages show search results (the search page, the directory), so the index's version is part of the key.
    return (request.full_path, request.host, get_locale(), is_htmx(), content_version(), index_version())


# Rendered pages -------------------------------------------------------------------------------------------

pages = BytesCache(PAGE_CACHE_BYTES)


def cached_page(view: Callable[..., Any]) -> Callable[..., Any]:
    """Serve a stored copy of this page when nothing that could change it has changed."""

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if not enabled() or not anonymous_get():
            return view(*args, **kwargs)
        key = _request_key()
        hit = pages.get(key)
        if hit is not None:
            body, status, mimetype, headers, replay = hit
            if replay is not None:  # what the view would have recorded (a search that found nothing)
                replay[0](*replay[1:])
            response = make_response(body.replace(NONCE_SLOT, csp_nonce()), status)
            response.mimetype = mimetype
            for name, value in headers:
                response.headers[name] = value
            response.headers["X-Page-Cache"] = "hit"
            if replay is None:
                _share_in_front(body)
            return response
        response = make_response(view(*args, **kwargs))
        if response.status_code == 200 and not response.headers.get("Set-Cookie") and not response.is_streamed:
            body = response.get_data(as_text=True).replace(csp_nonce(), NONCE_SLOT)
            headers = tuple((name, response.headers[name]) for name in KEPT_HEADERS if name in response.headers)
            replay = g.get("page_cache_replay")
            pages.put(key, (body, response.status_code, response.mimetype, headers, replay))
            if replay is None:
                _share_in_front(body)
        return response

    return wrapper


# What portal/front_cache.py serves before Flask (its Entry objects, which know their own size).
front = BytesCache(FRONT_CACHE_BYTES, sizer=lambda entry: entry.size())


def _share_in_front(body: str) -> None:
    """Tell portal/front_cache.py this response may be kept and served before Flask to the same request."""
    rule = request.url_rule.rule if request.url_rule else "(no route)"
    request.environ[FRONT_SHAREABLE] = (body, rule)


# The Open Referral UK feed --------------------------------------------------------------------------------

feed = BytesCache(FEED_CACHE_BYTES)


def _etag_for(key: tuple[Any, ...]) -> str:
    # From the content version and the request (not the body), so a 304 needs no work at all.
    digest = hashlib.sha256(repr(key).encode()).hexdigest()[:20]
    return f"v{key[-1]}-{digest}"


def _matches(if_none_match: str, etag: str) -> bool:
    for candidate in if_none_match.split(","):
        candidate = candidate.strip().removeprefix("W/").strip('"')
        # A compressed copy carries the same tag with a suffix (see portal/compression.py).
        if candidate == "*" or candidate.split("-gzip")[0] == etag:
            return True
    return False


def cached_feed(view: Callable[..., Any]) -> Callable[..., Any]:
    """JSON that is the same for everyone: an ETag and Cache-Control from the content version, 304 when the
    client has it already, and the body served from memory until the content version moves."""

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if request.method != "GET":
            return view(*args, **kwargs)
        key = (request.full_path, request.host, content_version())
        etag = _etag_for(key)
        if _matches(request.headers.get("If-None-Match", ""), etag):
            response = make_response("", 304)
        else:
            hit = feed.get(key) if enabled() else None
            if hit is not None:
                response = make_response(hit)
                response.mimetype = "application/json"
                response.headers["X-Page-Cache"] = "hit"
            else:
                response = make_response(view(*args, **kwargs))
                if response.status_code != 200:
                    return response
                if enabled():
                    feed.put(key, response.get_data())
        response.set_etag(etag)
        response.headers["Cache-Control"] = f"public, max-age={FEED_MAX_AGE}"
        return response

    return wrapper


# Rows of the feed, as JSON, for pages no one has asked for yet (filled by portal/oruk/services.py)
feed_rows = BytesCache(FEED_CACHE_BYTES)


# Search results (the search page and the directory) -------------------------------------------------------

RESULTS_CACHE_BYTES = 16 * 1024 * 1024
results = BytesCache(RESULTS_CACHE_BYTES, sizer=lambda value: len(pickle.dumps(value, pickle.HIGHEST_PROTOCOL)))


def cached_results(params: Any, compute: Callable[[], Any], *, record_gap: Callable[[str, str], None]) -> Any:
    """Search results for these parameters, from memory when the same words and filters were searched since
    the content version last moved. The results are data, not a page: each visitor's page is still rendered
    for them, so sharing them between people (signed in or not) shares nothing personal.

    A search that found nothing is still recorded as a content gap on every hit, as the search service does
    on a miss (urgent-looking searches are never recorded).
    """
    if not enabled():
        return compute()
    q = " ".join((params.q or "").split())[:200]
    key = (words_key(params.q or "", locale=params.locale, easy_read=params.easy_read),
           repr(dataclasses.replace(params, q="")))  # fmt: skip
    hit = results.get(key)
    fresh = hit is None
    if fresh:
        hit = compute()
        results.put(key, hit)
    if q and hit.total == 0 and not hit.urgent:
        if not fresh:
            record_gap(q, params.locale)
        # A whole page served from the page cache (cached_page) records it again on every hit.
        g.page_cache_replay = (record_gap, q, params.locale)
    return hit if fresh else dataclasses.replace(hit, params=params)


# The assistant's first answers (filled and read by portal/chat/services.py, which decides what may be kept) --

FIRST_ANSWER_BYTES = 8 * 1024 * 1024
first_answers = BytesCache(FIRST_ANSWER_BYTES, sizer=lambda value: len(pickle.dumps(value, pickle.HIGHEST_PROTOCOL)))


def clear() -> None:
    pages.clear()
    front.clear()
    feed.clear()
    feed_rows.clear()
    results.clear()
    first_answers.clear()
