"""The case lifecycle: opening a case, completing milestones, exceptions and the SEN panel."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from portal.auth import services as auth
from portal.auth.models import AuditEvent, Role
from portal.cases import services
from portal.cases.models import AssessmentRequest, CaseMilestone, MilestoneStatus, RequestStatus, Stage

PASSWORD = "correct horse battery"
RECEIVED = date(2026, 1, 6)  # the worked example: Tuesday 6 January 2026


@pytest.fixture()
def caseworker(db_session):
    return auth.create_user(email="cw@example.com", password=PASSWORD, roles=[Role.CASEWORKER], verified=True)


@pytest.fixture()
def manager(db_session):
    return auth.create_user(email="mgr@example.com", password=PASSWORD, roles=[Role.MANAGER], verified=True)


def make_request(db_session, reference="EHC-TEST-0001", **answers):
    request = AssessmentRequest(
        reference=reference,
        status=RequestStatus.SUBMITTED,
        requester_kind="parent",
        received_on=RECEIVED,
        answers=answers
        or {"child": {"first_name": "Ada", "last_name": "Example", "date_of_birth": "2015-03-02",
                      "school": "Hillside Primary", "year_group": "Year 5"}},
    )  # fmt: skip
    db_session.add(request)
    db_session.flush()
    return request


def by_code(case, code, status=None):
    return [m for m in case.milestones if m.code == code and (status is None or m.status == status)]


def test_open_case_copies_the_request_and_sets_the_statutory_dates(db_session):
    case = services.open_case(make_request(db_session), received_on=RECEIVED, team="North")
    assert case.reference == "EHC-TEST-0001"
    assert (case.child_name, case.child_dob, case.school, case.year_group, case.team) == (
        "Ada Example", date(2015, 3, 2), "Hillside Primary", "Year 5", "North")  # fmt: skip
    assert case.rule_set == "england-send-2014"
    assert case.stage == Stage.REQUESTED
    due = {m.code: m.due for m in case.milestones}
    assert due["decision_to_assess"] == date(2026, 2, 17)
    assert due["no_plan_decision"] == date(2026, 4, 28)
    assert due["final_plan"] == date(2026, 5, 26)
    panel = by_code(case, "panel")[0]
    assert panel.statutory is False and panel.due == date(2026, 2, 10)
    assert case.next_due == date(2026, 2, 10)


def test_open_case_reads_other_answer_shapes_and_overrides(db_session):
    request = make_request(db_session, child={"full_name": "Bo Field", "dob": {"day": 1, "month": 2, "year": 2012}})
    case = services.open_case(request, received_on=RECEIVED, school="Override School")
    assert (case.child_name, case.child_dob, case.school) == ("Bo Field", date(2012, 2, 1), "Override School")


def test_open_case_without_a_name_is_refused(db_session):
    with pytest.raises(ValueError, match="child's name"):
        services.open_case(make_request(db_session, other="x"), received_on=RECEIVED)


def test_the_whole_journey_to_a_plan_and_its_first_review(db_session, caseworker, monkeypatch):
    # The journey runs into 2027: seen from a day after its last step (steps in the future are refused).
    monkeypatch.setattr(services, "today_in_london", lambda now=None: date(2027, 4, 1))
    case = services.open_case(make_request(db_session), received_on=RECEIVED)
    decision = by_code(case, "decision_to_assess")[0]
    services.complete_milestone(case, decision, on=date(2026, 2, 10), outcome="assess", user=caseworker,
                                expected_version=decision.version, advisers=["Educational psychologist", "Health"])  # fmt: skip
    assert case.stage == Stage.ASSESSING and case.assess_decision == "assess"
    advice = by_code(case, "advice_due")
    assert [(a.adviser, a.due, a.sequence) for a in advice] == [
        ("Educational psychologist", date(2026, 3, 24), 0), ("Health", date(2026, 3, 24), 1)]  # fmt: skip
    assert decision.updated_by == caseworker.id
    for a in advice:
        services.complete_milestone(case, a, on=date(2026, 3, 20), outcome=None, user=caseworker,
                                    expected_version=a.version)  # fmt: skip
    assert case.stage == Stage.DECIDING_PLAN
    draft = by_code(case, "draft_plan")[0]
    services.complete_milestone(case, draft, on=date(2026, 4, 21), outcome="served", user=caseworker,
                                expected_version=draft.version)  # fmt: skip
    assert case.stage == Stage.DRAFT_PLAN
    assert by_code(case, "draft_comment_window")[0].due == date(2026, 5, 5)
    assert by_code(case, "no_plan_decision")[0].status == MilestoneStatus.NOT_NEEDED
    final = by_code(case, "final_plan")[0]
    services.complete_milestone(case, final, on=date(2026, 5, 20), outcome="issued", user=caseworker,
                                expected_version=final.version)  # fmt: skip
    assert case.stage == Stage.PLAN_ISSUED and case.plan_issued_on == date(2026, 5, 20)
    assert by_code(case, "review_complete")[0].due == date(2027, 5, 19)
    assert by_code(case, "appeal_deadline")[0].due == date(2026, 7, 20)
    assert by_code(case, "mediation_contact")[0].due == date(2026, 7, 20)
    meeting = by_code(case, "review_meeting")[0]
    services.complete_milestone(case, meeting, on=date(2027, 3, 1), outcome=None, user=caseworker,
                                expected_version=meeting.version)  # fmt: skip
    assert case.stage == Stage.REVIEW
    review_decision = by_code(case, "review_decision")[0]
    assert review_decision.due == date(2027, 3, 29)
    services.complete_milestone(case, review_decision, on=date(2027, 3, 20), outcome="amend", user=caseworker,
                                expected_version=review_decision.version)  # fmt: skip
    amended = by_code(case, "amended_plan")[0]
    assert amended.due == date(2027, 5, 15)  # min(20 Mar + 8 weeks = 15 May, 1 Mar + 12 weeks = 24 May)
    assert by_code(case, "review_complete", MilestoneStatus.DONE)[0].completed_on == date(2027, 3, 20)
    assert by_code(case, "review_complete", MilestoneStatus.PENDING)[0].due == date(2028, 3, 19)
    assert case.next_due == min(m.due for m in case.milestones if m.status == MilestoneStatus.PENDING)


def test_a_step_or_panel_cannot_be_recorded_on_a_future_date(db_session, caseworker):
    """Issue 15: forms refuse tomorrow, and so does the service behind them (later deadlines are counted from it)."""
    from portal.platform.clock import today_in_london

    tomorrow = today_in_london() + timedelta(days=1)
    case = services.open_case(make_request(db_session), received_on=today_in_london() - timedelta(days=10))
    decision = by_code(case, "decision_to_assess")[0]
    with pytest.raises(services.InvalidStep, match="today or in the past"):
        services.complete_milestone(case, decision, on=tomorrow, outcome="not_assess", user=caseworker,
                                    expected_version=decision.version)  # fmt: skip
    assert decision.status == MilestoneStatus.PENDING
    with pytest.raises(services.InvalidStep, match="today or in the past"):
        services.record_panel(case, question="assess", panel_on=tomorrow, recommendation="assess", reasons="",
                              user=caseworker)  # fmt: skip


def test_refusal_to_assess_opens_mediation_and_appeal_limits(db_session, caseworker):
    case = services.open_case(make_request(db_session), received_on=RECEIVED)
    decision = by_code(case, "decision_to_assess")[0]
    services.complete_milestone(case, decision, on=date(2026, 2, 17), outcome="not_assess", user=caseworker,
                                expected_version=decision.version)  # fmt: skip
    assert case.stage == Stage.NOT_ASSESSING
    assert by_code(case, "final_plan")[0].status == MilestoneStatus.NOT_NEEDED
    assert by_code(case, "appeal_deadline")[0].due == date(2026, 4, 17)
    assert by_code(case, "mediation_contact")[0].due == date(2026, 4, 17)


def test_refusal_to_issue(db_session, caseworker):
    case = services.open_case(make_request(db_session), received_on=RECEIVED)
    decision = by_code(case, "decision_to_assess")[0]
    services.complete_milestone(case, decision, on=date(2026, 2, 17), outcome="assess", user=caseworker,
                                expected_version=None, advisers=["EP"])  # fmt: skip
    no_plan = by_code(case, "no_plan_decision")[0]
    services.complete_milestone(case, no_plan, on=date(2026, 4, 20), outcome="not_issue", user=caseworker,
                                expected_version=no_plan.version)  # fmt: skip
    assert case.stage == Stage.NO_PLAN and case.plan_decision == "not_issue"
    assert by_code(case, "final_plan")[0].status == MilestoneStatus.NOT_NEEDED


def test_due_dates_never_move_and_stale_versions_conflict(db_session, caseworker):
    case = services.open_case(make_request(db_session), received_on=RECEIVED)
    decision = by_code(case, "decision_to_assess")[0]
    stale = decision.version
    services.complete_milestone(case, decision, on=date(2026, 3, 1), outcome="not_assess", user=caseworker,
                                expected_version=stale)  # fmt: skip
    db_session.flush()
    assert decision.due == date(2026, 2, 17)  # late, but the due date stays
    assert decision.version == stale + 1
    with pytest.raises(services.Conflict) as raised:
        services.complete_milestone(case, decision, on=date(2026, 3, 1), outcome="not_assess", user=caseworker,
                                    expected_version=stale)  # fmt: skip
    assert raised.value.changes


def test_wrong_outcome_and_impossible_dates_are_refused(db_session, caseworker):
    case = services.open_case(make_request(db_session), received_on=RECEIVED)
    decision = by_code(case, "decision_to_assess")[0]
    with pytest.raises(services.InvalidStep):
        services.complete_milestone(case, decision, on=date(2026, 2, 1), outcome="issued", user=caseworker,
                                    expected_version=None)  # fmt: skip
    with pytest.raises(services.InvalidStep):
        services.complete_milestone(case, decision, on=date(2025, 12, 1), outcome="not_assess", user=caseworker,
                                    expected_version=None)  # fmt: skip
    with pytest.raises(services.InvalidStep, match="adviser"):
        services.complete_milestone(case, decision, on=date(2026, 2, 1), outcome="assess", user=caseworker,
                                    expected_version=None)  # fmt: skip


def test_exceptions_need_four_weeks_and_a_manager(db_session, caseworker, manager):
    case = services.open_case(make_request(db_session), received_on=RECEIVED)
    with pytest.raises(services.InvalidStep, match="4 weeks"):
        services.record_exception(case, kind="school_closure", milestone_code="final_plan",
                                  starts_on=date(2026, 4, 1), ends_on=date(2026, 4, 20), evidence="Letter",
                                  family_explanation="The school was shut.", user=caseworker)  # fmt: skip
    with pytest.raises(services.InvalidStep, match="does not apply"):
        services.record_exception(case, kind="missed_appointment", milestone_code="final_plan",
                                  starts_on=date(2026, 4, 1), ends_on=None, evidence="Note",
                                  family_explanation="x", user=caseworker)  # fmt: skip
    row = services.record_exception(case, kind="personal_circumstances", milestone_code="final_plan",
                                    starts_on=date(2026, 4, 1), ends_on=date(2026, 4, 10), evidence="Hospital letter",
                                    family_explanation="Ada was in hospital.", user=caseworker)  # fmt: skip
    assert row.approved_by is None and row.recorded_by == caseworker.id
    with pytest.raises(PermissionError):
        services.approve_exception(row, manager=caseworker)
    services.approve_exception(row, manager=manager)
    assert row.approved_by == manager.id and row.approved_at is not None
    assert by_code(case, "final_plan")[0].due == date(2026, 5, 26)


def test_panel_and_sign_off_are_milestones_with_their_own_dates(db_session, caseworker, manager):
    case = services.open_case(make_request(db_session), received_on=RECEIVED)
    record = services.record_panel(case, question="assess", panel_on=date(2026, 2, 5), recommendation="assess",
                                   reasons="Needs are not met by the school's support.", user=caseworker)  # fmt: skip
    assert by_code(case, "panel")[0].status == MilestoneStatus.DONE
    sign_off = by_code(case, "sign_off")[0]
    assert sign_off.due == date(2026, 2, 6) and sign_off.statutory is False
    with pytest.raises(PermissionError):
        services.sign_off_panel(case, record, decision="agreed", manager=caseworker)
    services.sign_off_panel(case, record, decision="agreed", manager=manager, on=date(2026, 2, 6))
    assert sign_off.status == MilestoneStatus.DONE and sign_off.completed_on == date(2026, 2, 6)
    assert record.signed_off_by == manager.id
    with pytest.raises(services.InvalidStep):
        services.sign_off_panel(case, record, decision="agreed", manager=manager)


def test_changes_are_audited(db_session, caseworker):
    case = services.open_case(make_request(db_session), received_on=RECEIVED)
    decision = by_code(case, "decision_to_assess")[0]
    services.complete_milestone(case, decision, on=date(2026, 2, 10), outcome="not_assess", user=caseworker,
                                expected_version=None)  # fmt: skip
    services.get_case(case.id, viewer=caseworker)
    actions = db_session.scalars(select(AuditEvent.action).where(AuditEvent.object_id == case.id)).all()
    assert "case.milestone_completed" in actions and "case.viewed" in actions


def test_queue_puts_overdue_first_and_filters(db_session, caseworker):
    today = date(2026, 3, 1)
    early = services.open_case(make_request(db_session, "EHC-Q-1", child={"name": "A One", "school": "S1"}),
                               received_on=date(2026, 1, 5), team="North", caseworker=caseworker)  # fmt: skip
    later = services.open_case(make_request(db_session, "EHC-Q-2", child={"name": "B Two", "school": "S2"}),
                               received_on=date(2026, 2, 20), team="South")  # fmt: skip
    page = services.queue(services.QueueFilters(), today=today)
    refs = [c.reference for c in page.cases]
    assert refs.index(early.reference) < refs.index(later.reference)
    assert page.overdue >= 1
    assert [c.reference for c in services.queue(services.QueueFilters(team="South"), today=today).cases] == ["EHC-Q-2"]
    assert [c.reference for c in services.queue(services.QueueFilters(school="S1"), today=today).cases] == ["EHC-Q-1"]
    mine = services.queue(services.QueueFilters(caseworker_id=caseworker.id), today=today)
    assert [c.reference for c in mine.cases] == ["EHC-Q-1"]
    assert db_session.scalar(select(CaseMilestone.id).where(CaseMilestone.case_id == later.id)) is not None
