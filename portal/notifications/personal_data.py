"""How long sent e-mails stay in the outbox, for retention (portal/platform/personal_data.py)."""

from __future__ import annotations

import datetime as dt

from flask import current_app
from sqlalchemy import delete

from portal.db import db
from portal.notifications.models import OutboxMessage
from portal.platform.personal_data import register_personal_data


def _sent_messages(now: dt.datetime) -> int:
    """Sent messages past OUTBOX_RETENTION_DAYS; anything not yet sent stays however old it is."""
    cutoff = now - dt.timedelta(days=current_app.config["OUTBOX_RETENTION_DAYS"])
    query = delete(OutboxMessage).where(OutboxMessage.created_at < cutoff, OutboxMessage.status == "sent")
    return db.session.execute(query).rowcount or 0  # type: ignore[attr-defined]


def register() -> None:
    register_personal_data("outbox_messages", purge=_sent_messages)
