"""The case lifecycle: opening a case from a request, completing milestones, exceptions, the SEN panel.

Due dates come from portal/cases/deadlines.py when a milestone is created and never move. Later steps are
created when the step before them happens (a draft served opens the comment window, a plan issued starts the
annual review cycle). Exceptions are separate rows that explain lateness; they never change a due date.

Writes are optimistic: the caller passes the version it showed the officer, and a mismatch (or SQLAlchemy's
StaleDataError at flush) raises `Conflict`, so two officers never overwrite each other silently.
Services flush but never commit; write views carry @transactional.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, func, or_, select
from sqlalchemy import case as sql_case
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from portal.auth.models import User
from portal.auth.services import audit
from portal.cases import deadlines
from portal.cases.models import (
    AssessmentRequest,
    Case,
    CaseException,
    CaseMessage,
    CaseMilestone,
    ExceptionKind,
    MilestoneStatus,
    PanelRecord,
    RequesterKind,
    Stage,
)
from portal.db import db
from portal.platform.clock import today_in_london
from portal.safeguarding.services import is_flagged

# The service's own targets (not the law): shown as "council target" and never counted as statutory.
PANEL_ASSESS_BEFORE_DECISION = timedelta(days=7)  # the panel meets at least a week before the 6-week decision
PANEL_ISSUE_WEEKS = 14  # the panel on whether to issue meets by week 14, leaving time for a draft
PANEL_AFTER_LATE_DECISION = timedelta(weeks=2)  # ...or 2 weeks after a decision to assess that came very late
DRAFT_PLAN_WEEKS = 15  # reference M6: draft out by about week 15-16 so the 15-day window fits before week 20
SIGN_OFF_WITHIN = timedelta(days=1)  # the manager signs off within 24 hours of the panel
REVIEW_MEETING_BEFORE_DUE = timedelta(weeks=4)  # meet early enough for the 4-week decision to land in time
MEDIATION_CONTACT_MONTHS = 2  # reg 33: contact the mediation adviser within 2 months of the decision

SERVICE_RULES = {
    "panel": "Council target: the SEN panel meets at least a week before the decision is due",
    "sign_off": "Council target: a manager signs off the panel's recommendation within 24 hours of the panel",
    "draft_plan": "Council target: serve the draft plan by week 15 so the family's 15 days end before week 20",
    "review_meeting": "Council target: hold the review meeting at least 4 weeks before the review must be complete",
}
MEDIATION_RULE = "SEND Regulations 2014 reg 33: contact the mediation adviser within 2 months of the decision letter"

# Which outcomes each milestone accepts (the officer's form offers these).
OUTCOMES: dict[str, tuple[str, ...]] = {
    "decision_to_assess": ("assess", "not_assess"),
    "no_plan_decision": ("issue", "not_issue"),
    "draft_plan": ("served",),
    "final_plan": ("issued",),
    "review_decision": ("maintain", "amend", "cease"),
    "panel": ("held",),
    "sign_off": ("agreed", "not_agreed"),
}
DEFAULT_OUTCOME = "done"

# Exceptions that need a closure or absence of at least 4 weeks (regs 5(4), 10(4)).
FOUR_WEEK_KINDS = {ExceptionKind.SCHOOL_CLOSURE, ExceptionKind.ABSENT_FROM_AREA}
# Which time limits each exception can excuse (reference section 6, "Exceptions" column).
EXCEPTION_APPLIES_TO: dict[str, tuple[str, ...]] = {
    ExceptionKind.SCHOOL_CLOSURE: ("decision_to_assess", "no_plan_decision", "final_plan"),
    ExceptionKind.PERSONAL_CIRCUMSTANCES: ("decision_to_assess", "advice_due", "no_plan_decision", "final_plan"),
    ExceptionKind.ABSENT_FROM_AREA: ("decision_to_assess", "advice_due", "no_plan_decision", "final_plan"),
    ExceptionKind.MISSED_APPOINTMENT: ("advice_due",),
}

QUEUE_PAGE_SIZE = 25
# Time limits that bind the family, not the council: shown, never overdue work in the queue.
FAMILY_CODES = frozenset({"mediation_contact", "appeal_deadline"})


class Conflict(Exception):
    """Someone else changed the case or milestone since the officer loaded it."""

    def __init__(self, case: Case | None = None, changes: Sequence[str] = ()) -> None:
        super().__init__("Someone else changed this case while you were working on it.")
        self.case = case
        self.changes = list(changes)


class InvalidStep(ValueError):
    """The step asked for does not fit the case (wrong outcome, already done, date before its start).

    `message` is a lazy translated string (shown to the officer); `field` names the form field it is about.
    """

    def __init__(self, message: Any, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


# Opening a case --------------------------------------------------------------------------------------------


def _answer(answers: dict[str, Any], *paths: str) -> Any:
    """The first non-empty value at any of the dotted `paths` in the answers JSON (defensive: shapes vary)."""
    for path in paths:
        value: Any = answers
        for key in path.split("."):
            value = value.get(key) if isinstance(value, dict) else None
            if value is None:
                break
        if value not in (None, "", [], {}):
            return value
    return None


def _as_date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, dict):  # GOV.UK date input: {"day":…, "month":…, "year":…}
        try:
            return date(int(value["year"]), int(value["month"]), int(value["day"]))
        except (KeyError, TypeError, ValueError):
            return None
    if isinstance(value, str):
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def _child_name(answers: dict[str, Any]) -> str | None:
    full = _answer(answers, "child.full_name", "child.name", "child_name", "about_child.full_name")
    if full:
        return str(full)
    first = _answer(answers, "child.first_name", "about_child.first_name", "child_first_name")
    last = _answer(answers, "child.last_name", "about_child.last_name", "child_last_name")
    joined = " ".join(str(p) for p in (first, last) if p)
    return joined or None


def _milestone(case: Case, m: deadlines.Milestone, *, sequence: int = 0, statutory: bool = True,
               adviser: str | None = None) -> CaseMilestone:  # fmt: skip
    row = CaseMilestone(
        code=m.code, sequence=sequence, name=m.name, rule=m.rule, statutory=statutory, verify=m.verify,
        start=m.start, due=m.due, status=MilestoneStatus.PENDING, adviser=adviser,
    )  # fmt: skip
    case.milestones.append(row)
    return row


def _service_milestone(case: Case, code: str, name: str, due: date, *, start: date | None, sequence: int = 0
                       ) -> CaseMilestone:  # fmt: skip
    return _milestone(case, deadlines.Milestone(code, name, due, SERVICE_RULES[code], start=start),
                      sequence=sequence, statutory=False)  # fmt: skip


def open_case(
    request: AssessmentRequest | None,
    *,
    received_on: date,
    reference: str | None = None,
    child_name: str | None = None,
    child_dob: date | None = None,
    school: str | None = None,
    year_group: str | None = None,
    team: str | None = None,
    caseworker: User | None = None,
    child_id: str | None = None,
    requester_kind: str | None = None,
) -> Case:
    """Open the case for a submitted request, with its statutory milestones and the service's own targets.

    Keyword arguments override what is read from `request.answers` (whose shape belongs to the journey).

    Raises:
        ValueError: if the date is before the 2014 rules or no reference or child name can be found.
    """
    answers: dict[str, Any] = dict(request.answers or {}) if request is not None else {}
    rule_set = deadlines.rule_set_for(received_on)
    case = Case(
        reference=reference or (request.reference if request is not None else None),
        request=request,
        child_id=child_id or (request.child_id if request is not None else None),
        child_name=child_name or _child_name(answers) or "",
        child_dob=child_dob or _as_date(_answer(answers, "child.date_of_birth", "child.dob", "about_child.dob")),
        school=school
        or _answer(answers, "child.school", "school.name", "school", "setting.name", "about_child.school"),
        year_group=year_group or _answer(answers, "child.year_group", "school.year_group", "year_group"),
        team=team or _answer(answers, "team", "child.team"),
        stage=Stage.REQUESTED,
        requester_kind=requester_kind
        or (request.requester_kind if request is not None and request.requester_kind else RequesterKind.PARENT),
        received_on=received_on,
        rule_set=rule_set.name,
        caseworker_id=caseworker.id if caseworker else None,
        milestones=[],
    )
    if not case.reference:
        raise ValueError("A case needs the request's reference")
    if not case.child_name:
        raise ValueError("A case needs the child's name")
    for value_name in ("school", "year_group", "team"):
        value = getattr(case, value_name)
        setattr(case, value_name, str(value)[:200] if value is not None else None)
    add_opening_milestones(case)
    refresh_next_due(case)
    db.session.add(case)
    db.session.flush()
    return case


def add_opening_milestones(case: Case) -> None:
    """The milestones every new case starts with (also used by the demo data, without the database)."""
    received = case.received_on
    decision = deadlines.decision_to_assess(received)
    _milestone(case, decision)
    _milestone(case, deadlines.no_plan_decision(received))
    _milestone(case, deadlines.final_plan(received))
    _service_milestone(case, "panel", "SEN panel: whether to assess", decision.due - PANEL_ASSESS_BEFORE_DECISION,
                       start=received)  # fmt: skip


def refresh_next_due(case: Case) -> date | None:
    """Set `next_due` to the earliest pending milestone's due date (None when nothing is pending).

    The family's own time limits (mediation, appeal) are shown on the case but are not the council's work, so
    they do not put a case in the queue.
    """
    pending = [m.due for m in case.milestones if m.status == MilestoneStatus.PENDING and m.code not in FAMILY_CODES]
    case.next_due = min(pending) if pending else None
    return case.next_due


# Completing milestones --------------------------------------------------------------------------------------


def _find(case: Case, code: str, *, pending_only: bool = True) -> list[CaseMilestone]:
    return [m for m in case.milestones if m.code == code and (not pending_only or m.status == MilestoneStatus.PENDING)]


def _not_needed(case: Case, *codes: str, user: User | None) -> None:
    for code in codes:
        for m in _find(case, code):
            m.status = MilestoneStatus.NOT_NEEDED
            m.updated_by = user.id if user else None


def _next_sequence(case: Case, code: str) -> int:
    return max((m.sequence for m in case.milestones if m.code == code), default=-1) + 1


def _add_appeal_milestones(case: Case, letter: date) -> None:
    """After an appealable decision: the family's mediation and appeal time limits."""
    _milestone(
        case,
        deadlines.Milestone("mediation_contact", "Contact the mediation adviser",
                            deadlines.add_months(letter, MEDIATION_CONTACT_MONTHS), MEDIATION_RULE, start=letter),
        sequence=_next_sequence(case, "mediation_contact"),
    )  # fmt: skip
    _milestone(case, deadlines.appeal_deadline(letter), sequence=_next_sequence(case, "appeal_deadline"))


