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
    """Send queued messages one at a time, committing each, so two workers never send the same one twice.

    Each message is locked before it is sent (FOR UPDATE SKIP LOCKED on PostgreSQL: a message another worker
    holds is passed over, not waited for) and its new status is committed straight after the send. A worker
    killed mid-send rolls back, so the message is queued again: nothing is lost. With no provider configured
    messages stay readable in the outbox (development).
    """
    if sender is None:
        return 0
    candidates = list(
        db.session.scalars(
            select(OutboxMessage.id)
            .where(OutboxMessage.status == "queued", OutboxMessage.attempts < MAX_ATTEMPTS)
            .order_by(OutboxMessage.created_at)
            .limit(limit)
        )
    )
    db.session.commit()
    sent = 0
    for message_id in candidates:
        message = _lock_queued(message_id)
        if message is None:
            db.session.rollback()
            continue  # sent or being sent by another worker
        if message.attempts and _aware(message.updated_at) > utcnow() - backoff(message.attempts):
            db.session.rollback()
            continue  # failed recently: wait longer after each failure (1, 2, 4 … minutes)
        message.attempts += 1
        try:
            sender(message)  # type: ignore[operator]
        except Exception as exc:  # noqa: BLE001 - any provider failure is kept and retried later
            message.last_error = str(exc)[:500] if exc.__class__.__name__ == "NotifyError" else type(exc).__name__
            if getattr(exc, "permanent", False) or message.attempts >= MAX_ATTEMPTS:
                message.status = "failed"  # an administrator sees it in the outbox
        else:
            message.status = "sent"
            message.sent_at = utcnow()
            sent += 1
        db.session.commit()
    return sent


def _lock_queued(message_id: str) -> OutboxMessage | None:
    """The message, row-locked for this transaction, if it is still queued and no other worker holds it."""
    query = select(OutboxMessage).where(OutboxMessage.id == message_id, OutboxMessage.status == "queued")
    if db.session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    # SQLite has one writer at a time anyway; populate_existing so a row read before is seen as it is now.
    return db.session.scalars(query.execution_options(populate_existing=True)).first()


def backoff(attempts: int) -> timedelta:
    return timedelta(minutes=2 ** max(0, attempts - 1))


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def recent(limit: int = 50) -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.created_at.desc()).limit(limit)))
