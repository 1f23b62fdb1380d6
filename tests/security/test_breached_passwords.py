"""A real breached-password list ships in the repository and is used wherever a password is chosen (NCSC advice:
block the common ones, no composition rules)."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from portal.auth import services as auth
from portal.auth.models import User
from tests.pages import normalize_spaces, token_from

LIST = Path(auth.__file__).with_name("common_passwords.txt.gz")
COMMON = "This password is on a list of passwords that criminals try first. Choose one that is harder to guess, for example three random words"  # noqa: E501


def test_the_shipped_list_is_large_sorted_and_lower_case():
    words = gzip.decompress(LIST.read_bytes()).decode().splitlines()
    assert len(words) > 35_000
    assert words == sorted(set(words)) and all(w == w.lower() for w in words)
    assert LIST.stat().st_size < 200_000  # compact enough to keep in the repository


@pytest.mark.parametrize(
    "password",
    [
        "Password123!",
        "aaaaaaaaaa",
        "qwerty123456",
        "P@ssw0rd2026",
        "!!Sunshine99",
        "Michael1985",
        "iloveyou!!",
        "manchester united",
        "1q2w3e4r5t",
    ],  # fmt: skip
)
def test_breached_and_disguised_passwords_are_refused(password):
    assert [str(p) for p in auth.password_problems(password)] == [COMMON]


@pytest.mark.parametrize("password", ["lighthouse marmalade cactus", "correct horse battery", "Tr0ub4dor&3 pony"])
def test_passwords_that_are_not_on_the_list_are_allowed(password):
    assert auth.password_problems(password) == []


def _errors(response):
    soup = BeautifulSoup(response.get_data(as_text=True), "html5lib")
    return [normalize_spaces(a.text) for a in soup.select(".govuk-error-summary a")]


def test_creating_an_account_with_a_breached_password_is_refused(client, db_session):
    token = token_from(client.get("/account/create"))
    response = client.post("/account/create", data={"csrf_token": token, "display_name": "Sam", "email": "sam@example.com",
                                                    "password": "Liverpool2026!", "confirm": "Liverpool2026!"})  # fmt: skip
    assert response.status_code == 200 and _errors(response) == [COMMON]
    assert db_session.scalar(select(User).where(User.email == "sam@example.com")) is None


def test_resetting_to_a_breached_password_is_refused(client, db_session):
    user = auth.create_user(email="parent@example.com", password="correct horse battery", verified=True)
    url = f"/account/reset/{auth.reset_token(user)}"
    token = token_from(client.get(url))
    response = client.post(url, data={"csrf_token": token, "password": "Sunshine123!", "confirm": "Sunshine123!"})
    assert response.status_code == 200 and _errors(response) == [COMMON]
    db_session.refresh(user)
    assert auth.passwords.verify(user.password_hash, "correct horse battery")
