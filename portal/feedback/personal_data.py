"""What the feedback domain keeps about a person (complaints, "All about me") and how long it keeps what nobody
owns, registered for "Your data" and retention (portal/platform/personal_data.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import current_app
from sqlalchemy import delete, select

from portal.db import db
from portal.feedback import complaints, voice
from portal.feedback.complaint_models import Complaint
from portal.feedback.voice_models import AllAboutMe
from portal.platform.personal_data import iso, register_personal_data

ABOUT_ME_FIELDS = ("likes", "good_at", "helps_me", "find_hard", "want_known", "hopes")


def _complaints(user_id: str) -> list[dict[str, Any]]:
    return [
        {"reference": c.reference, "status": c.status, "stage": c.stage, "made": iso(c.created_at)}
        for c in db.session.scalars(select(Complaint).where(Complaint.user_id == user_id))
    ]


def _all_about_me(user_id: str) -> list[dict[str, Any]]:
    return [
        {"about": a.subject_key, "updated": iso(a.updated_at), **{f: getattr(a, f) for f in ABOUT_ME_FIELDS}}
        for a in db.session.scalars(select(AllAboutMe).where(AllAboutMe.owner_id == user_id))
    ]


def _anonymous_all_about_me(now: dt.datetime) -> int:
    cutoff = now - dt.timedelta(days=current_app.config["ANONYMOUS_ALL_ABOUT_ME_DAYS"])
    query = delete(AllAboutMe).where(AllAboutMe.owner_id.is_(None), AllAboutMe.updated_at < cutoff)
    return db.session.execute(query).rowcount or 0  # type: ignore[attr-defined]


def register() -> None:
    register_personal_data("complaints", export=_complaints)
    register_personal_data("all_about_me", export=_all_about_me)
    register_personal_data("anonymous_all_about_me", purge=_anonymous_all_about_me)
    # Complaint drafts abandoned for 30 days go with their files; files nothing refers to any more go too.
    register_personal_data("complaint_drafts", purge=lambda now: complaints.purge_drafts())
    register_personal_data("complaint_uploads", purge=lambda now: complaints.purge_orphan_uploads())
    register_personal_data("young_people_drafts", purge=voice.purge_drafts)
