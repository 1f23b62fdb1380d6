"""An administrator resets an officer's lost second factor: with a reason, audited, the officer told by e-mail."""

from __future__ import annotations

import pyotp
from sqlalchemy import select

from portal.auth import services as auth
from portal.auth import totp
from portal.auth.models import AuditEvent, Role
from portal.db import db, utcnow
from portal.notifications.models import OutboxMessage
from tests.pages import token_from

PASSWORD = "correct horse battery"


def _officer_with_totp(email: str, roles: list[Role]):  # type: ignore[no-untyped-def]
    """An officer whose authenticator app is set up (the key is set directly, as at the end of set-up)."""
    user = auth.create_user(email=email, password=PASSWORD, roles=roles, verified=True)
    user.totp_secret = pyotp.random_base32()
    user.totp_enabled_at = utcnow()
    db.session.flush()
    return user, user.totp_secret


def _sign_in(client, email: str, secret: str) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/account/sign-in")
    client.post("/account/sign-in", data={"email": email, "password": PASSWORD, "csrf_token": token_from(page)})
    code_page = client.get("/account/sign-in/code")
    client.post("/account/sign-in/code", data={"code": pyotp.TOTP(secret).now(), "csrf_token": token_from(code_page)})


def test_admin_resets_another_officers_second_factor(app, client, db_session):
    admin, admin_secret = _officer_with_totp("admin.reset@example.com", [Role.ADMIN])
    officer, _ = _officer_with_totp("lost.phone@example.com", [Role.CASEWORKER])
    _sign_in(client, "admin.reset@example.com", admin_secret)

    roles_page = client.get(f"/officers/users/{officer.id}/roles")
    assert f"/officers/users/{officer.id}/reset-two-factor" in roles_page.get_data(as_text=True)
    form = client.get(f"/officers/users/{officer.id}/reset-two-factor")
    assert form.status_code == 200

    missing = client.post(f"/officers/users/{officer.id}/reset-two-factor", data={"csrf_token": token_from(form)})
    assert "Enter why you are resetting it" in missing.get_data(as_text=True)

    done = client.post(f"/officers/users/{officer.id}/reset-two-factor",
                       data={"reason": "Lost phone, confirmed with their manager", "csrf_token": token_from(form)})  # fmt: skip
    assert done.status_code == 303
    db.session.expire_all()
    assert not totp.is_enabled(db.session.get(type(officer), officer.id))
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "auth.totp_reset"))
    assert event.object_id == officer.id and event.actor_id == admin.id
    assert event.reason == "Lost phone, confirmed with their manager"
    mail = db.session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "totp_reset"))
    assert mail.recipient == "lost.phone@example.com"


def test_admin_cannot_reset_their_own(app, client, db_session):
    admin, admin_secret = _officer_with_totp("admin.self@example.com", [Role.ADMIN])
    _sign_in(client, "admin.self@example.com", admin_secret)
    assert client.get(f"/officers/users/{admin.id}/reset-two-factor").status_code == 403
    assert totp.is_enabled(admin)


def test_no_reset_page_when_no_second_factor(app, client, db_session):
    _, admin_secret = _officer_with_totp("admin.none@example.com", [Role.ADMIN])
    plain = auth.create_user(email="no.totp@example.com", password=PASSWORD, roles=[Role.EDITOR], verified=True)
    _sign_in(client, "admin.none@example.com", admin_secret)
    assert client.get(f"/officers/users/{plain.id}/reset-two-factor").status_code == 404
