"""The working-day calendar every clock shares (portal/platform/working_days.py): weekends and England and Wales
bank holidays, checked against a list copied by hand from GOV.UK rather than against the `holidays` package."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portal.platform.working_days import (
    _bank_holidays,
    add_working_days,
    is_working_day,
    next_working_day,
    working_days_between,
)

# Every England and Wales bank holiday in 2026, copied by hand from GOV.UK (not from the `holidays` package).
BANK_HOLIDAYS_NEARBY = {date(2025, 12, 25), date(2025, 12, 26), date(2027, 1, 1)}
BANK_HOLIDAYS_2026 = {
    date(2026, 1, 1), date(2026, 4, 3), date(2026, 4, 6), date(2026, 5, 4), date(2026, 5, 25), date(2026, 8, 31),
    date(2026, 12, 25), date(2026, 12, 28),
}  # fmt: skip
dates = st.dates(min_value=date(2014, 9, 1), max_value=date(2090, 12, 31))


def test_bank_holidays_match_the_hand_copied_list():
    found = {d for d in (date(2026, 1, 1) + timedelta(days=n) for n in range(365)) if d.weekday() < 5
             and not is_working_day(d)}  # fmt: skip
    assert found == BANK_HOLIDAYS_2026


@settings(deadline=None)
@given(start=st.dates(min_value=date(2025, 12, 1), max_value=date(2026, 12, 20)), count=st.integers(1, 10))
def test_working_days_skip_weekends_and_bank_holidays(start, count):
    holidays = BANK_HOLIDAYS_2026 | BANK_HOLIDAYS_NEARBY
    end = add_working_days(start, count)
    assert end.weekday() < 5 and end not in holidays
    between = [start + timedelta(days=n) for n in range(1, (end - start).days)]
    working = [d for d in between if d.weekday() < 5 and d not in holidays]
    assert len(working) == count - 1
    for d in between:
        if d not in working:
            assert d.weekday() >= 5 or d in holidays


@given(start=dates, count=st.integers(min_value=1, max_value=30))
def test_working_day_results_are_working_days(start: date, count: int) -> None:
    due = add_working_days(start, count)
    assert due.weekday() < 5
    assert due not in _bank_holidays()
    assert due > start
    assert sum(is_working_day(start + timedelta(days=n)) for n in range(1, (due - start).days + 1)) == count


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 12, 24), date(2026, 12, 24)),  # a working day is its own next working day
        (date(2026, 12, 25), date(2026, 12, 29)),  # Christmas, the weekend, the Boxing Day substitute
        (date(2026, 4, 3), date(2026, 4, 7)),  # Good Friday, the weekend, Easter Monday
        (date(2026, 8, 29), date(2026, 9, 1)),  # Saturday before the summer bank holiday
    ],
)
def test_next_working_day(day, expected):
    assert next_working_day(day) == expected


@pytest.mark.parametrize(
    ("start", "end", "days"),
    [
        (date(2026, 12, 18), date(2026, 12, 29), 5),
        (date(2026, 12, 24), date(2027, 1, 4), 4),
        (date(2026, 12, 29), date(2026, 12, 18), -5),
        (date(2026, 12, 18), date(2026, 12, 18), 0),
    ],
)
def test_working_days_between(start, end, days):
    assert working_days_between(start, end) == days
