"""Local accounts: passwords (argon2id), verification and reset links, lockout, sessions, audit."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import hmac
import secrets
from functools import lru_cache
from pathlib import Path
from typing import Any

from flask import current_app, has_request_context, session, url_for
from flask_babel import gettext, lazy_gettext, ngettext
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import bindparam, func, select

from portal import passwords
from portal.auth.models import AuditEvent, PasswordResetToken, Role, SignInThrottle, User, UserSession
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


class EmailNotConfirmed(AuthError):
    """The right password for an address nobody has confirmed yet: no sign-in until it is."""


@lru_cache(maxsize=1)
def _common_passwords() -> frozenset[str]:
    """About 40,000 breached and common passwords, lower case (built by tools/build_common_passwords.py)."""
    path = Path(__file__).with_name("common_passwords.txt.gz")
    return frozenset(gzip.decompress(path.read_bytes()).decode().split("\n")) - {""}


def normalise_email(email: str) -> str:
    return email.strip().lower()


# Letters people swap for look-alike digits and symbols ("P@ssw0rd"): guessing tools try these swaps first.
_LOOK_ALIKES = str.maketrans({"@": "a", "4": "a", "0": "o", "1": "i", "!": "i", "3": "e", "$": "s", "5": "s", "7": "t"})
_PADDING = "0123456789!?.,@#$%&*_-+=~ "


def is_common_password(password: str) -> bool:
    """Whether the password is on the breached list, as typed or with the usual disguises taken off.

    A listed password with digits or symbols added at either end ("Password123!"), with look-alike swaps
    ("P@ssw0rd"), or one character repeated ("aaaaaaaaaa") is as easy to guess as the listed one.
    """
    lowered = password.lower()
    if len(set(lowered)) <= 1:
        return True
    common = _common_passwords()
    stem = lowered.strip(_PADDING)
    candidates = {lowered, lowered.translate(_LOOK_ALIKES), stem, stem.translate(_LOOK_ALIKES)}
    candidates.add(lowered.translate(_LOOK_ALIKES).strip(_PADDING))
    candidates |= {c.replace(" ", "") for c in candidates}  # lists hold "manchesterunited", people type spaces
    return any(c in common for c in candidates if len(c) >= 4 or c == lowered)


def password_problems(password: str, *, email: str = "") -> list[Any]:
    """What is wrong with a new password: length and the most common ones only, as the NCSC advises."""
    problems: list[Any] = []
    if len(password) < MIN_PASSWORD:
        problems.append(
            ngettext(
                "Password must be %(num)d character or more",
                "Password must be %(num)d characters or more",
                MIN_PASSWORD,
            )
        )
    if len(password) > MAX_PASSWORD:
        problems.append(
            ngettext(
                "Password must be %(num)d character or fewer",
                "Password must be %(num)d characters or fewer",
                MAX_PASSWORD,
            )
        )
    local = normalise_email(email).split("@")[0] if email else ""
    if is_common_password(password):
        problems.append(lazy_gettext(
            "This password is on a list of passwords that criminals try first. Choose one that is harder to guess, "
            "for example three random words"
        ))  # fmt: skip
    elif local and len(local) >= 4 and local in password.lower():
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


def authenticate(email: str, password: str, *, source: str = "") -> User:
    """The user with this e-mail and password.

    Every address gets the same answers and the same work, whether or not it has an account: one argon2
    check, and a growing wait for this address from this source (never for the account as a whole, so
    nobody elsewhere can lock the owner out).

    Raises:
        AccountLocked: too many failures recently for this address from this source.
        EmailNotConfirmed: the password is right but the address was never confirmed (a new link is sent).
        AuthError: anything else (wrong e-mail, wrong password, disabled).
    """
    # A throttle row is written only after a failure: a burst of right passwords costs no writes for it.
    throttle = _existing_throttle(email, source)
    now = utcnow()
    if throttle is not None and throttle.blocked_until and _aware(throttle.blocked_until) > now:
        raise AccountLocked(_wait_message(_aware(throttle.blocked_until) - now))
    user = find_user(email)
    usable = user is not None and user.password_hash is not None and not user.disabled
    right = _safe_verify(user.password_hash if usable else passwords.dummy_hash(), password)  # type: ignore[union-attr]
    if not (usable and right):
        _count_throttled_failure(throttle or _throttle_for(email, source), now)
        raise AuthError(gettext("Enter a correct email address and password"))
    assert user is not None
    if user.email_verified_at is None:
        # Nobody signs in to an address they have not proved is theirs (account pre-hijacking).
        raise EmailNotConfirmed(gettext("Confirm your email address before you sign in. We have sent you a new link."))
    if throttle is not None:
        db.session.delete(throttle)
    user.last_login_at = now
    if passwords.needs_rehash(user.password_hash):  # older settings: upgrade while we have the password
        user.password_hash = hash_password(password)
    db.session.flush()
    return user


def _digest(*parts: str) -> str:
    """A keyed hash (so the table gives away neither addresses nor tokens)."""
    key = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(key, "\x1f".join(parts).encode(), hashlib.sha256).hexdigest()


def _existing_throttle(email: str, source: str) -> SignInThrottle | None:
    key = _digest("sign-in", normalise_email(email), source)
    return db.session.scalar(select(SignInThrottle).where(SignInThrottle.key_hash == key))


def _throttle_for(email: str, source: str) -> SignInThrottle:
    key = _digest("sign-in", normalise_email(email), source)
    throttle = _existing_throttle(email, source)
    if throttle is None:
        throttle = SignInThrottle(key_hash=key, failures=0)
        db.session.add(throttle)
    return throttle


def _count_throttled_failure(throttle: SignInThrottle, now: dt.datetime) -> None:
    throttle.failures = (throttle.failures or 0) + 1
    if throttle.failures >= MAX_FAILURES:
        # 1, 2, 4, 8 … minutes, at most 15: the owner elsewhere is never affected.
        wait = min(dt.timedelta(minutes=2 ** (throttle.failures - MAX_FAILURES)), LOCKOUT)
        throttle.blocked_until = now + wait
        if throttle.failures == MAX_FAILURES:
            audit(actor=None, action="auth.sign_in_throttled", object_type="sign_in_throttle", object_id=None)
    db.session.flush()


def _wait_message(left: dt.timedelta) -> str:
    minutes = max(1, -(-int(left.total_seconds()) // 60))
    return ngettext(
        "You have tried too many times. Wait %(num)d minute, then try again.",
        "You have tried too many times. Wait %(num)d minutes, then try again.",
        minutes,
    )


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


SESSION_KEY = "sid"


def session_lifetime(user: User, remember: bool) -> dt.timedelta:
    """The absolute limit on one session, however active: officers 12 hours, families 30 days if they chose
    "keep me signed in" on their device, otherwise 12 hours."""
    config = current_app.config
    if user.is_officer:
        return dt.timedelta(hours=config["OFFICER_SESSION_HOURS"])
    if remember:
        return dt.timedelta(days=config["FAMILY_REMEMBER_DAYS"])
    return dt.timedelta(hours=config["FAMILY_SESSION_HOURS"])


def log_in(user: User, *, remember: bool = False) -> UserSession:
    """Start a fresh session for this user (a new session, so nothing from before sign-in carries over).

    The cookie holds a random key; the server keeps its hash, so the session can be ended from here."""
    locale = session.get("locale")
    session.clear()
    now = utcnow()
    remember = bool(remember and not user.is_officer)
    key = secrets.token_urlsafe(32)
    record = UserSession(user_id=user.id, key_hash=_digest("session", key), remember=remember, created_at=now,
                         expires_at=now + session_lifetime(user, remember))  # fmt: skip
    db.session.add(record)
    session[SESSION_KEY] = key
    session["user_id"] = user.id
    session["auth_at"] = now.timestamp()
    session["seen_at"] = now.timestamp()
    session["remember"] = remember
    if locale:
        session["locale"] = locale
    session.permanent = remember
    audit(actor=user, action="auth.sign_in", object_type="user", object_id=user.id)
    return record


# Sensitive changes to an account (turning on two-factor authentication) need a sign-in this recent, or the
# password again: a borrowed or stolen session alone is not enough.
REAUTH_MINUTES = 10


def recently_authenticated(minutes: int = REAUTH_MINUTES) -> bool:
    """Whether this session's person gave their password (or signed in) within the last `minutes`."""
    at = session.get("auth_at")
    return isinstance(at, int | float) and 0 <= utcnow().timestamp() - float(at) <= minutes * 60


