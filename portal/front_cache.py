"""Public pages served from memory before Flask runs at all.

A page the page cache keeps (portal/page_cache.py `cached_page`: a GET from a visitor with no session cookie)
is the same bytes for everyone who sends the same request, yet serving even a cached copy through Flask costs
a request context, a dozen hooks and several header rebuilds: most of a topic page's time. This WSGI layer sits
just inside ProxyFix and answers repeats of such a request itself, with what Flask sent the first time:

- The key is the request as it arrived: path and query, Host, scheme, the whole Cookie header, Accept-Language,
  the htmx headers, and the content and index versions. Everything the page cache keys on is decided by these
  (the language by `?lang=`, the locale cookie and Accept-Language), so a copy is never served to a request the
  page cache would have answered differently, and a forged Host or HX-Request header only ever reaches a copy
  made for the same header. A request with a session cookie, a `lang=` parameter (which sets a cookie), or any
  method but GET always goes to Flask.
- Only responses that the page cache itself marked as shareable are kept (status 200, no Set-Cookie, nothing
  to record again on each hit such as a search that found nothing), with the headers Flask's hooks made.
- Each response gets a fresh CSP nonce (in the page and its policy header), its own X-Request-ID, and an access
  line in the log, as Flask's hooks would give it. A browser that accepts gzip gets the page compressed from
  pieces kept compressed around the nonce (a stored deflate block holds the nonce), so nothing is compressed
  per response but the 24 bytes of the nonce's frame.
- Content versions: the copy is keyed on the versions this process last saw. When a check of those is due
  (CONTENT_VERSION_CHECK_SECONDS), the request goes to Flask, which checks, so a page published on another node
  is served here within the same interval as before.
"""

from __future__ import annotations

import secrets
import struct
import time
import uuid
import zlib
from collections.abc import Callable, Iterable
from typing import Any

from portal import page_cache
from portal.compression import COMPRESSIBLE, LEVEL, MIN_BYTES, accepts_gzip
from portal.logs import REQUEST_ID_HEADER, SANE_REQUEST_ID, log_access
from portal.page_cache import FRONT_SHAREABLE, NONCE_SLOT

_DROPPED = frozenset({"content-length", "content-encoding", REQUEST_ID_HEADER.lower(), "x-page-cache"})
_GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"  # deflate, no name, mtime 0, unknown OS
_SLOT = NONCE_SLOT.encode()

StartResponse = Callable[..., Any]


class Entry:
    """One kept response: the page in pieces around the nonce, plain and deflated, and its headers."""

    __slots__ = ("parts", "deflated", "headers", "route", "compressible")

    def __init__(self, body: str, headers: list[tuple[str, str]], route: str) -> None:
        self.parts = tuple(body.encode("utf-8").split(_SLOT))
        self.deflated = tuple(_deflate(part, last=i == len(self.parts) - 1) for i, part in enumerate(self.parts))
        self.headers = headers
        self.route = route
        content_type = next((v for n, v in headers if n.lower() == "content-type"), "")
        self.compressible = content_type.split(";")[0].strip() in COMPRESSIBLE

    def size(self) -> int:
        return sum(map(len, self.parts)) + sum(map(len, self.deflated)) + sum(len(n) + len(v) for n, v in self.headers)


