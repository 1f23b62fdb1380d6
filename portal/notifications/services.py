"""Queue e-mails in the outbox (committed with the change that caused them) and deliver them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask import render_template
from flask_babel import force_locale
from sqlalchemy import select

from portal.db import db, utcnow
from portal.notifications.models import OutboxMessage

MAX_ATTEMPTS = 8


def queue_email(
    *, to: str, kind: str, subject: object, template: str, locale: str = "en", **context: object
) -> OutboxMessage:
    """Write an e-mail to the outbox in the recipient's language (subject too: pass a lazy string)."""
    with force_locale(locale):
        body = render_template(f"emails/{template}.txt", **context)
        subject_text = str(subject)
    message = OutboxMessage(recipient=to, kind=kind, subject=subject_text, body=body)
    db.session.add(message)
    db.session.flush()
    return message


def deliver_pending(sender: object | None = None, limit: int = 100) -> int:
    """Send queued messages. With no provider configured they stay readable in the outbox (development)."""
    pending = db.session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.status == "queued", OutboxMessage.attempts < MAX_ATTEMPTS)
        .order_by(OutboxMessage.created_at)
        .limit(limit)
    )
    sent = 0
    now = utcnow()
    for message in pending:
        if sender is None:
            continue
        if message.attempts and _aware(message.updated_at) > now - backoff(message.attempts):
            continue  # failed recently: wait longer after each failure (1, 2, 4 … minutes)
        message.attempts += 1
        try:
            sender(message)  # type: ignore[operator]
        except Exception as exc:  # noqa: BLE001 - any provider failure is retried later
            message.last_error = str(exc)[:500] if exc.__class__.__name__ == "NotifyError" else type(exc).__name__
            if message.attempts >= MAX_ATTEMPTS:
                message.status = "failed"  # an administrator sees it in the outbox
            continue
        message.status = "sent"
        message.sent_at = utcnow()
        sent += 1
    db.session.flush()
    return sent


def backoff(attempts: int) -> timedelta:
    return timedelta(minutes=2 ** max(0, attempts - 1))


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def recent(limit: int = 50) -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.created_at.desc()).limit(limit)))
