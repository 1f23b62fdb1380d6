"""The working-day calendar: Monday to Friday, less England and Wales bank holidays.

Pure date arithmetic, shared by every clock that counts working days: statutory case deadlines
(portal/cases/deadlines.py), complaint stages, call-back requests and the safeguarding same-working-day target.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=1)
def _bank_holidays() -> holidays.HolidayBase:
    return holidays.UK(subdiv="ENG")


def is_working_day(day: date) -> bool:
    """Monday to Friday and not an England and Wales bank holiday."""
    return day.weekday() < 5 and day not in _bank_holidays()


def next_working_day(day: date) -> date:
    """The first working day on or after `day`."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def add_working_days(start: date, count: int) -> date:
    """The `count`th working day after `start` (the start day itself never counts)."""
    day = start
    for _ in range(count):
        day = next_working_day(day + timedelta(days=1))
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (negative when `end` is earlier)."""
    if end == start:
        return 0
    step = 1 if end > start else -1
    day, count = start, 0
    while day != end:
        day += timedelta(days=step)
        if is_working_day(day):
            count += step
    return count
