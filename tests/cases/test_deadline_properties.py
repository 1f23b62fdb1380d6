"""Property-based tests (hypothesis) of the date rules as the case lifecycle uses them.

tests/cases/test_deadlines.py checks the engine on its own; these check that a case opened and moved on by
portal/cases/services.py gets the same dates: the worked examples, the hand-checked reference table, due dates
after their starts that never move, and mediation certificates on working days.
"""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.cases import deadlines as dl
from portal.cases import services
from portal.cases.models import Case, MilestoneStatus, Stage

REFERENCE = Path(__file__).with_name("reference_dates.tsv")

received_dates = st.dates(min_value=date(2014, 9, 1), max_value=date(2090, 12, 31))


def transient_case(received: date) -> Case:
    """A case that never touches the database: the lifecycle rules run on it exactly as on a real one."""
    case = Case(reference="PROP", child_name="Test", received_on=received, stage=Stage.REQUESTED, milestones=[])
    services.add_opening_milestones(case)
    services.refresh_next_due(case)
    return case


def complete(case: Case, code: str, on: date, outcome: str | None = None, advisers: tuple[str, ...] = ()) -> bool:
    pending = sorted((m for m in case.milestones if m.code == code and m.status == MilestoneStatus.PENDING),
                     key=lambda m: (m.due, m.sequence))  # fmt: skip
    if not pending:
        return False
    m = pending[0]
    outcome = outcome or services.OUTCOMES.get(code, (services.DEFAULT_OUTCOME,))[0]
    m.status, m.completed_on, m.outcome = MilestoneStatus.DONE, on, outcome
    after = services._AFTER.get(code)
    if after is not None:
        after(services._Step(case, m, on, outcome, None, advisers))
    services.refresh_next_due(case)
    return True


def dues(case: Case) -> dict[tuple[str, int], date]:
    return {(m.code, m.sequence): m.due for m in case.milestones}


def by_code(case: Case, code: str) -> date:
    found = [m.due for m in case.milestones if m.code == code]
    assert len(found) == 1, (code, found)
    return found[0]


# The worked examples ------------------------------------------------------------------------------------------


def test_worked_examples_through_the_case_lifecycle():
    case = transient_case(date(2026, 1, 6))  # Tuesday 6 January 2026
    assert by_code(case, "decision_to_assess") == date(2026, 2, 17)
    assert by_code(case, "no_plan_decision") == date(2026, 4, 28)
    assert by_code(case, "final_plan") == date(2026, 5, 26)
    assert all(d.weekday() == 1 for d in (date(2026, 2, 17), date(2026, 4, 28), date(2026, 5, 26)))  # Tuesdays
    complete(case, "decision_to_assess", date(2026, 2, 10), "assess", ("Educational psychologist",))
    complete(case, "draft_plan", date(2026, 4, 21), "served")  # Tuesday 21 April 2026
    assert by_code(case, "draft_comment_window") == date(2026, 5, 5)  # Tuesday 5 May 2026


# The hand-checked reference table ----------------------------------------------------------------------------


def reference_rows() -> list[dict[str, str]]:
    with REFERENCE.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def test_reference_table_has_at_least_30_hand_checked_rows():
    rows = reference_rows()
    assert len(rows) >= 30
    assert all(row["note"].strip() for row in rows), "every row says how it was checked"


def inputs(text: str) -> dict[str, str]:
    return dict(pair.split("=", 1) for pair in text.split(";"))


LIFECYCLE_CODES = {"decision_to_assess", "no_plan_decision", "final_plan", "draft_comment_window", "review_complete",
                   "review_decision", "advice_due"}  # fmt: skip


@pytest.mark.parametrize("row", [r for r in reference_rows() if r["milestone_code"] in LIFECYCLE_CODES],
                         ids=lambda r: r["case"])  # fmt: skip
