"""The family's view of their case: every milestone in plain words, what happens next, and what they can do.

Also the family-side services behind "Your case": which cases a family member may see (object-level: only
children they are linked to and allowed to see), their messages, documents and comments on the draft plan,
their notification preferences and their calendar feed (RFC 5545, written by hand).

Officers never reach a case through these functions: access comes only from a FamilyLink.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, select

from portal.auth import family
from portal.auth.models import User
from portal.cases import deadlines, uploads
from portal.cases.models import (
    Case,
    CaseDocument,
    CaseException,
    CaseMessage,
    CaseMilestone,
    DraftComment,
    MilestoneStatus,
    NotificationPreference,
    Stage,
)
from portal.db import db
from portal.platform.clock import today_in_london
from portal.safeguarding.services import screen_and_flag

# Internal steps the family does not need to follow.
HIDDEN_CODES = frozenset({"sign_off"})

# Plain words for each milestone: (title, what it means).
PLAIN: dict[str, tuple[Any, Any]] = {
    "decision_to_assess": (_l("We decide whether to do an assessment"),
                           _l("We must tell you within 6 weeks of getting the request whether we will assess.")),
    "panel": (_l("Our SEN panel looks at the request"),
              _l("A group of professionals reads the request and advises us. This is our own target, not a legal time limit.")),
    "advice_due": (_l("Advice from people who know them"),
                   _l("Each professional we ask must send their advice within 6 weeks.")),
    "no_plan_decision": (_l("If we decide not to make a plan, we must tell you by this date"),
                         _l("This date only matters if we decide not to make an EHC plan. The limit is 16 weeks from the request.")),
    "draft_plan": (_l("We send you the draft plan"),
                   _l("This is our own target, so that you have your 15 days to comment before the final plan is due.")),
    "draft_comment_window": (_l("Last day to comment on the draft plan"),
                             _l("You have at least 15 days to comment, counting the day we sent you the draft.")),
    "final_plan": (_l("We send you the final EHC plan"),
                   _l("The final plan must be ready within 20 weeks of getting the request.")),
    "mediation_contact": (_l("Last day to contact the mediation adviser"),
                          _l("If you want to appeal, you must first contact the mediation adviser within 2 months of our decision letter. You do not need to if you only disagree about the school named.")),
    "appeal_deadline": (_l("Last day to appeal to the tribunal"),
                        _l("2 months from our decision letter, or 1 month from your mediation certificate if that is later.")),
    "mediation_certificate": (_l("You get your mediation certificate"),
                              _l("Within 3 working days of mediation ending, or of you saying you do not want it.")),
    "review_meeting": (_l("Annual review meeting"), _l("This is our own target, so the review can finish in time.")),
    "review_complete": (_l("Annual review finished"),
                        _l("The plan must be reviewed within 12 months of when it was made or last reviewed.")),
    "review_decision": (_l("We decide whether to keep, change or end the plan"),
                        _l("We must tell you within 4 weeks of the review meeting.")),
    "amended_plan": (_l("We send you the changed plan"),
                     _l("Within 8 weeks of telling you what we want to change, and no later than 12 weeks after the review meeting.")),
    "phase_transfer": (_l("Plan updated for the move to a new school or college"),
                       _l("Before 15 February in the year of the move, or before 31 March for a move into post-16 education.")),
}  # fmt: skip

STATE_LABELS: dict[str, Any] = {
    "done": _l("Done"),
    "late": _l("Done late"),
    "due": _l("Due"),
    "overdue": _l("Late"),
    "not_needed": _l("Not needed"),
    "passed": _l("Date passed"),
}
STATE_COLOURS = {
    "done": "green",
    "late": "yellow",
    "due": "blue",
    "overdue": "red",
    "not_needed": "grey",
    "passed": "grey",
}
# The family's own time limits (to comment, to contact a mediation adviser, to appeal). Once the day has gone
# they are history, not "late" and never the next step: nobody is waiting for them any more.
FAMILY_LIMITS = frozenset({"draft_comment_window", "mediation_contact", "appeal_deadline"})

STAGE_LABELS: dict[str, Any] = {
    Stage.REQUESTED: _l("We have your request and are deciding whether to assess"),
    Stage.ASSESSING: _l("We are doing the assessment"),
    Stage.NOT_ASSESSING: _l("We decided not to assess"),
    Stage.DECIDING_PLAN: _l("We are deciding whether to make an EHC plan"),
    Stage.NO_PLAN: _l("We decided not to make an EHC plan"),
    Stage.DRAFT_PLAN: _l("The draft plan is ready for your comments"),
    Stage.PLAN_ISSUED: _l("The final EHC plan has been issued"),
    Stage.REVIEW: _l("The plan is being reviewed"),
    Stage.CLOSED: _l("This case is closed"),
}

EXCEPTION_LABELS: dict[str, Any] = {
    "school_closure": _l("The school or college was closed for 4 weeks or more"),
    "personal_circumstances": _l("Exceptional personal circumstances"),
    "absent_from_area": _l("The child or a parent was away from the area for 4 weeks or more"),
    "missed_appointment": _l("An appointment for advice was missed"),
}


@dataclass(frozen=True)
class Action:
    """Something the family can do now: a label and where to do it (an endpoint of ours, or a Local Offer page)."""

    key: str
    label: Any
    endpoint: str
    args: dict[str, str] = field(default_factory=dict)


@dataclass
class TimelineStep:
    code: str
    title: Any
    explanation: Any
    due: date
    state: str
    completed_on: date | None
    statutory: bool
    verify: bool
    adviser: str | None = None
    exceptions: list[CaseException] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)

    @property
    def state_label(self) -> Any:
        return STATE_LABELS[self.state]

    @property
    def colour(self) -> str:
        return STATE_COLOURS[self.state]


@dataclass
class Timeline:
    case: Case
    today: date
    steps: list[TimelineStep]
    next_step: TimelineStep | None
    stage_label: Any
    actions: list[Action]
    general_exceptions: list[CaseException]
    draft_window: deadlines.Milestone | None

    @property
    def window_open(self) -> bool:
        return self.draft_window is not None and self.today <= self.draft_window.due


def _state(m: CaseMilestone, today: date) -> str:
    if m.status == MilestoneStatus.DONE:
        return "late" if m.completed_on and m.completed_on > m.due else "done"
    if m.status == MilestoneStatus.NOT_NEEDED:
        return "not_needed"
    if m.code in FAMILY_LIMITS and m.due < today:
        return "passed"
    return "overdue" if m.due < today else "due"


def _a(key: str, case: Case) -> Action:
    """The family's actions, each pointing at the page where they do it."""
    slugs = {"mediation": "disagreement-mediation", "appeal": "tribunal-appeals",
             "school": "draft-plan-and-naming-a-school"}  # fmt: skip
    if key == "evidence":
        return Action(key, _l("Send us more evidence"), "cases.case_documents", {"case_id": case.id})
    if key == "message":
        return Action(key, _l("Send a message to your caseworker"), "cases.case_messages", {"case_id": case.id})
    if key == "comment":
        return Action(
            key, _l("Comment on the draft plan and ask for a school"), "cases.draft_plan", {"case_id": case.id}
        )
    if key == "mediation":
        return Action(key, _l("Ask for mediation"), "local_offer.page", {"slug": slugs["mediation"]})
    if key == "appeal":
        return Action(key, _l("Find out how to appeal"), "local_offer.page", {"slug": slugs["appeal"]})
    if key == "school":
        return Action(key, _l("Read about asking for a school"), "local_offer.page", {"slug": slugs["school"]})
    return Action("complain", _l("Make a complaint"), "feedback.complaints_start")


