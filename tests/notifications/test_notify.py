"""Delivering the outbox through GOV.UK Notify: a stand-in Notify on loopback checks what the portal sends."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from portal.db import utcnow
from portal.notifications import notify
from portal.notifications.models import OutboxMessage
from portal.notifications.services import deliver_pending, queue_email

SERVICE_ID = "2b6b1f2e-8c1a-4e55-9a57-0d1c9f1e7a10"
SECRET = "7f1c3b5e-2d4a-4c8e-b6f0-9a8d7c6b5a41"
API_KEY = f"portal_test-{SERVICE_ID}-{SECRET}"
TEMPLATE = "0e0f6a52-3b1f-4a7d-8a6c-2f9e5d4c3b21"


class FakeNotify:
    """Answers POST /v2/notifications/email like Notify: 201 for a valid token, or the status it is told to give."""

    def __init__(self) -> None:
        self.received: list[dict[str, object]] = []
        self.status = 201
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:  # keep the test output quiet
                pass

            def do_POST(self) -> None:  # noqa: N802 - the http.server hook's name
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                header, claims, signature = self.headers["Authorization"].removeprefix("Bearer ").split(".")
                expected = hmac.new(SECRET.encode(), f"{header}.{claims}".encode(), hashlib.sha256).digest()
                padded = claims + "=" * (-len(claims) % 4)
                valid = (base64.urlsafe_b64encode(expected).rstrip(b"=").decode() == signature
                         and json.loads(base64.urlsafe_b64decode(padded))["iss"] == SERVICE_ID)  # fmt: skip
                status = outer.status if valid else 403
                if self.path == "/v2/notifications/email" and status == 201:
                    outer.received.append(body)
                reply = {"id": "n1"} if status == 201 else {"errors": [{"error": "BadRequestError", "message": "x"}]}
                data = json.dumps(reply).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture()
def fake_notify():
    server = FakeNotify()
    yield server
    server.close()


def _queue(app, to: str = "family@example.com") -> OutboxMessage:  # type: ignore[no-untyped-def]
    with app.test_request_context("/"):
        return queue_email(to=to, kind="test", subject="Your case has changed", template="totp_reset",
                           council=app.config["COUNCIL"])  # fmt: skip


def test_outbox_is_delivered_through_notify(app, db_session, fake_notify):
    message = _queue(app)
    sender = notify.NotifySender(api_key=API_KEY, template_id=TEMPLATE, base_url=fake_notify.url)
    assert deliver_pending(sender) >= 1
    assert message.status == "sent" and message.sent_at is not None
    sent = next(r for r in fake_notify.received if r["reference"] == message.id)
    assert sent["email_address"] == "family@example.com" and sent["template_id"] == TEMPLATE
    assert sent["personalisation"]["subject"] == "Your case has changed"
    assert "two-factor" in sent["personalisation"]["body"]


def test_a_refusal_keeps_the_message_and_waits_longer_before_each_retry(app, db_session, fake_notify):
    message = _queue(app, "retry@example.com")
    fake_notify.status = 500
    sender = notify.NotifySender(api_key=API_KEY, template_id=TEMPLATE, base_url=fake_notify.url)
    deliver_pending(sender)
    assert message.status == "queued" and message.attempts == 1 and "HTTP 500" in message.last_error
    deliver_pending(sender)
    assert message.attempts == 1, "not tried again straight away"
    message.updated_at = utcnow() - timedelta(minutes=3)
    fake_notify.status = 201
    deliver_pending(sender)
    assert message.status == "sent" and message.attempts == 2


def test_a_bad_request_is_a_permanent_failure_and_not_retried(app, db_session, fake_notify):
    message = _queue(app, "not-an-address@example.com")
    fake_notify.status = 400
    sender = notify.NotifySender(api_key=API_KEY, template_id=TEMPLATE, base_url=fake_notify.url)
    deliver_pending(sender)
    assert message.status == "failed" and message.attempts == 1 and "HTTP 400" in message.last_error


def test_unreachable_notify_is_retried_later_not_lost(app, db_session):
    message = _queue(app, "offline@example.com")
    sender = notify.NotifySender(api_key=API_KEY, template_id=TEMPLATE, base_url="http://127.0.0.1:9", timeout=2)
    deliver_pending(sender)
    assert message.status == "queued" and message.attempts == 1


def test_send_command_says_when_no_provider_is_configured(app):
    result = app.test_cli_runner().invoke(args=["notifications", "send"])
    assert "No e-mail provider is configured" in result.output


def test_each_message_is_sent_once_when_runs_overlap_or_one_is_killed(app, db_session):
    """Issue 15: a message another run sends meanwhile is passed over, each send is committed as it happens, so a
    run killed mid-way leaves what it sent as sent and only the message it was on queued again."""
    from sqlalchemy import update

    from portal.db import db

    first, second, third = (_queue(app, f"once{n}@example.com") for n in range(3))
    db_session.flush()
    sent: list[str] = []

    def killed_on_the_third(message: OutboxMessage) -> None:
        sent.append(message.recipient)
        if message.id == first.id:  # meanwhile another run sends the second
            db.session.execute(update(OutboxMessage).where(OutboxMessage.id == second.id).values(status="sent"))
        if message.id == third.id:
            raise KeyboardInterrupt  # the worker is killed while sending

    with pytest.raises(KeyboardInterrupt):
        deliver_pending(killed_on_the_third)
    db.session.rollback()
    assert sent == ["once0@example.com", "once2@example.com"], "the second was another run's to send"
    db_session.expire_all()
    assert [db_session.get(OutboxMessage, m.id).status for m in (first, second, third)] == ["sent", "sent", "queued"]
    deliver_pending(lambda message: sent.append(message.recipient))
    assert sent[2:] == ["once2@example.com"], "only the interrupted message goes again"
