"""Officers for the publishing tests: two content editors (author and reviewer), a manager, a provider."""

from __future__ import annotations

import pytest

from portal.auth import services as auth
from portal.auth.models import Role
from tests.pages import PageClient, token_from

PASSWORD = "correct horse battery"


def sign_in(client, email: str) -> None:  # type: ignore[no-untyped-def]
    token = token_from(client.get("/account/sign-in"))
    response = client.post("/account/sign-in", data={"email": email, "password": PASSWORD, "csrf_token": token})
    assert response.status_code in (302, 303), response.status_code


def make(email: str, *roles: Role, name: str = ""):  # type: ignore[no-untyped-def]
    return auth.create_user(email=email, password=PASSWORD, display_name=name, roles=list(roles) or None,
                            verified=True)  # fmt: skip


@pytest.fixture()
def author(db_session):  # type: ignore[no-untyped-def]
    return make("author@example.com", Role.EDITOR, name="Ari Author")


@pytest.fixture()
def reviewer(db_session):  # type: ignore[no-untyped-def]
    return make("reviewer@example.com", Role.EDITOR, name="Rae Reviewer")


@pytest.fixture()
def author_pages(app, author) -> PageClient:  # type: ignore[no-untyped-def]
    client = PageClient(app.test_client())
    sign_in(client.client, "author@example.com")
    return client


@pytest.fixture()
def reviewer_pages(app, reviewer) -> PageClient:  # type: ignore[no-untyped-def]
    client = PageClient(app.test_client())
    sign_in(client.client, "reviewer@example.com")
    return client