def _step_actions(m: CaseMilestone, state: str, case: Case, window_open: bool) -> list[Action]:
    keys: list[str] = []
    if m.code in ("decision_to_assess", "advice_due", "panel") and state in ("due", "overdue"):
        keys.append("evidence")
    if m.code == "decision_to_assess" and m.outcome == "not_assess":
        keys += ["mediation", "appeal"]
    if m.code == "no_plan_decision" and m.outcome == "not_issue":
        keys += ["mediation", "appeal"]
    if m.code == "draft_comment_window" and window_open:
        keys.append("comment")
    if m.code == "final_plan" and state in ("done", "late"):
        keys += ["mediation", "appeal"]
    if m.code in ("mediation_contact", "appeal_deadline") and state in ("due",):
        keys += ["mediation", "appeal"]
    if state == "overdue" and m.statutory:
        keys.append("complain")
    return [_a(k, case) for k in dict.fromkeys(keys)]


def _stage_actions(case: Case, window_open: bool) -> list[Action]:
    keys = {
        Stage.REQUESTED: ["evidence", "message"],
        Stage.ASSESSING: ["evidence", "message"],
        Stage.DECIDING_PLAN: ["evidence", "message"],
        Stage.NOT_ASSESSING: ["mediation", "appeal", "message"],
        Stage.NO_PLAN: ["mediation", "appeal", "message"],
        Stage.DRAFT_PLAN: (["comment", "school"] if window_open else []) + ["message"],
        Stage.PLAN_ISSUED: ["mediation", "appeal", "message"],
        Stage.REVIEW: ["evidence", "message"],
    }.get(case.stage, ["message"])  # type: ignore[call-overload]
    return [_a(k, case) for k in [*keys, "complain"]]


