"""Changing your own password and e-mail address, for accounts with a local password.

Both need the current password again (a borrowed or stolen session alone is not enough). A new address only
takes effect once a link sent to it is opened, and the old address is told; a new password ends every other
session.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from flask_babel import lazy_gettext
from itsdangerous import BadSignature, SignatureExpired

from portal.auth import services, totp
from portal.auth.models import User
from portal.db import db, utcnow
from portal.notifications.services import queue_email
from portal.platform.links import absolute_url

EMAIL_CHANGE_HOURS = 24


class SameAddress(ValueError):
    """The new address is the one the account has already."""


@dataclass(frozen=True)
class EmailChange:
    user: User
    new_email: str


def may_change_password(user: User) -> bool:
    """Only accounts with a local password (not those that sign in through an identity provider)."""
    return user.password_hash is not None and not services.signs_in_through_directory(user)


def may_change_email(user: User) -> bool:
    """Families with a local password; officers' work addresses are the council's to change."""
    return may_change_password(user) and not user.is_officer


def change_password(user: User, *, current: str, new: str) -> None:
    """A new password, once the current one is given; every other session ends and the person is told.

    Raises:
        AccountLocked: too many wrong passwords recently.
        PasswordRefused: the current password is wrong (counted toward the lockout).
        ValueError: the new password is not allowed.
    """
    totp.confirm_password(user, current)
    services.set_password(user, new, keep_current=True)
    queue_email(to=user.email, kind="password_changed", subject=lazy_gettext("Your password has been changed"),
                template="password_changed", locale=user.locale, link=absolute_url("auth.forgot_password"),
                council=current_app.config["COUNCIL"])  # fmt: skip


def request_email_change(user: User, *, new_email: str, password: str) -> None:
    """Send a link to the new address; nothing changes until it is opened (within 24 hours).

    If the new address already has an account, that address is told instead, so the answer on screen never
    says who has an account.

    Raises:
        AccountLocked: too many wrong passwords recently.
        PasswordRefused: the password is wrong (counted toward the lockout).
        SameAddress: it is the account's address already.
    """
    totp.confirm_password(user, password)
    new_email = services.normalise_email(new_email)
    if new_email == user.email:
        raise SameAddress(new_email)
    council = current_app.config["COUNCIL"]
    if services.find_user(new_email) is not None:
        queue_email(to=new_email, kind="email_in_use", subject=lazy_gettext("You already have an account"),
                    template="email_in_use", locale=user.locale, council=council)  # fmt: skip
    else:
        token = services._serializer("change-email").dumps({"id": user.id, "old": user.email, "new": new_email})
        queue_email(to=new_email, kind="confirm_new_email", subject=lazy_gettext("Confirm your new email address"),
                    template="confirm_new_email", locale=user.locale, hours=EMAIL_CHANGE_HOURS, council=council,
                    link=absolute_url("auth.confirm_email_change", token=token))  # fmt: skip
    services.audit(actor=user, action="auth.email_change_requested", object_type="user", object_id=user.id)


def pending_email_change(token: str) -> EmailChange | None:
    """The change a link asks for, while it is less than 24 hours old, unused and the new address still free."""
    try:
        data = services._serializer("change-email").loads(token, max_age=EMAIL_CHANGE_HOURS * 3600)
    except (BadSignature, SignatureExpired):
        return None
    user = db.session.get(User, data.get("id"))
    new_email = data.get("new")
    # Once used, the account's address is no longer the "old" one in the link, so it works only once.
    if user is None or user.disabled or user.email != data.get("old") or not isinstance(new_email, str):
        return None
    if services.find_user(new_email) is not None:
        return None
    return EmailChange(user=user, new_email=new_email)


def confirm_email_change(token: str, *, signed_in_as: User | None) -> User | None:
    """Make the change a link asks for; the old address is told, other sessions end. None if the link is no good."""
    change = pending_email_change(token)
    if change is None:
        return None
    user = change.user
    old_email = user.email
    user.email = change.new_email
    user.email_verified_at = utcnow()
    db.session.flush()
    keep = signed_in_as is not None and signed_in_as.id == user.id
    services.end_sessions(user, keep_current=keep, reason="email_changed")
    services.audit(actor=user, action="auth.email_changed", object_type="user", object_id=user.id)
    queue_email(to=old_email, kind="email_changed", subject=lazy_gettext("Your email address has been changed"),
                template="email_changed", locale=user.locale, new_email=mask_email(change.new_email),
                council=current_app.config["COUNCIL"])  # fmt: skip
    return user


def mask_email(email: str) -> str:
    """Enough of an address to recognise it (j***@example.com), not enough to read it off a lost phone."""
    local, _, domain = email.partition("@")
    return f"{local[:1]}***@{domain}" if domain else "***"
