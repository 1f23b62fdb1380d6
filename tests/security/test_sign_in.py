"""Sign-in and sessions: pre-hijacking, revocable sessions, enumeration and targeted lockout (issue 14)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select

from portal.auth import services as auth
from portal.auth.models import Role, UserSession
from portal.db import utcnow
from portal.notifications.models import OutboxMessage
from tests.pages import token_from

PASSWORD = "correct horse battery"


@pytest.fixture()
def parent(db_session):
    return auth.create_user(email="parent@example.com", password=PASSWORD, verified=True)


def sign_in(client, email, password=PASSWORD, **extra):
    token = token_from(client.get("/account/sign-in"))
    return client.post("/account/sign-in", data={"email": email, "password": password, "csrf_token": token, **extra})


def sign_in_from(client, address, email, password=PASSWORD):
    token = token_from(client.get("/account/sign-in", environ_base={"REMOTE_ADDR": address}))
    return client.post("/account/sign-in", data={"email": email, "password": password, "csrf_token": token},
                       environ_base={"REMOTE_ADDR": address})  # fmt: skip


def signed_in(client) -> bool:
    return client.get("/account").status_code == 200


def create_account(client, email, password="three random words"):
    token = token_from(client.get("/account/create"))
    return client.post("/account/create", data={"display_name": "Someone", "email": email, "password": password,
                                                "confirm": password, "csrf_token": token})  # fmt: skip


# Account pre-hijacking -------------------------------------------------------------------------------


def test_nobody_signs_in_before_confirming_the_address(client, db_session):
    """The attack: create an account with someone else's address and sign in at once."""
    create_account(client, "victim@example.com")
    response = sign_in(client, "victim@example.com", "three random words")
    assert response.status_code == 200 and not signed_in(client)
    assert "Confirm your email address before you sign in" in response.get_data(as_text=True)


def test_confirming_then_signing_in_works(client, db_session):
    create_account(client, "new@example.com")
    message = db_session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "verify_email"))
    client.get(re.search(r"http://localhost(/account/verify/\S+)", message.body).group(1))
    assert sign_in(client, "new@example.com", "three random words").status_code == 303
    assert signed_in(client)


def test_a_reset_link_proves_the_address_and_replaces_a_strangers_password(client, db_session):
    """The real owner of the address takes back an account a stranger made with it."""
    create_account(client, "owner@example.com", "strangers secret words")
    token = token_from(client.get("/account/forgot-password"))
    client.post("/account/forgot-password", data={"email": "owner@example.com", "csrf_token": token})
    message = db_session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "reset_password"))
    link = re.search(r"http://localhost(/account/reset/\S+)", message.body).group(1)
    client.post(link, data={"password": "a lighthouse keeper sings", "confirm": "a lighthouse keeper sings",
                            "csrf_token": token_from(client.get(link))})  # fmt: skip
    user = auth.find_user("owner@example.com")
    db_session.refresh(user)
    assert user.email_verified_at is not None
    with pytest.raises(auth.AuthError):
        auth.authenticate("owner@example.com", "strangers secret words")


# Sessions ---------------------------------------------------------------------------------------------


def copied_cookie(client) -> str:
    return client.get_cookie("session").value


def replay(app, cookie: str):
    thief = app.test_client()
    thief.set_cookie("session", cookie)
    return thief.get("/account")


def test_a_copied_cookie_stops_working_after_sign_out(app, client, parent):
    sign_in(client, "parent@example.com")
    cookie = copied_cookie(client)
    assert replay(app, cookie).status_code == 200
    client.post("/account/sign-out", data={"csrf_token": token_from(client.get("/account"))})
    assert replay(app, cookie).status_code == 303


def test_a_copied_cookie_stops_working_after_a_password_reset(app, client, parent, db_session):
    sign_in(client, "parent@example.com")
    cookie = copied_cookie(client)
    auth.reset_password(auth.reset_token(parent), "a brand new passphrase")
    assert replay(app, cookie).status_code == 303


