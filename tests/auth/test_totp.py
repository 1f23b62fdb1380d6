"""Two-factor authentication with an authenticator app: codes, set-up, the two-step sign-in, lockout."""

from __future__ import annotations

import datetime as dt
import re

import pyotp
import pytest
from sqlalchemy import select

from portal.auth import services as auth
from portal.auth import totp
from portal.auth.models import AuditEvent, Role
from portal.db import db, utcnow
from portal.notifications.models import OutboxMessage
from tests.pages import token_from

PASSWORD = "correct horse battery"
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


class Clock:
    """The time the TOTP code checks see; tests move it on a step at a time."""

    def __init__(self) -> None:
        self.now = utcnow()

    def advance(self, seconds: float) -> None:
        self.now += dt.timedelta(seconds=seconds)


@pytest.fixture()
def clock(monkeypatch):
    fake = Clock()
    monkeypatch.setattr(totp, "utcnow", lambda: fake.now)
    return fake


def code_at(secret: str, when: dt.datetime) -> str:
    return pyotp.TOTP(secret).at(when)


def post_form(client, url, **data):
    token = token_from(client.get(url))
    return client.post(url, data={**data, "csrf_token": token})


def sign_in(client, email, password=PASSWORD):
    return post_form(client, "/account/sign-in", email=email, password=password)


def enter_code(client, code):
    return post_form(client, "/account/sign-in/code", code=code)


def signed_in(client) -> bool:
    return client.get("/account").status_code == 200


def make_user(email="sam@example.com", roles=None, with_totp=False):
    user = auth.create_user(email=email, password=PASSWORD, roles=roles, verified=True)
    if with_totp:
        user.totp_secret = SECRET
        user.totp_enabled_at = utcnow()
        db.session.flush()
    return user


def secret_on_page(response) -> str:
    text = response.get_data(as_text=True)
    return re.search(r'id="totp-secret">([A-Z2-7 ]+)<', text).group(1).replace(" ", "")


# Codes ------------------------------------------------------------------------------------------


def test_the_current_code_is_accepted():
    now = utcnow()
    assert totp.matching_step(SECRET, code_at(SECRET, now), at=now) == pyotp.TOTP(SECRET).timecode(now)


def test_one_step_of_drift_either_way_is_allowed_and_no_more():
    now = utcnow()
    for seconds, ok in ((-30, True), (30, True), (-60, False), (60, False), (-90, False)):
        code = code_at(SECRET, now + dt.timedelta(seconds=seconds))
        assert (totp.matching_step(SECRET, code, at=now) is not None) is ok, seconds


@pytest.mark.parametrize("code", ["", "12345", "1234567", "abcdef", "12 34 5"])
def test_codes_in_the_wrong_format_never_match(code):
    assert totp.matching_step(SECRET, code) is None


def test_spaces_in_a_code_are_ignored():
    now = utcnow()
    code = code_at(SECRET, now)
    assert totp.matching_step(SECRET, f"{code[:3]} {code[3:]}", at=now) is not None


def test_a_code_is_accepted_once(db_session):
    user = make_user(with_totp=True)
    now = utcnow()
    code = code_at(SECRET, now)
    step = totp.verify(user, code, at=now)
    with pytest.raises(totp.CodeRefused, match="already been used"):
        totp.verify(user, code, at=now)
    with pytest.raises(totp.CodeRefused):  # an older code, still inside the drift window, is refused too
        totp.verify(user, code_at(SECRET, now - dt.timedelta(seconds=30)), at=now)
    later = now + dt.timedelta(seconds=30)
    assert totp.verify(user, code_at(SECRET, later), at=later) == step + 1
    events = db_session.scalars(select(AuditEvent).where(AuditEvent.action == totp.ACCEPTED_ACTION)).all()
    assert sorted(e.detail["step"] for e in events) == [step, step + 1]


def test_a_wrong_code_is_refused(db_session):
    user = make_user(with_totp=True)
    with pytest.raises(totp.CodeRefused, match="not correct"):
        totp.verify(user, "000000" if code_at(SECRET, utcnow()) != "000000" else "111111")


def test_the_key_is_shown_in_groups_of_four_and_as_an_otpauth_link(app, db_session):
    user = make_user()
    assert totp.grouped("ABCDEFGHIJKL") == "ABCD EFGH IJKL"
    with app.test_request_context():
        uri = totp.provisioning_uri(user, SECRET)
    assert uri.startswith("otpauth://totp/Wessex%20County%20Council:sam%40example.com?")
    assert f"secret={SECRET}" in uri and "issuer=Wessex%20County%20Council" in uri
    assert len(totp.new_secret()) == 32


# Setting up -------------------------------------------------------------------------------------


