"""A family's data rights: download everything we hold about them, ask for deletion, and retention.

The other domains' records come from the personal-data registry (portal/platform/personal_data.py), so this module
imports none of them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import current_app
from sqlalchemy import select

from portal.auth.models import AuditEvent, Child, DataRequest, FamilyLink, User
from portal.auth.services import audit
from portal.db import db, utcnow
from portal.platform.personal_data import export_personal_data, iso, purge_expired
from portal.safeguarding.services import screen_and_flag


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
                "date_of_birth": iso(child.date_of_birth),
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
        "exported_at": iso(utcnow()),
        "controller": current_app.config["COUNCIL"].name,
        "account": {
            "email": user.email,
            "name": user.display_name,
            "roles": user.roles,
            "created_at": iso(user.created_at),
            "email_verified_at": iso(user.email_verified_at),
            "last_sign_in": iso(user.last_login_at),
            "language": user.locale,
            "signs_in_with": "OpenID Connect" if user.oidc_subject else "email and password",
            "two_factor": bool(user.totp_enabled_at),
        },
        "children": children,
        "activity": [{"when": iso(e.created_at), "what": e.action} for e in events],
        "data_requests": [{"kind": r.kind, "status": r.status, "made": iso(r.created_at)} for r in requests],
        # What the other parts of the portal keep under this account: requests, complaints, 'All about me', surveys.
        **export_personal_data(user.id),
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
    """Delete what has passed its retention period (periods are configuration; each domain registers its own)."""
    removed = purge_expired(now or utcnow())
    db.session.flush()
    return removed
