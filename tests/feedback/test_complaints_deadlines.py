"""Complaint time limits in working days: weekends, bank holidays, Christmas, Boxing Day and New Year."""

from __future__ import annotations

from datetime import date

import pytest

from portal.feedback import complaints as svc
from portal.feedback.complaint_models import Complaint


def complaint(procedure="corporate", stage=1, started=date(2026, 12, 18), acknowledged=None, extension=0,
              status="open"):  # fmt: skip
    return Complaint(procedure=procedure, stage=stage, stage_started_on=started, acknowledged_on=acknowledged,
                     extension_days=extension, status=status, responded_on=None)  # fmt: skip


def test_received_friday_18_december_2026_acknowledge_by():
    # Mon 21, Tue 22, Wed 23, Thu 24 (4); Fri 25 Christmas, Mon 28 Boxing Day (substitute); Tue 29 is the 5th.
    assert svc.acknowledge_due(complaint()) == date(2026, 12, 29)


def test_acknowledged_friday_18_december_2026_respond_by():
    # 21-24 (4), 29-31 (7), 1 January is New Year's Day, 4, 5, 6 January (10).
    assert svc.response_due(complaint(acknowledged=date(2026, 12, 18))) == date(2027, 1, 6)


def test_extension_of_10_more_working_days():
    assert svc.response_due(complaint(acknowledged=date(2026, 12, 18), extension=10)) == date(2027, 1, 20)


def test_not_acknowledged_yet_counts_from_the_acknowledgement_due_date():
    assert svc.response_due(complaint()) == svc.response_due(complaint(acknowledged=date(2026, 12, 29)))


def test_weekend_receipt():
    # Received Saturday 7 November 2026: Mon 9 is day 1, so acknowledge by Friday 13.
    assert svc.acknowledge_due(complaint(started=date(2026, 11, 7))) == date(2026, 11, 13)


def test_easter_2027_good_friday_and_easter_monday():
    # Good Friday 26 March 2027 and Easter Monday 29 March 2027 are bank holidays.
    c = complaint(started=date(2027, 3, 24))  # Wednesday
    assert svc.acknowledge_due(c) == date(2027, 4, 2)  # Thu 25, Tue 30, Wed 31, Thu 1, Fri 2


def test_corporate_stage_2_is_20_working_days_from_acknowledgement():
    c = complaint(stage=2, started=date(2026, 12, 18), acknowledged=date(2026, 12, 18))
    assert svc.acknowledge_due(c) == date(2026, 12, 29)
    # 21-24 (4), 29-31 (7), 4-8 Jan (12), 11-15 (17), 18, 19, 20 (20)
    assert svc.response_due(c) == date(2027, 1, 20)


def test_statutory_stage_1_10_working_days_from_receipt_extendable_to_20():
    c = complaint(procedure="statutory", started=date(2026, 12, 18))
    assert svc.response_due(c) == date(2027, 1, 6)
    assert svc.rule_for(c).max_extension == 10


def test_statutory_stage_2_25_days_up_to_65():
    c = complaint(procedure="statutory", stage=2, started=date(2027, 1, 4))
    assert svc.response_due(c) == date(2027, 2, 8)  # 25 working days after Monday 4 January 2027
    assert svc.rule_for(c).respond_days + svc.rule_for(c).max_extension == 65


def test_statutory_stage_3_panel_within_30_working_days():
    c = complaint(procedure="statutory", stage=3, started=date(2027, 1, 4))
    assert svc.response_due(c) == date(2027, 2, 15)
    assert svc.rule_for(c).max_extension == 0


def test_markers():
    c = complaint(started=date(2026, 12, 18))
    assert svc.marker(c, today=date(2026, 12, 21)) == "on_track"
    assert svc.marker(c, today=date(2026, 12, 24)) == "due_soon"  # due Tue 29: 2 working days away
    assert svc.marker(c, today=date(2026, 12, 30)) == "overdue"
    assert svc.clocks(complaint(status="closed")) == []
    assert svc.clocks(complaint(procedure="signposted")) == []


@pytest.mark.parametrize(
    ("start", "end", "days"),
    [
        (date(2026, 12, 18), date(2026, 12, 29), 5),
        (date(2026, 12, 24), date(2027, 1, 4), 4),
        (date(2026, 12, 29), date(2026, 12, 18), -5),
    ],
)
def test_working_days_between(start, end, days):
    assert svc.working_days_between(start, end) == days
