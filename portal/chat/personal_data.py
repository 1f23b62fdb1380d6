"""Call-back requests made signed in, for "Your data", and how long the assistant keeps conversations and
call-back requests, for retention (portal/platform/personal_data.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select

from portal.chat.models import CallbackRequest
from portal.chat.services import purge_conversations
from portal.db import db
from portal.platform.personal_data import Person, iso, register_personal_data


def _callback_requests(person: Person) -> list[dict[str, Any]]:
    found = db.session.scalars(
        select(CallbackRequest).where(CallbackRequest.user_id == person.id).order_by(CallbackRequest.created_at)
    )
    return [
        {"made": iso(c.created_at), "name": c.name, "phone": c.phone, "email": c.email,
         "preferred_time": c.preferred_time, "about": c.about, "status": c.status, "done": iso(c.done_on)}
        for c in found
    ]  # fmt: skip


def _old_callback_requests(now: dt.datetime) -> int:
    cutoff = now - dt.timedelta(days=current_app.config["CALLBACK_RETENTION_DAYS"])
    query = delete(CallbackRequest).where(CallbackRequest.created_at < cutoff)
    return db.session.execute(query).rowcount or 0  # type: ignore[attr-defined]


def _conversations(now: dt.datetime) -> int:
    return purge_conversations(current_app.config["CHAT_RETENTION_DAYS"])


def register() -> None:
    register_personal_data(
        "callback_requests", tables=("callback_request",), export=_callback_requests,
        purge=_old_callback_requests, title=_l("Requests for us to contact you"),
        labels={"made": _l("Made"), "name": _l("Your name"), "phone": _l("Phone number"),
                "email": _l("Email address"), "preferred_time": _l("When is best to contact you?"),
                "about": _l("What would you like to talk about?"), "status": _l("Status"), "done": _l("Done")},
    )  # fmt: skip
    register_personal_data("conversations", tables=("chat_conversation", "chat_message"), purge=_conversations)