def test_a_copied_cookie_stops_working_after_a_role_change(app, client, db_session):
    from portal.officers import services as officer_services

    admin = auth.create_user(email="admin@example.com", password=PASSWORD, roles=[Role.ADMIN], verified=True)
    editor = auth.create_user(email="ed@example.com", password=PASSWORD, roles=[Role.EDITOR], verified=True)
    sign_in(client, "ed@example.com")
    cookie = copied_cookie(client)
    officer_services.change_roles(actor=admin, user=editor, roles=[str(Role.CASEWORKER)],
                                  version=officer_services.version_of(editor))  # fmt: skip
    assert replay(app, cookie).status_code == 303


def test_sign_out_everywhere_ends_every_session(app, client, parent):
    other = app.test_client()
    sign_in(client, "parent@example.com")
    sign_in(other, "parent@example.com")
    response = client.post("/account/sign-out-everywhere", data={"csrf_token": token_from(client.get("/account"))})
    assert response.status_code == 303
    assert not signed_in(client) and not signed_in(other)


def test_sessions_have_an_absolute_lifetime(app, client, parent, db_session):
    sign_in(client, "parent@example.com")
    record = db_session.scalar(select(UserSession).where(UserSession.user_id == parent.id))
    assert auth._aware(record.expires_at) - auth._aware(record.created_at) == dt.timedelta(hours=12)
    record.expires_at = utcnow() - dt.timedelta(seconds=1)
    db_session.flush()
    assert not signed_in(client), "an active session still ends at its absolute limit"


def test_officer_sessions_last_12_hours_and_families_30_days_when_remembered(client, db_session):
    auth.create_user(email="cw@example.com", password=PASSWORD, roles=[Role.CASEWORKER], verified=True)
    auth.create_user(email="fam@example.com", password=PASSWORD, verified=True)
    sign_in(client, "cw@example.com", remember="y")
    sign_in(client, "fam@example.com", remember="y")
    lifetimes = {
        s.remember: auth._aware(s.expires_at) - auth._aware(s.created_at)
        for s in db_session.scalars(select(UserSession))
    }
    assert lifetimes == {False: dt.timedelta(hours=12), True: dt.timedelta(days=30)}


def test_the_database_keeps_only_a_hash_of_the_session_key(client, parent, db_session):
    sign_in(client, "parent@example.com")
    with client.session_transaction() as session:
        key = session["sid"]
    assert db_session.scalar(select(UserSession).where(UserSession.key_hash == key)) is None


# Enumeration and targeted lockout -----------------------------------------------------------------------


def test_lockout_message_is_the_same_for_real_and_unknown_addresses(client, parent):
    answers = {}
    for email in ("parent@example.com", "nobody@example.com"):
        for _ in range(auth.MAX_FAILURES):
            sign_in(client, email, "not the password")
        answers[email] = re.sub(r"\s+", " ", sign_in(client, email, "not the password").get_data(as_text=True))
        answers[email] = re.search(r"You have tried too many times[^<]*", answers[email]).group(0)
    assert answers["parent@example.com"] == answers["nobody@example.com"]


def test_sign_in_does_the_same_hashing_work_for_unknown_addresses(client, parent, monkeypatch):
    calls = []
    original = auth._safe_verify
    monkeypatch.setattr(
        auth, "_safe_verify", lambda stored, password: calls.append(stored) or original(stored, password)
    )
    sign_in(client, "parent@example.com", "not the password")
    sign_in(client, "nobody@example.com", "not the password")
    assert len(calls) == 2


def test_create_account_does_the_same_hashing_work_for_existing_addresses(client, parent, monkeypatch):
    calls = []
    original = auth.hash_password
    monkeypatch.setattr(auth, "hash_password", lambda password: calls.append(1) or original(password))
    create_account(client, "parent@example.com")
    create_account(client, "brand.new@example.com")
    assert calls == [1, 1]


def test_an_attacker_cannot_lock_the_owner_out(client, app, parent):
    attacker = app.test_client()
    for _ in range(auth.MAX_FAILURES * 3):
        sign_in_from(attacker, "203.0.113.66", "parent@example.com", "not the password")
    assert "You have tried too many times" in sign_in_from(attacker, "203.0.113.66", "parent@example.com").get_data(
        as_text=True
    )
    assert sign_in_from(client, "198.51.100.23", "parent@example.com").status_code == 303