def _start_review_cycle(case: Case, start: date) -> None:
    review = deadlines.review_complete(start)
    sequence = _next_sequence(case, "review_complete")
    _milestone(case, review, sequence=sequence)
    _service_milestone(case, "review_meeting", "Annual review meeting held", review.due - REVIEW_MEETING_BEFORE_DUE,
                       start=start, sequence=sequence)  # fmt: skip


@dataclass
class _Step:
    case: Case
    milestone: CaseMilestone
    on: date
    outcome: str
    user: User | None
    advisers: Sequence[str]


def _after_decision_to_assess(step: _Step) -> None:
    case, on = step.case, step.on
    case.assess_decision, case.assess_decision_on = step.outcome, on
    if step.outcome == "not_assess":
        case.stage = Stage.NOT_ASSESSING
        _not_needed(case, "no_plan_decision", "final_plan", "panel", user=step.user)
        _add_appeal_milestones(case, on)
        return
    case.stage = Stage.ASSESSING
    for adviser in step.advisers:
        _milestone(case, deadlines.advice_due(on), sequence=_next_sequence(case, "advice_due"), adviser=adviser[:120])
    _service_milestone(case, "panel", "SEN panel: whether to issue a plan",
                       max(case.received_on + timedelta(weeks=PANEL_ISSUE_WEEKS), on + PANEL_AFTER_LATE_DECISION), start=on,
                       sequence=_next_sequence(case, "panel"))  # fmt: skip
    _service_milestone(case, "draft_plan", "Draft plan served", case.received_on + timedelta(weeks=DRAFT_PLAN_WEEKS),
                       start=case.received_on)  # fmt: skip