def mark_reauthenticated() -> None:
    session["auth_at"] = utcnow().timestamp()


def _current_record() -> UserSession | None:
    key = session.get(SESSION_KEY)
    if not isinstance(key, str):
        return None
    return db.session.scalar(select(UserSession).where(UserSession.key_hash == _digest("session", key)))


def log_out() -> None:
    """End this session here and in the database, so a copy of the cookie no longer works."""
    record = _current_record()
    if record is not None and record.revoked_at is None:
        record.revoked_at = utcnow()
        db.session.flush()
    session.clear()


def end_sessions(user: User, *, keep_current: bool = False, reason: str = "") -> int:
    """End every session of this person (all browsers), except perhaps this one. Returns how many ended."""
    current = _current_record() if keep_current and has_request_context() else None
    ended = 0
    for record in db.session.scalars(
        select(UserSession).where(UserSession.user_id == user.id, UserSession.revoked_at.is_(None))
    ):
        if current is not None and record.id == current.id:
            continue
        record.revoked_at = utcnow()
        ended += 1
    db.session.flush()
    if ended:
        audit(actor=None, action="auth.sessions_ended", object_type="user", object_id=user.id, why=reason)
    return ended


def idle_limit(user: User, remember: bool) -> dt.timedelta:
    config = current_app.config
    if user.is_officer:
        return dt.timedelta(minutes=config["OFFICER_IDLE_MINUTES"])
    if remember:
        return dt.timedelta(days=config["FAMILY_REMEMBER_DAYS"])
    return dt.timedelta(minutes=config["FAMILY_IDLE_MINUTES"])


