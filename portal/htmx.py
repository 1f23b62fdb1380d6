"""htmx helpers: one template serves the full page and its fragments."""

from __future__ import annotations

from typing import Any

from flask import Response, make_response, render_template, request
from jinja2_fragments.flask import render_block

from portal.headers import add_vary


def is_htmx() -> bool:
    """True for an htmx request that wants a fragment (not a history restore, which needs the whole page)."""
    return request.headers.get("HX-Request") == "true" and "HX-History-Restore-Request" not in request.headers


def render_page(template: str, *, fragment: str | None = None, status: int = 200, **context: Any) -> Response:
    """Render the whole page, or only the named block for htmx; caches must keep the two apart."""
    if fragment and is_htmx():
        body = render_block(template, fragment, **context)
    else:
        body = render_template(template, **context)
    response = make_response(body, status)
    add_vary(response, "HX-Request")
    return response