def _after_advice(step: _Step) -> None:
    if step.case.stage == Stage.ASSESSING and not _find(step.case, "advice_due"):
        step.case.stage = Stage.DECIDING_PLAN


def _after_no_plan_decision(step: _Step) -> None:
    case = step.case
    case.plan_decision, case.plan_decision_on = step.outcome, step.on
    if step.outcome == "not_issue":
        case.stage = Stage.NO_PLAN
        _not_needed(case, "final_plan", "draft_plan", "advice_due", "panel", user=step.user)
        _add_appeal_milestones(case, step.on)
    else:
        # Deciding to issue has no statutory date of its own (reference principle 4): the row is not needed.
        step.milestone.status = MilestoneStatus.NOT_NEEDED


def _after_draft_plan(step: _Step) -> None:
    case, on = step.case, step.on
    case.draft_served_on = on
    case.plan_decision, case.plan_decision_on = case.plan_decision or "issue", case.plan_decision_on or on
    case.stage = Stage.DRAFT_PLAN
    _not_needed(case, "no_plan_decision", user=step.user)
    _milestone(case, deadlines.draft_comment_window(on), sequence=_next_sequence(case, "draft_comment_window"))


def _after_final_plan(step: _Step) -> None:
    case, on = step.case, step.on
    case.plan_issued_on = on
    case.plan_decision, case.plan_decision_on = case.plan_decision or "issue", case.plan_decision_on or on
    case.stage = Stage.PLAN_ISSUED
    _not_needed(case, "no_plan_decision", "draft_plan", "draft_comment_window", user=step.user)
    _add_appeal_milestones(case, on)
    _start_review_cycle(case, on)


