"""A second factor: time-based one-time codes (RFC 6238) from an authenticator app.

Codes use the authenticator apps' defaults (SHA-1, 6 digits, 30-second steps). A code from one step
either side of now is accepted, because phone clocks drift. Each accepted step is written to the audit
trail, and no code for that step or an earlier one is accepted again for that person, from any session.
"""

from __future__ import annotations

import functools
import hmac
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

import pyotp
from flask import current_app, redirect, request, session, url_for
from flask_babel import gettext
from sqlalchemy import select
from werkzeug.wrappers import Response

from portal.auth import services
from portal.auth.models import AuditEvent, User
from portal.db import db, utcnow

STEP_SECONDS = 30
DRIFT_STEPS = 1
DIGITS = 6
PENDING_MAX_AGE = 5 * 60  # seconds between the right password and the code
PENDING_KEY = "totp_pending"
SETUP_REQUIRED_KEY = "totp_setup_required"
ACCEPTED_ACTION = "auth.totp_code_accepted"

F = TypeVar("F", bound=Callable[..., Any])


class CodeRefused(services.AuthError):
    """The code is wrong, too old, or has been used already; the message is safe to show."""


class SignInTimedOut(Exception):
    """More than 5 minutes passed between the password and the code."""


class PasswordRefused(services.AuthError):
    """The password given to confirm a change is not the account's password."""


class ReauthenticationRequired(services.AuthError):
    """No password to confirm with (the account signs in through a provider) and the sign-in is not recent."""


class SecondFactorRequired(Exception):
    """Officers must keep two-factor authentication on while TOTP_REQUIRED_FOR_OFFICERS is set."""


@dataclass(frozen=True)
class Pending:
    """A sign-in waiting for its code: the password was right, nobody is signed in yet."""

    user: User
    remember: bool
    next_url: str


# Codes ------------------------------------------------------------------------------------------


def new_secret() -> str:
    """A new random key: 32 base-32 characters, 160 bits, as RFC 4226 recommends."""
    return pyotp.random_base32()


def grouped(secret: str) -> str:
    """The key in groups of 4 characters, easier to copy by hand."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def issuer() -> str:
    # A colon separates issuer and account in the otpauth label, so it cannot appear in the name.
    return str(current_app.config["TOTP_ISSUER"]).replace(":", " ")


def provisioning_uri(user: User, secret: str) -> str:
    """The otpauth:// link an authenticator app can read to add this account."""
    return _totp(secret).provisioning_uri(name=user.email, issuer_name=issuer())


def normalise_code(code: str | None) -> str:
    return "".join(ch for ch in (code or "") if not ch.isspace() and ch != "-")


def matching_step(secret: str, code: str, *, at: datetime | None = None) -> int | None:
    """The time step whose code this is (allowing one step of drift either way), or None."""
    code = normalise_code(code)
    if len(code) != DIGITS or not code.isdigit():
        return None
    totp = _totp(secret)
    current = totp.timecode(at or utcnow())
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def last_accepted_step(user: User) -> int | None:
    """The latest time step accepted for this person, from the audit trail."""
    details = db.session.scalars(
        select(AuditEvent.detail)
        .where(AuditEvent.action == ACCEPTED_ACTION, AuditEvent.object_id == user.id)
        .order_by(AuditEvent.created_at.desc())
        .limit(5)
    )
    steps = [int(d["step"]) for d in details if isinstance(d, dict) and "step" in d]
    return max(steps) if steps else None


def verify(user: User, code: str, *, secret: str | None = None, at: datetime | None = None) -> int:
    """Accept a code once: record its time step so it cannot be used again.

    Raises:
        CodeRefused: wrong or expired code, or a code whose time step was already used.
    """
    key = secret or user.totp_secret
    step = matching_step(key, code, at=at) if key else None
    if step is None:
        raise CodeRefused(gettext("The security code is not correct or has expired"))
    last = last_accepted_step(user)
    if last is not None and step <= last:
        raise CodeRefused(gettext("That security code has already been used. Wait for a new code, then enter it."))
    services.audit(actor=user, action=ACCEPTED_ACTION, object_type="user", object_id=user.id, step=step)
    return step


def is_enabled(user: User) -> bool:
    return user.totp_enabled_at is not None and bool(user.totp_secret)


