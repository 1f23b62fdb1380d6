"""Telling families about their case: e-mails through the outbox when a milestone changes or a date is near.

The officer side calls `milestone_changed(case, milestone)` after it records a change. `remind_due_soon` runs
from `portal cases remind-due` (daily). Each family member who may see the child is told in their own language,
unless they turned that kind of e-mail off. E-mails say what changed and when, never the child's name or the
family's words: the details are behind sign-in. (GOV.UK Notify is not wired in yet: the outbox is the channel.)
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.auth.models import FamilyLink, User
from portal.cases.models import Case, CaseMilestone, MilestoneStatus, NotificationPreference
from portal.cases.timeline import HIDDEN_CODES, PLAIN
from portal.db import db
from portal.notifications.services import queue_email
from portal.platform.clock import now_utc, today_in_london
from portal.platform.links import absolute_url, base_url_context

REMIND_DAYS = 7
# Dates worth a reminder: those where the family acts, or a decision they are waiting for.
REMIND_CODES = frozenset({"decision_to_assess", "draft_comment_window", "final_plan", "mediation_contact",
                          "appeal_deadline", "review_decision", "amended_plan", "phase_transfer"})  # fmt: skip


@contextlib.contextmanager
def request_context() -> Iterator[None]:
    """E-mail templates need a request (for links and the council's details); jobs and commands have none."""
    with base_url_context():
        yield


def link(endpoint: str, **values: object) -> str:
    """An absolute link for an e-mail, on BASE_URL (never the request's Host), from a request or a job alike."""
    return absolute_url(endpoint, **values)


def family_members(case: Case) -> list[User]:
    """Everyone linked to the case's child who may see their records."""
    if case.child_id is None:
        return []
    links = db.session.scalars(
        select(FamilyLink).where(FamilyLink.child_id == case.child_id, FamilyLink.can_view.is_(True))
    )
    users = [db.session.get(User, link.user_id) for link in links]
    return [u for u in users if u is not None and not u.disabled]


def _wants(user: User, kind: str) -> bool:
    prefs = db.session.scalar(select(NotificationPreference).where(NotificationPreference.user_id == user.id))
    if prefs is None:
        return True  # e-mails are on until the family turns them off
    return bool(prefs.email_on_change if kind == "change" else prefs.email_before_due)


# What was decided, in the family's words: a decision e-mail must say it, not only that a step is done.
DECIDED: dict[tuple[str, str], object] = {
    ("decision_to_assess", "assess"): _l("We decided to carry out an EHC needs assessment."),
    ("decision_to_assess", "not_assess"): _l(
        "We decided not to carry out an EHC needs assessment. Our letter tells you why. If you disagree, you can "
        "ask for mediation or appeal to the Tribunal."
    ),
    ("no_plan_decision", "issue"): _l("We decided to write an EHC plan. You will get a draft plan to comment on."),
    ("no_plan_decision", "not_issue"): _l(
        "We decided not to write an EHC plan. Our letter tells you why. If you disagree, you can ask for mediation "
        "or appeal to the Tribunal."
    ),
    ("draft_plan", "served"): _l("We have sent you the draft EHC plan to comment on."),
    ("final_plan", "issued"): _l("We have issued the final EHC plan."),
    ("review_decision", "maintain"): _l("After the annual review, we decided to keep the plan as it is."),
    ("review_decision", "amend"): _l("After the annual review, we decided to change (amend) the plan."),
    ("review_decision", "cease"): _l(
        "After the annual review, we decided to stop (cease) the plan. If you disagree, you can ask for mediation "
        "or appeal to the Tribunal."
    ),
}


def _title(milestone: CaseMilestone) -> object:
    return PLAIN.get(milestone.code, (milestone.name, ""))[0]


def milestone_changed(case: Case, milestone: CaseMilestone) -> int:
    """Queue an e-mail to each family member about a milestone that was added, done or changed. Returns how many."""
    if milestone.code in HIDDEN_CODES:
        return 0
    members = family_members(case)
    if not members:
        return 0  # e.g. the demo data's fictional cases, or a request from a school not yet linked to the family
    with request_context():
        return _tell_about_change(case, milestone, members)


def _tell_about_change(case: Case, milestone: CaseMilestone, members: list[User]) -> int:
    sent = 0
    for user in members:
        if not _wants(user, "change"):
            continue
        queue_email(
            to=user.email, kind="case_milestone_changed", locale=user.locale or "en", template="case_milestone_changed",
            subject=_l("There is an update on your case %(reference)s", reference=case.reference),
            reference=case.reference, link=link("cases.your_case", case_id=case.id), step=_title(milestone),
            due=milestone.due, done=milestone.status == MilestoneStatus.DONE, completed_on=milestone.completed_on,
            decided=DECIDED.get((milestone.code, milestone.outcome or "")) if milestone.status == MilestoneStatus.DONE
            else None,
        )  # fmt: skip
        sent += 1
    return sent


def remind_due_soon(*, today: date | None = None, days: int = REMIND_DAYS) -> int:
    """E-mail families about pending dates in the next `days` days (once per milestone). Returns e-mails queued."""
    today = today or today_in_london()
    due = list(
        db.session.scalars(
            select(CaseMilestone).where(
                CaseMilestone.status == MilestoneStatus.PENDING,
                CaseMilestone.code.in_(REMIND_CODES),
                CaseMilestone.due >= today,
                CaseMilestone.due <= today + timedelta(days=days),
                CaseMilestone.notified_at.is_(None),
            )
        )
    )
    with request_context():
        return _remind(due)


def _remind(due: list[CaseMilestone]) -> int:
    sent = 0
    for milestone in due:
        case = milestone.case
        for user in family_members(case):
            if not _wants(user, "due"):
                continue
            queue_email(
                to=user.email, kind="case_deadline_near", locale=user.locale or "en", template="case_deadline_near",
                subject=_l("A date in your case %(reference)s is coming up", reference=case.reference),
                reference=case.reference, link=link("cases.your_case", case_id=case.id), step=_title(milestone),
                due=milestone.due,
            )  # fmt: skip
            sent += 1
        # notified_at is the family side's own column; bumping the version here is harmless for the officers.
        milestone.notified_at = now_utc()
    db.session.flush()
    return sent
