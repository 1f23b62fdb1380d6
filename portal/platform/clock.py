"""The council's clock: dates are London dates, whatever time zone the server runs in."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


def now_utc() -> datetime:
    """The current instant, time-zone aware, in UTC."""
    return datetime.now(UTC)


def today_in_london(now: datetime | None = None) -> date:
    """The council's date: something sent at 00:30 on 7 July (BST, 23:30 UTC on the 6th) arrived on 7 July."""
    moment = now or now_utc()
    if moment.tzinfo is None:  # naive values are UTC throughout the portal
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(LONDON).date()
