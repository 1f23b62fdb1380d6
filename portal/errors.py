"""GOV.UK-style error pages, also as htmx fragments."""

from __future__ import annotations

import logging

from flask import Flask, Response, jsonify, request
from flask.globals import request_ctx
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from portal.htmx import render_page

log = logging.getLogger(__name__)

PAGES = {400: "errors/400.html", 403: "errors/403.html", 404: "errors/404.html", 405: "errors/400.html",
         413: "errors/413.html", 429: "errors/429.html"}  # fmt: skip


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def _csrf(_error: CSRFError) -> Response:
        return render_page("errors/csrf_expired.html", fragment="content", status=400)

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException) -> Response | HTTPException:
        code = error.code or 500
        if request_ctx.url_adapter is None:
            # The Host header is not one of TRUSTED_HOSTS: no page (or link) can be built for it.
            return Response("Bad request: unknown host", status=code, mimetype="text/plain")
        if request.path.startswith("/api/"):
            # API clients get JSON errors they can read, with the open-data CORS header.
            response = jsonify(status=code, error=error.name, detail=error.description)
            response.status_code = code
            response.headers["Access-Control-Allow-Origin"] = "*"
            return response
        template = PAGES.get(code)
        if template is None:
            return error
        return render_page(template, fragment="content", status=code)

    @app.errorhandler(Exception)
    def _server_error(error: Exception) -> Response:
        # Log the type and place only: request data may hold a family's personal details.
        log.error("Unhandled %s", type(error).__name__, exc_info=app.debug)
        if app.testing and app.config.get("PROPAGATE_TEST_ERRORS", True):
            raise error
        return render_page("errors/500.html", fragment="content", status=500)