def _live(record: UserSession | None, user_id: str) -> bool:
    return (
        record is not None
        and record.user_id == user_id
        and record.revoked_at is None
        and _aware(record.expires_at) > utcnow()
    )


# Built once (it runs on every signed-in request): a statement run again skips SQLAlchemy's building and cache key.
_USER_AND_SESSION = (
    select(User, UserSession)
    .outerjoin(UserSession, (UserSession.user_id == User.id) & (UserSession.key_hash == bindparam("key_hash")))
    .where(User.id == bindparam("user_id"))
)


def _user_and_session(user_id: str) -> tuple[User | None, UserSession | None]:
    """The person and this browser's session record, in one query (either may be missing)."""
    key = session.get(SESSION_KEY)
    if not isinstance(key, str):
        return db.session.get(User, user_id), None
    row = db.session.execute(_USER_AND_SESSION, {"key_hash": _digest("session", key), "user_id": user_id}).first()
    return (row[0], row[1]) if row is not None else (None, None)


def current_user() -> User | None:
    """The signed-in user, or None if nobody is, their session was ended or is too old, or has been idle too long."""
    from flask import g

    if "current_user" in g:
        return g.current_user
    user = None
    user_id = session.get("user_id")
    if user_id:
        candidate, record = _user_and_session(user_id)
        seen = session.get("seen_at", 0)
        now = utcnow().timestamp()
        if candidate is None or candidate.disabled or not _live(record, user_id):
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
    """A new one-time reset (or invitation) link's token: random, opaque, kept only as its hash, 1 hour."""
    token = secrets.token_urlsafe(32)
    db.session.add(PasswordResetToken(user_id=user.id, token_hash=_digest("reset", token),
                                      expires_at=utcnow() + dt.timedelta(seconds=RESET_MAX_AGE)))  # fmt: skip
    db.session.flush()
    return token


def _reset_record(token: str) -> PasswordResetToken | None:
    record = db.session.scalar(
        select(PasswordResetToken).where(PasswordResetToken.token_hash == _digest("reset", token))
    )
    if record is None or record.used_at is not None or _aware(record.expires_at) <= utcnow():
        return None
    return record


def signs_in_through_directory(user: User) -> bool:
    """Staff whose account signs in through the council's directory: they never get a local password."""
    return user.is_officer and user.oidc_subject is not None


def user_for_reset(token: str) -> User | None:
    """The person a reset link is for, while it is unused and less than an hour old."""
    record = _reset_record(token)
    user = db.session.get(User, record.user_id) if record else None
    if user is None or user.disabled or signs_in_through_directory(user):
        return None
    return user


def reset_password(token: str, password: str) -> User | None:
    """Use a reset link: the new password, the address confirmed (the link proved it), every session ended.

    Raises:
        ValueError: the password is not allowed.
    """
    user = user_for_reset(token)
    if user is None:
        return None
    set_password(user, password)
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
    db.session.flush()
    return user


def set_password(user: User, password: str, *, keep_current: bool = False) -> None:
    """A new password; every reset link sent before stops working and every session ends (but this one, with
    `keep_current`, when the person changed it themselves while signed in).

    Raises:
        ValueError: the password is not allowed.
    """
    if password_problems(password, email=user.email):
        raise ValueError("password not allowed")
    user.password_hash = hash_password(password)
    user.failed_logins = 0
    user.locked_until = None
    for record in db.session.scalars(
        select(PasswordResetToken).where(PasswordResetToken.user_id == user.id, PasswordResetToken.used_at.is_(None))
    ):
        record.used_at = utcnow()  # every reset link sent before now stops working
    db.session.flush()
    end_sessions(user, keep_current=keep_current, reason="password_changed")
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