def build(case: Case, *, today: date | None = None, milestones: Sequence[Any] | None = None,
          exceptions: Sequence[Any] | None = None) -> Timeline:  # fmt: skip
    """The family's timeline of a case: every milestone they follow, with its state and what they can do.

    `milestones` and `exceptions` (rows read by case_page) stand in for the case's own, loaded otherwise.
    """
    today = today or today_in_london()
    window = deadlines.draft_comment_window(case.draft_served_on) if case.draft_served_on else None
    window_open = window is not None and today <= window.due
    by_code: dict[str | None, list[CaseException]] = {}
    for exception in case.exceptions if exceptions is None else exceptions:
        by_code.setdefault(exception.milestone_code, []).append(exception)
    steps: list[TimelineStep] = []
    for m in sorted(case.milestones if milestones is None else milestones, key=lambda m: (m.due, m.code, m.sequence)):
        if m.code in HIDDEN_CODES:
            continue
        state = _state(m, today)
        title, explanation = PLAIN.get(m.code, (m.name, ""))
        steps.append(TimelineStep(
            code=m.code, title=title, explanation=explanation, due=m.due, state=state, completed_on=m.completed_on,
            statutory=m.statutory, verify=m.verify, adviser=m.adviser,
            exceptions=by_code.get(m.code, []) if state in ("due", "overdue", "late") else [],
            actions=_step_actions(m, state, case, window_open),
        ))  # fmt: skip
    # What the family waits for next: the law's dates first; the council's own targets only when nothing else is due.
    pending = [s for s in steps if s.state in ("due", "overdue")]
    statutory = [s for s in pending if s.statutory or s.code == "draft_plan"]
    upcoming = statutory or pending
    return Timeline(
        case=case, today=today, steps=steps, next_step=upcoming[0] if upcoming else None,
        stage_label=STAGE_LABELS.get(case.stage, case.stage), actions=_stage_actions(case, window_open),
        general_exceptions=by_code.get(None, []), draft_window=window,
    )  # fmt: skip


# Which cases a family member may see ---------------------------------------------------------------------------


class NotFound(LookupError):
    """No such case (or document) for this person: the same answer whether it exists for someone else or not."""


def cases_for(user: User) -> list[Case]:
    """Cases of the children this person is linked to and may see, newest first."""
    child_ids = [c.id for c in family.children_of(user)]
    if not child_ids:
        return []
    return list(db.session.scalars(
        select(Case).where(Case.child_id.in_(child_ids)).order_by(Case.received_on.desc(), Case.reference)
    ))  # fmt: skip


# What the family's case page reads: the case's columns it shows, and those of its milestones and exceptions that
# build() reads. Rows with only these columns go to build(), so the timeline can show nothing that is not in
# CasePage.timeline_key() (a column build() starts reading must be added here, or it fails at once).
PAGE_CASE_COLUMNS = (Case.id, Case.reference, Case.child_name, Case.received_on, Case.stage, Case.draft_served_on)
PAGE_MILESTONE_COLUMNS = (CaseMilestone.code, CaseMilestone.sequence, CaseMilestone.name, CaseMilestone.status,
                          CaseMilestone.due, CaseMilestone.completed_on, CaseMilestone.statutory, CaseMilestone.verify,
                          CaseMilestone.adviser, CaseMilestone.outcome)  # fmt: skip
PAGE_EXCEPTION_COLUMNS = (CaseException.id, CaseException.kind, CaseException.milestone_code,
                          CaseException.family_explanation)  # fmt: skip


