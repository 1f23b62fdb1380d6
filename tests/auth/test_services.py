"""Passwords, lockout, one-time links and the audit trail."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from portal.auth import services as auth
from portal.auth.models import AuditEvent, Role, SignInThrottle
from portal.db import utcnow


def make_user(**kwargs):
    defaults = {
        "email": "Sam.Parent@Example.com",
        "password": "correct horse battery",
        "display_name": "Sam",
        "verified": True,
    }
    return auth.create_user(**{**defaults, **kwargs})


def test_passwords_are_argon2id_and_emails_normalised(db_session):
    user = make_user()
    assert user.email == "sam.parent@example.com"
    assert user.password_hash.startswith("$argon2id$")


@pytest.mark.parametrize(
    ("password", "ok"),
    [
        ("short", False),
        ("password123", False),
        ("sam.parent-rules", False),
        ("correct horse battery", True),
        ("no composition rules needed here", True),
    ],
)
def test_password_rules(password, ok):
    assert (auth.password_problems(password, email="sam.parent@example.com") == []) is ok


def test_duplicate_email_refused(db_session):
    make_user()
    with pytest.raises(ValueError):
        make_user(email="SAM.PARENT@example.com")


def test_authenticate_and_throttle(db_session):
    user = make_user()
    assert auth.authenticate("sam.parent@example.com", "correct horse battery").id == user.id
    for _ in range(auth.MAX_FAILURES):
        with pytest.raises(auth.AuthError):
            auth.authenticate("sam.parent@example.com", "wrong password here", source="203.0.113.9")
    with pytest.raises(auth.AccountLocked):
        auth.authenticate("sam.parent@example.com", "correct horse battery", source="203.0.113.9")
    assert db_session.scalar(select(AuditEvent).where(AuditEvent.action == "auth.sign_in_throttled")) is not None
    # The owner, somewhere else, is not locked out.
    assert auth.authenticate("sam.parent@example.com", "correct horse battery", source="198.51.100.7").id == user.id
    for throttle in db_session.scalars(select(SignInThrottle)):
        throttle.blocked_until = utcnow() - dt.timedelta(seconds=1)
    assert auth.authenticate("sam.parent@example.com", "correct horse battery", source="203.0.113.9").id == user.id


def test_unknown_email_gives_the_same_message(db_session):
    make_user()
    with pytest.raises(auth.AuthError) as unknown:
        auth.authenticate("nobody@example.com", "whatever password")
    with pytest.raises(auth.AuthError) as wrong:
        auth.authenticate("sam.parent@example.com", "whatever password")
    assert str(unknown.value) == str(wrong.value)


def test_verification_link(app, db_session):
    user = make_user()
    with app.test_request_context():
        token = auth.verification_token(user)
        assert auth.verify_email(token).id == user.id
        assert user.email_verified_at is not None
        assert auth.verify_email(token + "x") is None


def test_reset_link_works_once(app, db_session):
    user = make_user()
    with app.test_request_context():
        token = auth.reset_token(user)
        assert auth.user_for_reset(token).id == user.id
        auth.set_password(user, "a brand new passphrase")
        assert auth.user_for_reset(token) is None, "changing the password retires the link"


def test_roles(db_session):
    officer = make_user(email="officer@example.com", roles=[Role.CASEWORKER])
    parent = make_user(email="parent@example.com")
    assert officer.is_officer and not parent.is_officer
    assert parent.has_role(Role.PARENT)