def _totp(secret: str) -> pyotp.TOTP:
    return pyotp.TOTP(secret, digits=DIGITS, interval=STEP_SECONDS)


def _count_failure(user: User) -> None:
    """A wrong code (or confirming password) counts toward the same lockout as a wrong password."""
    user.failed_logins += 1
    if user.failed_logins >= services.MAX_FAILURES:
        user.locked_until = utcnow() + services.LOCKOUT
        user.failed_logins = 0
        services.audit(actor=None, action="account.locked", object_type="user", object_id=user.id)
    db.session.flush()


def _is_locked(user: User) -> bool:
    return bool(user.locked_until and services._aware(user.locked_until) > utcnow())


def _locked_error() -> services.AccountLocked:
    return services.AccountLocked(gettext("You have tried too many times. Wait 15 minutes, then try again."))


# Setting up and turning off ---------------------------------------------------------------------


def setup_secret(user: User) -> str:
    """The key being set up for this person. It is kept on the account (not in the session cookie, which
    would carry it on every request) and is not used until a code proves the app has it."""
    if not user.totp_secret:
        user.totp_secret = new_secret()
        db.session.flush()
    return user.totp_secret


def needs_password_to_enable(user: User) -> bool:
    """Whether the set-up form must ask for the password (the sign-in was not in the last few minutes)."""
    return user.password_hash is not None and not services.recently_authenticated()


def enable(user: User, *, code: str, password: str | None = None) -> None:
    """Turn on two-factor authentication with the key being set up, once a current code proves it works.

    Someone who did not sign in within the last few minutes gives their password too: whoever holds a borrowed
    or stolen session must not be able to tie the account to their own authenticator app.

    Raises:
        ReauthenticationRequired: no recent sign-in and no password to give (sign in again).
        AccountLocked: too many wrong passwords or codes recently.
        PasswordRefused: the password is wrong (counted toward the lockout).
        CodeRefused: the code does not match the key.
    """
    if not services.recently_authenticated():
        if user.password_hash is None:
            raise ReauthenticationRequired(gettext("Sign out, sign in again, then set up two-factor authentication"))
        if _is_locked(user):
            raise _locked_error()
        if not services._safe_verify(user.password_hash, password or ""):
            _count_failure(user)
            raise PasswordRefused(gettext("The password is not correct"))
        services.mark_reauthenticated()
    secret = setup_secret(user)
    verify(user, code, secret=secret)
    user.totp_enabled_at = utcnow()
    db.session.flush()
    services.audit(actor=user, action="auth.totp_enabled", object_type="user", object_id=user.id)


def may_turn_off(user: User) -> bool:
    return not (current_app.config.get("TOTP_REQUIRED_FOR_OFFICERS") and user.is_officer)


def confirm_password(user: User, password: str) -> None:
    """The account's own password, given again to confirm a change to the account (counted toward the lockout).

    Raises:
        AccountLocked: too many wrong passwords or codes recently.
        PasswordRefused: the password is wrong, or the account has none.
    """
    if _is_locked(user):
        raise _locked_error()
    if user.password_hash is None or not services._safe_verify(user.password_hash, password):
        _count_failure(user)
        raise PasswordRefused(gettext("The password is not correct"))
    services.mark_reauthenticated()


def disable(user: User, *, password: str) -> None:
    """Turn off two-factor authentication; the current password confirms it is really them.

    Raises:
        SecondFactorRequired: officers must keep it on.
        AccountLocked: too many wrong passwords or codes recently.
        PasswordRefused: the password is wrong (counted toward the lockout).
    """
    if not may_turn_off(user):
        raise SecondFactorRequired()
    confirm_password(user, password)
    user.totp_secret = None
    user.totp_enabled_at = None
    db.session.flush()
    services.audit(actor=user, action="auth.totp_disabled", object_type="user", object_id=user.id)


def reset_by_administrator(*, actor: User, user: User, reason: str) -> None:
    """An administrator clears someone's lost second factor; they set up a new one at their next sign-in.

    The person is told by e-mail (so a reset they did not ask for is noticed), and the reason is audited.

    Raises:
        SecondFactorRequired: administrators cannot reset their own (they use the normal page, with a code).
    """
    if actor.id == user.id:
        raise SecondFactorRequired()
    from flask_babel import lazy_gettext

    from portal.notifications.services import queue_email

    user.totp_secret = None
    user.totp_enabled_at = None
    db.session.flush()
    services.audit(actor=actor, action="auth.totp_reset", object_type="user", object_id=user.id, reason=reason)
    queue_email(to=user.email, kind="totp_reset", subject=lazy_gettext("Your two-factor authentication was reset"),
                template="totp_reset", locale=user.locale, council=current_app.config["COUNCIL"])  # fmt: skip


