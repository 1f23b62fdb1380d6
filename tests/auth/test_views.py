"""Signing in and out in the browser's terms: forms, CSRF, session rotation, idle expiry, access."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from portal.auth import services as auth
from portal.auth.models import Role
from portal.notifications.models import OutboxMessage
from tests.pages import token_from


@pytest.fixture()
def parent(db_session):
    return auth.create_user(email="parent@example.com", password="correct horse battery", verified=True)


@pytest.fixture()
def admin(db_session):
    return auth.create_user(email="admin@example.com", password="correct horse battery", roles=[Role.ADMIN],
                            verified=True)  # fmt: skip


def sign_in(client, email, password="correct horse battery", **extra):
    token = token_from(client.get("/account/sign-in"))
    return client.post("/account/sign-in", data={"email": email, "password": password, "csrf_token": token, **extra})


def test_sign_in_page(pages):
    soup = pages.get("/account/sign-in")
    assert soup.h1.text.strip() == "Sign in"
    assert soup.find("input", {"name": "password"})["type"] == "password"


def test_sign_in_and_out(client, parent):
    response = sign_in(client, "parent@example.com")
    assert response.status_code == 303 and response.headers["Location"] == "/account"
    assert "parent@example.com" in client.get("/account").get_data(as_text=True)
    token = token_from(client.get("/account"))
    client.post("/account/sign-out", data={"csrf_token": token})
    assert client.get("/account").status_code == 303


def test_officers_land_on_the_officer_home(client, db_session):
    """Issue 15: officers landed on the family account page after signing in."""
    auth.create_user(email="cw@example.com", password="correct horse battery", roles=[Role.CASEWORKER],
                     verified=True)  # fmt: skip
    response = sign_in(client, "cw@example.com")
    assert response.status_code == 303 and response.headers["Location"] == "/officers"
    asked = sign_in(client.application.test_client(), "cw@example.com", next="/officers/cases")
    assert asked.headers["Location"] == "/officers/cases"


def test_wrong_password_shows_an_error(client, parent):
    response = sign_in(client, "parent@example.com", "not the password")
    assert response.status_code == 200
    assert "Enter a correct email address and password" in response.get_data(as_text=True)


def test_sign_in_needs_csrf(client, parent):
    response = client.post(
        "/account/sign-in", data={"email": "parent@example.com", "password": "correct horse battery"}
    )
    assert response.status_code == 400


def test_session_is_rotated_at_sign_in(client, parent):
    client.get("/account/sign-in")
    before = client.get_cookie("session").value
    sign_in(client, "parent@example.com")
    assert client.get_cookie("session").value != before


def test_redirect_back_after_sign_in_stays_on_site(client, parent):
    token = token_from(client.get("/account/sign-in"))
    response = client.post("/account/sign-in", data={"email": "parent@example.com", "password": "correct horse battery",
                                                     "csrf_token": token, "next": "https://evil.example.com/"})  # fmt: skip
    assert response.headers["Location"] == "/"


def test_idle_sessions_expire(app, client, parent):
    sign_in(client, "parent@example.com")
    with client.session_transaction() as session:
        session["seen_at"] -= app.config["FAMILY_IDLE_MINUTES"] * 60 + 5
    assert client.get("/account").status_code == 303


def test_create_account_sends_a_verification_email(client, db_session):
    token = token_from(client.get("/account/create"))
    response = client.post("/account/create", data={"display_name": "New Parent", "email": "new@example.com",
                                                    "password": "three random words", "confirm": "three random words",
                                                    "csrf_token": token})  # fmt: skip
    assert response.status_code == 303
    message = db_session.scalar(select(OutboxMessage).where(OutboxMessage.recipient == "new@example.com"))
    link = re.search(r"http://localhost(/account/verify/\S+)", message.body).group(1)
    assert "Email address confirmed" in client.get(link).get_data(as_text=True)


def test_create_account_does_not_reveal_existing_accounts(client, parent, db_session):
    token = token_from(client.get("/account/create"))
    response = client.post("/account/create", data={"display_name": "X", "email": "parent@example.com",
                                                    "password": "three random words", "confirm": "three random words",
                                                    "csrf_token": token})  # fmt: skip
    assert response.headers["Location"].endswith("/account/check-your-email")


def test_weak_password_refused(client, db_session):
    token = token_from(client.get("/account/create"))
    response = client.post("/account/create", data={"display_name": "X", "email": "x@example.com",
                                                    "password": "password123", "confirm": "password123",
                                                    "csrf_token": token})  # fmt: skip
    assert "harder to guess" in response.get_data(as_text=True)


def test_password_reset_journey(client, parent, db_session):
    token = token_from(client.get("/account/forgot-password"))
    client.post("/account/forgot-password", data={"email": "parent@example.com", "csrf_token": token})
    message = db_session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "reset_password"))
    link = re.search(r"http://localhost(/account/reset/\S+)", message.body).group(1)
    page = client.get(link)
    response = client.post(link, data={"password": "a brand new passphrase", "confirm": "a brand new passphrase",
                                       "csrf_token": token_from(page)})  # fmt: skip
    assert response.status_code == 303
    assert client.get(link).status_code == 400, "a reset link works once"


def test_officer_pages_need_the_right_role(client, parent, admin):
    assert client.get("/officers/outbox").status_code == 303  # signed out: sign in first
    sign_in(client, "parent@example.com")
    assert client.get("/officers/outbox").status_code == 403
    assert client.get("/officers/content-gaps").status_code == 403


def test_admin_reads_the_outbox_and_content_gaps(client, admin):
    sign_in(client, "admin@example.com")
    assert client.get("/officers/outbox").status_code == 200
    assert client.get("/officers/content-gaps").status_code == 200
