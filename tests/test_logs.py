"""Logs: JSON lines with a request id, and no personal data or tokens from URLs."""

from __future__ import annotations

import json
import logging

from portal.logs import JsonFormatter


def _lines(caplog) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    formatter = JsonFormatter()
    return [json.loads(formatter.format(record)) for record in caplog.records if record.name == "portal.access"]


def test_every_response_carries_a_request_id_that_the_log_line_shares(client, caplog):
    with caplog.at_level(logging.INFO, logger="portal.access"):
        response = client.get("/local-offer/senco?email=someone@example.com")
    rid = response.headers["X-Request-ID"]
    assert len(rid) == 32
    line = _lines(caplog)[-1]
    assert line["request_id"] == rid and line["route"] == "/local-offer/<slug>" and line["status"] == 200
    assert "someone@example.com" not in json.dumps(line) and "senco" not in json.dumps(line)


def test_a_sane_request_id_from_the_load_balancer_is_kept_and_a_strange_one_replaced(client):
    assert client.get("/healthz", headers={"X-Request-ID": "lb-1234abcd"}).headers["X-Request-ID"] == "lb-1234abcd"
    assert client.get("/healthz", headers={"X-Request-ID": "<script>"}).headers["X-Request-ID"] != "<script>"


def test_only_listed_extras_reach_the_log():
    record = logging.LogRecord("portal.jobs", logging.INFO, __file__, 1, "job done", None, None)
    record.job = "outbox-send"
    record.email = "someone@example.com"
    line = json.loads(JsonFormatter().format(record))
    assert line["job"] == "outbox-send" and "email" not in line and line["level"] == "info"
