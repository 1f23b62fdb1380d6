"""A family's data rights: download everything we hold about them, ask for deletion, and retention."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import current_app
from sqlalchemy import delete, select

from portal.auth.models import AuditEvent, Child, DataRequest, FamilyLink, User
from portal.auth.services import audit
from portal.db import db, utcnow
from portal.safeguarding.services import screen_and_flag


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date | dt.datetime) else value


def export_for(user: User) -> dict[str, Any]:
    """Everything the portal holds about this person, as data (subject access request)."""
    links = list(db.session.scalars(select(FamilyLink).where(FamilyLink.user_id == user.id)))
    children = []
    for link in links:
        child: Child = link.child
        children.append(
            {
                "first_name": child.first_name,
                "last_name": child.last_name,
                "date_of_birth": _iso(child.date_of_birth),
                "your_relationship": link.relationship_to_child,
                "parental_responsibility": link.parental_responsibility,
                "you_can_see_records": link.can_view,
            }
        )
    events = db.session.scalars(
        select(AuditEvent).where((AuditEvent.actor_id == user.id) | (AuditEvent.object_id == user.id))
        .order_by(AuditEvent.created_at)
    )  # fmt: skip
    requests = db.session.scalars(select(DataRequest).where(DataRequest.user_id == user.id))
    audit(actor=user, action="privacy.export_downloaded", object_type="user", object_id=user.id)
    return {
        "exported_at": _iso(utcnow()),
        "controller": current_app.config["COUNCIL"].name,
        "account": {
            "email": user.email,
            "name": user.display_name,
            "roles": user.roles,
            "created_at": _iso(user.created_at),
            "email_verified_at": _iso(user.email_verified_at),
            "last_sign_in": _iso(user.last_login_at),
            "language": user.locale,
            "signs_in_with": "OpenID Connect" if user.oidc_subject else "email and password",
            "two_factor": bool(user.totp_enabled_at),
        },
        "children": children,
        "activity": [{"when": _iso(e.created_at), "what": e.action} for e in events],
        "data_requests": [{"kind": r.kind, "status": r.status, "made": _iso(r.created_at)} for r in requests],
        **_held_elsewhere(user),
    }


def _held_elsewhere(user: User) -> dict[str, Any]:
    """What the other parts of the portal keep under this account: requests, complaints, 'All about me', surveys."""
    from portal.cases.models import AssessmentRequest
    from portal.feedback.complaint_models import Complaint
    from portal.feedback.voice_models import AllAboutMe
    from portal.surveys.models import SurveyResponse

    about_me_fields = ("likes", "good_at", "helps_me", "find_hard", "want_known", "hopes")
    return {
        "assessment_requests": [
            {
                "reference": r.reference,
                "status": r.status,
                "started": _iso(r.created_at),
                "sent": _iso(r.submitted_at),
                "answers": r.answers,
            }  # fmt: skip
            for r in db.session.scalars(select(AssessmentRequest).where(AssessmentRequest.user_id == user.id))
        ],
        "complaints": [
            {"reference": c.reference, "status": c.status, "stage": c.stage, "made": _iso(c.created_at)}
            for c in db.session.scalars(select(Complaint).where(Complaint.user_id == user.id))
        ],
        "all_about_me": [
            {"about": a.subject_key, "updated": _iso(a.updated_at), **{f: getattr(a, f) for f in about_me_fields}}
            for a in db.session.scalars(select(AllAboutMe).where(AllAboutMe.owner_id == user.id))
        ],
        "survey_responses": [
            {"survey": r.survey_id, "made": _iso(r.created_at)}
            for r in db.session.scalars(select(SurveyResponse).where(SurveyResponse.user_id == user.id))
        ],
    }


def request_deletion(user: User, reason: str | None) -> DataRequest:
    """Record a request to delete the account and what hangs off it; officers decide what the law allows."""
    existing = db.session.scalar(
        select(DataRequest).where(DataRequest.user_id == user.id, DataRequest.status == "received")
    )
    if existing is not None:
        return existing
    request = DataRequest(user_id=user.id, kind="deletion", reason=reason)
    db.session.add(request)
    db.session.flush()
    audit(actor=user, action="privacy.deletion_requested", object_type="data_request", object_id=request.id)
    # Someone leaving may say why in words a safeguarding lead should read: the same screen as everywhere.
    screen_and_flag(reason, source="account_deletion", source_id=user.id, language=user.locale)
    return request


def purge(now: dt.datetime | None = None) -> dict[str, int]:
    """Delete what has passed its retention period (periods are configuration)."""
    from portal.chat.models import CallbackRequest
    from portal.chat.services import purge_conversations
    from portal.notifications.models import OutboxMessage
    from portal.search.services import purge_search_gaps

    now = now or utcnow()
    config = current_app.config
    removed = {
        "conversations": purge_conversations(config["CHAT_RETENTION_DAYS"]),
        "search_gaps": purge_search_gaps(config["SEARCH_GAP_RETENTION_DAYS"]),
    }
    cutoff = now - dt.timedelta(days=config["OUTBOX_RETENTION_DAYS"])
    removed["outbox_messages"] = (
        db.session.execute(
            delete(OutboxMessage).where(OutboxMessage.created_at < cutoff, OutboxMessage.status == "sent")
        ).rowcount
        or 0
    )
    cutoff = now - dt.timedelta(days=config["CALLBACK_RETENTION_DAYS"])
    removed["callback_requests"] = (
        db.session.execute(delete(CallbackRequest).where(CallbackRequest.created_at < cutoff)).rowcount or 0
    )
    cutoff = now - dt.timedelta(days=config["UNVERIFIED_ACCOUNT_DAYS"])
    stale = list(db.session.scalars(
        select(User).where(User.email_verified_at.is_(None), User.created_at < cutoff, User.password_hash.is_not(None))
    ))  # fmt: skip
    for user in stale:
        db.session.delete(user)
    removed["unverified_accounts"] = len(stale)
    from portal.feedback.voice_models import AllAboutMe

    cutoff = now - dt.timedelta(days=config["ANONYMOUS_ALL_ABOUT_ME_DAYS"])
    removed["anonymous_all_about_me"] = (
        db.session.execute(
            delete(AllAboutMe).where(AllAboutMe.owner_id.is_(None), AllAboutMe.updated_at < cutoff)
        ).rowcount
        or 0
    )
    from portal.feedback.complaints import purge_drafts, purge_orphan_uploads
    from portal.feedback.voice import purge_drafts as purge_young_people_drafts

    # Complaint drafts abandoned for 30 days go with their files; files nothing refers to any more go too.
    removed["complaint_drafts"] = purge_drafts()
    removed["complaint_uploads"] = purge_orphan_uploads()
    removed["young_people_drafts"] = purge_young_people_drafts(now)
    db.session.flush()
    return removed
