"""The same-working-day target: 5pm UK time on the day a flag is raised, or on the next working day."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from portal.safeguarding.clock import due_by_for

LONDON = ZoneInfo("Europe/London")


def local(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=LONDON)


@pytest.mark.parametrize(
    ("raised", "due"),
    [
        ("2026-11-25 10:00", "2026-11-25 17:00"),  # Wednesday, in hours: same day
        ("2026-11-25 07:30", "2026-11-25 17:00"),  # before 9am on a working day: that day's working hours
        ("2026-11-25 16:59", "2026-11-25 17:00"),
        ("2026-11-25 17:00", "2026-11-26 17:00"),  # from 5pm: the next working day
        ("2026-11-25 23:30", "2026-11-26 17:00"),
        ("2026-11-27 18:00", "2026-11-30 17:00"),  # Friday evening: Monday
        ("2026-11-28 11:00", "2026-11-30 17:00"),  # Saturday: Monday
        ("2026-11-29 11:00", "2026-11-30 17:00"),  # Sunday: Monday
        ("2026-12-24 17:30", "2026-12-29 17:00"),  # Christmas Day, weekend, Boxing Day (observed Monday 28th)
        ("2026-12-25 09:00", "2026-12-29 17:00"),  # on Christmas Day itself
        ("2026-12-31 18:00", "2027-01-04 17:00"),  # New Year's Day (Friday), then the weekend
        ("2027-12-24 20:00", "2027-12-29 17:00"),  # Christmas on a Saturday: 27th and 28th observed
        ("2026-04-02 17:01", "2026-04-07 17:00"),  # Easter: Good Friday to Easter Monday
        ("2026-08-31 10:00", "2026-09-01 17:00"),  # late summer bank holiday
        ("2026-05-22 17:05", "2026-05-26 17:00"),  # Friday evening before the spring bank holiday
    ],
)
def test_due_by_working_day(raised, due):
    assert due_by_for(local(raised)) == local(due).astimezone(UTC)


def test_due_time_is_5pm_in_summer_time_too():
    # 1 July is in British Summer Time: 5pm in London is 16:00 UTC.
    raised = datetime(2026, 7, 1, 9, 0, tzinfo=UTC)
    assert due_by_for(raised) == datetime(2026, 7, 1, 16, 0, tzinfo=UTC)
    # In winter 5pm in London is 17:00 UTC.
    assert due_by_for(datetime(2026, 1, 14, 9, 0, tzinfo=UTC)) == datetime(2026, 1, 14, 17, 0, tzinfo=UTC)


def test_naive_times_are_read_as_utc():
    # SQLite gives back naive datetimes; they are UTC.
    assert due_by_for(datetime(2026, 11, 25, 10, 0)) == datetime(2026, 11, 25, 17, 0, tzinfo=UTC)


def test_evening_in_summer_time_goes_to_the_next_day():
    # 16:30 UTC on 1 July is 17:30 in London: after hours.
    assert due_by_for(datetime(2026, 7, 1, 16, 30, tzinfo=UTC)) == datetime(2026, 7, 2, 16, 0, tzinfo=UTC)
