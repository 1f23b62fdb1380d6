"""Officers' case screens: the queue, the case page, milestones with optimistic locking, exceptions, the panel."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from portal.auth import services as auth
from portal.auth.models import AuditEvent, Role
from portal.cases import services
from portal.cases.models import Case, CaseMessage, MilestoneStatus, PanelRecord
from portal.cases.views import today
from tests.pages import PageClient, normalize_spaces, token_from

PASSWORD = "correct horse battery"


def sign_in(client, email):
    token = token_from(client.get("/account/sign-in"))
    response = client.post("/account/sign-in", data={"email": email, "password": PASSWORD, "csrf_token": token})
    assert response.status_code in (302, 303)


def make_user(email, *roles):
    return auth.create_user(email=email, password=PASSWORD, roles=list(roles), verified=True, display_name=email)


@pytest.fixture()
def caseworker(db_session):
    return make_user("cw@example.com", Role.CASEWORKER)


@pytest.fixture()
def manager(db_session):
    return make_user("mgr@example.com", Role.MANAGER)


@pytest.fixture()
def cw_pages(app, pages, caseworker):
    sign_in(pages.client, "cw@example.com")
    return pages


@pytest.fixture()
def mgr_pages(app, db_session, manager):
    client = PageClient(app.test_client())
    sign_in(client.client, "mgr@example.com")
    return client


def new_case(reference, received, *, name="Ada Example", team="North", school="Hillside Primary", caseworker=None):
    return services.open_case(None, received_on=received, reference=reference, child_name=name, team=team,
                              school=school, caseworker=caseworker, child_dob=date(2015, 3, 2))  # fmt: skip


def milestone(case, code):
    return next(m for m in case.milestones if m.code == code and m.status == MilestoneStatus.PENDING)


def test_queue_lists_cases_overdue_first_with_counts(cw_pages, caseworker, db_session):
    now = today()
    overdue = new_case("EHC-V-OLD", now - timedelta(weeks=8), name="Old Case")
    fresh = new_case("EHC-V-NEW", now - timedelta(days=1), name="New Case", team="South", caseworker=caseworker)
    soup = cw_pages.get("/officers/cases")
    assert soup.h1.text.strip() == "EHC cases"
    rows = [normalize_spaces(tr.text) for tr in soup.select("#case-queue tbody tr")]
    names = [tr.select_one("a").text for tr in soup.select("#case-queue tbody tr")]
    assert names.index("Old Case") < names.index("New Case")
    assert "Overdue" in rows[names.index("Old Case")]
    assert "Overdue" not in rows[names.index("New Case")]
    counts = normalize_spaces(soup.select_one("#queue-counts").text)
    assert re.match(r"\d+ cases, [1-9]\d* overdue", counts)
    south = cw_pages.get("/officers/cases?team=South")
    assert [a.text for a in south.select("#case-queue tbody a")] == ["New Case"]
    assert normalize_spaces(south.select_one("#queue-counts").text) == "1 case, 0 overdue"
    mine = cw_pages.get("/officers/cases?mine=yes")
    assert [a.text for a in mine.select("#case-queue tbody a")] == ["New Case"]
    stage = cw_pages.get("/officers/cases?stage=plan_issued")
    assert not stage.select("#case-queue tbody a")
    assert overdue.id and fresh.id


def test_queue_paginates(cw_pages, db_session):
    base = today() - timedelta(days=10)
    for n in range(services.QUEUE_PAGE_SIZE + 3):
        new_case(f"EHC-P-{n:03d}", base, name=f"Child {n:03d}", team="Paged")
    first = cw_pages.get("/officers/cases?team=Paged")
    assert len(first.select("#case-queue tbody tr")) == services.QUEUE_PAGE_SIZE
    assert first.select_one(".govuk-pagination")
    second = cw_pages.get("/officers/cases?team=Paged&page=2")
    assert len(second.select("#case-queue tbody tr")) == 3


def test_case_page_shows_milestones_and_audits_the_read(cw_pages, caseworker, db_session):
    case = new_case("EHC-V-1", date(2026, 1, 6))
    db_session.add(CaseMessage(case_id=case.id, from_family=True, body="Can we talk about the school?"))
    db_session.flush()
    soup = cw_pages.get(f"/officers/cases/{case.id}")
    assert soup.h1.text.strip() == "Ada Example"
    rows = {tr["data-code"]: normalize_spaces(tr.text) for tr in soup.select("#milestone-table tbody tr")}
    assert "17 February 2026" in rows["decision_to_assess"]
    assert "28 April 2026" in rows["no_plan_decision"]
    assert "26 May 2026" in rows["final_plan"]
    assert "Council target" in rows["panel"]
    assert "Can we talk about the school?" in soup.select_one("main").text
    viewed = db_session.scalars(select(AuditEvent).where(AuditEvent.action == "case.viewed",
                                                         AuditEvent.object_id == case.id)).all()  # fmt: skip
    assert viewed and viewed[0].actor_id == caseworker.id


def test_unknown_case_is_404(cw_pages):
    cw_pages.get("/officers/cases/no-such-case", status=404)


def form_version(soup):
    return soup.select_one("input[name=version]")["value"]


def test_recording_a_milestone_saves_who_and_when(cw_pages, caseworker, db_session):
    case = new_case("EHC-V-2", date(2026, 1, 6))
    decision = milestone(case, "decision_to_assess")
    url = f"/officers/cases/{case.id}/milestones/{decision.id}"
    soup = cw_pages.get(url)
    assert soup.h1.text.strip() == "Decision whether to assess"
    data = {"csrf_token": token_from(soup.response), "version": form_version(soup), "completed_on": ["10", "2", "2026"],
            "outcome": "assess", "advisers": "Educational psychologist\nHealth visitor", "note": ""}  # fmt: skip
    response = cw_pages.client.post(url, data=data)
    assert response.status_code == 303
    db_session.expire_all()
    saved = db_session.get(Case, case.id)
    done = next(m for m in saved.milestones if m.code == "decision_to_assess")
    assert (done.status, done.completed_on, done.outcome, done.updated_by) == (
        "done", date(2026, 2, 10), "assess", caseworker.id)  # fmt: skip
    assert saved.stage == "assessing"
    assert sorted(m.adviser for m in saved.milestones if m.code == "advice_due") == [
        "Educational psychologist", "Health visitor"]  # fmt: skip


def test_invalid_milestone_form_shows_errors(cw_pages, db_session):
    case = new_case("EHC-V-3", date(2026, 1, 6))
    decision = milestone(case, "decision_to_assess")
    url = f"/officers/cases/{case.id}/milestones/{decision.id}"
    soup = cw_pages.get(url)
    response = cw_pages.client.post(url, data={"csrf_token": token_from(soup.response), "version": form_version(soup),
                                               "completed_on": ["", "", ""], "outcome": ""})  # fmt: skip
    assert response.status_code == 200
    assert "There is a problem" in response.get_data(as_text=True)
    response = cw_pages.client.post(url, data={"csrf_token": token_from(soup.response), "version": form_version(soup),
                                               "completed_on": ["1", "2", "2026"], "outcome": "assess"})  # fmt: skip
    assert "Enter at least one adviser" in response.get_data(as_text=True)


def test_a_step_cannot_be_recorded_as_done_tomorrow(cw_pages, db_session):
    """Issue 15: on 5 December a caseworker recorded "done on 10 December" and the family was told so."""
    case = new_case("EHC-V-FUT", today() - timedelta(days=20))
    decision = milestone(case, "decision_to_assess")
    url = f"/officers/cases/{case.id}/milestones/{decision.id}"
    soup = cw_pages.get(url)
    tomorrow = today() + timedelta(days=1)
    response = cw_pages.client.post(url, data={"csrf_token": token_from(soup.response), "version": form_version(soup),
                                               "completed_on": [str(tomorrow.day), str(tomorrow.month),
                                                                str(tomorrow.year)],
                                               "outcome": "not_assess"})  # fmt: skip
    assert response.status_code == 200
    assert "The date it happened must be today or in the past" in response.get_data(as_text=True)
    db_session.expire_all()
    assert milestone(db_session.get(Case, case.id), "decision_to_assess").completed_on is None


def test_two_officers_with_the_same_version_cannot_overwrite_each_other(app, cw_pages, manager, db_session):
    case = new_case("EHC-V-4", date(2026, 1, 6))
    decision = milestone(case, "decision_to_assess")
    url = f"/officers/cases/{case.id}/milestones/{decision.id}"
    other = PageClient(app.test_client())
    sign_in(other.client, "mgr@example.com")
    first, second = cw_pages.get(url), other.get(url)
    assert form_version(first) == form_version(second)
    ok = cw_pages.client.post(url, data={"csrf_token": token_from(first.response), "version": form_version(first),
                                         "completed_on": ["12", "2", "2026"], "outcome": "not_assess"})  # fmt: skip
    assert ok.status_code == 303
    late = other.client.post(url, data={"csrf_token": token_from(second.response), "version": form_version(second),
                                        "completed_on": ["13", "2", "2026"], "outcome": "assess",
                                        "advisers": "EP"})  # fmt: skip
    assert late.status_code == 200
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(late.get_data(as_text=True), "html5lib")
    conflict = normalize_spaces(soup.select_one("#conflict").text)
    assert "Someone else changed this case while you were working on it. Here is what changed." in conflict
    assert "2026-02-12" in conflict
    db_session.expire_all()
    kept = db_session.get(Case, case.id)
    assert kept.stage == "not_assessing" and kept.assess_decision == "not_assess"
    assert not [m for m in kept.milestones if m.code == "advice_due"]


def test_exceptions_recorded_by_caseworker_and_approved_by_manager(cw_pages, mgr_pages, db_session):
    case = new_case("EHC-V-5", date(2026, 1, 6))
    url = f"/officers/cases/{case.id}/exceptions/new"
    soup = cw_pages.get(url)
    assert not soup.select("input[name=approve]")
    short = {"csrf_token": token_from(soup.response), "kind": "absent_from_area", "milestone_code": "final_plan",
             "starts_on": ["1", "4", "2026"], "ends_on": ["10", "4", "2026"], "evidence": "Flight tickets",
             "family_explanation": "You were away from the area."}  # fmt: skip
    response = cw_pages.client.post(url, data=short)
    assert response.status_code == 200 and "4 weeks or more" in response.get_data(as_text=True)
    response = cw_pages.client.post(url, data=short | {"ends_on": ["10", "5", "2026"]})
    assert response.status_code == 303
    page = mgr_pages.get(f"/officers/cases/{case.id}")
    form = page.select_one("#exception-table form")
    assert form is not None
    response = mgr_pages.client.post(form["action"], data={"csrf_token": token_from(page.response)})
    assert response.status_code == 303
    db_session.expire_all()
    row = db_session.get(Case, case.id).exceptions[0]
    assert row.approved_by is not None and row.family_explanation == "You were away from the area."
    # A caseworker cannot approve.
    assert cw_pages.client.post(form["action"], data={"csrf_token": token_from(soup.response)}).status_code == 403


def test_panel_front_sheet_recommendation_and_sign_off(cw_pages, mgr_pages, db_session):
    case = new_case("EHC-V-6", today() - timedelta(days=20))
    sheet = cw_pages.get(f"/officers/cases/{case.id}/panel-sheet")
    text = normalize_spaces(sheet.select_one("main").text)
    assert "Ada Example" in text and "Hillside Primary" in text and "days" in text
    url = f"/officers/cases/{case.id}/panel"
    soup = cw_pages.get(url)
    response = cw_pages.client.post(url, data={"csrf_token": token_from(soup.response), "question": "assess",
                                               "panel_on": [str(today().day), str(today().month), str(today().year)],
                                               "recommendation": "assess", "reasons": "Needs not met now."})  # fmt: skip
    assert response.status_code == 303
    record = db_session.scalar(select(PanelRecord).where(PanelRecord.case_id == case.id))
    assert record.recommendation == "assess"
    sign_off_url = f"/officers/cases/{case.id}/panel/{record.id}/sign-off"
    assert cw_pages.raw(sign_off_url).status_code == 403
    page = mgr_pages.get(sign_off_url)
    response = mgr_pages.client.post(sign_off_url, data={"csrf_token": token_from(page.response),
                                                         "decision": "agreed"})  # fmt: skip
    assert response.status_code == 303
    db_session.expire_all()
    saved = db_session.get(Case, case.id)
    sign_off = next(m for m in saved.milestones if m.code == "sign_off")
    assert sign_off.status == "done" and sign_off.due == record.panel_on + timedelta(days=1)


def test_officer_replies_to_the_family_once(cw_pages, db_session):
    case = new_case("EHC-V-7", date(2026, 1, 6))
    soup = cw_pages.get(f"/officers/cases/{case.id}")
    token = soup.select_one("input[name=submit_token]")["value"]
    data = {"csrf_token": token_from(soup.response), "submit_token": token, "body": "We will call you on Monday."}
    for _ in range(2):
        assert cw_pages.client.post(f"/officers/cases/{case.id}/messages", data=data).status_code == 303
    messages = db_session.scalars(select(CaseMessage).where(CaseMessage.case_id == case.id)).all()
    assert [(m.body, m.from_family) for m in messages] == [("We will call you on Monday.", False)]
    empty = cw_pages.client.post(f"/officers/cases/{case.id}/messages", data=data | {"body": "", "submit_token": "x"})
    assert empty.status_code == 200 and "Enter your message" in empty.get_data(as_text=True)


def test_parent_cannot_open_officer_case_pages(app, db_session):
    make_user("parent@example.com", Role.PARENT)
    case = new_case("EHC-V-8", date(2026, 1, 6))
    client = app.test_client()
    sign_in(client, "parent@example.com")
    for url in ("/officers/cases", f"/officers/cases/{case.id}", f"/officers/cases/{case.id}/panel-sheet",
                "/officers/cases/dashboard"):  # fmt: skip
        assert client.get(url).status_code == 403
    signed_out = app.test_client()
    assert signed_out.get(f"/officers/cases/{case.id}").status_code == 303


def test_welsh_queue_page(cw_pages, db_session):
    new_case("EHC-V-9", date(2026, 1, 6))
    soup = cw_pages.get("/officers/cases?lang=cy")
    assert soup.html["lang"] == "cy"


def test_a_step_with_one_outcome_records_without_choosing(cw_pages, caseworker, db_session):
    case = new_case("EHC-V-10", date(2026, 1, 6))
    panel = milestone(case, "panel")
    url = f"/officers/cases/{case.id}/milestones/{panel.id}"
    soup = cw_pages.get(url)
    assert not soup.select("input[name=outcome][type=radio]")
    hidden = soup.select_one("input[name=outcome][type=hidden]")
    data = {"csrf_token": token_from(soup.response), "version": form_version(soup), hidden["name"]: hidden["value"],
            "completed_on": ["9", "2", "2026"]}  # fmt: skip
    assert cw_pages.client.post(url, data=data).status_code == 303
    db_session.expire_all()
    assert db_session.get(Case, case.id).milestones and panel.id


def test_family_time_limits_have_no_record_link_and_stay_out_of_the_queue(cw_pages, caseworker, db_session):
    case = new_case("EHC-V-11", date(2025, 1, 6))
    services.complete_milestone(case, milestone(case, "decision_to_assess"), on=date(2025, 2, 10),
                                outcome="not_assess", user=caseworker, expected_version=None)  # fmt: skip
    assert case.next_due is None  # only the family's mediation and appeal limits are left
    soup = cw_pages.get(f"/officers/cases/{case.id}")
    appeal = soup.select_one("#milestone-table tr[data-code=appeal_deadline]")
    assert appeal["data-state"] == "passed" and not appeal.select("a")


def test_case_page_lists_documents_with_the_officer_download_link(cw_pages, db_session):
    from portal.cases.models import CaseDocument

    case = new_case("EHC-V-12", date(2026, 1, 6))
    document = CaseDocument(case_id=case.id, kind="evidence", filename="school-report.pdf",
                            content_type="application/pdf", size=10, storage_key="k-" + case.id, sha256="0" * 64)  # fmt: skip
    db_session.add(document)
    db_session.flush()
    soup = cw_pages.get(f"/officers/cases/{case.id}")
    link = soup.select_one("#documents + ul a")
    assert link.text == "school-report.pdf"
    assert link["href"] == f"/officers/cases/{case.id}/documents/{document.id}"


def test_phase_transfer_deadline_is_added_with_the_case_version(cw_pages, caseworker, db_session):
    case = new_case("EHC-V-13", date(2025, 1, 6))
    services.complete_milestone(case, milestone(case, "decision_to_assess"), on=date(2025, 2, 10), outcome="assess",
                                user=caseworker, expected_version=None, advisers=["EP"])  # fmt: skip
    services.complete_milestone(case, milestone(case, "final_plan"), on=date(2025, 5, 20), outcome="issued",
                                user=caseworker, expected_version=None)  # fmt: skip
    db_session.flush()
    page = cw_pages.get(f"/officers/cases/{case.id}")
    link = page.find("a", string="Add a phase transfer deadline")
    soup = cw_pages.get(link["href"])
    data = {"csrf_token": token_from(soup.response), "version": form_version(soup), "transfer_year": "2027",
            "transfer": "post16"}  # fmt: skip
    assert cw_pages.client.post(link["href"], data=data).status_code == 303
    db_session.expire_all()
    added = [m for m in db_session.get(Case, case.id).milestones if m.code == "phase_transfer"]
    assert [m.due for m in added] == [date(2027, 3, 30)]
    stale = cw_pages.client.post(link["href"], data=data | {"transfer": "school"})
    assert stale.status_code == 200 and "Someone else changed this case" in stale.get_data(as_text=True)


def test_queue_search_by_name_or_reference_without_javascript(cw_pages, db_session):
    now = today()
    new_case("EHC-S-0001", now - timedelta(days=3), name="Zainab Fictional")
    new_case("EHC-S-0002", now - timedelta(days=4), name="Owen Madeup")
    new_case("EHC-S-50%", now - timedelta(days=5), name="Percy Sign")
    soup = cw_pages.get("/officers/cases")
    search = soup.select_one("form input#queue-q")
    assert search["name"] == "q" and soup.find("label", attrs={"for": "queue-q"})
    by_name = cw_pages.get("/officers/cases?q=zainab")
    assert [a.text for a in by_name.select("#case-queue tbody a")] == ["Zainab Fictional"]
    assert by_name.select_one("#queue-q")["value"] == "zainab"
    by_reference = cw_pages.get("/officers/cases?q=S-0002")
    assert [a.text for a in by_reference.select("#case-queue tbody a")] == ["Owen Madeup"]
    # LIKE wildcards are searched for as themselves.
    assert [a.text for a in cw_pages.get("/officers/cases?q=%25").select("#case-queue tbody a")] == ["Percy Sign"]
    nothing = cw_pages.get("/officers/cases?q=nobody-has-this")
    assert "No cases match your search" in nothing.select_one("#case-queue-results").text


def test_queue_search_htmx_fragment(app, cw_pages, db_session):
    now = today()
    new_case("EHC-S-0003", now - timedelta(days=3), name="Greta Invented")
    new_case("EHC-S-0004", now - timedelta(days=3), name="Hal Pretend")
    full = cw_pages.get("/officers/cases?q=greta")
    form = full.select_one("form[data-hx-get]")
    assert form["data-hx-target"] == "#case-queue-results" and form["action"] == "/officers/cases"
    fragment = cw_pages.get("/officers/cases?q=greta", headers={"HX-Request": "true"})
    assert fragment.find("h1") is None
    root = fragment.select_one("#case-queue-results")
    assert root is not None and root["aria-live"] == "polite"
    assert [a.text for a in root.select("#case-queue tbody a")] == ["Greta Invented"]
    response = cw_pages.client.get("/officers/cases?q=greta", headers={"HX-Request": "true"})
    assert "HX-Request" in response.headers["Vary"]


def test_case_page_and_panel_sheet_show_words_not_codes(cw_pages, db_session):
    from portal.cases.models import AssessmentRequest

    case = new_case("EHC-V-WORDS", today() - timedelta(days=20))
    case.year_group = "year_3"
    case.request = AssessmentRequest(status="submitted", requester_kind="parent", received_on=case.received_on,
                                     answers={"relationship": {"relationship": "parent"},
                                              "consent": {"consent_school": "yes", "consent_professionals": "no"},
                                              "all_about_me": {"likes": "Drawing trains", "hard": "Loud rooms"}})  # fmt: skip
    db_session.flush()
    detail = normalize_spaces(cw_pages.get(f"/officers/cases/{case.id}").select_one("main").text)
    assert "Year 3" in detail and "year_3" not in detail
    assert "england-send-2014" not in detail and "SEND Regulations 2014" in detail
    sheet = cw_pages.get(f"/officers/cases/{case.id}/panel-sheet")
    rows = {normalize_spaces(row.dt.text): normalize_spaces(row.dd.text)
            for row in sheet.select("#all-about-me + dl .govuk-summary-list__row")}  # fmt: skip
    assert rows == {"What I like and what I am good at": "Drawing trains", "What I find hard": "Loud rooms"}
    text = normalize_spaces(sheet.select_one("main").text)
    assert "year_3" not in text and "Consent to contact the school: Yes" in text
    # No snake_case codes anywhere in what officers read.
    assert not re.search(r"\b[a-z]+_[a-z0-9_]+\b", detail + text)


def test_queue_fragment_shows_an_overdue_case(cw_pages, db_session):
    """The fragment renders the Overdue tag too (a macro imported at the top of the page template)."""
    new_case("EHC-S-0005", today() - timedelta(days=200), name="Ida Madeup")
    fragment = cw_pages.get("/officers/cases?q=ida", headers={"HX-Request": "true"})
    row = fragment.select_one("#case-queue tbody tr")
    assert "Ida Madeup" in row.text and "Overdue" in row.text
