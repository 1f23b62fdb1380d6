"""Administrators' screens: officer accounts, invitations, roles; the audit trail."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from portal.auth import services as auth
from portal.auth.models import OFFICER_ROLES, AuditEvent, Role, User
from portal.notifications.models import OutboxMessage
from portal.officers import services
from tests.pages import token_from

PASSWORD = "correct horse battery"


def sign_in(client, email, password=PASSWORD):
    token = token_from(client.get("/account/sign-in"))
    return client.post("/account/sign-in", data={"email": email, "password": password, "csrf_token": token})


def make(email, *roles, name=""):
    return auth.create_user(email=email, password=PASSWORD, display_name=name, roles=list(roles) or None,
                            verified=True)  # fmt: skip


@pytest.fixture()
def admin(db_session):
    return make("admin@example.com", Role.ADMIN, name="Ada Admin")


@pytest.fixture()
def caseworker(db_session):
    return make("caseworker@example.com", Role.CASEWORKER, name="Cas Worker")


@pytest.fixture()
def admin_pages(pages, admin):
    sign_in(pages.client, "admin@example.com")
    return pages


def roles_form(client, user_id):
    page = client.get(f"/officers/users/{user_id}/roles")
    version = re.search(r'name="version" type="hidden" value="([^"]+)"|name="version" value="([^"]+)"',
                        page.get_data(as_text=True))  # fmt: skip
    assert version, "the form carries the account's version"
    return token_from(page), version.group(1) or version.group(2)


def test_every_officer_role_has_a_label():
    assert set(services.ROLE_LABELS) == OFFICER_ROLES


def test_list_shows_officers_and_their_roles(admin_pages, caseworker, db_session):
    make("parent@example.com")
    soup = admin_pages.get("/officers/users")
    assert soup.h1.text.strip() == "Officer accounts"
    table = soup.find("table").text
    assert "caseworker@example.com" in table and "SEN caseworker" in table
    assert "admin@example.com" in table and "Administrator" in table
    assert "parent@example.com" not in table
    link = soup.find("a", href=f"/officers/users/{caseworker.id}/roles")
    assert "Change roles" in link.text and "Cas Worker" in link.text


def test_invite_page_follows_the_patterns(admin_pages):
    soup = admin_pages.get("/officers/users/invite")
    assert soup.h1.text.strip() == "Invite an officer"
    assert "1 hour" in soup.text
    assert {i["value"] for i in soup.find_all("input", {"name": "roles"})} == {str(r) for r in services.ROLE_LABELS}
    assert soup.find("input", {"name": "roles"})["type"] == "checkbox"


def test_invite_needs_name_email_and_a_role(admin_pages):
    client = admin_pages.client
    token = token_from(client.get("/officers/users/invite"))
    response = client.post("/officers/users/invite", data={"display_name": "", "email": "nope", "csrf_token": token})
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "<title>Error: Invite an officer" in text
    for message in (
        "Enter their full name",
        "Enter an email address in the correct format",
        "Select at least one role",
    ):
        assert message in text
    assert 'href="#roles"' in text


def test_invite_refuses_an_address_that_has_an_account(admin_pages, caseworker):
    client = admin_pages.client
    token = token_from(client.get("/officers/users/invite"))
    response = client.post("/officers/users/invite", data={"display_name": "Again", "email": "CASEWORKER@example.com",
                                                           "roles": ["sen_manager"], "csrf_token": token})  # fmt: skip
    assert response.status_code == 200
    assert "There is already an account with this email address" in response.get_data(as_text=True)


def test_invitation_email_lets_the_officer_choose_a_password_and_sign_in(app, admin_pages, admin, db_session):
    client = admin_pages.client
    token = token_from(client.get("/officers/users/invite"))
    response = client.post("/officers/users/invite", data={"display_name": "Nia New", "email": "nia@example.com",
                                                           "roles": ["sen_caseworker", "complaints_officer"],
                                                           "csrf_token": token})  # fmt: skip
    assert response.status_code == 303 and response.headers["Location"] == "/officers/users"
    assert "Invitation sent to nia@example.com" in client.get("/officers/users").get_data(as_text=True)

    invitee = db_session.scalar(select(User).where(User.email == "nia@example.com"))
    assert invitee.password_hash is None and invitee.invited_by == admin.id
    # Both roles read family records: they wait for a second administrator, the account holds none yet.
    assert invitee.roles == []
    assert sorted(g.role for g in services.pending_grants(invitee.id)) == ["complaints_officer", "sen_caseworker"]
    event = db_session.scalar(select(AuditEvent).where(AuditEvent.action == "admin.user_invited"))
    assert event.actor_id == admin.id and event.object_id == invitee.id
    assert event.detail == {"roles": []}

    message = db_session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "invitation"))
    assert message.recipient == "nia@example.com" and message.subject == "You have an officer account"
    assert "1 hour" in message.body
    link = re.search(r"http://localhost(/account/reset/\S+)", message.body).group(1)

    invitee_client = app.test_client()
    page = invitee_client.get(link)
    assert page.status_code == 200
    response = invitee_client.post(link, data={"password": "my own new passphrase", "confirm": "my own new passphrase",
                                               "csrf_token": token_from(page)})  # fmt: skip
    assert response.status_code == 303
    assert invitee_client.get(link).status_code == 400, "the link works once"
    other = app.test_client()
    assert sign_in(other, "nia@example.com", "my own new passphrase").status_code == 303
    assert "nia@example.com" in other.get("/account").get_data(as_text=True)


def test_role_change_is_audited_with_old_and_new_roles(admin_pages, admin, caseworker, db_session):
    client = admin_pages.client
    soup = admin_pages.get(f"/officers/users/{caseworker.id}/roles")
    checked = {i["value"] for i in soup.find_all("input", {"name": "roles", "checked": True})}
    assert checked == {"sen_caseworker"}
    token, version = roles_form(client, caseworker.id)
    response = client.post(f"/officers/users/{caseworker.id}/roles", data={
        "roles": ["sen_caseworker", "participation_lead"], "version": version, "csrf_token": token})  # fmt: skip
    assert response.status_code == 303 and response.headers["Location"] == "/officers/users"
    db_session.refresh(caseworker)
    assert caseworker.roles == ["sen_caseworker", "participation_lead"]
    event = db_session.scalar(select(AuditEvent).where(AuditEvent.action == "admin.roles_changed"))
    assert event.actor_id == admin.id and event.object_type == "user" and event.object_id == caseworker.id
    assert event.detail == {"old_roles": ["sen_caseworker"], "new_roles": ["sen_caseworker", "participation_lead"]}


def test_a_stale_form_is_refused(admin_pages, caseworker, db_session):
    client = admin_pages.client
    token, version = roles_form(client, caseworker.id)
    # Someone else changes the account after the form was shown.
    other_token, other_version = roles_form(client, caseworker.id)
    client.post(f"/officers/users/{caseworker.id}/roles", data={
        "roles": ["participation_lead"], "version": other_version, "csrf_token": other_token})  # fmt: skip
    response = client.post(f"/officers/users/{caseworker.id}/roles", data={
        "roles": ["content_editor"], "version": version, "csrf_token": token})  # fmt: skip
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "<title>Error: Change roles" in text and "Someone else changed this account" in text
    db_session.refresh(caseworker)
    assert caseworker.roles == ["participation_lead"]
    # The form now shows what is saved, with the new version, so saving again works.
    _, fresh = roles_form(client, caseworker.id)
    assert fresh != version and f'value="{fresh}"' in text


def test_an_admin_cannot_remove_their_own_administrator_role(admin_pages, admin, db_session):
    client = admin_pages.client
    token, version = roles_form(client, admin.id)
    response = client.post(f"/officers/users/{admin.id}/roles", data={
        "roles": ["sen_manager"], "version": version, "csrf_token": token})  # fmt: skip
    assert response.status_code == 200
    assert "You cannot remove your own administrator role" in response.get_data(as_text=True)
    db_session.refresh(admin)
    assert admin.roles == ["administrator"]
    assert db_session.scalar(select(AuditEvent).where(AuditEvent.action == "admin.roles_changed")) is None


def test_unknown_ids_are_not_found(admin_pages, db_session):
    client = admin_pages.client
    parent = make("parent@example.com")
    assert client.get("/officers/users/no-such-id/roles").status_code == 404
    assert client.get(f"/officers/users/{parent.id}/roles").status_code == 404, "family accounts are not managed here"
    token = token_from(client.get("/officers/users/invite"))
    response = client.post("/officers/users/no-such-id/roles", data={"roles": ["sen_manager"], "csrf_token": token})
    assert response.status_code == 404


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.MANAGER, Role.EDITOR, Role.PARENT])
def test_non_admins_are_refused(client, admin, role, db_session):
    make("someone@example.com", role)
    sign_in(client, "someone@example.com")
    assert client.get("/officers/users").status_code == 403
    assert client.get("/officers/users/invite").status_code == 403
    assert client.get(f"/officers/users/{admin.id}/roles").status_code == 403
    token = token_from(client.get("/account"))
    response = client.post(f"/officers/users/{admin.id}/roles", data={"roles": ["sen_manager"], "csrf_token": token})
    assert response.status_code == 403
    response = client.post("/officers/users/invite", data={"display_name": "X", "email": "x@example.com",
                                                           "roles": ["administrator"], "csrf_token": token})  # fmt: skip
    assert response.status_code == 403
    assert client.get("/officers/audit").status_code == (200 if role == Role.MANAGER else 403)


def test_audit_trail_lists_filters_and_pages(admin_pages, admin, caseworker, db_session):
    for n in range(services.AUDIT_PAGE_SIZE + 3):
        auth.audit(actor=caseworker, action="case.viewed", object_type="case", object_id=f"case-{n}",
                   reason="Checking the plan" if n == 0 else None)  # fmt: skip
    auth.audit(actor=None, action="account.locked", object_type="user", object_id=admin.id)
    soup = admin_pages.get("/officers/audit")
    assert soup.h1.text.strip() == "Audit trail"
    assert soup.find("form", method="get").find("select", {"name": "action"})
    rows = soup.find("tbody").find_all("tr")
    assert len(rows) == services.AUDIT_PAGE_SIZE
    assert "account.locked" in rows[0].text and "System" in rows[0].text, "latest first"

    soup = admin_pages.get("/officers/audit?action=case.viewed&actor=caseworker")
    assert soup.find("caption").text.strip() == f"{services.AUDIT_PAGE_SIZE + 3} events"
    assert all("caseworker@example.com" in row.text for row in soup.find("tbody").find_all("tr"))
    next_link = soup.find("a", rel="next")
    assert "action=case.viewed" in next_link["href"] and "page=2" in next_link["href"]
    page2 = admin_pages.get(next_link["href"])
    rows = page2.find("tbody").find_all("tr")
    assert len(rows) == 3 and "Checking the plan" in page2.find("tbody").text

    soup = admin_pages.get("/officers/audit?actor=nobody@example.com")
    assert soup.find("table") is None and "No events match." in soup.text
