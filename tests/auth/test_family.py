"""Children, family links, a young person's say over sharing, and a family's data rights."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from portal.auth import family, privacy
from portal.auth import services as auth
from portal.auth.models import DataRequest, Role
from tests.pages import token_from


def sign_in(client, email):
    token = token_from(client.get("/account/sign-in"))
    client.post("/account/sign-in", data={"email": email, "password": "correct horse battery", "csrf_token": token})


@pytest.fixture()
def two_families(db_session):
    one = auth.create_user(email="one@example.com", password="correct horse battery", verified=True)
    two = auth.create_user(email="two@example.com", password="correct horse battery", verified=True)
    child_one = family.add_child(parent=one, first_name="Ada", last_name="One", date_of_birth=dt.date(2015, 3, 27),
                                 relationship="mother", parental_responsibility=True)  # fmt: skip
    child_two = family.add_child(parent=two, first_name="Ben", last_name="Two", date_of_birth=dt.date(2016, 5, 1),
                                 relationship="father", parental_responsibility=None)  # fmt: skip
    return one, two, child_one, child_two


def test_each_family_sees_only_its_own_child(client, two_families):
    one, two, child_one, child_two = two_families
    sign_in(client, "one@example.com")
    assert client.get(f"/account/children/{child_one.id}").status_code == 200
    assert client.get(f"/account/children/{child_two.id}").status_code == 404, "another family's child is a 404"
    assert client.get("/account/children/not-an-id").status_code == 404
    listing = client.get("/account/children").get_data(as_text=True)
    assert "Ada" in listing and "Ben" not in listing


def test_add_child_journey(client, db_session):
    auth.create_user(email="p@example.com", password="correct horse battery", verified=True)
    sign_in(client, "p@example.com")
    page = client.get("/account/children/add")
    bad = client.post("/account/children/add", data={"csrf_token": token_from(page)})
    assert "Enter their first name" in bad.get_data(as_text=True)
    response = client.post("/account/children/add", data={
        "csrf_token": token_from(page), "first_name": "Cat", "last_name": "Three",
        "date_of_birth": ["12", "4", "2014"], "relationship": "guardian", "parental_responsibility": "unsure",
    })  # fmt: skip
    assert response.status_code == 303
    assert "Cat Three" in client.get("/account/children").get_data(as_text=True)


@pytest.mark.parametrize(
    ("born", "today", "own"),
    [
        (dt.date(2010, 3, 1), dt.date(2026, 8, 31), False),  # 16 in March: rights from 1 September
        (dt.date(2010, 3, 1), dt.date(2026, 9, 1), True),
        (dt.date(2010, 10, 1), dt.date(2026, 11, 1), False),  # 16 in October: rights after August next year
        (dt.date(2010, 10, 1), dt.date(2027, 9, 1), True),
    ],
)
def test_rights_pass_at_the_end_of_the_school_year_of_16(born, today, own):
    child = family.Child(first_name="X", last_name="Y", date_of_birth=born)
    assert family.holds_own_rights(child, today) is own


def test_young_person_decides_what_a_parent_sees(db_session):
    parent = auth.create_user(email="mum@example.com", password="correct horse battery", verified=True)
    yp = auth.create_user(email="yp@example.com", password="correct horse battery", roles=[Role.YOUNG_PERSON],
                          verified=True)  # fmt: skip
    child = family.add_child(parent=parent, first_name="Dee", last_name="Four", date_of_birth=dt.date(2008, 1, 1),
                             relationship="mother", parental_responsibility=True)  # fmt: skip
    family.link_young_person(young_person=yp, child=child)
    parent_link = family.parent_links_for(yp)[0]
    family.set_parent_access(young_person=yp, parent_link_id=parent_link.id, allow=False)
    assert family.children_of(parent) == []
    with pytest.raises(family.NotFound):
        family.child_for(parent, child.id)
    family.set_parent_access(young_person=yp, parent_link_id=parent_link.id, allow=True)
    assert family.children_of(parent) == [child]


def test_under_16_cannot_change_sharing(db_session):
    parent = auth.create_user(email="dad@example.com", password="correct horse battery", verified=True)
    yp = auth.create_user(email="kid@example.com", password="correct horse battery", verified=True)
    child = family.add_child(parent=parent, first_name="Eve", last_name="Five", date_of_birth=dt.date.today().replace(year=dt.date.today().year - 12),
                             relationship="father", parental_responsibility=True)  # fmt: skip
    family.link_young_person(young_person=yp, child=child)
    with pytest.raises(PermissionError):
        family.set_parent_access(young_person=yp, parent_link_id=family.parent_links_for(yp)[0].id, allow=False)


def test_subject_access_export(client, two_families):
    sign_in(client, "one@example.com")
    data = json.loads(client.get("/account/your-data/download.json").get_data(as_text=True))
    assert data["account"]["email"] == "one@example.com"
    assert [c["first_name"] for c in data["children"]] == ["Ada"], "only this family's children"
    assert any(e["what"] == "auth.sign_in" for e in data["activity"])
    for held in ("assessment_requests", "complaints", "all_about_me", "survey_responses"):
        assert data[held] == [], f"{held}: nothing held yet for this account"
    readable = client.get("/account/your-data/download")
    assert readable.status_code == 200
    children = BeautifulSoup(readable.get_data(as_text=True), "html5lib").find(id="section-children")
    listed = " ".join(children.find_next("dl").get_text(" ").split())
    assert "First name Ada" in listed and "Last name One" in listed
    assert readable.headers["Cache-Control"] == "no-store"


def test_deletion_request_is_recorded_once(client, two_families, db_session):
    sign_in(client, "one@example.com")
    page = client.get("/account/your-data")
    for _ in range(2):
        response = client.post("/account/your-data/delete", data={"csrf_token": token_from(page), "reason": "moving"})
        assert response.status_code == 303
    assert len(db_session.scalars(select(DataRequest)).all()) == 1


def test_purge_applies_retention(app, db_session):
    from portal.db import utcnow

    stale = auth.create_user(email="never@example.com", password="correct horse battery")
    stale.created_at = utcnow() - dt.timedelta(days=app.config["UNVERIFIED_ACCOUNT_DAYS"] + 1)
    db_session.flush()
    removed = privacy.purge()
    assert removed["unverified_accounts"] == 1
    assert auth.find_user("never@example.com") is None


def test_purge_removes_old_anonymous_all_about_me_but_keeps_signed_in_ones(app, db_session):
    from portal.db import utcnow
    from portal.feedback.voice_models import AllAboutMe

    owner = auth.create_user(email="keeps.mine@example.com", password="correct horse battery", verified=True)
    old = utcnow() - dt.timedelta(days=app.config["ANONYMOUS_ALL_ABOUT_ME_DAYS"] + 1)
    anonymous_old = AllAboutMe(likes="drawing trains", subject_key="self")
    anonymous_new = AllAboutMe(likes="swimming", subject_key="self")
    kept = AllAboutMe(owner_id=owner.id, likes="football", subject_key="self")
    db_session.add_all([anonymous_old, anonymous_new, kept])
    db_session.flush()
    anonymous_old.updated_at = old
    kept.updated_at = old
    db_session.flush()
    removed = privacy.purge()
    assert removed["anonymous_all_about_me"] == 1
    left = {row.likes for row in db_session.scalars(select(AllAboutMe))}
    assert {"swimming", "football"} <= left and "drawing trains" not in left


def test_subject_access_export_includes_all_about_me(client, two_families, db_session):
    from portal.feedback.voice_models import AllAboutMe

    owner = auth.find_user("one@example.com")
    db_session.add(AllAboutMe(owner_id=owner.id, subject_key="self", likes="building dens in the woods"))
    db_session.flush()
    sign_in(client, "one@example.com")
    data = json.loads(client.get("/account/your-data/download.json").get_data(as_text=True))
    assert [a["likes"] for a in data["all_about_me"]] == ["building dens in the woods"]
    assert "building dens in the woods" in client.get("/account/your-data/download").get_data(as_text=True)


def test_deletion_reason_goes_through_the_safeguarding_screen(client, two_families, db_session):
    from portal.safeguarding.models import SafeguardingFlag

    sign_in(client, "one@example.com")
    page = client.get("/account/your-data")
    reason = "there is no point any more, I am going to take all my tablets tonight"
    client.post("/account/your-data/delete", data={"csrf_token": token_from(page), "reason": reason})
    flags = db_session.scalars(select(SafeguardingFlag).where(SafeguardingFlag.source == "account_deletion")).all()
    assert [flag.text for flag in flags] == [reason]
