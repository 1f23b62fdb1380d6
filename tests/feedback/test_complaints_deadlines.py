"""Complaint time limits in working days: weekends, bank holidays, Christmas, Boxing Day and New Year."""

from __future__ import annotations

from datetime import date

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
    assert svc.panel_due(c) == date(2027, 2, 15)
    # Then the report (5 working days: Mon 22 Feb) and the response (15 more: Mon 15 Mar), not the panel date.
    assert svc.panel_report_due(c) == date(2027, 2, 22)
    assert svc.response_due(c) == date(2027, 3, 15)
    assert svc.rule_for(c).max_extension == 0


def test_markers():
    c = complaint(started=date(2026, 12, 18))
    assert svc.marker(c, today=date(2026, 12, 21)) == "on_track"
    assert svc.marker(c, today=date(2026, 12, 24)) == "due_soon"  # due Tue 29: 2 working days away
    assert svc.marker(c, today=date(2026, 12, 30)) == "overdue"
    assert svc.clocks(complaint(status="closed")) == []
    assert svc.clocks(complaint(procedure="signposted")) == []


# Statutory stage 3: three clocks in a row (SI 2006/1738 reg 19; panel report 5, response 15 working days).


def stage_3(**kw):
    # Requested Tuesday 1 September 2026: no bank holidays until Christmas.
    return complaint(procedure="statutory", stage=3, started=date(2026, 9, 1), **kw)


def test_stage_3_panel_meets_within_30_working_days_of_the_request():
    # 2-4 Sep (3), 7-11 (8), 14-18 (13), 21-25 (18), 28 Sep-2 Oct (23), 5-9 (28), 12 (29), 13 (30).
    assert svc.panel_due(stage_3()) == date(2026, 10, 13)


def test_stage_3_report_and_response_follow_the_panel():
    c = stage_3()
    c.panel_on, c.panel_report_on = date(2026, 10, 13), None
    assert svc.panel_report_due(c) == date(2026, 10, 20)  # 14-16 (3), 19, 20 (5)
    c.panel_report_on = date(2026, 10, 20)
    # 21-23 (3), 26-30 (8), 2-6 Nov (13), 9 (14), 10 (15).
    assert svc.response_due(c) == date(2026, 11, 10)


def test_stage_3_before_the_panel_the_clocks_run_from_the_due_dates():
    c = stage_3()
    c.panel_on = c.panel_report_on = None
    assert svc.response_due(c) == date(2026, 11, 10)
    assert [k.what for k in svc.clocks(c, today=date(2026, 9, 2))] == ["acknowledge", "panel", "panel_report",
                                                                      "respond"]  # fmt: skip


def test_stage_3_a_late_panel_moves_the_later_clocks():
    c = stage_3()
    c.panel_on, c.panel_report_on = date(2026, 10, 20), None
    assert svc.panel_report_due(c) == date(2026, 10, 27)
    assert svc.response_due(c) == date(2026, 11, 17)
