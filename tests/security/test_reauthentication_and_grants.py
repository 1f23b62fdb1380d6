"""Turning on two-factor needs a recent sign-in or the password again; administrators do not read cases,
complaints or safeguarding alerts unless given that grant by another administrator (issue 14)."""

from __future__ import annotations

import datetime as dt
from datetime import date

from bs4 import BeautifulSoup
from sqlalchemy import select

from portal.auth import services as auth
from portal.auth.models import AuditEvent, Role
from portal.cases.models import Case
from portal.db import utcnow
from portal.safeguarding.services import raise_flag
from tests.auth.test_totp import code_at, secret_on_page
from tests.pages import PageClient, normalize_spaces, token_from

PASSWORD = "correct horse battery"


def sign_in(client, email, roles=None, *, password=PASSWORD):
    user = auth.create_user(email=email, password=password, roles=roles, verified=True)
    token = token_from(client.get("/account/sign-in"))
    client.post("/account/sign-in", data={"email": email, "password": PASSWORD, "csrf_token": token})
    return user


def age_sign_in(client, minutes):
    with client.session_transaction() as session:
        session["auth_at"] = (utcnow() - dt.timedelta(minutes=minutes)).timestamp()


def soup_of(response):
    return BeautifulSoup(response.get_data(as_text=True), "html5lib")


# Re-authentication before turning on two-factor ------------------------------------------------------------------


def test_a_stale_session_cannot_turn_on_two_factor_without_the_password(client, db_session):
    user = sign_in(client, "sam@example.com")
    age_sign_in(client, 30)  # a session someone else picked up half an hour later
    page = client.get("/account/two-factor")
    assert soup_of(page).find("input", {"name": "password", "type": "password"}) is not None
    secret = secret_on_page(page)
    code = code_at(secret, utcnow())
    response = client.post("/account/two-factor", data={"code": code, "csrf_token": token_from(page)})
    assert response.status_code == 200
    errors = [normalize_spaces(a.text) for a in soup_of(response).select(".govuk-error-summary a")]
    assert errors == ["The password is not correct"]
    db_session.refresh(user)
    assert user.totp_enabled_at is None and user.failed_logins == 1  # counts toward the lockout
    response = client.post("/account/two-factor", data={"code": code, "password": PASSWORD,
                                                        "csrf_token": token_from(page)})  # fmt: skip
    assert response.status_code == 303
    db_session.refresh(user)
    assert user.totp_enabled_at is not None


def test_a_recent_sign_in_is_enough(client, db_session):
    sign_in(client, "sam@example.com")
    page = client.get("/account/two-factor")
    assert soup_of(page).find("input", {"name": "password"}) is None
    response = client.post("/account/two-factor", data={"code": code_at(secret_on_page(page), utcnow()),
                                                        "csrf_token": token_from(page)})  # fmt: skip
    assert response.status_code == 303


def test_an_account_without_a_password_must_sign_in_again(client, db_session):
    user = sign_in(client, "sam@example.com")
    user.password_hash = None  # signs in through an identity provider from now on
    db_session.flush()
    age_sign_in(client, 30)
    page = client.get("/account/two-factor")
    assert "sign out and sign in again" in normalize_spaces(soup_of(page).text)
    response = client.post("/account/two-factor", data={"code": code_at(secret_on_page(page), utcnow()),
                                                        "csrf_token": token_from(page)})  # fmt: skip
    assert response.status_code == 200
    assert "Sign out, sign in again, then set up two-factor authentication" in response.get_data(as_text=True)
    db_session.refresh(user)
    assert user.totp_enabled_at is None


# Administrators and separate grants ------------------------------------------------------------------------------


def test_an_administrator_alone_reads_no_cases_complaints_or_alerts(client, db_session):
    sign_in(client, "admin@example.com", [Role.ADMIN])
    case = Case(reference="EHC-ADMIN001", child_name="Ari Test", received_on=date(2026, 9, 1), rule_set="2014")
    db_session.add(case)
    flag = raise_flag(source="chat", source_id=None, text="words for the lead only", language="en")
    db_session.flush()
    assert client.get("/officers/cases").status_code == 403
    assert client.get(f"/officers/cases/{case.id}").status_code == 403
    assert client.get("/officers/complaints").status_code == 403
    # The safeguarding queue lets an administrator in only for alerts escalated to administrators.
    queue = PageClient(client).get("/officers/safeguarding")
    assert "words for the lead only" not in queue.text and flag.id not in str(queue)
    assert client.get(f"/officers/safeguarding/{flag.id}").status_code == 404
    flag.escalated_at = flag.escalated_admin_at = utcnow()
    db_session.flush()
    assert f"/officers/safeguarding/{flag.id}" in str(PageClient(client).get("/officers/safeguarding"))
    assert "words for the lead only" in PageClient(client).get(f"/officers/safeguarding/{flag.id}").text


def test_an_administrator_cannot_grant_themselves_a_role_but_another_can(app, client, db_session):
    me = sign_in(client, "admin@example.com", [Role.ADMIN])
    url = f"/officers/users/{me.id}/roles"
    page = client.get(url)
    version = soup_of(page).find("input", {"name": "version"})["value"]
    response = client.post(url, data={"csrf_token": token_from(page), "version": version,
                                      "roles": [str(Role.ADMIN), str(Role.COMPLAINTS)]})  # fmt: skip
    assert response.status_code == 200
    assert "You cannot give yourself a role. Ask another administrator to do it." in response.get_data(as_text=True)
    db_session.refresh(me)
    assert str(Role.COMPLAINTS) not in me.roles

    other = app.test_client()
    colleague = sign_in(other, "admin2@example.com", [Role.ADMIN])
    page = other.get(url)
    version = soup_of(page).find("input", {"name": "version"})["value"]
    response = other.post(url, data={"csrf_token": token_from(page), "version": version,
                                     "roles": [str(Role.ADMIN), str(Role.COMPLAINTS)]})  # fmt: skip
    assert response.status_code == 303
    db_session.refresh(me)
    # Reading complaints is a powerful role: the colleague's request waits for a third administrator (and I,
    # the one it is for, cannot approve it myself).
    assert str(Role.COMPLAINTS) not in me.roles
    event = db_session.scalar(select(AuditEvent).where(AuditEvent.action == "admin.role_grant_requested",
                                                       AuditEvent.object_id == me.id))  # fmt: skip
    assert event.actor_id == colleague.id and event.detail["role"] == str(Role.COMPLAINTS)