def _deflate(data: bytes, *, last: bool) -> bytes:
    """Raw deflate of one piece; a full flush ends it on a byte boundary with no history carried over, so pieces
    and stored blocks can be laid side by side, and the last piece closes the stream."""
    compressor = zlib.compressobj(LEVEL, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush(zlib.Z_FINISH if last else zlib.Z_FULL_FLUSH)


def _stored_block(data: bytes) -> bytes:
    """A deflate block holding these bytes as they are (not the last block; under 65,536 bytes)."""
    return b"\x00" + struct.pack("<HH", len(data), len(data) ^ 0xFFFF) + data


class FrontCache:
    """WSGI middleware: repeats of a shareable public page answered without entering Flask (see the module)."""

    def __init__(self, flask_app: Any, wsgi_app: Callable[[dict[str, Any], StartResponse], Iterable[bytes]]) -> None:
        self.flask_app = flask_app  # for its settings (not called "app": that is what ProxyFix calls what it wraps)
        self.wsgi_app = wsgi_app
        self.entries = page_cache.front  # cleared with the page cache (page_cache.clear)

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        key = self._key(environ)
        if key is None:
            return self.wsgi_app(environ, start_response)
        entry = self.entries.get(key)
        if entry is not None:
            return self._serve(entry, environ, start_response)
        captured: list[Any] = []

        def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            captured[:] = [status, headers]
            return start_response(status, headers, exc_info) if exc_info else start_response(status, headers)

        body = self.wsgi_app(environ, capture)
        shareable = environ.get(FRONT_SHAREABLE)
        if shareable is not None and captured and captured[0].startswith("200 ") and self._key(environ) == key:
            self._keep(key, shareable, captured[1], environ.get("portal.csp_nonce"))
        return body

    def _key(self, environ: dict[str, Any]) -> tuple[Any, ...] | None:
        config = self.flask_app.config
        if environ.get("REQUEST_METHOD") != "GET" or config.get("PAGE_CACHE", True) is False:
            return None
        cookies = environ.get("HTTP_COOKIE", "")
        query = environ.get("QUERY_STRING", "")
        if config["SESSION_COOKIE_NAME"] in cookies or "lang=" in query:
            return None
        from portal.search.services import versions_if_fresh

        versions = versions_if_fresh(config["SEARCH_INDEX_DIR"], config["CONTENT_VERSION_CHECK_SECONDS"])
        if versions is None:
            return None
        headers = (environ.get("HTTP_HOST"), environ.get("HTTP_ACCEPT_LANGUAGE", ""), environ.get("HTTP_HX_REQUEST"))
        restore = "HTTP_HX_HISTORY_RESTORE_REQUEST" in environ
        where = (config["SEARCH_INDEX_DIR"], environ.get("wsgi.url_scheme"), environ.get("SCRIPT_NAME", ""))
        return (*where, environ.get("PATH_INFO", ""), query, cookies, *headers, restore, versions)

    def _keep(self, key: tuple[Any, ...], shareable: tuple[str, str], headers: list[tuple[str, str]],
              nonce: str | None) -> None:  # fmt: skip
        kept = []
        for name, value in headers:
            lowered = name.lower()
            if lowered in ("set-cookie", "etag"):
                return  # a cookie is never shared; a tag would name one encoding's bytes
            if lowered in _DROPPED:
                continue
            if nonce and lowered == "content-security-policy":
                value = value.replace(nonce, NONCE_SLOT)
            kept.append((name, value))
        body, route = shareable
        self.entries.put(key, Entry(body, kept, route))

    def _serve(self, entry: Entry, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        started = time.perf_counter()
        nonce_text = secrets.token_urlsafe(18)
        nonce = nonce_text.encode()
        body = nonce.join(entry.parts)
        headers = [(name, value.replace(NONCE_SLOT, nonce_text)) for name, value in entry.headers]
        if entry.compressible and len(body) >= MIN_BYTES and accepts_gzip(environ.get("HTTP_ACCEPT_ENCODING", "")):
            trailer = struct.pack("<II", zlib.crc32(body), len(body) & 0xFFFFFFFF)
            body = _GZIP_HEADER + _stored_block(nonce).join(entry.deflated) + trailer
            headers.append(("Content-Encoding", "gzip"))
        offered = environ.get("HTTP_X_REQUEST_ID", "")
        request_id = offered if SANE_REQUEST_ID.fullmatch(offered) else uuid.uuid4().hex
        headers += [("Content-Length", str(len(body))), (REQUEST_ID_HEADER, request_id), ("X-Page-Cache", "hit")]
        start_response("200 OK", headers)
        log_access(request_id, "GET", entry.route, 200, started)
        return [body]


def install(app: Any) -> None:
    """Put the front cache in front of the app's own WSGI callable (call before ProxyFix wraps it)."""
    app.wsgi_app = FrontCache(app, app.wsgi_app)
