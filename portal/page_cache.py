"""A small in-process cache of rendered public pages that are the same for every visitor.

Keyed by path and query, language and content version, so publishing (which moves the content
version) retires old copies on every node. The CSP nonce is swapped out before storing and a
fresh one put in for each response, so a cached page never reuses a nonce.
"""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from flask import current_app, make_response, request

from portal.headers import csp_nonce
from portal.i18n import get_locale

NONCE_SLOT = "\x00portal-nonce\x00"
MAX_ENTRIES = 1024

_lock = threading.Lock()
_pages: OrderedDict[tuple[Any, ...], tuple[str, int, str]] = OrderedDict()


def _version() -> int:
    from portal.search.services import known_content_version

    return known_content_version()


def cached_page(view: Callable[..., Any]) -> Callable[..., Any]:
    """Serve a stored copy of this page when nothing that could change it has changed."""

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if current_app.config.get("PAGE_CACHE", True) is False or request.method != "GET":
            return view(*args, **kwargs)
        key = (request.full_path, get_locale(), _version())
        with _lock:
            hit = _pages.get(key)
            if hit is not None:
                _pages.move_to_end(key)
        if hit is not None:
            body, status, mimetype = hit
            response = make_response(body.replace(NONCE_SLOT, csp_nonce()), status)
            response.mimetype = mimetype
            response.headers["X-Page-Cache"] = "hit"
            return response
        response = make_response(view(*args, **kwargs))
        if response.status_code == 200 and not response.headers.get("Set-Cookie") and "session" not in request.cookies:
            body = response.get_data(as_text=True).replace(csp_nonce(), NONCE_SLOT)
            with _lock:
                _pages[key] = (body, response.status_code, response.mimetype)
                while len(_pages) > MAX_ENTRIES:
                    _pages.popitem(last=False)
        return response

    return wrapper


def clear() -> None:
    with _lock:
        _pages.clear()
