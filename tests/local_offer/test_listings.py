"""Changes to directory listings: proposed by providers or officers, approved against the live listing."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from portal.local_offer import listings
from portal.local_offer.models import Service
from portal.local_offer.publishing_models import ListingProposal
from portal.notifications.models import OutboxMessage
from tests.pages import normalize_spaces, token_from


def a_service(db_session, *, school: bool = False) -> Service:  # type: ignore[no-untyped-def]
    stmt = select(Service).where(Service.status == "active")
    if school:
        stmt = stmt.where(Service.category == "education", Service.sch2_para5.is_not(None))
    else:
        stmt = stmt.where(Service.category == "health")
    return db_session.scalars(stmt.order_by(Service.name)).first()


def form_fields(soup) -> dict[str, str]:  # type: ignore[no-untyped-def]
    form = soup.find("form", method="post")
    data = {}
    for field in form.find_all(["input", "textarea"]):
        if not field.get("name"):
            continue
        if field.get("type") == "radio":
            if field.has_attr("checked"):
                data[field["name"]] = field["value"]
        elif field.name == "textarea":
            data[field["name"]] = field.text
        else:
            data[field["name"]] = field.get("value", "")
    return data


def test_provider_form_has_the_ten_schedule_2_questions_for_a_school(pages, db_session):
    school = a_service(db_session, school=True)
    soup = pages.get(f"/local-offer/services/{school.id}/suggest-change")
    assert soup.h1.text.strip() == f"Suggest a change to {school.name}"
    for key in "abcdefghij":
        assert soup.find("textarea", {"name": f"sch2_{key}"}), key
    assert soup.find("textarea", {"name": "sch2_a"}).text == school.sch2_para5["a"]
    honeypot = soup.find("input", {"name": "fax_number"})
    assert honeypot.find_parent("div", hidden=True)
    health = a_service(db_session)
    other = pages.get(f"/local-offer/services/{health.id}/suggest-change")
    assert not other.find("textarea", {"name": "sch2_a"})


def test_listing_page_links_to_the_form(pages, db_session):
    service = a_service(db_session)
    soup = pages.get(f"/local-offer/services/{service.id}")
    assert soup.find("a", href=f"/local-offer/services/{service.id}/suggest-change")


def test_provider_proposes_officer_approves_and_search_shows_it(pages, author_pages, author, db_session,
                                                                fresh_index):  # fmt: skip
    service = a_service(db_session)
    url = f"/local-offer/services/{service.id}/suggest-change"
    soup = pages.get(url)
    data = form_fields(soup) | {"proposer_name": "Pat Provider", "proposer_email": "pat@provider.example",
                                "status": "temporarily closed", "alert": "Closed for building work until March."}  # fmt: skip
    response = pages.client.post(url, data=data)
    assert response.status_code == 303 and response.headers["Location"].endswith("/suggest-change/done")
    # A double submit makes one proposal.
    pages.client.post(url, data=data)
    proposals = list(db_session.scalars(select(ListingProposal).where(ListingProposal.service_id == service.id)))
    assert len(proposals) == 1
    proposal = proposals[0]
    assert proposal.changes == {"status": "temporarily closed", "alert": "Closed for building work until March."}
    # Nothing is public yet.
    assert "Temporarily closed" not in pages.get(f"/local-offer/services/{service.id}").text

    queue = author_pages.get("/local-offer/editor/listings")
    assert queue.find("a", href=f"/local-offer/editor/listings/{proposal.id}")
    decide = author_pages.get(f"/local-offer/editor/listings/{proposal.id}")
    rows = {normalize_spaces(r.text) for r in decide.find("tbody").find_all("tr")}
    assert "Open or temporarily closed Open Temporarily closed" in rows
    token = token_from(decide.response)
    response = author_pages.client.post(f"/local-offer/editor/listings/{proposal.id}",
                                        data={"decision": "approve", "csrf_token": token})  # fmt: skip
    assert response.status_code == 303
    listing = pages.get(f"/local-offer/services/{service.id}")
    assert listing.find(class_="govuk-tag", string=lambda s: s and "Temporarily closed" in s)
    assert "Closed for building work until March." in listing.text
    results = pages.get(f"/search?q={service.name.replace(' ', '+')}")
    card = results.find("a", href=f"/local-offer/services/{service.id}")
    assert card and "Temporarily closed" in card.find_parent(["li", "div"]).text
    mail = db_session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == "pat@provider.example")).one()
    assert "We have made your change" in mail.body and service.name in mail.body


def test_nothing_changed_is_an_error(pages, db_session):
    service = a_service(db_session)
    url = f"/local-offer/services/{service.id}/suggest-change"
    data = form_fields(pages.get(url)) | {"proposer_name": "Pat", "proposer_email": "pat@provider.example"}
    response = pages.client.post(url, data=data)
    assert response.status_code == 200
    soup = BeautifulSoup(response.get_data(as_text=True), "html5lib")
    assert "You have not changed anything" in soup.find(class_="govuk-error-summary").text
    assert soup.title.text.startswith("Error:")


def test_honeypot_keeps_nothing(pages, db_session):
    service = a_service(db_session)
    url = f"/local-offer/services/{service.id}/suggest-change"
    data = form_fields(pages.get(url)) | {"proposer_name": "Bot", "proposer_email": "bot@spam.example",
                                          "description": "Buy things", "fax_number": "0123"}  # fmt: skip
    assert pages.client.post(url, data=data).status_code == 303
    assert (
        db_session.scalar(select(ListingProposal).where(ListingProposal.proposer_email == "bot@spam.example")) is None
    )


def test_bad_email_and_web_address_are_explained(pages, db_session):
    service = a_service(db_session)
    url = f"/local-offer/services/{service.id}/suggest-change"
    data = form_fields(pages.get(url)) | {"proposer_name": "Pat", "proposer_email": "nope", "url": "javascript:x"}
    soup = BeautifulSoup(pages.client.post(url, data=data).get_data(as_text=True), "html5lib")
    errors = soup.find(class_="govuk-error-summary").text
    assert "Enter an e-mail address" in errors and "starts with https://" in errors


def test_school_answers_change_field_by_field(author, reviewer, db_session, fresh_index):
    school = a_service(db_session, school=True)
    before = dict(school.sch2_para5)
    proposal = listings.propose(service=school, values={**listings.live_values(school), "sch2_i": "All staff train."},
                                name="Head", email="head@school.example", proposer=None)  # fmt: skip
    assert proposal.changes == {"sch2_i": "All staff train."}
    diff = listings.proposal_diff(proposal, school)
    assert [(d.name, d.live, d.proposed, d.moved) for d in diff] == [("sch2_i", before["i"], "All staff train.", False)]
    listings.approve_proposal(proposal, officer=reviewer)
    assert school.sch2_para5 == {**before, "i": "All staff train."}
    with pytest.raises(listings.ProposalClosed):
        listings.approve_proposal(proposal, officer=reviewer)


def test_reject_needs_a_reason_and_tells_the_proposer(author_pages, db_session):
    service = a_service(db_session)
    proposal = listings.propose(service=service, values={"description": "A new description."}, name="Pat",
                                email="pat@provider.example", proposer=None)  # fmt: skip
    url = f"/local-offer/editor/listings/{proposal.id}"
    token = token_from(author_pages.get(url).response)
    response = author_pages.client.post(url, data={"decision": "reject", "reason": "", "csrf_token": token})
    assert response.status_code == 200 and "Give a reason" in response.get_data(as_text=True)
    response = author_pages.client.post(url, data={"decision": "reject", "reason": "Not your service.",
                                                   "csrf_token": token})  # fmt: skip
    assert response.status_code == 303
    db_session.expire_all()
    assert listings.get_proposal(proposal.id).status == "rejected"
    assert service.description != "A new description."
    mail = db_session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == "pat@provider.example")).one()
    assert "Not your service." in mail.body


def test_proposal_shows_when_the_live_listing_moved_on(author, db_session):
    service = a_service(db_session)
    proposal = listings.propose(service=service, values={"email": "new@provider.example"}, name="Pat",
                                email="pat@provider.example", proposer=None)  # fmt: skip
    service.email = "someone.else@provider.example"
    (row,) = listings.proposal_diff(proposal, service)
    assert row.moved and row.live == "someone.else@provider.example"


def test_feed_serves_only_approved_data(client, db_session):
    service = a_service(db_session)
    listings.propose(service=service, values={"name": "Renamed by a provider"}, name="Pat",
                     email="pat@provider.example", proposer=None)  # fmt: skip
    db_session.flush()
    data = client.get(f"/api/oruk/services/{service.id}").get_json()
    assert data["name"] == service.name != "Renamed by a provider"