def test_set_up_page_shows_the_key_as_text_and_keeps_it_on_reload(pages, db_session):
    make_user()
    sign_in(pages.client, "sam@example.com")
    soup = pages.get("/account/two-factor")
    assert soup.h1.text.strip() == "Set up two-factor authentication"
    groups = soup.find(id="totp-secret").text.split()
    assert len(groups) == 8 and all(len(g) == 4 for g in groups)
    assert soup.find(id="totp-uri").text.startswith("otpauth://totp/")
    assert soup.find("img") is None, "no QR image from anywhere"
    assert soup.find("input", {"name": "code"})["autocomplete"] == "one-time-code"
    again = pages.get("/account/two-factor")
    assert again.find(id="totp-secret").text == soup.find(id="totp-secret").text
    with pages.client.session_transaction() as session:
        assert "".join(groups) not in repr(dict(session)), "the key is kept on the server, not in the cookie"


def test_enabling_with_a_wrong_code_shows_an_error(client, db_session, clock):
    user = make_user()
    sign_in(client, "sam@example.com")
    page = client.get("/account/two-factor")
    secret = secret_on_page(page)
    wrong = "123456" if code_at(secret, clock.now) != "123456" else "654321"
    response = client.post("/account/two-factor", data={"code": wrong, "csrf_token": token_from(page)})
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "<title>Error: Set up two-factor authentication" in text
    assert "The security code is not correct or has expired" in text and 'href="#code"' in text
    db_session.refresh(user)
    assert user.totp_enabled_at is None


def test_enabling_with_a_correct_code(client, db_session, clock):
    user = make_user()
    sign_in(client, "sam@example.com")
    page = client.get("/account/two-factor")
    secret = secret_on_page(page)
    response = client.post("/account/two-factor", data={"code": code_at(secret, clock.now),
                                                        "csrf_token": token_from(page)})  # fmt: skip
    assert response.status_code == 303 and response.headers["Location"] == "/account/two-factor"
    db_session.refresh(user)
    assert user.totp_enabled_at is not None and user.totp_secret == secret
    event = db_session.scalar(select(AuditEvent).where(AuditEvent.action == "auth.totp_enabled"))
    assert event.actor_id == user.id and event.object_id == user.id
    assert "Each time you sign in" in client.get("/account/two-factor").get_data(as_text=True)
    assert "Two-factor authentication" in client.get("/account").get_data(as_text=True)


def test_turning_off_needs_the_current_password(client, db_session, clock):
    user = make_user(with_totp=True)
    sign_in(client, "sam@example.com")
    enter_code(client, code_at(SECRET, clock.now))
    response = post_form(client, "/account/two-factor/turn-off", password="not my password")
    assert response.status_code == 200 and "The password is not correct" in response.get_data(as_text=True)
    db_session.refresh(user)
    assert user.failed_logins == 1 and user.totp_enabled_at is not None
    response = post_form(client, "/account/two-factor/turn-off", password=PASSWORD)
    assert response.status_code == 303
    db_session.refresh(user)
    assert user.totp_enabled_at is None and user.totp_secret is None
    assert db_session.scalar(select(AuditEvent).where(AuditEvent.action == "auth.totp_disabled")) is not None


# Signing in -------------------------------------------------------------------------------------


def test_sign_in_asks_for_a_code_before_signing_in(pages, db_session, clock):
    make_user(with_totp=True)
    client = pages.client
    response = sign_in(client, "sam@example.com")
    assert response.status_code == 303 and response.headers["Location"] == "/account/sign-in/code"
    assert not signed_in(client), "a right password alone does not sign in"
    soup = pages.get("/account/sign-in/code")
    assert soup.h1.text.strip() == "Enter your security code"
    response = enter_code(client, code_at(SECRET, clock.now))
    assert response.status_code == 303 and response.headers["Location"] == "/account"
    assert signed_in(client)


def test_a_wrong_code_shows_an_error_and_does_not_sign_in(client, db_session, clock):
    user = make_user(with_totp=True)
    sign_in(client, "sam@example.com")
    response = enter_code(client, "12345")
    assert "The security code must be 6 numbers" in response.get_data(as_text=True)
    wrong = "123456" if code_at(SECRET, clock.now) != "123456" else "654321"
    response = enter_code(client, wrong)
    text = response.get_data(as_text=True)
    assert response.status_code == 200 and "<title>Error: Enter your security code" in text
    db_session.refresh(user)
    assert user.failed_logins == 1
    assert not signed_in(client)


def test_the_code_step_without_a_password_goes_back_to_sign_in(client, db_session):
    response = client.get("/account/sign-in/code")
    assert response.status_code == 303 and response.headers["Location"].startswith("/account/sign-in")


def test_the_code_must_come_within_5_minutes(client, db_session, clock):
    make_user(with_totp=True)
    sign_in(client, "sam@example.com")
    clock.advance(totp.PENDING_MAX_AGE + 1)
    response = client.get("/account/sign-in/code")
    assert response.status_code == 303 and response.headers["Location"] == "/account/sign-in?timed_out=1"
    assert "more than 5 minutes" in client.get("/account/sign-in?timed_out=1").get_data(as_text=True)
    assert client.get("/account/sign-in/code").status_code == 303, "the pending sign-in is forgotten"