@dataclass(frozen=True)
class CasePage:
    """One case as its family's page shows it, read as plain rows (no ORM objects: this page is read often)."""

    case: Any
    milestones: tuple[Any, ...]
    exceptions: tuple[Any, ...]
    today: date

    def timeline_key(self) -> tuple[Any, ...]:
        """Everything the timeline is built from, as a cache key: the rendered timeline is kept per case under
        this key (and the language), so any change to the case, a step, an exception or today's date gives a
        new key and the page shows it at once."""
        return (tuple(self.case), tuple(map(tuple, self.milestones)), tuple(map(tuple, self.exceptions)), self.today)

    def timeline(self) -> Timeline:
        return build(self.case, today=self.today, milestones=self.milestones, exceptions=self.exceptions)


# Built once: a statement object run again skips SQLAlchemy's building, cache-key and result-mapping work.
_PAGE_CASE = select(*PAGE_CASE_COLUMNS).where(
    Case.id == bindparam("case_id"), Case.child_id.in_(family.visible_child_ids(bindparam("user_id")))
)
_PAGE_MILESTONES = (
    select(*PAGE_MILESTONE_COLUMNS)
    .where(CaseMilestone.case_id == bindparam("case_id"))
    .order_by(CaseMilestone.due, CaseMilestone.code, CaseMilestone.sequence)
)
_PAGE_EXCEPTIONS = (
    select(*PAGE_EXCEPTION_COLUMNS)
    .where(CaseException.case_id == bindparam("case_id"))
    .order_by(CaseException.created_at, CaseException.id)
)


def case_page(user: User, case_id: str) -> CasePage:
    """A case this person may see, with what its timeline needs, in three plain queries.

    Raises:
        NotFound: no such case, or not theirs to see.
    """
    connection = db.session.connection()
    # The case and the access check in one query: a case of a child they may not see is as missing as no case.
    case = connection.execute(_PAGE_CASE, {"case_id": case_id, "user_id": user.id}).first()
    if case is None:
        raise NotFound(case_id)
    milestones = connection.execute(_PAGE_MILESTONES, {"case_id": case.id}).all()
    exceptions = connection.execute(_PAGE_EXCEPTIONS, {"case_id": case.id}).all()
    return CasePage(case, tuple(milestones), tuple(exceptions), today_in_london())


def case_for(user: User, case_id: str) -> Case:
    """A case this person may see.

    Raises:
        NotFound: no such case, or not theirs to see.
    """
    # The case and the access check in one query: a case of a child they may not see is as missing as no case.
    case = db.session.scalar(select(Case).where(Case.id == case_id, Case.child_id.in_(family.visible_child_ids(user))))
    if case is None:
        raise NotFound(case_id)
    return case


# Messages, documents and the draft plan --------------------------------------------------------------------


def send_message(case: Case, *, user: User, body: str, submit_token: str | None) -> CaseMessage:
    """A family member's message to the caseworker, kept in the case. The same token twice gives one message."""
    if submit_token:
        existing = db.session.scalar(select(CaseMessage).where(CaseMessage.submit_token == submit_token))
        if existing is not None:
            return existing
    message = CaseMessage(case_id=case.id, author_id=user.id, from_family=True, body=body.strip(),
                          submit_token=submit_token or None)  # fmt: skip
    db.session.add(message)
    db.session.flush()
    screen_and_flag(message.body, source="ehc_request", source_id=case.request_id or case.id)
    return message


def mark_read_by_family(case: Case) -> None:
    """The caseworker's messages count as read once the family has opened the messages page."""
    now = datetime.now(UTC)
    for message in messages(case):
        if not message.from_family and message.read_at is None:
            message.read_at = now
    db.session.flush()


def messages(case: Case) -> list[CaseMessage]:
    return list(db.session.scalars(
        select(CaseMessage).where(CaseMessage.case_id == case.id).order_by(CaseMessage.created_at)
    ))  # fmt: skip


def documents(case: Case) -> list[CaseDocument]:
    """Every document of the case, including those sent with the request."""
    conditions = CaseDocument.case_id == case.id
    if case.request_id:
        conditions = conditions | (CaseDocument.request_id == case.request_id)
    return list(db.session.scalars(select(CaseDocument).where(conditions).order_by(CaseDocument.created_at)))


def document_for(case: Case, document_id: str) -> CaseDocument:
    """A document of this case.

    Raises:
        NotFound: no such document in this case.
    """
    for document in documents(case):
        if document.id == document_id:
            return document
    raise NotFound(document_id)


def add_evidence(case: Case, *, user: User, data: bytes, filename: str | None) -> CaseDocument:
    """More evidence from the family, into the case.

    Raises:
        uploads.UploadError: the file cannot be accepted.
    """
    return uploads.store(data, filename=filename, uploaded_by=user.id, case_id=case.id, kind="evidence")


