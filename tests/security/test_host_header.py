"""High: reset poisoning through the Host header. Links in e-mails come from BASE_URL; unknown hosts get 400."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal import create_app
from portal.auth import services as auth
from portal.config import ProdConfig
from portal.notifications.models import OutboxMessage
from portal.platform.links import absolute_url, trusted_hosts
from tests.pages import token_from


@pytest.fixture()
def parent(db_session):
    return auth.create_user(email="parent@example.com", password="correct horse battery", verified=True)


def test_forgot_password_with_a_hostile_host_is_refused(client, parent, db_session):
    token = token_from(client.get("/account/forgot-password"))
    response = client.post("/account/forgot-password", data={"email": "parent@example.com", "csrf_token": token},
                           headers={"Host": "evil.example"})  # fmt: skip
    assert response.status_code == 400
    assert db_session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "reset_password")) is None


def test_forwarded_host_is_not_believed_without_a_proxy(client, parent, db_session):
    token = token_from(client.get("/account/forgot-password"))
    client.post("/account/forgot-password", data={"email": "parent@example.com", "csrf_token": token},
                headers={"X-Forwarded-Host": "evil.example"})  # fmt: skip
    message = db_session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "reset_password"))
    assert "evil.example" not in message.body
    assert "http://localhost/account/reset/" in message.body


def test_links_use_base_url_even_from_a_trusted_other_host(app, client, parent, db_session):
    """127.0.0.1 is trusted in tests, but the e-mail still carries BASE_URL's host."""
    token = token_from(client.get("/account/forgot-password", base_url="http://127.0.0.1"))
    client.post("/account/forgot-password", data={"email": "parent@example.com", "csrf_token": token},
                base_url="http://127.0.0.1")  # fmt: skip
    message = db_session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "reset_password"))
    assert "http://localhost/account/reset/" in message.body and "127.0.0.1" not in message.body


def test_absolute_url_works_without_a_request(app):
    with app.app_context():
        assert absolute_url("auth.sign_in") == "http://localhost/account/sign-in"


def test_absolute_url_keeps_a_path_prefix(app):
    with app.app_context():
        app.config["BASE_URL"] = "https://council.example/send/"
        try:
            assert absolute_url("auth.sign_in") == "https://council.example/send/account/sign-in"
        finally:
            app.config["BASE_URL"] = "http://localhost"


def test_trusted_hosts_come_from_base_url_and_the_setting():
    assert trusted_hosts("https://send.example.gov.uk", "lb.internal, 10.0.0.5") == [
        "send.example.gov.uk",
        "lb.internal",
        "10.0.0.5",
    ]


def test_production_refuses_to_start_without_base_url(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("ALLOW_SQLITE_IN_PRODUCTION", "1")
    monkeypatch.setenv("RATELIMIT_ENABLED", "0")  # the limiter is shared by every app in this process
    monkeypatch.delenv("BASE_URL", raising=False)
    monkeypatch.delenv("PORTAL_BASE_URL", raising=False)
    config = ProdConfig()
    config.DATABASE_URL = f"sqlite:///{tmp_path / 'p.db'}"
    with pytest.raises(RuntimeError, match="BASE_URL"):
        create_app(config)


def test_production_refuses_other_hosts(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("ALLOW_SQLITE_IN_PRODUCTION", "1")
    monkeypatch.setenv("RATELIMIT_ENABLED", "0")  # the limiter is shared by every app in this process
    monkeypatch.setenv("BASE_URL", "https://send.example.gov.uk")
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/7")
    monkeypatch.delenv("TRUSTED_HOSTS", raising=False)
    config = ProdConfig()
    config.DATABASE_URL = f"sqlite:///{tmp_path / 'p.db'}"
    app = create_app(config)
    assert app.test_client().get("/healthz", base_url="https://evil.example").status_code == 400
    assert app.test_client().get("/healthz", base_url="https://send.example.gov.uk").status_code == 200


def test_every_emailed_link_uses_base_url_whatever_host_the_request_came_to(app, parent, db_session, tmp_path):
    """The issue's list: confirm address, 'you already have an account', reset, complaint links, officer
    invitations. Each journey is made through 127.0.0.1 (trusted in tests); every link sent points at BASE_URL."""
    from tests.conftest import IsolatedClient
    from tests.feedback.test_complaints import fill_in, send
    from tests.officers.test_admin import sign_in
    from tests.security.test_sign_in import create_account

    class OtherHost(IsolatedClient):
        def open(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            kwargs.setdefault("base_url", "http://127.0.0.1")
            return super().open(*args, **kwargs)

    def client():
        return OtherHost(app, app.response_class, use_cookies=True)

    app.config["COMPLAINT_UPLOAD_DIR"] = str(tmp_path / "uploads")
    try:
        create_account(client(), "brand.new@example.com")
        create_account(client(), "parent@example.com")
        family = client()
        token = token_from(family.get("/account/forgot-password"))
        family.post("/account/forgot-password", data={"email": "parent@example.com", "csrf_token": token})
        complainant = client()
        fill_in(complainant, email="complainant@example.com")
        send(complainant)
        auth.create_user(email="boss@example.com", password="correct horse battery", roles=["administrator"],
                         verified=True)  # fmt: skip
        admin = client()
        sign_in(admin, "boss@example.com")
        token = token_from(admin.get("/officers/users/invite"))
        admin.post("/officers/users/invite", data={"display_name": "Ola Officer", "email": "ola@example.com",
                                                   "roles": ["participation_lead"], "csrf_token": token})  # fmt: skip
    finally:
        app.config.pop("COMPLAINT_UPLOAD_DIR", None)
    sent = list(db_session.scalars(select(OutboxMessage)))
    assert {m.kind for m in sent} == {"verify_email", "account_exists", "reset_password", "complaint_received",
                                      "invitation"}  # fmt: skip
    for message in sent:
        assert "127.0.0.1" not in message.body, message.kind
        assert "http://localhost/" in message.body, message.kind