def test_case_lifecycle_agrees_with_the_reference_table(row):
    """Rows the lifecycle can reach are replayed through services, not the engine: the officers' path."""
    given_dates = {k: date.fromisoformat(v) for k, v in inputs(row["input"]).items() if k != "transfer"}
    received = given_dates["received"]
    case = transient_case(received)
    code = row["milestone_code"]
    if code == "advice_due":
        complete(case, "decision_to_assess", given_dates["advice_requested"], "assess", ("Educational psychologist",))
    if "draft_served" in given_dates:
        complete(case, "decision_to_assess", received, "assess", ("Educational psychologist",))
        complete(case, "draft_plan", given_dates["draft_served"], "served")
    if "plan_issued" in given_dates:
        if not [m for m in case.milestones if m.code == "draft_plan"]:
            complete(case, "decision_to_assess", received, "assess", ("Educational psychologist",))
        complete(case, "final_plan", given_dates["plan_issued"], "issued")
    if "review_meeting" in given_dates:
        if "plan_issued" not in given_dates:  # a plan must exist before its review: issue one on time
            complete(case, "decision_to_assess", received, "assess", ("Educational psychologist",))
            complete(case, "final_plan", received + timedelta(weeks=20), "issued")
        complete(case, "review_meeting", given_dates["review_meeting"])
    found = [m.due for m in case.milestones if m.code == code]
    assert found, f"the lifecycle did not reach {code}"
    assert found[0] == date.fromisoformat(row["expected_due"]), row["note"]


# Properties of the lifecycle ---------------------------------------------------------------------------------


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    received=received_dates,
    assess=st.booleans(),
    gaps=st.lists(st.integers(min_value=0, max_value=120), min_size=8, max_size=8),
    review_outcome=st.sampled_from(["maintain", "amend", "cease"]),
)
def test_due_dates_follow_their_starts_and_never_move(received, assess, gaps, review_outcome):
    case = transient_case(received)
    seen = dues(case)
    day = received

    def step(code: str, outcome: str | None = None, advisers: tuple[str, ...] = ()) -> None:
        nonlocal day, seen
        day = day + timedelta(days=gaps[len(seen) % len(gaps)])
        complete(case, code, day, outcome, advisers)
        now = dues(case)
        for key, due in seen.items():
            assert now[key] == due, f"{key} moved from {due} to {now[key]}"
        seen = now
        for m in case.milestones:
            if m.start is not None:
                assert m.due > m.start, (m.code, m.start, m.due)
        pending = [m.due for m in case.milestones
                   if m.status == MilestoneStatus.PENDING and m.code not in services.FAMILY_CODES]  # fmt: skip
        assert case.next_due == (min(pending) if pending else None)

    step("decision_to_assess", "assess" if assess else "not_assess", ("Educational psychologist", "Health"))
    if not assess:
        assert case.stage == Stage.NOT_ASSESSING
        assert {m.code for m in case.milestones} >= {"appeal_deadline", "mediation_contact"}
        return
    step("advice_due")
    step("advice_due")
    assert case.stage == Stage.DECIDING_PLAN
    step("draft_plan", "served")
    step("final_plan", "issued")
    assert case.stage == Stage.PLAN_ISSUED
    step("review_meeting")
    step("review_decision", review_outcome)
    if review_outcome == "cease":
        assert case.stage == Stage.CLOSED and case.next_due is None
    elif review_outcome == "amend":
        amended = next(m for m in case.milestones if m.code == "amended_plan")
        meeting = next(m for m in case.milestones if m.code == "review_meeting").completed_on
        assert amended.due <= meeting + timedelta(weeks=12)


# Working days (the calendar itself is tested in tests/platform/test_working_days.py) ------------------------------


@pytest.mark.parametrize(
    ("trigger", "expected"),
    [
        (date(2026, 12, 24), date(2026, 12, 31)),  # Christmas Day, the weekend and the Boxing Day substitute
        (date(2026, 4, 2), date(2026, 4, 9)),  # Good Friday and Easter Monday
        (date(2026, 5, 22), date(2026, 5, 28)),  # Spring bank holiday
        (date(2026, 11, 25), date(2026, 11, 30)),  # An ordinary week: Thu, Fri, Mon
    ],
)
def test_mediation_certificate_working_days(trigger, expected):
    assert dl.mediation_certificate(trigger).due == expected