def _after_review_meeting(step: _Step) -> None:
    step.case.stage = Stage.REVIEW
    _milestone(step.case, deadlines.review_decision(step.on), sequence=step.milestone.sequence)


def _after_review_decision(step: _Step) -> None:
    case, on, outcome = step.case, step.on, step.outcome
    meeting = step.milestone.start or on
    for review in _find(case, "review_complete"):
        review.status, review.completed_on, review.outcome = MilestoneStatus.DONE, on, outcome
        review.updated_by = step.user.id if step.user else None
    if outcome == "cease":
        case.stage, case.closed_on, case.closed_reason = Stage.CLOSED, on, "plan ceased after review"
        _not_needed(case, *{x.code for x in case.milestones}, user=step.user)
        _add_appeal_milestones(case, on)
        return
    if outcome == "amend":
        # Devon [2022]: the proposed amendments go with this decision, so the notice date is the decision date.
        amended = _milestone(case, deadlines.amended_plan(meeting, on), sequence=step.milestone.sequence)
        if amended.start is not None and amended.due <= amended.start:
            # A decision later than 12 weeks after the meeting: the cap, which runs from the meeting, binds.
            amended.start = meeting
    else:
        case.stage = Stage.PLAN_ISSUED
    _start_review_cycle(case, on)


def _after_amended_plan(step: _Step) -> None:
    if step.case.stage == Stage.REVIEW:
        step.case.stage = Stage.PLAN_ISSUED


def _after_review_complete(step: _Step) -> None:
    # Completed directly (no meeting recorded here): the next cycle runs from this review.
    _not_needed(step.case, "review_meeting", user=step.user)
    step.case.stage = Stage.PLAN_ISSUED
    _start_review_cycle(step.case, step.on)


# What completing each kind of milestone brings (codes not listed only change their own row).
_AFTER = {
    "decision_to_assess": _after_decision_to_assess,
    "advice_due": _after_advice,
    "no_plan_decision": _after_no_plan_decision,
    "draft_plan": _after_draft_plan,
    "final_plan": _after_final_plan,
    "review_meeting": _after_review_meeting,
    "review_decision": _after_review_decision,
    "amended_plan": _after_amended_plan,
    "review_complete": _after_review_complete,
}


def complete_milestone(
    case: Case,
    milestone: CaseMilestone,
    *,
    on: date,
    outcome: str | None,
    user: User | None,
    expected_version: int | None,
    note: str | None = None,
    advisers: Sequence[str] = (),
) -> CaseMilestone:
    """Record that a milestone happened on `on`, move the case on, and create the milestones that follow.

    Raises:
        Conflict: the milestone changed since the officer loaded it (`expected_version` differs), or the
            database says someone else committed first.
        InvalidStep: the milestone is not pending, the outcome does not fit, or the date is impossible.
    """
    if milestone.case_id != case.id and milestone not in case.milestones:
        raise InvalidStep(_l("That step is not part of this case"))
    if expected_version is not None and milestone.version != expected_version:
        raise Conflict(case, changes_since(milestone, expected_version))
    if milestone.status != MilestoneStatus.PENDING:
        raise InvalidStep(_l("That step has already been recorded"))
    allowed = OUTCOMES.get(milestone.code, (DEFAULT_OUTCOME,))
    outcome = outcome or (allowed[0] if len(allowed) == 1 else None)
    if outcome not in allowed:
        raise InvalidStep(_l("Select an outcome"), "outcome")
    if milestone.start is not None and on < milestone.start:
        raise InvalidStep(_l("The date cannot be before the step started"), "completed_on")
    if on < case.received_on:
        raise InvalidStep(_l("The date cannot be before the request was received"), "completed_on")
    if on > today_in_london():
        # A step that has not happened yet cannot be done: later deadlines would be worked out from it (issue 15).
        raise InvalidStep(_l("The date it happened must be today or in the past"), "completed_on")
    if milestone.code == "decision_to_assess" and outcome == "assess" and not advisers:
        raise InvalidStep(_l("Enter at least one adviser asked for advice"), "advisers")

    milestone.status = MilestoneStatus.DONE
    milestone.completed_on = on
    milestone.outcome = outcome
    milestone.updated_by = user.id if user else None
    if note:
        milestone.note = note
    after = _AFTER.get(milestone.code)
    if after is not None:
        after(_Step(case, milestone, on, outcome, user, advisers))
    refresh_next_due(case)
    _touch(case)  # always write the case row, so two officers finishing steps of one case at once conflict
    _flush(case)
    audit(actor=user, action="case.milestone_completed", object_type="ehc_case", object_id=case.id,
          milestone=milestone.code, sequence=milestone.sequence, outcome=outcome, on=on.isoformat())  # fmt: skip
    _notify(case, milestone)
    return milestone


