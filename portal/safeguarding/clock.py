"""The same-working-day target for a safeguarding flag."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from portal.platform.clock import LONDON
from portal.platform.working_days import is_working_day, next_working_day

# The council's working hours for the same-working-day target. (verify) with the council's safeguarding
# policy: these are the usual office hours, not a statutory rule.
WORKDAY_START = time(9, 0)
WORKDAY_END = time(17, 0)


def due_by_for(raised: datetime) -> datetime:
    """When a flag raised at `raised` must be acknowledged: 17:00 UK time on the working day it was raised,
    or on the next working day if it came in after 17:00, at a weekend or on an England bank holiday."""
    local = (raised if raised.tzinfo else raised.replace(tzinfo=UTC)).astimezone(LONDON)
    day = local.date()
    if not (is_working_day(day) and local.time() < WORKDAY_END):
        day = next_working_day(day + timedelta(days=1))
    return datetime.combine(day, WORKDAY_END, tzinfo=LONDON).astimezone(UTC)