# Signing in -------------------------------------------------------------------------------------


def check_password(email: str, password: str, *, source: str = "") -> User:
    """The first step of signing in: services.authenticate, except that for someone with a second factor
    a right password alone does not wipe out earlier failures (or 4 wrong codes, then the password
    again, would go on for ever without a lockout).

    Raises:
        AccountLocked, AuthError: as services.authenticate.
    """
    known = services.find_user(email)
    earlier_failures = known.failed_logins if known is not None else 0
    user = services.authenticate(email, password, source=source)
    if is_enabled(user):
        user.failed_logins = earlier_failures
        db.session.flush()
    return user


def begin_sign_in(user: User, *, remember: bool, next_url: str) -> None:
    """Remember in the (signed) session who gave the right password, and when; nobody is signed in yet."""
    locale = session.get("locale")
    session.clear()
    if locale:
        session["locale"] = locale
    session[PENDING_KEY] = {"user_id": user.id, "at": utcnow().timestamp(), "remember": remember, "next": next_url}


def pending_sign_in() -> Pending | None:
    """The sign-in waiting for a code, or None if there is none.

    Raises:
        SignInTimedOut: there was one, but it is more than 5 minutes old (it is forgotten).
    """
    state = session.get(PENDING_KEY)
    if not isinstance(state, dict):
        return None
    if utcnow().timestamp() - float(state.get("at", 0)) > PENDING_MAX_AGE:
        session.pop(PENDING_KEY, None)
        raise SignInTimedOut()
    user = db.session.get(User, state.get("user_id"))
    if user is None or user.disabled or not is_enabled(user):
        session.pop(PENDING_KEY, None)
        return None
    return Pending(user=user, remember=bool(state.get("remember")), next_url=str(state.get("next") or ""))


def complete_sign_in(pending: Pending, code: str) -> None:
    """The second step of signing in: a right code starts the session.

    Raises:
        AccountLocked: locked now or by this failure (the pending sign-in is forgotten).
        CodeRefused: wrong or reused code (counted toward the lockout).
    """
    user = pending.user
    if _is_locked(user):
        session.pop(PENDING_KEY, None)
        raise _locked_error()
    try:
        verify(user, code)
    except CodeRefused:
        _count_failure(user)
        if _is_locked(user):
            session.pop(PENDING_KEY, None)
            raise _locked_error() from None
        raise
    user.failed_logins = 0
    user.locked_until = None
    db.session.flush()
    services.log_in(user, remember=pending.remember)


# Required for officers --------------------------------------------------------------------------


def setup_required(user: User) -> bool:
    """True for an officer without a second factor while TOTP_REQUIRED_FOR_OFFICERS is set."""
    return bool(current_app.config.get("TOTP_REQUIRED_FOR_OFFICERS")) and user.is_officer and not is_enabled(user)


def require_setup(next_url: str) -> Response:
    """Send someone to set up two-factor authentication, then on to next_url."""
    session[SETUP_REQUIRED_KEY] = next_url
    return redirect(url_for("auth.two_factor"), code=303)


def officer_setup_redirect() -> Response | None:
    """For officer pages: a redirect to the set-up page while the signed-in officer still needs one."""
    user = services.current_user()
    if user is not None and setup_required(user):
        return require_setup(request.full_path.rstrip("?"))
    return None


def second_factor_required(view: F) -> F:
    """Put under @officer_required on every officer page: the set-up page comes first when it is required.

    This is not an access rule (it never lets anyone in), so the route keeps exactly one of those.
    """

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        redirect_to_setup = officer_setup_redirect()
        if redirect_to_setup is not None:
            return redirect_to_setup
        return view(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def setup_next_url() -> str | None:
    """Where to go after setting up, if the set-up was required on the way somewhere (and forget it)."""
    return session.pop(SETUP_REQUIRED_KEY, None)


def setup_was_required() -> bool:
    return SETUP_REQUIRED_KEY in session
