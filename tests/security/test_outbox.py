"""The administrators' outbox: every read audited; in production the links' secrets are hidden."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.auth import services as auth
from portal.auth.models import AuditEvent, Role
from portal.notifications.services import queue_email
from tests.pages import token_from

SECRET = "Zq3xVb9kP0aLmN2oQ4rS6tU8wY1abc"


@pytest.fixture()
def admin_client(client, db_session):
    auth.create_user(email="admin@example.com", password="correct horse battery", roles=[Role.ADMIN], verified=True)
    token = token_from(client.get("/account/sign-in"))
    client.post("/account/sign-in", data={"email": "admin@example.com", "password": "correct horse battery",
                                          "csrf_token": token})  # fmt: skip
    return client


def test_outbox_hides_link_secrets_in_production_and_audits_each_read(app, admin_client, db_session):
    with app.test_request_context():
        queue_email(to="p@example.com", kind="reset_password", subject="Reset", template="reset_password",
                    link=f"http://localhost/account/reset/{SECRET}", council=app.config["COUNCIL"])  # fmt: skip
    app.config["ENV"] = "production"
    try:
        page = admin_client.get("/officers/outbox").get_data(as_text=True)
    finally:
        app.config["ENV"] = "test"
    assert SECRET not in page and "/account/reset/[redacted]" in page
    assert db_session.scalar(select(AuditEvent).where(AuditEvent.action == "admin.outbox_read"))


def test_outbox_shows_links_outside_production(app, admin_client):
    with app.test_request_context():
        queue_email(to="p@example.com", kind="reset_password", subject="Reset", template="reset_password",
                    link=f"http://localhost/account/reset/{SECRET}", council=app.config["COUNCIL"])  # fmt: skip
    assert SECRET in admin_client.get("/officers/outbox").get_data(as_text=True)
