"""Logs as JSON lines with a request id, and nothing personal in them.

Each request gets an id (the load balancer's X-Request-ID when it sends a sane one, else a new one), returned in
the response's X-Request-ID header and added to every log line written while the request runs. The access line
names the route's rule (`/cases/<case_id>`), never the path as typed or its query string, so case ids, e-mail
addresses and capability tokens in links (sign-in, unsubscribe, calendar feeds) never reach the logs. Only the
fields listed in EXTRA_FIELDS are copied from a log call's `extra`, so nobody logs a name by accident.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid
from datetime import UTC, datetime

from flask import Flask, Response, g, has_request_context, request

REQUEST_ID_HEADER = "X-Request-ID"
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")
EXTRA_FIELDS = ("job", "summary", "seconds", "method", "route", "status", "duration_ms", "checks", "jobs", "pid")

access_log = logging.getLogger("portal.access")


def request_id() -> str | None:
    return g.get("request_id") if has_request_context() else None


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message, request_id and the allowed extras."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        fields = record.__dict__  # what `extra` put on the record (LogRecord has none of these names itself)
        rid = fields.get("request_id") or request_id()
        if rid:
            line["request_id"] = rid
        for name in EXTRA_FIELDS:
            if name in fields:
                line[name] = fields[name]
        if record.exc_info:
            # The exception's type and where it happened; its message may quote personal data, so it is left out.
            line["error"] = record.exc_info[0].__name__ if record.exc_info[0] else "Exception"
            line["trace"] = self.formatException(record.exc_info).splitlines()[-8:-1]
        return json.dumps(line, ensure_ascii=False, default=str)


def configure_logging(log_format: str, level: int = logging.INFO) -> None:
    """Send the portal's logs to standard error, as JSON lines or plain text."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        JsonFormatter() if log_format == "json" else logging.Formatter("%(levelname)s %(name)s %(message)s")
    )
    root = logging.getLogger("portal")
    root.handlers[:] = [handler]
    root.setLevel(level)
    root.propagate = False


def init_request_logging(app: Flask) -> None:
    """A request id for every request, and one access line per response."""
    if app.config.get("LOG_FORMAT") == "json" and not app.testing:
        configure_logging("json")

    @app.before_request
    def _start() -> None:
        offered = request.headers.get(REQUEST_ID_HEADER, "")
        g.request_id = offered if SANE_REQUEST_ID.fullmatch(offered) else uuid.uuid4().hex
        g.request_started = time.perf_counter()

    @app.after_request
    def _finish(response: Response) -> Response:
        rid = g.get("request_id", "")
        response.headers[REQUEST_ID_HEADER] = rid
        if request.endpoint != "static":
            log_access(rid, request.method, request.url_rule.rule if request.url_rule else "(no route)",
                       response.status_code, g.get("request_started", time.perf_counter()))  # fmt: skip
        return response


def log_access(request_id: str, method: str, route: str, status: int, started: float) -> None:
    """The access line for one response (also written for pages served before Flask, portal/front_cache.py)."""
    if not access_log.isEnabledFor(logging.INFO):
        return
    # Made and handed on as Logger.info would, less the walk up the stack for the caller's file and line, which an
    # access line never shows.
    access_log.handle(access_log.makeRecord(access_log.name, logging.INFO, "(access)", 0, "request", (), None, extra={
        "request_id": request_id or None,
        "method": method,
        "route": route,
        "status": status,
        "duration_ms": round((time.perf_counter() - started) * 1000, 1),
    }))  # fmt: skip
