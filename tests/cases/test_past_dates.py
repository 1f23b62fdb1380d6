"""A date that has gone is never shown as the next step: the family's own limits read as passed."""

from __future__ import annotations

from datetime import date

import pytest

from portal.cases import services as case_services
from portal.cases import timeline as family_timeline
from tests.cases.test_family import _milestone, worked_example  # noqa: F401 - the shared fixture
from tests.cases.test_requests import sign_in
from tests.pages import PageClient, normalize_spaces

TEN_MONTHS_ON = date(2027, 3, 25)


@pytest.fixture()
def plan_issued(db_session, worked_example):  # noqa: F811
    parent, case = worked_example
    case_services.complete_milestone(case, _milestone(case, "final_plan"), on=date(2026, 5, 20), outcome="issued",
                                     user=None, expected_version=None)  # fmt: skip
    db_session.flush()
    return parent, case


def test_a_passed_appeal_limit_is_not_the_next_step(plan_issued):
    _, case = plan_issued
    timeline = family_timeline.build(case, today=TEN_MONTHS_ON)
    states = {s.code: s.state for s in timeline.steps}
    assert states["appeal_deadline"] == "passed" and states["mediation_contact"] == "passed"
    assert (
        timeline.next_step is None or timeline.next_step.due >= TEN_MONTHS_ON or timeline.next_step.state == "overdue"
    )
    assert timeline.next_step is None or timeline.next_step.code not in family_timeline.FAMILY_LIMITS


def test_before_the_limit_it_is_still_the_next_step(plan_issued):
    _, case = plan_issued
    timeline = family_timeline.build(case, today=date(2026, 6, 1))
    assert timeline.next_step.code in ("mediation_contact", "appeal_deadline")


def test_the_pages_say_the_date_has_passed(client, plan_issued, monkeypatch):
    parent, case = plan_issued
    monkeypatch.setattr(family_timeline, "today_in_london", lambda now=None: TEN_MONTHS_ON)
    sign_in(client, parent.email)
    pages = PageClient(client)
    soup = pages.get(f"/your-case/{case.id}")
    appeal = normalize_spaces(soup.select_one('#timeline li[data-code="appeal_deadline"]').text)
    assert "Date passed" in appeal and "Due by" not in appeal
    assert "appeal" not in normalize_spaces(soup.select_one("#what-happens-next").text).lower()
    summary = normalize_spaces(pages.get("/your-case").find("main").text)
    assert "Next: Last day to appeal" not in summary