def draft_plans(case: Case) -> list[CaseDocument]:
    return [d for d in documents(case) if d.kind == "draft_plan"]


def draft_comments(case: Case) -> list[DraftComment]:
    return list(db.session.scalars(
        select(DraftComment).where(DraftComment.case_id == case.id).order_by(DraftComment.created_at)
    ))  # fmt: skip


class WindowClosed(Exception):
    """The comment window on the draft plan has closed (or no draft has been served)."""


def add_draft_comment(case: Case, *, user: User, comments: str, school_requested: str | None, wants_meeting: bool,
                      submit_token: str | None, today: date | None = None) -> DraftComment:  # fmt: skip
    """The family's comments on the draft plan and the school they ask for, within the window (idempotent).

    Raises:
        WindowClosed: no draft served, or the window's last day has passed.
    """
    if submit_token:
        existing = db.session.scalar(select(DraftComment).where(DraftComment.submit_token == submit_token))
        if existing is not None:
            return existing
    timeline = build(case, today=today)
    if not timeline.window_open:
        raise WindowClosed(case.id)
    comment = DraftComment(case_id=case.id, author_id=user.id, comments=comments.strip(),
                           school_requested=(school_requested or "").strip() or None, wants_meeting=wants_meeting,
                           submit_token=submit_token or None)  # fmt: skip
    db.session.add(comment)
    db.session.flush()
    screen_and_flag(comment.comments, source="ehc_request", source_id=case.request_id or case.id)
    return comment


# Preferences and the calendar feed ----------------------------------------------------------------------------


def preferences_for(user: User) -> NotificationPreference:
    """This person's notification preferences (created with the defaults, e-mail on, the first time)."""
    found = db.session.scalar(select(NotificationPreference).where(NotificationPreference.user_id == user.id))
    if found is None:
        found = NotificationPreference(user_id=user.id, email_on_change=True, email_before_due=True)
        db.session.add(found)
        db.session.flush()
    return found


def calendar_token(user: User, *, rotate: bool = False) -> str:
    """The secret in this person's calendar link; `rotate` makes a new one so the old link stops working."""
    prefs = preferences_for(user)
    if rotate or not prefs.calendar_token:
        prefs.calendar_token = secrets.token_urlsafe(32)
        db.session.flush()
    return prefs.calendar_token


def user_for_calendar(token: str) -> User:
    """Whose calendar this token opens.

    Raises:
        NotFound: no such token (or it was rotated).
    """
    if not token or len(token) < 20:
        raise NotFound("calendar")
    prefs = db.session.scalar(select(NotificationPreference).where(NotificationPreference.calendar_token == token))
    user = db.session.get(User, prefs.user_id) if prefs else None
    if user is None or user.disabled:
        raise NotFound("calendar")
    return user


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """RFC 5545 3.1: lines longer than 75 octets are split, each continuation starting with one space."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    parts: list[str] = []
    current = b""
    limit = 75
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > limit:
            parts.append(current.decode("utf-8"))
            current = b""
            limit = 74  # the leading space counts
        current += encoded
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def icalendar(user: User, *, host: str, now: datetime | None = None) -> str:
    """An iCalendar (RFC 5545) feed of the pending dates in this person's cases, one all-day event each."""
    now = now or datetime.now(UTC)
    stamp = now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Wessex SEND portal//Your case//EN", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH", "X-WR-CALNAME:" + _escape(str(_l("EHC needs assessment dates")))]  # fmt: skip
    for case in cases_for(user):
        timeline = build(case)
        for step in timeline.steps:
            if step.state not in ("due", "overdue", "passed"):  # a calendar keeps past events
                continue
            milestone_id = next((m.id for m in case.milestones if m.code == step.code and m.due == step.due), step.code)
            end = date.fromordinal(step.due.toordinal() + 1)
            summary = f"{case.reference}: {step.title}"
            lines += [
                "BEGIN:VEVENT",
                f"UID:{milestone_id}@{host}",
                f"DTSTAMP:{stamp}",
                f"DTSTART;VALUE=DATE:{step.due.strftime('%Y%m%d')}",
                f"DTEND;VALUE=DATE:{end.strftime('%Y%m%d')}",
                "SUMMARY:" + _escape(summary),
                "DESCRIPTION:" + _escape(str(step.explanation)),
                "TRANSP:TRANSPARENT",
                "END:VEVENT",
            ]
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)
