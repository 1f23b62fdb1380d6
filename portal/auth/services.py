"""Local accounts: passwords (argon2id), verification and reset links, lockout, sessions, audit."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path
from typing import Any

from flask import current_app, session, url_for
from flask_babel import gettext, lazy_gettext
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, select

from portal import passwords
from portal.auth.models import AuditEvent, Role, User
from portal.db import db, utcnow

MIN_PASSWORD = 10
MAX_PASSWORD = 256
MAX_FAILURES = 5
LOCKOUT = dt.timedelta(minutes=15)
VERIFY_MAX_AGE = 3 * 24 * 3600
RESET_MAX_AGE = 3600


class AuthError(Exception):
    """Sign-in failed; the message is safe to show (it never says whether the e-mail exists)."""


class AccountLocked(AuthError):
    """Too many wrong passwords: try again later."""


@lru_cache(maxsize=1)
def _common_passwords() -> frozenset[str]:
    path = Path(__file__).with_name("common_passwords.txt")
    return frozenset(
        line.strip() for line in path.read_text().splitlines() if line.strip() and not line.startswith("#")
    )


def normalise_email(email: str) -> str:
    return email.strip().lower()


def password_problems(password: str, *, email: str = "") -> list[Any]:
    """What is wrong with a new password: length and the most common ones only, as the NCSC advises."""
    problems: list[Any] = []
    if len(password) < MIN_PASSWORD:
        problems.append(lazy_gettext("Password must be %(num)d characters or more", num=MIN_PASSWORD))
    if len(password) > MAX_PASSWORD:
        problems.append(lazy_gettext("Password must be %(num)d characters or fewer", num=MAX_PASSWORD))
    lowered = password.lower()
    local = normalise_email(email).split("@")[0] if email else ""
    if lowered in _common_passwords() or (local and len(local) >= 4 and local in lowered):
        problems.append(lazy_gettext("Choose a password that is harder to guess, for example three random words"))
    return problems


def hash_password(password: str) -> str:
    return passwords.hash_password(password)


def find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def create_user(*, email: str, password: str | None, display_name: str = "", roles: list[Role] | None = None,
                verified: bool = False, locale: str = "en") -> User:  # fmt: skip
    """A new account. Raises ValueError if the e-mail is taken or the password is not allowed."""
    email = normalise_email(email)
    if find_user(email) is not None:
        raise ValueError("email taken")
    if password is not None and password_problems(password, email=email):
        raise ValueError("password not allowed")
    user = User(
        email=email,
        display_name=display_name,
        password_hash=hash_password(password) if password else None,
        roles=[str(r) for r in (roles or [Role.PARENT])],
        email_verified_at=utcnow() if verified else None,
        locale=locale,
    )
    db.session.add(user)
    db.session.flush()
    return user


def authenticate(email: str, password: str) -> User:
    """The user with this e-mail and password.

    Raises:
        AccountLocked: too many failures recently.
        AuthError: anything else (wrong e-mail, wrong password, disabled).
    """
    user = find_user(email)
    if user is None or user.password_hash is None or user.disabled:
        _safe_verify(passwords.dummy_hash(), password)  # the same work as a real check, so timing does not tell
        raise AuthError(gettext("Enter a correct email address and password"))
    now = utcnow()
    if user.locked_until and _aware(user.locked_until) > now:
        raise AccountLocked(gettext("You have tried too many times. Wait 15 minutes, then try again."))
    if not _safe_verify(user.password_hash, password):
        user.failed_logins += 1
        if user.failed_logins >= MAX_FAILURES:
            user.locked_until = now + LOCKOUT
            user.failed_logins = 0
            audit(actor=None, action="account.locked", object_type="user", object_id=user.id)
        db.session.flush()
        raise AuthError(gettext("Enter a correct email address and password"))
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = now
    if passwords.needs_rehash(user.password_hash):  # older settings: upgrade while we have the password
        user.password_hash = hash_password(password)
    db.session.flush()
    return user


def _safe_verify(stored: str, password: str) -> bool:
    return passwords.verify(stored, password)


def _aware(value: dt.datetime) -> dt.datetime:
    # SQLite hands back naive datetimes; everything we store is UTC.
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


# Sessions -------------------------------------------------------------------------------------


def landing_for(user: User) -> str:
    """Where someone goes after signing in when they did not ask for a page: officers to their home, families
    (parents, carers and young people) to their account."""
    return url_for("officers.home") if user.is_officer else url_for("auth.account")


def log_in(user: User, *, remember: bool = False) -> None:
    """Start a fresh session for this user (a new session, so nothing from before sign-in carries over)."""
    locale = session.get("locale")
    session.clear()
    now = utcnow().timestamp()
    session["user_id"] = user.id
    session["auth_at"] = now
    session["seen_at"] = now
    session["remember"] = bool(remember and not user.is_officer)
    if locale:
        session["locale"] = locale
    session.permanent = session["remember"]
    audit(actor=user, action="auth.sign_in", object_type="user", object_id=user.id)


def log_out() -> None:
    session.clear()


def idle_limit(user: User, remember: bool) -> dt.timedelta:
    config = current_app.config
    if user.is_officer:
        return dt.timedelta(minutes=config["OFFICER_IDLE_MINUTES"])
    if remember:
        return dt.timedelta(days=config["FAMILY_REMEMBER_DAYS"])
    return dt.timedelta(minutes=config["FAMILY_IDLE_MINUTES"])


def current_user() -> User | None:
    """The signed-in user, or None if nobody is, or their session has been idle too long."""
    from flask import g

    if "current_user" in g:
        return g.current_user
    user = None
    user_id = session.get("user_id")
    if user_id:
        candidate = db.session.get(User, user_id)
        seen = session.get("seen_at", 0)
        now = utcnow().timestamp()
        if candidate is None or candidate.disabled:
            session.clear()
        elif now - seen > idle_limit(candidate, session.get("remember", False)).total_seconds():
            session.clear()
        else:
            user = candidate
            if now - seen > 60:  # refresh the idle clock at most once a minute
                session["seen_at"] = now
    g.current_user = user
    return user


# One-time links -------------------------------------------------------------------------------


def _serializer(salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt)


def verification_token(user: User) -> str:
    return _serializer("verify-email").dumps({"id": user.id, "email": user.email})


def verify_email(token: str) -> User | None:
    """Mark the address as verified. None if the link is wrong or more than 3 days old."""
    try:
        data = _serializer("verify-email").loads(token, max_age=VERIFY_MAX_AGE)
    except (BadSignature, SignatureExpired):
        return None
    user = db.session.get(User, data.get("id"))
    if user is None or user.email != data.get("email"):
        return None
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
        db.session.flush()
    return user


def reset_token(user: User) -> str:
    # Tied to the current password: once it changes, every older link stops working.
    return _serializer("reset-password").dumps({"id": user.id, "pw": (user.password_hash or "")[-16:]})


def user_for_reset(token: str) -> User | None:
    try:
        data = _serializer("reset-password").loads(token, max_age=RESET_MAX_AGE)
    except (BadSignature, SignatureExpired):
        return None
    user = db.session.get(User, data.get("id"))
    if user is None or (user.password_hash or "")[-16:] != data.get("pw"):
        return None
    return user


def set_password(user: User, password: str) -> None:
    if password_problems(password, email=user.email):
        raise ValueError("password not allowed")
    user.password_hash = hash_password(password)
    user.failed_logins = 0
    user.locked_until = None
    db.session.flush()
    audit(actor=user, action="auth.password_changed", object_type="user", object_id=user.id)


# Audit ------------------------------------------------------------------------------------------


def audit(*, actor: User | None, action: str, object_type: str | None = None, object_id: str | None = None,
          reason: str | None = None, **detail: Any) -> AuditEvent:  # fmt: skip
    """Record who did what to which record (no personal data in `detail`)."""
    event = AuditEvent(
        actor_id=actor.id if actor else None,
        action=action,
        object_type=object_type,
        object_id=object_id,
        reason=reason,
        detail=detail,
    )
    db.session.add(event)
    db.session.flush()
    return event


def count_users() -> int:
    return db.session.scalar(select(func.count()).select_from(User)) or 0
