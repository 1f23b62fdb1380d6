"""Capability tokens in URLs never reach the access log."""

from __future__ import annotations

import logging

from portal.log_filters import RedactTokens, redact


def test_tokens_are_redacted_from_paths_and_queries():
    line = '127.0.0.1 - - "GET /account/reset/Zq3xVb9kP0aLmN2oQ4rS6tU8wY1 HTTP/1.1" 200'
    assert "Zq3xVb9kP0aLmN2oQ4rS6tU8wY1" not in redact(line) and "/account/reset/[redacted]" in redact(line)
    assert redact("GET /callback?code=abc123&state=xyz HTTP/1.1") == (
        "GET /callback?code=[redacted]&state=[redacted] HTTP/1.1"
    )
    assert redact("GET /local-offer/annual-review HTTP/1.1") == "GET /local-offer/annual-review HTTP/1.1"


def test_the_werkzeug_logger_filters_its_records(app, caplog):
    logger = logging.getLogger("werkzeug")
    assert any(isinstance(f, RedactTokens) for f in logger.filters)
    record = logging.LogRecord(
        "werkzeug", logging.INFO, __file__, 1, '"%s" %s', ("GET /complaints/link/" + "k" * 40, 200), None
    )
    for f in logger.filters:
        f.filter(record)
    assert "k" * 40 not in record.getMessage()
