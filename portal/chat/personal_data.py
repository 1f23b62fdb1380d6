"""How long the assistant keeps conversations and call-back requests (portal/platform/personal_data.py)."""

from __future__ import annotations

import datetime as dt

from flask import current_app
from sqlalchemy import delete

from portal.chat.models import CallbackRequest
from portal.chat.services import purge_conversations
from portal.db import db
from portal.platform.personal_data import register_personal_data


def _callback_requests(now: dt.datetime) -> int:
    cutoff = now - dt.timedelta(days=current_app.config["CALLBACK_RETENTION_DAYS"])
    query = delete(CallbackRequest).where(CallbackRequest.created_at < cutoff)
    return db.session.execute(query).rowcount or 0  # type: ignore[attr-defined]


def _conversations(now: dt.datetime) -> int:
    return purge_conversations(current_app.config["CHAT_RETENTION_DAYS"])


def register() -> None:
    register_personal_data("conversations", purge=_conversations)
    register_personal_data("callback_requests", purge=_callback_requests)