def _flush(case: Case) -> None:
    try:
        db.session.flush()
    except StaleDataError as error:
        db.session.rollback()
        raise Conflict(None) from error


def _notify(case: Case, milestone: CaseMilestone) -> None:
    """Tell the family, through the family side's hook when it exists (portal.cases.notify)."""
    if importlib.util.find_spec("portal.cases.notify") is None:
        return
    hook = getattr(importlib.import_module("portal.cases.notify"), "milestone_changed", None)
    if hook is not None:
        hook(case, milestone)


def changes_since(milestone: CaseMilestone, version: int) -> list[str]:
    """Plain-words list of what changed on this milestone since `version` (for the conflict page)."""
    if milestone.version == version:
        return []
    lines = [f"{milestone.name}: status is now {milestone.status}"]
    if milestone.completed_on:
        lines.append(f"{milestone.name}: recorded as done on {milestone.completed_on.isoformat()}")
    if milestone.outcome:
        lines.append(f"{milestone.name}: outcome {milestone.outcome}")
    return lines


def add_phase_transfer(case: Case, *, transfer_year: int, transfer: str, user: User | None,
                       expected_version: int | None) -> CaseMilestone:  # fmt: skip
    """Add the phase-transfer milestone (reg 18) for a move in `transfer_year`.

    Raises:
        Conflict: the case changed since the officer loaded it.
        ValueError: `transfer` is not "school" or "post16".
    """
    if expected_version is not None and case.version != expected_version:
        raise Conflict(case)
    row = _milestone(case, deadlines.phase_transfer(transfer_year, transfer),
                     sequence=_next_sequence(case, "phase_transfer"))  # fmt: skip
    refresh_next_due(case)
    _touch(case)
    _flush(case)
    audit(actor=user, action="case.phase_transfer_added", object_type="ehc_case", object_id=case.id,
          transfer_year=transfer_year, transfer=transfer)  # fmt: skip
    _notify(case, row)
    return row


def _touch(case: Case) -> None:
    """Bump the case's version even when no column changed, so concurrent edits to the case conflict."""
    case.updated_at = datetime.now(UTC)


# Exceptions --------------------------------------------------------------------------------------------------


def record_exception(
    case: Case,
    *,
    kind: str,
    milestone_code: str | None,
    starts_on: date,
    ends_on: date | None,
    evidence: str,
    family_explanation: str,
    user: User | None,
    approved_by: User | None = None,
) -> CaseException:
    """Record an exception to a time limit. The due date stays; the exception only explains lateness.

    Raises:
        InvalidStep: the dates or kind do not fit the rules (4 weeks for closures and absences).
    """
    if kind not in {k.value for k in ExceptionKind}:
        raise InvalidStep(_l("Select the kind of exception"), "kind")
    if milestone_code and milestone_code not in EXCEPTION_APPLIES_TO[kind]:
        raise InvalidStep(_l("This kind of exception does not apply to that time limit"), "milestone_code")
    if ends_on is not None and ends_on < starts_on:
        raise InvalidStep(_l("The end date must be on or after the start date"), "ends_on")
    if starts_on > today_in_london():
        raise InvalidStep(_l("The start date must be today or in the past"), "starts_on")
    if ends_on is not None and ends_on > today_in_london():
        raise InvalidStep(_l("The end date must be today or in the past"), "ends_on")
    if kind in FOUR_WEEK_KINDS and (ends_on is None or (ends_on - starts_on).days < 28):
        raise InvalidStep(_l("A closure or absence must last 4 weeks or more"), "ends_on")
    if not evidence.strip() or not family_explanation.strip():
        raise InvalidStep(_l("Enter the evidence and the explanation for the family"), "evidence")
    row = CaseException(
        case=case, kind=kind, milestone_code=milestone_code, starts_on=starts_on, ends_on=ends_on,
        evidence=evidence.strip(), family_explanation=family_explanation.strip(),
        recorded_by=user.id if user else None,
    )  # fmt: skip
    db.session.add(row)
    db.session.flush()
    if approved_by is not None:
        approve_exception(row, manager=approved_by)
    audit(actor=user, action="case.exception_recorded", object_type="ehc_case", object_id=case.id,
          exception_id=row.id, kind=kind)  # fmt: skip
    return row