def test_a_code_used_once_cannot_sign_in_again(client, app, db_session, clock):
    make_user(with_totp=True)
    sign_in(client, "sam@example.com")
    code = code_at(SECRET, clock.now)
    assert enter_code(client, code).status_code == 303
    other = app.test_client()
    sign_in(other, "sam@example.com")
    response = enter_code(other, code)
    assert "already been used" in response.get_data(as_text=True)
    assert not signed_in(other)


def test_five_wrong_codes_lock_the_account_like_wrong_passwords(client, db_session, clock):
    user = make_user(with_totp=True)
    wrong = "123456" if code_at(SECRET, clock.now) != "123456" else "654321"
    sign_in(client, "sam@example.com")
    for _ in range(auth.MAX_FAILURES - 1):
        enter_code(client, wrong)
    # Giving the password again does not wipe out the wrong codes.
    sign_in(client, "sam@example.com")
    response = enter_code(client, wrong)
    assert "You have tried too many times" in response.get_data(as_text=True)
    db_session.refresh(user)
    assert user.locked_until is not None
    assert db_session.scalar(select(AuditEvent).where(AuditEvent.action == "account.locked")) is not None
    # The password alone says nothing about the lock (that would tell anyone the account exists) ...
    assert sign_in(client, "sam@example.com").headers["Location"] == "/account/sign-in/code"
    # ... but the code step refuses until the lock ends, even with the right code.
    response = enter_code(client, code_at(SECRET, clock.now))
    assert "You have tried too many times" in response.get_data(as_text=True)
    assert not signed_in(client)


def test_wrong_codes_add_up_across_passwords(client, db_session, clock):
    user = make_user(with_totp=True)
    wrong = "123456" if code_at(SECRET, clock.now) != "123456" else "654321"
    for _ in range(3):
        sign_in(client, "sam@example.com", "not the password")  # counted for this address from here only
    sign_in(client, "sam@example.com")
    for _ in range(3):
        enter_code(client, wrong)
    sign_in(client, "sam@example.com")
    db_session.refresh(user)
    assert user.failed_logins == 3
    enter_code(client, wrong)
    response = enter_code(client, wrong)
    assert "You have tried too many times" in response.get_data(as_text=True)
    db_session.refresh(user)
    assert user.locked_until is not None


def test_a_password_reset_does_not_skip_the_code(client, db_session, clock):
    make_user(with_totp=True)
    post_form(client, "/account/forgot-password", email="sam@example.com")
    message = db_session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "reset_password"))
    link = re.search(r"http://localhost(/account/reset/\S+)", message.body).group(1)
    response = post_form(client, link, password="a brand new passphrase", confirm="a brand new passphrase")
    assert response.status_code == 303 and response.headers["Location"] == "/account/sign-in/code"
    assert not signed_in(client)


# Required for officers --------------------------------------------------------------------------


def test_officers_must_set_up_a_second_factor_when_required(app, client, db_session, clock, monkeypatch):
    monkeypatch.setitem(app.config, "TOTP_REQUIRED_FOR_OFFICERS", True)
    officer = make_user(email="admin@example.com", roles=[Role.ADMIN])
    response = sign_in(client, "admin@example.com")
    assert response.status_code == 303 and response.headers["Location"] == "/account/two-factor"
    page = client.get("/account/two-factor")
    assert "before you can use the officer pages" in page.get_data(as_text=True)
    response = client.get("/officers/users")
    assert response.status_code == 303 and response.headers["Location"] == "/account/two-factor"
    secret = secret_on_page(client.get("/account/two-factor"))
    response = client.post("/account/two-factor", data={"code": code_at(secret, clock.now),
                                                        "csrf_token": token_from(page)})  # fmt: skip
    assert response.status_code == 303 and response.headers["Location"] == "/officers/users"
    assert client.get("/officers/users").status_code == 200
    db_session.refresh(officer)
    # Officers cannot turn it off while it is required.
    assert "Officers must keep two-factor authentication on" in client.get("/account/two-factor").get_data(as_text=True)
    assert client.get("/account/two-factor/turn-off").status_code == 303
    assert officer.totp_enabled_at is not None


def test_families_are_not_asked_to_set_up_a_second_factor(app, client, db_session, monkeypatch):
    monkeypatch.setitem(app.config, "TOTP_REQUIRED_FOR_OFFICERS", True)
    make_user()
    assert sign_in(client, "sam@example.com").headers["Location"] == "/account"


def test_not_required_by_default(app, client, db_session):
    assert app.config["TOTP_REQUIRED_FOR_OFFICERS"] is False
    make_user(email="admin@example.com", roles=[Role.ADMIN])
    assert sign_in(client, "admin@example.com").headers["Location"] == "/officers"
    assert client.get("/officers/users").status_code == 200
