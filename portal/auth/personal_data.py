"""What the accounts domain keeps about a person (the account, children, activity, requests, sign-in records),
registered for "Your data" and retention (portal/platform/personal_data.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select

from portal.auth.models import (
    AuditEvent,
    DataRequest,
    FamilyLink,
    PasswordResetToken,
    RoleGrant,
    SignInThrottle,
    User,
    UserSession,
)
from portal.db import db
from portal.platform.personal_data import Person, iso, register_personal_data

WHEN = {"made": _l("Made"), "status": _l("Status")}


def _account(person: Person) -> dict[str, Any]:
    user = db.session.get(User, person.id)
    if user is None:
        return {}
    return {
        "email": user.email,
        "name": user.display_name,
        "roles": user.roles,
        "created_at": iso(user.created_at),
        "email_verified_at": iso(user.email_verified_at),
        "last_sign_in": iso(user.last_login_at),
        "language": user.locale,
        "signs_in_with": "OpenID Connect" if user.oidc_subject else "email and password",
        "two_factor": bool(user.totp_enabled_at),
    }


def _children(person: Person) -> list[dict[str, Any]]:
    links = db.session.scalars(
        select(FamilyLink).where(FamilyLink.user_id == person.id).order_by(FamilyLink.created_at)
    )
    return [
        {"first_name": link.child.first_name, "last_name": link.child.last_name,
         "date_of_birth": iso(link.child.date_of_birth), "your_relationship": link.relationship_to_child,
         "parental_responsibility": link.parental_responsibility, "you_can_see_records": link.can_view}
        for link in links
    ]  # fmt: skip


def _activity(person: Person) -> list[dict[str, Any]]:
    events = db.session.scalars(
        select(AuditEvent).where((AuditEvent.actor_id == person.id) | (AuditEvent.object_id == person.id))
        .order_by(AuditEvent.created_at)
    )  # fmt: skip
    return [{"when": iso(e.created_at), "what": e.action} for e in events]


def _data_requests(person: Person) -> list[dict[str, Any]]:
    requests = db.session.scalars(
        select(DataRequest).where(DataRequest.user_id == person.id).order_by(DataRequest.created_at)
    )
    return [
        {"kind": r.kind, "status": r.status, "made": iso(r.created_at), "reason": r.reason,
         "decided": iso(r.decided_at)}
        for r in requests
    ]  # fmt: skip


def _sessions(person: Person) -> list[dict[str, Any]]:
    """Each browser signed in (the key's hash is a secret of ours and says nothing about the person)."""
    sessions = db.session.scalars(
        select(UserSession).where(UserSession.user_id == person.id).order_by(UserSession.created_at)
    )
    return [
        {"started": iso(s.created_at), "ends": iso(s.expires_at), "ended": iso(s.revoked_at),
         "kept_signed_in": s.remember}
        for s in sessions
    ]  # fmt: skip


def _password_resets(person: Person) -> list[dict[str, Any]]:
    tokens = db.session.scalars(
        select(PasswordResetToken).where(PasswordResetToken.user_id == person.id)
        .order_by(PasswordResetToken.created_at)
    )  # fmt: skip
    return [{"made": iso(t.created_at), "ends": iso(t.expires_at), "used": iso(t.used_at)} for t in tokens]


def _role_requests(person: Person) -> list[dict[str, Any]]:
    grants = db.session.scalars(select(RoleGrant).where(RoleGrant.user_id == person.id).order_by(RoleGrant.created_at))
    return [
        {"role": g.role, "status": g.status, "made": iso(g.created_at), "decided": iso(g.decided_at)}
        for g in grants
    ]  # fmt: skip


def _unverified_accounts(now: dt.datetime) -> int:
    cutoff = now - dt.timedelta(days=current_app.config["UNVERIFIED_ACCOUNT_DAYS"])
    stale = list(db.session.scalars(
        select(User).where(User.email_verified_at.is_(None), User.created_at < cutoff, User.password_hash.is_not(None))
    ))  # fmt: skip
    for user in stale:
        db.session.delete(user)
    return len(stale)


def _sign_in_records(now: dt.datetime) -> int:
    """Sessions that ended, reset links that expired, and sign-in throttles unchanged, SIGN_IN_RECORD_DAYS ago.

    A throttle that old blocks nothing (the longest wait is 15 minutes); forgetting it starts the count again."""
    cutoff = now - dt.timedelta(days=current_app.config["SIGN_IN_RECORD_DAYS"])
    queries = (
        delete(UserSession).where(
            (UserSession.expires_at < cutoff)
            | (UserSession.revoked_at.is_not(None) & (UserSession.revoked_at < cutoff))
        ),
        delete(PasswordResetToken).where(PasswordResetToken.expires_at < cutoff),
        delete(SignInThrottle).where(SignInThrottle.updated_at < cutoff),
    )
    return sum(db.session.execute(query).rowcount or 0 for query in queries)  # type: ignore[attr-defined]


def register() -> None:
    register_personal_data(
        "account", tables=("user_account",), export=_account, title=_l("Your account"),
        labels={"email": _l("Email address"), "name": _l("Name"), "roles": _l("Roles"),
                "created_at": _l("Account created"), "email_verified_at": _l("Email address confirmed"),
                "last_sign_in": _l("Last signed in"), "language": _l("Language"),
                "signs_in_with": _l("Signs in with"), "two_factor": _l("Two-factor authentication")},
    )  # fmt: skip
    register_personal_data(
        "children", tables=("child", "family_link"), export=_children, title=_l("Children"),
        labels={"first_name": _l("First name"), "last_name": _l("Last name"), "date_of_birth": _l("Date of birth"),
                "your_relationship": _l("Your relationship to them"),
                "parental_responsibility": _l("Parental responsibility"),
                "you_can_see_records": _l("You can see their records")},
    )  # fmt: skip
    register_personal_data(
        "activity",
        tables=("audit_event",),
        export=_activity,
        title=_l("Activity on your account"),
        labels={"when": _l("When"), "what": _l("What")},
    )
    register_personal_data(
        "data_requests", tables=("data_request",), export=_data_requests, title=_l("Requests about your data"),
        labels={**WHEN, "kind": _l("Request"), "reason": _l("Your reason"), "decided": _l("Decided")},
    )  # fmt: skip
    register_personal_data(
        "sessions", tables=("user_session",), export=_sessions, title=_l("Times you signed in"),
        labels={"started": _l("Signed in"), "ends": _l("Ends"), "ended": _l("Signed out"),
                "kept_signed_in": _l("Kept signed in")},
    )  # fmt: skip
    register_personal_data("password_resets", tables=("password_reset_token",), export=_password_resets,
                           title=_l("Password reset links"),
                           labels={"made": _l("Made"), "ends": _l("Ends"), "used": _l("Used")})  # fmt: skip
    register_personal_data(
        "role_requests", tables=("role_grant",), export=_role_requests, title=_l("Roles asked for you"),
        labels={**WHEN, "role": _l("Role"), "decided": _l("Decided")},
    )  # fmt: skip
    register_personal_data("unverified_accounts", tables=("user_account",), purge=_unverified_accounts)
    register_personal_data("sign_in_records", tables=("user_session", "password_reset_token", "sign_in_throttle"),
                           purge=_sign_in_records)  # fmt: skip