def approve_exception(exception: CaseException, *, manager: User) -> CaseException:
    """A manager approves an exception; only approved exceptions count in the figures.

    Raises:
        PermissionError: the approver is not an SEN manager.
    """
    from portal.auth.models import Role

    if not manager.has_role(Role.MANAGER):
        raise PermissionError("Only an SEN manager can approve an exception")
    exception.approved_by = manager.id
    exception.approved_at = datetime.now(UTC)
    db.session.flush()
    audit(actor=manager, action="case.exception_approved", object_type="ehc_case", object_id=exception.case_id,
          exception_id=exception.id)  # fmt: skip
    return exception


def exception_for(case: Case, exception_id: str) -> CaseException:
    """An exception of this case.

    Raises:
        LookupError: no such exception on this case.
    """
    row = db.session.get(CaseException, exception_id)
    if row is None or row.case_id != case.id:
        raise LookupError(exception_id)
    return row


# The SEN panel ------------------------------------------------------------------------------------------------


def record_panel(case: Case, *, question: str, panel_on: date, recommendation: str, reasons: str,
                 user: User | None) -> PanelRecord:  # fmt: skip
    """Record the panel's recommendation, complete the panel milestone and start the 24-hour sign-off.

    Raises:
        InvalidStep: the question or recommendation is not one the panel makes.
    """
    if question not in ("assess", "issue"):
        raise InvalidStep(_l("Select what the panel decided on"), "question")
    allowed = {"assess": ("assess", "not_assess", "defer"), "issue": ("issue", "not_issue", "defer")}[question]
    if recommendation not in allowed:
        raise InvalidStep(_l("Select the panel's recommendation"), "recommendation")
    if panel_on < case.received_on:
        raise InvalidStep(_l("The panel date cannot be before the request was received"), "panel_on")
    if panel_on > today_in_london():
        raise InvalidStep(_l("The date of the panel must be today or in the past"), "panel_on")
    record = PanelRecord(case_id=case.id, question=question, panel_on=panel_on, recommendation=recommendation,
                         reasons=reasons.strip(), recorded_by=user.id if user else None)  # fmt: skip
    db.session.add(record)
    for m in _find(case, "panel")[:1]:
        m.status, m.completed_on, m.outcome = MilestoneStatus.DONE, panel_on, "held"
        m.updated_by = user.id if user else None
    _service_milestone(case, "sign_off", "Manager signs off the panel's recommendation", panel_on + SIGN_OFF_WITHIN,
                       start=panel_on, sequence=_next_sequence(case, "sign_off"))  # fmt: skip
    refresh_next_due(case)
    _touch(case)
    _flush(case)
    audit(actor=user, action="case.panel_recorded", object_type="ehc_case", object_id=case.id,
          panel_id=record.id, question=question, recommendation=recommendation)  # fmt: skip
    return record


def sign_off_panel(case: Case, record: PanelRecord, *, decision: str, manager: User, on: date | None = None
                   ) -> PanelRecord:  # fmt: skip
    """A manager signs off (agrees or not) the panel's recommendation; completes the sign-off milestone.

    Raises:
        PermissionError: the person is not an SEN manager.
        InvalidStep: already signed off, or an unknown decision.
    """
    from portal.auth.models import Role

    if not manager.has_role(Role.MANAGER):
        raise PermissionError("Only an SEN manager can sign off a panel recommendation")
    if record.signed_off_at is not None:
        raise InvalidStep(_l("This recommendation has already been signed off"), "decision")
    if decision not in ("agreed", "not_agreed"):
        raise InvalidStep(_l("Select whether you agree with the panel"), "decision")
    now = datetime.now(UTC)
    record.signed_off_by, record.signed_off_at, record.sign_off_decision = manager.id, now, decision
    pending = sorted(_find(case, "sign_off"), key=lambda m: m.sequence)
    for m in pending[:1]:
        m.status, m.completed_on, m.outcome = MilestoneStatus.DONE, on or now.date(), decision
        m.updated_by = manager.id
    refresh_next_due(case)
    _touch(case)
    _flush(case)
    audit(actor=manager, action="case.panel_signed_off", object_type="ehc_case", object_id=case.id,
          panel_id=record.id, decision=decision)  # fmt: skip
    return record


