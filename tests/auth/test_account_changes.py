"""Changing your own password and e-mail address (local accounts): the password first, other sessions end,
a new address works only once a link sent to it is opened, and the old address is told."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from portal.auth import services as auth
from portal.auth.models import AuditEvent, Role
from portal.notifications.models import OutboxMessage
from tests.conftest import build_app
from tests.pages import PageClient, normalize_spaces, token_from

PASSWORD = "correct horse battery"
NEW_PASSWORD = "kettle orchard lantern"


@pytest.fixture()
def parent(db_session):
    return auth.create_user(email="parent@example.com", password=PASSWORD, display_name="Pat Parent", verified=True)


def sign_in(client, email, password=PASSWORD):
    token = token_from(client.get("/account/sign-in"))
    return client.post("/account/sign-in", data={"email": email, "password": password, "csrf_token": token})


def signed_in(client) -> bool:
    return client.get("/account").status_code == 200


def errors(response) -> list[str]:
    soup = BeautifulSoup(response.get_data(as_text=True), "html5lib")
    return [normalize_spaces(a.text) for a in soup.select(".govuk-error-summary a")]


def outbox(db_session, kind):
    return list(db_session.scalars(select(OutboxMessage).where(OutboxMessage.kind == kind)))


def post_password(client, current, new, confirm=None):
    token = token_from(client.get("/account/change-password"))
    return client.post("/account/change-password", data={"current": current, "password": new,
                                                         "confirm": new if confirm is None else confirm,
                                                         "csrf_token": token})  # fmt: skip


def post_email(client, new_email, password=PASSWORD):
    token = token_from(client.get("/account/change-email"))
    return client.post("/account/change-email", data={"new_email": new_email, "password": password,
                                                      "csrf_token": token})  # fmt: skip


# Pages ----------------------------------------------------------------------------------------------------------


def test_your_account_offers_both_changes(pages, parent):
    sign_in(pages.client, "parent@example.com")
    soup = pages.get("/account")
    links = {normalize_spaces(a.text): a["href"] for a in soup.select(".govuk-summary-list__actions a")}
    assert links["Change email address"] == "/account/change-email"
    assert links["Change password"] == "/account/change-password"


def test_the_change_pages_follow_the_patterns(pages, parent):
    sign_in(pages.client, "parent@example.com")
    soup = pages.get("/account/change-password")
    assert soup.h1.text.strip() == "Change your password"
    fields = {i["name"]: i for i in soup.select("form input") if i.get("name") != "csrf_token"}
    assert set(fields) == {"current", "password", "confirm"}
    assert fields["current"]["autocomplete"] == "current-password"
    assert fields["password"]["autocomplete"] == "new-password"
    assert soup.find("label", {"for": "current"}).text.strip() == "Current password"
    soup = pages.get("/account/change-email")
    assert soup.h1.text.strip() == "Change your email address"
    assert "parent@example.com" in soup.text
    assert soup.find("input", {"name": "new_email"})["type"] == "email"
    assert soup.find("input", {"name": "password"})["autocomplete"] == "current-password"


def test_accounts_without_a_local_password_have_no_change_pages(client, parent, db_session):
    sign_in(client, "parent@example.com")
    parent.password_hash = None  # now signs in through an identity provider
    db_session.flush()
    soup = PageClient(client).get("/account")
    assert soup.select(".govuk-summary-list__actions a[href='/account/change-password']") == []
    assert "You sign in without a password here" in soup.text
    assert client.get("/account/change-password").status_code == 404
    assert client.get("/account/change-email").status_code == 404


def test_officers_change_their_password_but_not_their_work_address(client, db_session):
    auth.create_user(email="cw@example.com", password=PASSWORD, roles=[Role.CASEWORKER], verified=True)
    sign_in(client, "cw@example.com")
    assert client.get("/account/change-password").status_code == 200
    assert client.get("/account/change-email").status_code == 404


def test_signed_out_visitors_go_to_sign_in(client, db_session):
    for path in ("/account/change-password", "/account/change-email"):
        response = client.get(path)
        assert response.status_code == 303 and response.headers["Location"].startswith("/account/sign-in?next=")


def test_posts_need_the_csrf_token(client, parent):
    sign_in(client, "parent@example.com")
    assert client.post("/account/change-password", data={"current": PASSWORD, "password": NEW_PASSWORD,
                                                          "confirm": NEW_PASSWORD}).status_code == 400  # fmt: skip
    assert client.post("/account/change-email", data={"new_email": "new@example.com",
                                                      "password": PASSWORD}).status_code == 400  # fmt: skip


# Changing the password ------------------------------------------------------------------------------------------


def test_changing_the_password_needs_the_current_one(client, parent, db_session):
    sign_in(client, "parent@example.com")
    response = post_password(client, "not my password", NEW_PASSWORD)
    assert response.status_code == 200 and errors(response) == ["The password is not correct"]
    assert "<title>Error: Change your password" in response.get_data(as_text=True)
    db_session.refresh(parent)
    assert parent.failed_logins == 1, "counts toward the lockout"
    assert auth._safe_verify(parent.password_hash, PASSWORD)


@pytest.mark.parametrize(
    ("new", "confirm", "message"),
    [
        ("Password123!", None, "This password is on a list of passwords that criminals try first"),
        ("aaaaaaaaaaaa", None, "This password is on a list of passwords that criminals try first"),
        ("short", None, "Password must be 10 characters or more"),
        ("my parent@example.com words", None, "Choose a password that is harder to guess"),
        (NEW_PASSWORD, "something else entirely", "The passwords do not match"),
    ],
)
def test_the_new_password_follows_the_usual_rules(client, parent, db_session, new, confirm, message):
    sign_in(client, "parent@example.com")
    response = post_password(client, PASSWORD, new, confirm)
    assert response.status_code == 200
    assert any(e.startswith(message) for e in errors(response)), errors(response)
    db_session.refresh(parent)
    assert auth._safe_verify(parent.password_hash, PASSWORD)


def test_a_new_password_signs_out_other_devices_but_not_this_one(app, client, parent, db_session):
    other = app.test_client()
    sign_in(client, "parent@example.com")
    sign_in(other, "parent@example.com")
    response = post_password(client, PASSWORD, NEW_PASSWORD)
    assert response.status_code == 303 and response.headers["Location"] == "/account"
    page = PageClient(client).get("/account")
    assert "Your password has been changed. We have signed you out on your other devices." in page.text
    assert not signed_in(other)
    fresh = app.test_client()
    assert sign_in(fresh, "parent@example.com", PASSWORD).status_code == 200, "the old password is refused"
    assert sign_in(fresh, "parent@example.com", NEW_PASSWORD).status_code == 303
    [message] = outbox(db_session, "password_changed")
    assert message.recipient == "parent@example.com" and message.subject == "Your password has been changed"
    assert "http://localhost/account/forgot-password" in message.body
    assert db_session.scalar(select(AuditEvent).where(AuditEvent.action == "auth.password_changed")) is not None


# Changing the e-mail address ------------------------------------------------------------------------------------


def confirm_link(db_session) -> str:
    [message] = outbox(db_session, "confirm_new_email")
    return re.search(r"http://localhost(/account/change-email/confirm/\S+)", message.body).group(1)


def test_a_new_address_takes_effect_only_from_the_link_sent_to_it(app, client, parent, db_session):
    other = app.test_client()
    sign_in(other, "parent@example.com")
    sign_in(client, "parent@example.com")
    response = post_email(client, "Pat.New@Example.com")
    assert response.status_code == 303 and response.headers["Location"] == "/account"
    assert "We have sent a link to pat.new@example.com" in normalize_spaces(PageClient(client).get("/account").text)
    db_session.refresh(parent)
    assert parent.email == "parent@example.com", "nothing changes until the link is opened"
    [message] = outbox(db_session, "confirm_new_email")
    assert message.recipient == "pat.new@example.com" and "24 hours" in message.body
    link = confirm_link(db_session)

    # Opening the link (or a mail scanner fetching it) only shows a page with a button.
    elsewhere = app.test_client()
    page = PageClient(elsewhere).get(link)
    assert page.h1.text.strip() == "Confirm your new email address" and "pat.new@example.com" in page.text
    db_session.refresh(parent)
    assert parent.email == "parent@example.com"
    response = elsewhere.post(link, data={"csrf_token": token_from(page.response)})
    assert response.status_code == 200
    done = BeautifulSoup(response.get_data(as_text=True), "html5lib")
    assert done.h1.text.strip() == "Your email address has been changed"
    db_session.refresh(parent)
    assert parent.email == "pat.new@example.com" and parent.email_verified_at is not None
    [told] = outbox(db_session, "email_changed")
    assert told.recipient == "parent@example.com" and "p***@example.com" in told.body
    assert "pat.new@example.com" not in told.body
    assert not signed_in(client) and not signed_in(other), "every session on the old address ends"
    assert sign_in(app.test_client(), "pat.new@example.com").status_code == 303
    events = [e.action for e in db_session.scalars(select(AuditEvent).where(AuditEvent.object_id == parent.id))]
    assert "auth.email_change_requested" in events and "auth.email_changed" in events
    assert elsewhere.get(link).status_code == 400, "the link works once"


def test_confirming_while_signed_in_keeps_this_session(app, client, parent, db_session):
    sign_in(client, "parent@example.com")
    post_email(client, "pat.new@example.com")
    link = confirm_link(db_session)
    client.post(link, data={"csrf_token": token_from(client.get(link))})
    assert signed_in(client)
    assert "pat.new@example.com" in client.get("/account").get_data(as_text=True)


def test_changing_the_address_needs_the_password(client, parent, db_session):
    sign_in(client, "parent@example.com")
    response = post_email(client, "pat.new@example.com", password="not my password")
    assert response.status_code == 200 and errors(response) == ["The password is not correct"]
    assert outbox(db_session, "confirm_new_email") == []
    db_session.refresh(parent)
    assert parent.failed_logins == 1


def test_the_form_checks_the_address(client, parent, db_session):
    sign_in(client, "parent@example.com")
    assert errors(post_email(client, "")) == ["Enter your new email address"]
    assert errors(post_email(client, "not-an-address")) == [
        "Enter an email address in the correct format, like name@example.com"
    ]
    assert errors(post_email(client, "PARENT@example.com")) == [
        "This is already your email address. Enter a different one"
    ]


def test_an_address_with_an_account_is_told_and_the_answer_is_the_same(client, parent, db_session):
    auth.create_user(email="taken@example.com", password=PASSWORD, verified=True)
    sign_in(client, "parent@example.com")
    response = post_email(client, "taken@example.com")
    assert response.status_code == 303 and response.headers["Location"] == "/account"
    assert "We have sent a link to taken@example.com" in PageClient(client).get("/account").text
    assert outbox(db_session, "confirm_new_email") == []
    [message] = outbox(db_session, "email_in_use")
    assert message.recipient == "taken@example.com" and "Nothing has changed" in message.body


def test_a_link_stops_working_when_the_address_is_taken_meanwhile_or_tampered_with(client, parent, db_session):
    sign_in(client, "parent@example.com")
    post_email(client, "pat.new@example.com")
    link = confirm_link(db_session)
    assert client.get(link[:-3] + "abc").status_code == 400
    auth.create_user(email="pat.new@example.com", password=PASSWORD, verified=True)
    page = PageClient(client).get(link, status=400)
    assert page.h1.text.strip() == "This link does not work"
    response = client.post(link, data={"csrf_token": token_from(client.get("/account"))})
    assert response.status_code == 400
    db_session.refresh(parent)
    assert parent.email == "parent@example.com"


def test_the_changes_are_rate_limited(tmp_path):
    from portal.cli import upgrade_database
    from portal.db import db
    from portal.extensions import limiter

    was_enabled = limiter.enabled  # one limiter serves every app in the run: leave it as it was found
    app = build_app(tmp_path, sqlite_only=True, RATELIMIT_ENABLED=True)
    app.config["RATELIMIT_ENABLED"] = True
    try:
        with app.app_context():
            upgrade_database()
            auth.create_user(email="parent@example.com", password=PASSWORD, verified=True)
            db.session.commit()
        client = app.test_client()
        sign_in(client, "parent@example.com")
        statuses = [post_password(client, "wrong password", NEW_PASSWORD).status_code for _ in range(6)]
        statuses += [post_email(client, "x@example.com", "wrong").status_code for _ in range(6)]
    finally:
        limiter.enabled = was_enabled
    assert statuses[:5] == [200] * 5 and statuses[5] == 429
    assert statuses[6:11] == [200] * 5 and statuses[11] == 429
