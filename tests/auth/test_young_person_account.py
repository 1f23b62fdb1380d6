"""A young person's account is their own: their case, their space, their sharing choices, no list of children."""

from __future__ import annotations

import datetime as dt

import pytest

from portal.auth import family
from portal.auth import services as auth
from portal.auth.models import Role
from tests.pages import token_from

PASSWORD = "correct horse battery"


def sign_in(client, email):
    token = token_from(client.get("/account/sign-in"))
    response = client.post("/account/sign-in", data={"email": email, "password": PASSWORD, "csrf_token": token})
    assert response.status_code in (302, 303)


@pytest.fixture()
def young_person(db_session):
    parent = auth.create_user(email="carer@example.com", password=PASSWORD, verified=True)
    young = auth.create_user(email="yp@example.com", password=PASSWORD, verified=True, roles=[Role.YOUNG_PERSON])
    child = family.add_child(parent=parent, first_name="Rhys", last_name="Penhallow", date_of_birth=dt.date(2009, 6, 1),
                             relationship="mother", parental_responsibility=True)  # fmt: skip
    family.link_young_person(young_person=young, child=child)
    return young


def account_links(soup) -> dict[str, str]:
    return {a.get_text(strip=True): a["href"] for a in soup.find("main").find_all("a", href=True)}


def test_a_young_person_gets_their_own_menu(pages, young_person):
    sign_in(pages.client, "yp@example.com")
    links = account_links(pages.get("/account"))
    assert links["Your case"] == "/your-case"
    assert links["Your space"] == "/young-people"
    assert links["Who can see your records"] == "/account/sharing"
    assert "Children and young people" not in links


def test_a_young_person_has_no_children_list_or_add_a_child(client, young_person):
    sign_in(client, "yp@example.com")
    page = client.get("/account/children").get_data(as_text=True)
    assert "Your account" in page and "/account/children/add" not in page
    response = client.get("/account/children/add")
    assert response.status_code == 303 and response.location.endswith("/account")
    token = token_from(client.get("/account"))
    response = client.post("/account/children/add", data={"csrf_token": token, "first_name": "X", "last_name": "Y"})
    assert response.status_code == 303


def test_a_parent_keeps_their_children_and_has_no_young_persons_menu(pages, young_person):
    sign_in(pages.client, "carer@example.com")
    links = account_links(pages.get("/account"))
    assert links["Children and young people"] == "/account/children"
    assert "Your space" not in links and "Who can see your records" not in links
    assert pages.get("/account/children").find("a", href="/account/children/add")
