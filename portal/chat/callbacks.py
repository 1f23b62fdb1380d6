"""'Ask us to contact you': the SEN team's queue, its 2-working-day clock, reminders, alerts and outcomes.

The form promises a reply within 2 working days. Working days are Monday to Friday except England and Wales
bank holidays, counted as complaints count them (portal/cases/deadlines.py): a request sent on Friday 18 December
2026 is due by Tuesday 22 December; one sent on Christmas Eve by Tuesday 29 December. The day it arrives is the
London date it was sent on. The 2 working days are the council's own promise, not a statutory limit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.auth.models import User
from portal.auth.services import audit
from portal.chat.models import CallbackRequest
from portal.db import db
from portal.notifications.services import queue_email
from portal.platform.clock import today_in_london
from portal.platform.links import absolute_url
from portal.platform.working_days import add_working_days
from portal.safeguarding.services import flagged_ids

RESPONSE_WORKING_DAYS = 2
OPEN, DONE = "new", "done"
OUTCOME_LABELS: dict[str, Any] = {
    "contacted": _l("We spoke to them or wrote back"),
    "no_reply": _l("We tried, but could not reach them"),
    "referred": _l("We passed them to another team or service"),
    "not_needed": _l("They no longer needed us to contact them"),
}
STATE_LABELS: dict[str, Any] = {
    "overdue": _l("Overdue"),
    "due_soon": _l("Due soon"),
    "on_track": _l("On track"),
}


class CallbackNotFound(LookupError):
    """No such request."""


class NotAllowed(ValueError):
    """The change does not fit the request (already done, an unknown outcome, or an impossible date)."""


def due_for(received_on: date) -> date:
    """The last working day for the SEN team's reply: 2 working days after the day the request came in."""
    return add_working_days(received_on, RESPONSE_WORKING_DAYS)


def start_clock(callback: CallbackRequest, *, today: date | None = None) -> CallbackRequest:
    """Stamp a new request with its London receipt date and the date the family will hear by."""
    callback.received_on = callback.received_on or today or today_in_london()
    callback.due_on = due_for(callback.received_on)
    return callback


def state(callback: CallbackRequest, today: date | None = None) -> str | None:
    """'overdue' after the due day, 'due_soon' on the last working day or the one before, else 'on_track';
    None once it is done."""
    if callback.status == DONE or callback.due_on is None:
        return None
    today = today or today_in_london()
    if today > callback.due_on:
        return "overdue"
    return "due_soon" if add_working_days(today, 1) >= callback.due_on else "on_track"


@dataclass
class QueueRow:
    callback: CallbackRequest
    state: str | None
    flagged: bool


def queue(*, show: str = "open", today: date | None = None) -> list[QueueRow]:
    """Open requests, the most urgent first (or those done, latest first)."""
    today = today or today_in_london()
    query = select(CallbackRequest)
    if show == "done":
        query = query.where(CallbackRequest.status == DONE).order_by(CallbackRequest.done_on.desc())
    else:
        query = query.where(CallbackRequest.status != DONE).order_by(CallbackRequest.due_on, CallbackRequest.created_at)
    flagged = flagged_ids("callback")
    return [QueueRow(c, state(c, today), c.id in flagged) for c in db.session.scalars(query)]


def get_for_officer(callback_id: str, *, user: User) -> CallbackRequest:
    """Raises: CallbackNotFound. Every officer read is audited (the request holds contact details)."""
    found = db.session.get(CallbackRequest, callback_id)
    if found is None:
        raise CallbackNotFound(callback_id)
    audit(actor=user, action="callback.read", object_type="callback_request", object_id=found.id)
    return found


def is_flagged(callback: CallbackRequest) -> bool:
    return callback.id in flagged_ids("callback")


def handler_of(callback: CallbackRequest) -> User | None:
    """The officer who recorded the outcome."""
    return db.session.get(User, callback.handled_by) if callback.handled_by else None


def record_outcome(callback: CallbackRequest, *, user: User, outcome: str, note: str | None, done_on: date,
                   today: date | None = None) -> CallbackRequest:  # fmt: skip
    """Close the request with what happened, when, and who did it (audited).

    Raises:
        NotAllowed: already done, an unknown outcome, or a date before it came in or after today.
    """
    today = today or today_in_london()
    if callback.status == DONE:
        raise NotAllowed("already done")
    if outcome not in OUTCOME_LABELS:
        raise NotAllowed("outcome")
    if done_on > today or (callback.received_on is not None and done_on < callback.received_on):
        raise NotAllowed("date")
    callback.status, callback.outcome, callback.outcome_note = DONE, outcome, (note or None)
    callback.done_on, callback.handled_by = done_on, user.id
    db.session.flush()
    on_time = callback.due_on is None or done_on <= callback.due_on
    audit(actor=user, action="callback.outcome", object_type="callback_request", object_id=callback.id,
          outcome=outcome, on_time=on_time)  # fmt: skip
    return callback


def remind(today: date | None = None) -> int:
    """E-mail the SEN team a reminder on the last working days before a request is due, and an alert once it is
    overdue; each once per request. Returns how many e-mails were queued."""
    today = today or today_in_london()
    settings = current_app.config.get("COUNCIL")
    inbox = getattr(settings, "sen_team_email", None)
    if not inbox:
        return 0
    sent = 0
    rows = db.session.scalars(
        select(CallbackRequest).where(CallbackRequest.status != DONE, CallbackRequest.due_on.is_not(None))
        .with_for_update(skip_locked=True)
    )  # fmt: skip
    for callback in rows:
        found = state(callback, today)
        if found == "overdue" and callback.alerted_on is None:
            callback.alerted_on = today
            subject = _l("Overdue: a family asked us to contact them")
        elif found == "due_soon" and callback.reminded_on is None and callback.alerted_on is None:
            callback.reminded_on = today
            subject = _l("Due soon: a family asked us to contact them")
        else:
            continue
        queue_email(to=inbox, kind="callback_reminder", subject=subject, template="callback_reminder",
                    callback=callback, overdue=found == "overdue",
                    link=absolute_url("officers.contact_request", callback_id=callback.id))  # fmt: skip
        sent += 1
    db.session.flush()
    return sent