def test_the_wait_grows_with_each_failure(db_session, parent):
    for _ in range(auth.MAX_FAILURES):
        with pytest.raises(auth.AuthError):
            auth.authenticate("parent@example.com", "wrong", source="203.0.113.1")
    first = auth._throttle_for("parent@example.com", "203.0.113.1")
    waits = [auth._aware(first.blocked_until) - utcnow()]
    first.blocked_until = None
    with pytest.raises(auth.AuthError):
        auth.authenticate("parent@example.com", "wrong", source="203.0.113.1")
    waits.append(auth._aware(first.blocked_until) - utcnow())
    assert waits[1] > waits[0] and waits[1] <= auth.LOCKOUT


def test_signed_in_pages_are_not_stored(client, parent):
    sign_in(client, "parent@example.com")
    assert client.get("/account").headers["Cache-Control"] == "no-store"
    assert client.get("/").headers["Cache-Control"] == "no-store"


def test_directory_staff_cannot_set_a_local_password(client, db_session):
    officer = auth.create_user(email="staff@example.gov.uk", password=None, roles=[Role.CASEWORKER], verified=True)
    officer.oidc_issuer, officer.oidc_subject = "https://login.example.gov.uk", "staff-1"
    db_session.flush()
    token = token_from(client.get("/account/forgot-password"))
    response = client.post("/account/forgot-password", data={"email": "staff@example.gov.uk", "csrf_token": token})
    assert response.status_code == 303
    assert db_session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "reset_password")) is None
    assert auth.user_for_reset(auth.reset_token(officer)) is None


@pytest.mark.parametrize("password", ["Password123!", "aaaaaaaaaa", "qwerty123456"])
def test_guessable_passwords_are_refused(password):
    assert auth.password_problems(password)


def test_a_random_passphrase_is_allowed():
    assert auth.password_problems("lighthouse marmalade cactus") == []


def test_reset_links_are_opaque_random_tokens_kept_only_as_a_hash(client, parent, db_session):
    """The finding: reset tokens carried the user id and part of the password hash, readable by anyone who saw
    the e-mail. Now each is random, says nothing, is stored only as its hash, and stops working once used."""
    import base64

    from portal.auth.models import PasswordResetToken

    for _ in range(2):
        token = token_from(client.get("/account/forgot-password"))
        client.post("/account/forgot-password", data={"email": "parent@example.com", "csrf_token": token})
    bodies = db_session.scalars(
        select(OutboxMessage.body).where(OutboxMessage.kind == "reset_password").order_by(OutboxMessage.created_at)
    ).all()
    tokens = [re.search(r"/account/reset/(\S+)", body).group(1) for body in bodies]
    assert len(tokens) == 2 and tokens[0] != tokens[1]
    secret = parent.password_hash.rsplit("$", 1)[-1]
    for token in tokens:
        assert re.fullmatch(r"[A-Za-z0-9_-]{43}", token), "32 random bytes and nothing else"
        decoded = base64.urlsafe_b64decode(token + "=")
        assert parent.id not in token and parent.id.encode() not in decoded
        assert not any(secret[i : i + 6] in token for i in range(len(secret) - 6))
    stored = set(
        db_session.scalars(select(PasswordResetToken.token_hash).where(PasswordResetToken.user_id == parent.id))
    )
    assert len(stored) == 2 and not stored & set(tokens), "only a hash of each token is kept"
    page = client.get(f"/account/reset/{tokens[1]}")
    response = client.post(f"/account/reset/{tokens[1]}", data={
        "password": "a brand new passphrase", "confirm": "a brand new passphrase", "csrf_token": token_from(page),
    })  # fmt: skip
    assert response.status_code == 303
    assert client.get(f"/account/reset/{tokens[1]}").status_code == 400, "used once"
    assert client.get(f"/account/reset/{tokens[0]}").status_code == 400, "the password changed: older links end"
