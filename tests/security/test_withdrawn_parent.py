"""A parent whose access a young person has withdrawn cannot pick that young person's case on the complaint form,
even when the parent made the assessment request themselves (object-level check, issue 14)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from portal.auth import family
from portal.auth import services as auth
from portal.auth.models import Role
from portal.cases.models import AssessmentRequest, Case
from portal.feedback import complaints
from portal.feedback.complaint_models import ComplaintDraft
from tests.feedback.test_complaints import post, sign_in
from tests.pages import PageClient


def _case_options(client):
    select = PageClient(client).get("/complaints/your-case").find("select", {"name": "case"})
    return [o["value"] for o in select.find_all("option")] if select else []


def test_a_withdrawn_parent_cannot_pick_the_young_persons_case(app, client, db_session):
    parent = sign_in(client, "mum@example.com", [Role.PARENT])
    child = family.add_child(parent=parent, first_name="Dee", last_name="Four", date_of_birth=date(2008, 1, 1),
                             relationship="mother", parental_responsibility=True)  # fmt: skip
    # The parent made the request, so the case hangs off their request as well as off the child.
    request = AssessmentRequest(user_id=parent.id, status="submitted", child_id=child.id, answers={})
    db_session.add(request)
    db_session.flush()
    db_session.add(Case(reference="EHC-DEEFOUR1", child_id=child.id, request_id=request.id, child_name="Dee Four",
                        received_on=date(2026, 1, 6), rule_set="2014"))  # fmt: skip
    db_session.flush()
    post(client, "/complaints/about", about="ehc_process")
    assert "EHC-DEEFOUR1" in _case_options(client)

    young_person = auth.create_user(email="dee@example.com", password="correct horse battery",
                                    roles=[Role.YOUNG_PERSON], verified=True)  # fmt: skip
    family.link_young_person(young_person=young_person, child=child)
    family.set_parent_access(young_person=young_person, parent_link_id=family.parent_links_for(young_person)[0].id,
                             allow=False)  # fmt: skip
    db_session.flush()

    assert "EHC-DEEFOUR1" not in _case_options(client)
    page = PageClient(client).get("/complaints/your-case")
    assert "Dee Four" not in page.text
    # Posting the case anyway is refused as an invalid choice, and the draft does not keep it.
    response = post(client, "/complaints/your-case", case="EHC-DEEFOUR1")
    assert response.status_code == 200  # the form again, with an error, not a redirect onwards
    draft = db_session.scalar(select(ComplaintDraft).where(ComplaintDraft.user_id == parent.id))
    assert (draft.answers or {}).get("case") != "EHC-DEEFOUR1"
    # The young person still has their own case to pick, and the parent gets it back when allowed again.
    assert [c.reference for c in complaints.cases_for(young_person)] == ["EHC-DEEFOUR1"]
    family.set_parent_access(young_person=young_person, parent_link_id=family.parent_links_for(young_person)[0].id,
                             allow=True)  # fmt: skip
    db_session.flush()
    assert "EHC-DEEFOUR1" in _case_options(client)
