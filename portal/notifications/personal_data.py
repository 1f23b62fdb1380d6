"""E-mails sent to a person's address, for "Your data", and how long sent e-mails stay in the outbox, for
retention (portal/platform/personal_data.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select

from portal.db import db
from portal.log_filters import redact
from portal.notifications.models import OutboxMessage
from portal.platform.personal_data import Person, iso, register_personal_data


def _emails(person: Person) -> list[dict[str, Any]]:
    """What we sent (or will send) to this person's address. The links' secrets are taken out: a reset link in a
    downloaded file would let whoever reads the file into the account while it works."""
    found = db.session.scalars(
        select(OutboxMessage).where(func.lower(OutboxMessage.recipient) == person.email.lower())
        .order_by(OutboxMessage.created_at)
    )  # fmt: skip
    return [
        {"made": iso(m.created_at), "sent": iso(m.sent_at), "to": m.recipient, "subject": m.subject,
         "status": m.status, "text": redact(m.body)}
        for m in found
    ]  # fmt: skip


def _sent_messages(now: dt.datetime) -> int:
    """Sent messages past OUTBOX_RETENTION_DAYS; anything not yet sent stays however old it is."""
    cutoff = now - dt.timedelta(days=current_app.config["OUTBOX_RETENTION_DAYS"])
    query = delete(OutboxMessage).where(OutboxMessage.created_at < cutoff, OutboxMessage.status == "sent")
    return db.session.execute(query).rowcount or 0  # type: ignore[attr-defined]


def register() -> None:
    register_personal_data(
        "emails", tables=("outbox_message",), export=_emails, title=_l("Emails we sent you"),
        labels={"made": _l("Written"), "sent": _l("Sent"), "to": _l("To"), "subject": _l("Subject"),
                "status": _l("Status"), "text": _l("Text")},
    )  # fmt: skip
    register_personal_data("outbox_messages", tables=("outbox_message",), purge=_sent_messages)