def panel_records(case: Case) -> list[PanelRecord]:
    return list(db.session.scalars(select(PanelRecord).where(PanelRecord.case_id == case.id)
                                   .order_by(PanelRecord.panel_on, PanelRecord.created_at)))  # fmt: skip


def panel_record_for(case: Case, record_id: str) -> PanelRecord:
    """A panel record of this case.

    Raises:
        LookupError: no such record on this case.
    """
    row = db.session.get(PanelRecord, record_id)
    if row is None or row.case_id != case.id:
        raise LookupError(record_id)
    return row


# Reading cases -------------------------------------------------------------------------------------------


def get_case(case_id: str, *, viewer: User | None = None) -> Case:
    """A case by id, with an audit entry for the officer who read it.

    Raises:
        LookupError: no such case.
    """
    case = db.session.get(Case, case_id, options=[selectinload(Case.milestones), selectinload(Case.exceptions)])
    if case is None:
        raise LookupError(case_id)
    if viewer is not None:
        audit(actor=viewer, action="case.viewed", object_type="ehc_case", object_id=case.id)
    return case


def milestone_for(case: Case, milestone_id: str) -> CaseMilestone:
    """A milestone of this case.

    Raises:
        LookupError: no such milestone on this case.
    """
    for m in case.milestones:
        if m.id == milestone_id:
            return m
    raise LookupError(milestone_id)


def milestone_state(m: CaseMilestone, today: date) -> str:
    """done, not_needed, overdue or due (for the tag on the page)."""
    if m.status == MilestoneStatus.DONE:
        return "late" if m.completed_on and m.completed_on > m.due else "done"
    if m.status == MilestoneStatus.NOT_NEEDED:
        return "not_needed"
    if m.code in FAMILY_CODES:
        return "passed" if m.due < today else "family"
    return "overdue" if m.due < today else "due"


@dataclass
class QueueFilters:
    q: str | None = None  # part of the child's name or the case reference
    team: str | None = None
    stage: str | None = None
    school: str | None = None
    caseworker_id: str | None = None
    overdue_only: bool = False
    page: int = 1


@dataclass
class QueuePage:
    cases: list[Case]
    total: int
    overdue: int
    page: int
    pages: int
    filters: QueueFilters
    teams: list[str] = field(default_factory=list)
    schools: list[str] = field(default_factory=list)


def _queue_conditions(filters: QueueFilters) -> list[Any]:
    conditions: list[Any] = [Case.next_due.is_not(None)]
    if filters.q:
        # The officer's words are text, not LIKE patterns: % and _ match themselves.
        words = filters.q.strip()[:100].replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        pattern = f"%{words}%"
        conditions.append(or_(Case.child_name.ilike(pattern, escape="\\"),
                              Case.reference.ilike(pattern, escape="\\")))  # fmt: skip
    if filters.team:
        conditions.append(Case.team == filters.team)
    if filters.stage:
        conditions.append(Case.stage == filters.stage)
    if filters.school:
        conditions.append(Case.school == filters.school)
    if filters.caseworker_id:
        conditions.append(Case.caseworker_id == filters.caseworker_id)
    return conditions


