"""Powerful roles need two administrators: one asks, a different one approves (issue 14)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from portal.auth import services as auth
from portal.auth.models import AuditEvent, GrantStatus, Role, RoleGrant, User, UserSession
from portal.db import utcnow
from portal.notifications.models import OutboxMessage
from portal.officers import services
from tests.officers.test_admin import make, roles_form, sign_in
from tests.pages import PageClient, normalize_spaces, token_from

URL = "/officers/users/role-requests"


@pytest.fixture()
def asker(db_session):
    return make("asker@example.com", Role.ADMIN, name="Ash Asker")


@pytest.fixture()
def approver(db_session):
    return make("approver@example.com", Role.ADMIN, name="Abi Approver")


@pytest.fixture()
def editor(db_session):
    return make("editor@example.com", Role.EDITOR, name="Eddie Editor")


def client_for(app, email):
    client = app.test_client()
    sign_in(client, email)
    return client


def ask(client, user, roles):
    token, version = roles_form(client, user.id)
    return client.post(f"/officers/users/{user.id}/roles", data={"roles": roles, "version": version,
                                                                  "csrf_token": token})  # fmt: skip


def decide(client, grant_id, decision):
    token = token_from(client.get("/account"))
    return client.post(f"{URL}/{grant_id}/{decision}", data={"csrf_token": token})


def events(db_session, action):
    return list(db_session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_a_powerful_role_waits_for_a_second_administrator(app, asker, approver, editor, db_session):
    a = client_for(app, "asker@example.com")
    response = ask(a, editor, ["content_editor", "safeguarding_lead"])
    assert response.status_code == 303
    db_session.refresh(editor)
    assert editor.roles == ["content_editor"], "not given yet"
    [grant] = services.pending_grants(editor.id)
    assert grant.role == "safeguarding_lead" and grant.requested_by == asker.id
    [event] = events(db_session, "admin.role_grant_requested")
    assert event.actor_id == asker.id and event.object_id == editor.id and event.detail["role"] == "safeguarding_lead"
    users = PageClient(a).get("/officers/users")
    assert "Waiting for another administrator to approve: Safeguarding lead for editor@example.com" in users.text
    assert "Safeguarding lead (waiting for approval)" in users.text

    # The one who asked cannot approve: no button, and a forged POST changes nothing.
    page = PageClient(a).get(URL)
    assert page.h1.text.strip() == "Roles waiting for approval"
    assert page.find(id=f"approve-{grant.id}") is None
    assert "Withdraw" in page.find(id=f"reject-{grant.id}").text
    response = decide(a, grant.id, "approve")
    assert response.status_code == 303
    assert "a different administrator must approve it" in PageClient(a).get(URL).text
    db_session.refresh(editor)
    assert "safeguarding_lead" not in editor.roles

    # A different administrator approves: the role takes effect, is audited, and the officer is told.
    ed = client_for(app, "editor@example.com")
    b = client_for(app, "approver@example.com")
    button = PageClient(b).get(URL).find(id=f"approve-{grant.id}")
    assert normalize_spaces(button.text) == "Approve Safeguarding lead for editor@example.com"
    assert decide(b, grant.id, "approve").status_code == 303
    assert "Approved. They now have the role: Safeguarding lead." in PageClient(b).get(URL).text
    db_session.refresh(editor)
    assert editor.roles == ["content_editor", "safeguarding_lead"]
    [event] = events(db_session, "admin.role_grant_approved")
    assert event.actor_id == approver.id and event.object_id == editor.id
    assert event.detail == {"role": "safeguarding_lead", "grant": grant.id, "requested_by": asker.id}
    message = db_session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "role_granted"))
    assert message.recipient == "editor@example.com" and message.subject == "You have a new role"
    assert "Safeguarding lead" in message.body and "http://localhost/account/sign-in" in message.body
    # Sessions from before the grant end: the officer signs in again with the new role.
    assert ed.get("/officers").status_code == 303
    assert services.pending_grants() == []
    assert decide(b, grant.id, "approve").status_code == 303
    assert "already decided" in PageClient(b).get(URL).text


def test_another_administrator_can_turn_it_down_and_the_asker_can_withdraw(app, asker, approver, editor, db_session):
    a = client_for(app, "asker@example.com")
    ask(a, editor, ["content_editor", "complaints_officer", "sen_caseworker"])
    grants = {g.role: g for g in services.pending_grants(editor.id)}
    b = client_for(app, "approver@example.com")
    assert decide(b, grants["complaints_officer"].id, "reject").status_code == 303
    assert "Turned down: Complaints officer." in PageClient(b).get(URL).text
    assert decide(a, grants["sen_caseworker"].id, "reject").status_code == 303
    db_session.refresh(editor)
    assert editor.roles == ["content_editor"]
    [rejected] = events(db_session, "admin.role_grant_rejected")
    [withdrawn] = events(db_session, "admin.role_grant_withdrawn")
    assert rejected.actor_id == approver.id and withdrawn.actor_id == asker.id
    assert services.pending_grants() == []
    assert db_session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "role_granted")) is None


def test_nobody_approves_a_role_for_themselves(app, asker, approver, db_session):
    a = client_for(app, "asker@example.com")
    ask(a, approver, ["administrator", "safeguarding_lead"])
    [grant] = services.pending_grants(approver.id)
    b = client_for(app, "approver@example.com")
    page = PageClient(b).get(URL)
    assert page.find(id=f"approve-{grant.id}") is None and page.find(id=f"reject-{grant.id}") is None
    assert "This role is for you" in page.text
    decide(b, grant.id, "approve")
    db_session.refresh(approver)
    assert "safeguarding_lead" not in approver.roles
    with pytest.raises(services.OwnRoleGrant):
        services.approve_grant(actor=approver, grant_id=grant.id)


def test_a_waiting_grant_expires_after_7_days(app, asker, approver, editor, db_session):
    a = client_for(app, "asker@example.com")
    ask(a, editor, ["content_editor", "sen_manager"])
    [waiting] = services.pending_grants(editor.id)
    assert dt.timedelta(days=6, hours=23) < waiting.expires_at - utcnow() <= dt.timedelta(days=7)
    grant = db_session.get(RoleGrant, waiting.id)
    grant.expires_at = utcnow() - dt.timedelta(minutes=1)
    db_session.flush()
    assert services.pending_grants() == []
    b = client_for(app, "approver@example.com")
    decide(b, grant.id, "approve")
    db_session.refresh(editor)
    assert "sen_manager" not in editor.roles
    assert services.expire_grants() == 1
    assert grant.status == GrantStatus.EXPIRED
    [event] = events(db_session, "admin.role_grant_expired")
    assert event.actor_id is None and event.detail["role"] == "sen_manager"
    assert services.expire_grants() == 0
    # Asking again starts a fresh 7 days.
    ask(a, editor, ["content_editor", "sen_manager"])
    assert [g.role for g in services.pending_grants(editor.id)] == ["sen_manager"]


def test_ordinary_roles_and_taking_roles_away_happen_at_once(app, asker, editor, db_session):
    a = client_for(app, "asker@example.com")
    ask(a, editor, ["participation_lead"])
    db_session.refresh(editor)
    assert editor.roles == ["participation_lead"]
    assert services.pending_grants() == []


def test_an_invitation_with_a_powerful_role_waits_for_approval(app, asker, db_session):
    a = client_for(app, "asker@example.com")
    token = token_from(a.get("/officers/users/invite"))
    a.post("/officers/users/invite", data={"display_name": "Nia New", "email": "nia@example.com",
                                           "roles": ["participation_lead", "administrator"], "csrf_token": token})  # fmt: skip
    nia = auth.find_user("nia@example.com")
    assert nia.roles == ["participation_lead"]
    assert [g.role for g in services.pending_grants(nia.id)] == ["administrator"]
    assert f"/officers/users/{nia.id}/roles" in str(PageClient(a).get("/officers/users"))


def test_a_single_administrator_is_told_how_to_proceed(app, asker, editor, db_session):
    a = client_for(app, "asker@example.com")
    ask(a, editor, ["content_editor", "safeguarding_lead"])
    page = PageClient(a).get(URL)
    text = normalize_spaces(page.text)
    assert "You are the only administrator, so nobody here can approve a role." in text
    assert 'portal users grant EMAIL ROLE --reason "REASON"' in text
    assert "safeguarding_lead" in [c.text for c in page.find_all("code")]
    roles_page = PageClient(a).get(f"/officers/users/{editor.id}/roles")
    assert "You are the only administrator" in roles_page.text
    assert roles_page.find("a", href=URL) is not None


def test_the_server_command_grants_with_a_reason_in_the_audit_trail(app, asker, editor, db_session):
    a = client_for(app, "asker@example.com")
    ask(a, editor, ["content_editor", "safeguarding_lead"])
    runner = app.test_cli_runner()
    result = runner.invoke(args=["users", "grant", "editor@example.com", "safeguarding_lead"])
    assert result.exit_code != 0 and "--reason" in result.output, "a reason is required"
    result = runner.invoke(args=["users", "grant", "EDITOR@example.com", "safeguarding_lead", "--reason",
                                 "only one administrator; agreed with the head of service"])  # fmt: skip
    assert result.exit_code == 0, result.output
    db_session.expire_all()
    assert "safeguarding_lead" in auth.find_user("editor@example.com").roles
    [event] = events(db_session, "admin.role_granted_on_server")
    assert event.actor_id is None and event.reason == "only one administrator; agreed with the head of service"
    assert services.pending_grants() == [], "the waiting request counts as approved"
    assert db_session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "role_granted")) is not None
    result = runner.invoke(args=["users", "grant", "nobody@example.com", "administrator", "--reason", "x"])
    assert result.exit_code != 0 and "No account" in result.output
    result = runner.invoke(args=["users", "grant", "editor@example.com", "parent", "--reason", "x"])
    assert result.exit_code != 0


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.MANAGER, Role.SAFEGUARDING, Role.PARENT])
def test_only_administrators_see_or_decide_requests(app, asker, editor, role, db_session):
    grant = services.request_grant(actor=asker, user=editor, role="sen_manager")
    make("someone@example.com", role)
    client = client_for(app, "someone@example.com")
    assert client.get(URL).status_code == 403
    token = token_from(client.get("/account"))
    assert client.post(f"{URL}/{grant.id}/approve", data={"csrf_token": token}).status_code == 403
    anonymous = app.test_client()
    assert anonymous.get(URL).status_code == 303
    assert anonymous.post(f"{URL}/{grant.id}/approve").status_code in (303, 400)
    db_session.refresh(editor)
    assert "sen_manager" not in editor.roles


def test_decisions_need_the_csrf_token(app, asker, approver, editor, db_session):
    grant = services.request_grant(actor=asker, user=editor, role="sen_manager")
    b = client_for(app, "approver@example.com")
    assert b.post(f"{URL}/{grant.id}/approve").status_code == 400
    assert b.post(f"{URL}/{grant.id}/other", data={"csrf_token": token_from(b.get(URL))}).status_code == 404
    db_session.refresh(editor)
    assert "sen_manager" not in editor.roles


def test_no_sessions_leak_from_before_the_grant(app, asker, approver, editor, db_session):
    grant = services.request_grant(actor=asker, user=editor, role="sen_manager")
    client_for(app, "editor@example.com")
    services.approve_grant(actor=approver, grant_id=grant.id)
    live = db_session.scalars(select(UserSession).where(UserSession.user_id == editor.id,
                                                        UserSession.revoked_at.is_(None)))  # fmt: skip
    assert list(live) == []


def test_the_seeded_demo_has_two_administrators_who_approve_each_others_requests(app, db_session):
    """`make run` seeds two administrators, so the two-administrator journey can be tried on the demo."""
    from unittest import mock

    from portal_demo import cases as demo_cases
    from portal_demo.commands import DEMO_PASSWORD

    seed_cases = demo_cases.seed_demo
    with mock.patch.object(demo_cases, "seed_demo", lambda: seed_cases(count=20)):
        result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    admins = sorted(u.email for u in db_session.scalars(select(User)) if Role.ADMIN in u.roles)
    assert admins == ["admin2@example.com", "admin@example.com"]

    first, second = app.test_client(), app.test_client()
    sign_in(first, "admin@example.com", DEMO_PASSWORD)
    sign_in(second, "admin2@example.com", DEMO_PASSWORD)
    editor = auth.find_user("editor@example.com")
    ask(first, editor, ["content_editor", "sen_manager"])
    [grant] = services.pending_grants(editor.id)
    assert "only administrator" not in PageClient(first).get(URL).text
    assert decide(second, grant.id, "approve").status_code == 303
    db_session.refresh(editor)
    assert editor.roles == ["content_editor", "sen_manager"]
    [event] = events(db_session, "admin.role_grant_approved")
    assert event.actor_id == auth.find_user("admin2@example.com").id
