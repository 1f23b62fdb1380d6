"""The EHC needs assessment request journey: pages, validation, save and return, expiry, and the one-time submit."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from portal.auth import family
from portal.auth import services as auth
from portal.auth.models import Child, FamilyLink
from portal.cases import requests as journey
from portal.cases import services as case_services
from portal.cases.models import AssessmentRequest, Case, CaseMilestone, RequestStatus
from portal.notifications.models import OutboxMessage
from portal.safeguarding.models import SafeguardingFlag
from tests.pages import normalize_spaces, token_from

PASSWORD = "correct horse battery"

ANSWERS: list[tuple[str, dict]] = [
    ("who", {"requester_kind": "parent"}),
    ("relationship", {"relationship": "mother"}),
    ("child_name", {"first_name": "Ada", "last_name": "Testington"}),
    ("child_dob", {"date_of_birth": ["12", "4", "2016"]}),
    ("child_address", {"address_line_1": "1 Fictional Road", "town": "Kingsbridge", "postcode": "wx1 2ab"}),
    ("school", {"school_name": "Kingsbridge Primary"}),
    ("year_group", {"year_group": "year_4"}),
    ("needs", {"communication": "He finds it hard to talk to other children", "semh": "He worries a lot"}),
    ("support", {"support_now": "A teaching assistant in maths", "difference": "He finishes some work"}),
    ("professionals", {"professionals": "Speech and language therapist"}),
    ("views", {"child_views": "I like Lego and I want a quiet place"}),
    ("all_about_me", {"likes": "Lego", "hard": "Noise"}),
    ("consent", {"consent_school": "yes", "consent_professionals": "yes"}),
]


def sign_in(client, email):
    token = token_from(client.get("/account/sign-in"))
    response = client.post("/account/sign-in", data={"email": email, "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 303


def make_parent(email="parent@example.com"):
    return auth.create_user(email=email, password=PASSWORD, verified=True, display_name="A Parent")


def start(client) -> str:
    token = token_from(client.get("/request-an-assessment"))
    response = client.post("/request-an-assessment/new", data={"csrf_token": token})
    assert response.status_code == 303
    location = response.headers["Location"]
    assert location.endswith("/who")
    return location.split("/")[-2]


def answer(client, request_id: str, step: str, data: dict, *, change: bool = False):
    url = f"/request-an-assessment/{request_id}/{step}" + ("?change=1" if change else "")
    token = token_from(client.get(url))
    return client.post(url, data={"csrf_token": token, **data})


def fill_in(client, request_id: str, answers=ANSWERS) -> None:
    for step, data in answers:
        response = answer(client, request_id, step, data)
        assert response.status_code == 303, (step, response.get_data(as_text=True)[:500])
    token = token_from(client.get(f"/request-an-assessment/{request_id}/reports"))
    response = client.post(f"/request-an-assessment/{request_id}/reports", data={"csrf_token": token, "continue": "1"})
    assert response.headers["Location"].endswith("/check")


def send(client, request_id: str):
    page = client.get(f"/request-an-assessment/{request_id}/check")
    html = page.get_data(as_text=True)
    submit_token = re.search(r'name="submit_token" type="hidden" value="([^"]+)"', html)
    assert submit_token, "check page carries the submit token"
    data = {"csrf_token": token_from(page), "submit_token": submit_token.group(1)}
    return client.post(f"/request-an-assessment/{request_id}/send", data=data), data


@pytest.fixture()
def parent(db_session):
    return make_parent()


def test_start_page_explains_why_an_account_is_needed(pages):
    soup = pages.get("/request-an-assessment")
    assert normalize_spaces(soup.h1.text) == "Ask for an EHC needs assessment"
    link = soup.select_one("#request-sign-in")
    assert link["href"].startswith("/account/sign-in?next=")
    assert "save your answers" in soup.select_one(".govuk-inset-text").text
    assert not soup.select("form[action='/request-an-assessment/new']"), "no start button until signed in"


def test_the_journey_needs_sign_in(client):
    response = client.get("/request-an-assessment/some-id/who")
    assert response.status_code == 303 and "/account/sign-in" in response.headers["Location"]
    token = token_from(client.get("/account/sign-in"))
    started = client.post("/request-an-assessment/new", data={"csrf_token": token})
    assert started.status_code == 303 and "/account/sign-in" in started.headers["Location"]


def test_signed_in_start_page_has_a_start_button(pages, parent):
    sign_in(pages.client, parent.email)
    soup = pages.get("/request-an-assessment")
    button = soup.select_one("form[action='/request-an-assessment/new'] button")
    assert "Start now" in button.text


def test_question_pages_have_back_links_and_one_question(pages, parent):
    sign_in(pages.client, parent.email)
    request_id = start(pages.client)
    soup = pages.get(f"/request-an-assessment/{request_id}/who")
    assert soup.select_one(".govuk-back-link")["href"] == "/request-an-assessment"
    assert "Who is asking for the assessment?" in soup.h1.text
    assert len(soup.select("input[name=requester_kind]")) == 3
    answer(pages.client, request_id, "who", {"requester_kind": "parent"})
    soup = pages.get(f"/request-an-assessment/{request_id}/relationship")
    assert soup.select_one(".govuk-back-link")["href"].endswith("/who")
    soup = pages.get(f"/request-an-assessment/{request_id}/child_dob")
    assert [i["id"] for i in soup.select(".govuk-date-input input")] == [
        "date_of_birth-day", "date_of_birth-month", "date_of_birth-year",
    ]  # fmt: skip


def test_validation_errors_show_in_the_summary(pages, parent):
    sign_in(pages.client, parent.email)
    request_id = start(pages.client)
    response = answer(pages.client, request_id, "who", {})
    assert response.status_code == 200
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(response.get_data(as_text=True), "html5lib")
    assert soup.title.text.startswith("Error:")
    summary = soup.select_one(".govuk-error-summary")
    assert "Select who is asking for the assessment" in summary.text
    assert summary.select_one("a")["href"] == "#requester_kind"
    answer(pages.client, request_id, "who", {"requester_kind": "parent"})
    bad_date = answer(pages.client, request_id, "child_dob", {"date_of_birth": ["31", "2", "2016"]})
    assert "Enter their date of birth as a real date" in bad_date.get_data(as_text=True)
    bad_postcode = answer(pages.client, request_id, "child_address",
                          {"address_line_1": "1 Road", "town": "Town", "postcode": "NOT A CODE"})  # fmt: skip
    assert "Enter a real postcode" in bad_postcode.get_data(as_text=True)
    no_needs = answer(pages.client, request_id, "needs", {})
    assert "Tell us about at least one area" in no_needs.get_data(as_text=True)


def test_a_school_confirms_the_family_agrees(client, parent):
    sign_in(client, parent.email)
    request_id = start(client)
    response = answer(client, request_id, "who", {"requester_kind": "school"})
    assert response.headers["Location"].endswith("/setting")
    refused = answer(client, request_id, "setting", {"setting_name": "Kingsbridge Primary", "your_role": "SENCO"})
    assert "You can only ask if the family agrees" in refused.get_data(as_text=True)


def test_save_and_return_resumes_at_the_last_step(client, db_session, parent):
    sign_in(client, parent.email)
    request_id = start(client)
    for step, data in ANSWERS[:4]:
        answer(client, request_id, step, data)
    draft = db_session.get(AssessmentRequest, request_id)
    db_session.refresh(draft)
    assert draft.answers["child_name"] == {"first_name": "Ada", "last_name": "Testington"}
    assert draft.answers["child_dob"] == {"date_of_birth": "2016-04-12"}
    assert draft.last_step == "child_address"
    # Sign out and back in: the start page offers the draft, and resuming goes to the next question.
    client.post("/account/sign-out", data={"csrf_token": token_from(client.get("/account"))})
    sign_in(client, parent.email)
    start_page = client.get("/request-an-assessment").get_data(as_text=True)
    assert "Request for Ada Testington" in start_page
    resumed = client.get(f"/request-an-assessment/{request_id}")
    assert resumed.headers["Location"].endswith("/child_address")
    # Saved answers are shown again, and the date in its three boxes.
    dob_page = client.get(f"/request-an-assessment/{request_id}/child_dob").get_data(as_text=True)
    assert 'value="12"' in dob_page and 'value="2016"' in dob_page


def test_another_person_cannot_open_a_draft(client, db_session, parent):
    sign_in(client, parent.email)
    request_id = start(client)
    make_parent("other@example.com")
    client.post("/account/sign-out", data={"csrf_token": token_from(client.get("/account"))})
    sign_in(client, "other@example.com")
    assert client.get(f"/request-an-assessment/{request_id}/who").status_code == 404
    assert client.get(f"/request-an-assessment/{request_id}/check").status_code == 404


def test_check_answers_has_change_links_that_come_back(pages, parent):
    sign_in(pages.client, parent.email)
    request_id = start(pages.client)
    fill_in(pages.client, request_id)
    soup = pages.get(f"/request-an-assessment/{request_id}/check")
    keys = [normalize_spaces(k.text) for k in soup.select(".govuk-summary-list__key")]
    assert "First name" in keys and "Communication and interaction" in keys
    values = normalize_spaces(soup.select_one("main").text)
    assert "12 April 2016" in values and "WX1 2AB" in values and "I am a parent or carer" in values
    change = soup.find("a", href=f"/request-an-assessment/{request_id}/school?change=1")
    assert change is not None
    back = answer(pages.client, request_id, "school", {"school_name": "Another School"}, change=True)
    assert back.headers["Location"].endswith("/check")
    assert "Another School" in pages.get(f"/request-an-assessment/{request_id}/check").text


def test_submit_stores_one_request_and_opens_the_case(client, db_session, parent):
    sign_in(client, parent.email)
    request_id = start(client)
    fill_in(client, request_id)
    response, data = send(client, request_id)
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/request-an-assessment/{request_id}/confirmation")
    sent = db_session.scalar(select(AssessmentRequest).where(AssessmentRequest.id == request_id))
    db_session.refresh(sent)
    assert sent.status == RequestStatus.SUBMITTED
    assert sent.reference.startswith("EHC-") and len(sent.reference) == 12
    assert not set(sent.reference[4:]) & set("01IOLS58B")
    case = db_session.scalar(select(Case).where(Case.request_id == request_id))
    assert case.reference == sent.reference and case.child_name == "Ada Testington"
    assert case.school == "Kingsbridge Primary" and case.child_dob == date(2016, 4, 12)
    codes = {m.code for m in case.milestones}
    assert {"decision_to_assess", "no_plan_decision", "final_plan"} <= codes
    # The child is now linked to the parent, so "Your case" shows it.
    child = db_session.get(Child, case.child_id)
    assert child in family.children_of(parent)
    # Acknowledgement e-mail in the outbox, with the reference and the decision date.
    mail = db_session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "request_received"))
    assert mail.recipient == parent.email and sent.reference in mail.body
    # The confirmation page shows the reference and what happens next.
    confirmation = client.get(f"/request-an-assessment/{request_id}/confirmation").get_data(as_text=True)
    assert sent.reference in confirmation and "What happens next" in confirmation


def test_pressing_send_twice_gives_one_request_and_the_same_confirmation(client, db_session, parent):
    sign_in(client, parent.email)
    request_id = start(client)
    fill_in(client, request_id)
    first, data = send(client, request_id)
    second = client.post(f"/request-an-assessment/{request_id}/send", data=data)
    assert second.status_code == 303 and second.headers["Location"] == first.headers["Location"]
    assert db_session.scalar(select(func.count(Case.id)).where(Case.request_id == request_id)) == 1
    assert db_session.scalar(select(func.count(OutboxMessage.id)).where(OutboxMessage.kind == "request_received")) == 1
    # A retried POST with a stale or forged token is refused, not a second request.
    forged = client.post(f"/request-an-assessment/{request_id}/send", data={**data, "submit_token": "x" * 40})
    assert forged.status_code == 404


def test_submission_is_all_or_nothing(app, client, db_session, parent, monkeypatch):
    """If anything fails part-way (here: opening the case, after the reference and child were written),
    nothing is kept and the draft is still a draft: the same as the server dying mid-submission."""
    sign_in(client, parent.email)
    request_id = start(client)
    fill_in(client, request_id)
    children_before = db_session.scalar(select(func.count(Child.id)))

    def broken_open_case(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(case_services, "open_case", broken_open_case)
    with pytest.raises(RuntimeError):
        send(client, request_id)
    db_session.expire_all()
    draft = db_session.get(AssessmentRequest, request_id)
    assert draft.status == RequestStatus.DRAFT and draft.reference is None
    assert db_session.scalar(select(func.count(Case.id))) == db_session.scalar(
        select(func.count(Case.id)).where(Case.request_id != request_id)
    )
    assert db_session.scalar(select(func.count(Child.id))) == children_before
    assert db_session.scalar(select(func.count(FamilyLink.id)).where(FamilyLink.user_id == parent.id)) == 0
    monkeypatch.undo()
    response, _ = send(client, request_id)
    assert response.status_code == 303, "the family can simply send again"


def test_incomplete_request_cannot_be_sent(client, db_session, parent):
    sign_in(client, parent.email)
    request_id = start(client)
    answer(client, request_id, "who", {"requester_kind": "parent"})
    page = client.get(f"/request-an-assessment/{request_id}/check").get_data(as_text=True)
    assert "Some questions still need an answer" in page and "Accept and send" not in page
    draft = db_session.get(AssessmentRequest, request_id)
    with pytest.raises(journey.Incomplete):
        journey.submit(request_id, user=parent, token=draft.submit_token)


def test_free_text_is_screened_for_safeguarding(client, db_session, parent):
    sign_in(client, parent.email)
    request_id = start(client)
    answers = [(s, d) if s != "all_about_me" else (s, {"hard": "I want to kill myself"}) for s, d in ANSWERS]
    fill_in(client, request_id, answers)
    send(client, request_id)
    flags = db_session.scalars(select(SafeguardingFlag).where(SafeguardingFlag.source == "ehc_request")).all()
    assert any(f.source_id == request_id and "kill myself" in f.text for f in flags)


def test_existing_child_is_reused(client, db_session, parent):
    child = family.add_child(parent=parent, first_name="Ada", last_name="Testington", date_of_birth=date(2016, 4, 12),
                             relationship="mother", parental_responsibility=True)  # fmt: skip
    sign_in(client, parent.email)
    request_id = start(client)
    fill_in(client, request_id)
    send(client, request_id)
    case = db_session.scalar(select(Case).where(Case.request_id == request_id))
    assert case.child_id == child.id


def test_references_are_unique_and_retry_on_collision(db_session, monkeypatch):
    import secrets

    existing = AssessmentRequest(status=RequestStatus.SUBMITTED, reference="EHC-AAAAAAAA", answers={})
    db_session.add(existing)
    db_session.flush()
    picks = iter("A" * 8 + "C" * 8)
    monkeypatch.setattr(secrets, "choice", lambda alphabet: next(picks))
    assert journey.new_reference() == "EHC-CCCCCCCC"


def test_draft_expiry_warns_then_expires(app, db_session, parent):
    now = datetime(2026, 11, 1, 12, tzinfo=UTC)
    draft = journey.start_draft(parent, now=now)
    journey.save_step(draft, "who", {"requester_kind": "parent"}, now=now)
    assert draft.expires_at == now + timedelta(days=28)
    with app.test_request_context("/"):
        assert journey.warn_expiring_drafts(now=now + timedelta(days=20)) == 0, "not within 7 days yet"
        assert journey.warn_expiring_drafts(now=now + timedelta(days=22)) == 1
        assert journey.warn_expiring_drafts(now=now + timedelta(days=23)) == 0, "warned once only"
        mail = db_session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "request_draft_expiring"))
        assert "29 November 2026" in mail.body
        assert journey.expire_drafts(now=now + timedelta(days=27)) == 0
        assert journey.expire_drafts(now=now + timedelta(days=28, seconds=1)) == 1
    assert draft.status == RequestStatus.EXPIRED and draft.answers == {}
    assert journey.drafts_for(parent) == []


def test_expire_drafts_command(app, db_session, parent):
    from portal.cases.request_commands import expire_drafts

    draft = journey.start_draft(parent, now=datetime.now(UTC) - timedelta(days=40))
    result = app.test_cli_runner().invoke(expire_drafts)
    assert result.exit_code == 0, result.output
    assert "1 expired" in result.output
    db_session.refresh(draft)
    assert draft.status == RequestStatus.EXPIRED


def test_young_person_asks_for_themselves(client, db_session):
    from portal.auth.models import Role

    yp = auth.create_user(email="yp@example.com", password=PASSWORD, verified=True, roles=[Role.YOUNG_PERSON])
    sign_in(client, yp.email)
    request_id = start(client)
    answers = [(s, d) for s, d in ANSWERS if s != "relationship"]
    answers[0] = ("who", {"requester_kind": "young_person"})
    answers = [(s, {"date_of_birth": ["1", "3", "2008"]}) if s == "child_dob" else (s, d) for s, d in answers]
    response = answer(client, request_id, "who", {"requester_kind": "young_person"})
    assert response.headers["Location"].endswith("/child_name"), "no relationship question for a young person"
    page = client.get(f"/request-an-assessment/{request_id}/child_name").get_data(as_text=True)
    assert "What is your name?" in page
    fill_in(client, request_id, answers)
    send(client, request_id)
    case = db_session.scalar(select(Case).where(Case.request_id == request_id))
    assert case.requester_kind == "young_person"
    link = db_session.scalar(select(FamilyLink).where(FamilyLink.user_id == yp.id))
    assert link.is_self and link.child_id == case.child_id


def test_milestones_come_from_the_rules(client, db_session, parent, monkeypatch):
    """A request received on Tuesday 6 January 2026 gets the statutory dates of the worked example."""
    sign_in(client, parent.email)
    request_id = start(client)
    fill_in(client, request_id)
    draft = db_session.get(AssessmentRequest, request_id)
    monkeypatch.setattr(journey, "now_utc", lambda: datetime(2026, 1, 6, 10, tzinfo=UTC))
    journey.submit(request_id, user=parent, token=draft.submit_token, now=datetime(2026, 1, 6, 10, tzinfo=UTC))
    case = db_session.scalar(select(Case).where(Case.request_id == request_id))
    due = {m.code: m.due for m in db_session.scalars(select(CaseMilestone).where(CaseMilestone.case_id == case.id))}
    assert due["decision_to_assess"] == date(2026, 2, 17)
    assert due["no_plan_decision"] == date(2026, 4, 28)
    assert due["final_plan"] == date(2026, 5, 26)