def queue(filters: QueueFilters, *, today: date, page_size: int = QUEUE_PAGE_SIZE) -> QueuePage:
    """Open cases with something pending, by next due date (so overdue cases come first), filtered and paged."""
    conditions = _queue_conditions(filters)
    if filters.overdue_only:
        conditions.append(Case.next_due < today)
    where = and_(*conditions)
    total, overdue = db.session.execute(
        select(func.count(Case.id), func.coalesce(func.sum(sql_case((Case.next_due < today, 1), else_=0)), 0))
        .where(where)
    ).one()  # fmt: skip
    pages = max(1, -(-total // page_size))
    page = min(max(1, filters.page), pages)
    rows = list(
        db.session.scalars(
            select(Case).where(where).order_by(Case.next_due, Case.received_on, Case.reference)
            .offset((page - 1) * page_size).limit(page_size)
        )
    )  # fmt: skip
    teams = list(db.session.scalars(select(Case.team).where(Case.team.is_not(None)).distinct().order_by(Case.team)))
    schools = list(
        db.session.scalars(select(Case.school).where(Case.school.is_not(None)).distinct().order_by(Case.school))
    )
    return QueuePage(rows, total, overdue, page, pages, filters, teams, schools)


def pending_by_case(cases: Iterable[Case]) -> dict[str, CaseMilestone]:
    """The next pending milestone of each case, in one query."""
    ids = [c.id for c in cases]
    if not ids:
        return {}
    rows = db.session.scalars(
        select(CaseMilestone).where(CaseMilestone.case_id.in_(ids), CaseMilestone.status == MilestoneStatus.PENDING,
                                    CaseMilestone.code.not_in(FAMILY_CODES))
        .order_by(CaseMilestone.due, CaseMilestone.code)
    )  # fmt: skip
    found: dict[str, CaseMilestone] = {}
    for m in rows:
        found.setdefault(m.case_id, m)
    return found


# Messages ------------------------------------------------------------------------------------------------------


def officer_reply(case: Case, *, body: str, user: User, submit_token: str | None) -> CaseMessage:
    """An officer's message to the family in the case. Idempotent on `submit_token`.

    Raises:
        InvalidStep: the message is empty.
    """
    text = body.strip()
    if not text:
        raise InvalidStep(_l("Enter your message"), "body")
    if submit_token:
        existing = db.session.scalar(select(CaseMessage).where(CaseMessage.submit_token == submit_token))
        if existing is not None:
            return existing
    message = CaseMessage(case_id=case.id, author_id=user.id, from_family=False, body=text, submit_token=submit_token)
    db.session.add(message)
    db.session.flush()
    audit(actor=user, action="case.message_sent", object_type="ehc_case", object_id=case.id, message_id=message.id)
    return message


def mark_family_messages_read(case: Case) -> None:
    now = datetime.now(UTC)
    for message in case.messages:
        if message.from_family and message.read_at is None:
            message.read_at = now


# The panel's front sheet -----------------------------------------------------------------------------------------

# The family's own words, by the journey's step and field (portal/cases/forms.py), in the order the panel reads them.
NEEDS_FIELDS = ("communication", "cognition", "semh", "sensory")
SUPPORT_FIELDS = ("support_now", "difference")
ABOUT_ME_FIELDS = ("likes", "hard", "helps", "wants")


@dataclass
class FrontSheet:
    """What the SEN panel reads about one request, on one page."""

    requester_kind: str
    relationship: str | None
    requester_name: str | None
    requester_email: str | None
    setting_role: str | None
    needs: dict[str, str]
    support: dict[str, str]
    professionals: str | None
    child_views: str | None
    about_me: dict[str, str]
    consent_school: str | None
    consent_professionals: str | None
    age: int | None
    decision_due: date | None
    days_left: int | None
    final_due: date | None
    held_back: bool  # free text flagged to the safeguarding lead is not printed


def front_sheet(case: Case, today: date) -> FrontSheet:
    """Summarise the request for the panel from the family's answers and the case's dates."""
    request = case.request
    answers: dict[str, Any] = dict(request.answers or {}) if request is not None else {}
    held_back = bool(request is not None and is_flagged("ehc_request", request.id))

    def words(step: str, names: Sequence[str]) -> dict[str, str]:
        found = answers.get(step) or {}
        return {n: str(found[n]) for n in names if isinstance(found, dict) and found.get(n)}

    requester = db.session.get(User, request.user_id) if request is not None and request.user_id else None
    decision = next((m for m in case.milestones if m.code == "decision_to_assess"), None)
    final = next((m for m in case.milestones if m.code == "final_plan"), None)
    age = None
    if case.child_dob:
        born = case.child_dob
        age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    return FrontSheet(
        requester_kind=case.requester_kind,
        relationship=(answers.get("relationship") or {}).get("relationship"),
        requester_name=requester.display_name if requester else None,
        requester_email=requester.email if requester else None,
        setting_role=(answers.get("setting") or {}).get("your_role"),
        needs={} if held_back else words("needs", NEEDS_FIELDS),
        support={} if held_back else words("support", SUPPORT_FIELDS),
        professionals=None if held_back else (answers.get("professionals") or {}).get("professionals"),
        child_views=None if held_back else (answers.get("views") or {}).get("child_views"),
        about_me={} if held_back else words("all_about_me", ABOUT_ME_FIELDS),
        consent_school=(answers.get("consent") or {}).get("consent_school"),
        consent_professionals=(answers.get("consent") or {}).get("consent_professionals"),
        age=age,
        decision_due=decision.due if decision else None,
        days_left=(decision.due - today).days if decision else None,
        final_due=final.due if final else None,
        held_back=held_back,
    )
