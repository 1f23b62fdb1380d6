"""The safeguarding lead's queue (see feedback/safeguarding_views.py), fed by the shared safeguarding domain.

Every form in the portal that takes free text (the assistant, page feedback, complaints, the young
person's space, assessment requests, survey answers) calls `portal.safeguarding.services.screen_and_flag` on
the words before it acknowledges them. Flagged words come here exactly as written; they are never
shown in anonymised reports or exports (`portal.safeguarding.services.is_flagged` tells those what to hold back).

The queue works to a same-working-day target: a flag is due by the end of the working day it was raised,
or of the next working day when it was raised after hours, at a weekend or on a bank holiday. An alert
still unacknowledged after its due time is e-mailed to the safeguarding leads, then to administrators
(`portal feedback safeguarding-escalate`, run every few minutes by the scheduler).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from portal.auth.models import Role, User
from portal.auth.services import audit
from portal.chat.models import CallbackRequest
from portal.db import db, utcnow
from portal.feedback.complaint_models import Complaint
from portal.feedback.voice_models import AllAboutMe, VoiceSubmission
from portal.notifications.services import queue_email
from portal.platform.links import absolute_url
from portal.safeguarding.clock import due_by_for
from portal.safeguarding.models import SafeguardingFlag
from portal.safeguarding.services import on_flag_raised

# Administrators are told when the leads have not acknowledged within this long after the due time.
ADMIN_ESCALATION_AFTER = timedelta(hours=2)

SOURCES = ("chat", "callback", "page_feedback", "complaint", "voice", "voice_unsafe", "all_about_me",
           "ehc_request", "survey_answer", "listing_proposal", "account_deletion")  # fmt: skip
REFERRALS = ("social_care", "police", "social_care_and_police", "none")
OPEN_STATUSES = ("new", "acknowledged")


class FlagNotFound(LookupError):
    """No safeguarding flag with this id."""


class FlagClosed(Exception):
    """The flag is closed: nothing more can be recorded on it."""


# The same-working-day target ----------------------------------------------------------------------------


def aware(moment: datetime) -> datetime:
    """SQLite gives back naive datetimes; everything stored is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def due_of(flag: Any) -> datetime:
    """The flag's due time (worked out from when it was raised if it predates the column)."""
    return aware(flag.due_by) if flag.due_by else due_by_for(flag.created_at)


def is_overdue(flag: Any, now: datetime | None = None) -> bool:
    """Not yet acknowledged and past its due time."""
    return flag.status == "new" and (now or utcnow()) > due_of(flag)


# The queue ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QueueRow:
    flag: Any
    due: datetime
    overdue: bool


def reads_every_flag(user: Any) -> bool:
    """Only the safeguarding lead grant reads every alert. An administrator without it reads only the alerts that
    reached them because no lead acted in time (issue 14: administration is not a licence to read alerts)."""
    return user is not None and user.has_role(Role.SAFEGUARDING)


def may_read(flag: Any, user: Any) -> bool:
    return reads_every_flag(user) or (user is not None and flag.escalated_admin_at is not None)


def queue(*, show: str = "open", user: Any = None) -> list[QueueRow]:
    """Flags for the safeguarding lead: open ones (oldest due first) or closed ones (latest first); for anyone
    else allowed in (an administrator), only the flags escalated to administrators."""
    query = select(SafeguardingFlag)
    if not reads_every_flag(user):
        query = query.where(SafeguardingFlag.escalated_admin_at.is_not(None))
    if show == "closed":
        query = query.where(SafeguardingFlag.status == "closed").order_by(SafeguardingFlag.created_at.desc())
    else:
        query = query.where(SafeguardingFlag.status.in_(OPEN_STATUSES)).order_by(SafeguardingFlag.created_at)
    now = utcnow()
    rows = [QueueRow(flag, due_of(flag), is_overdue(flag, now)) for flag in db.session.scalars(query.limit(500))]
    if show != "closed":
        rows.sort(key=lambda row: (not row.overdue, row.flag.status != "new", row.due))
    return rows


def open_count() -> int:
    """How many flags are still open (for the officers' home page)."""
    query = select(func.count()).select_from(SafeguardingFlag).where(SafeguardingFlag.status.in_(OPEN_STATUSES))
    return db.session.scalar(query) or 0


def get_flag(flag_id: str) -> Any:
    """One flag.

    Raises:
        FlagNotFound: no flag with this id.
    """
    flag = db.session.get(SafeguardingFlag, flag_id)
    if flag is None:
        raise FlagNotFound(flag_id)
    return flag


def who_raised(flag: Any) -> list[tuple[str, str]]:
    """What the portal knows about the person behind a flag, for the lead only: (what, value) pairs."""
    user_id: str | None = None
    extra: list[tuple[str, str]] = []
    if flag.source in ("voice_unsafe", "account_deletion"):
        user_id = flag.source_id
    elif flag.source == "voice" and flag.source_id:
        submission = db.session.get(VoiceSubmission, flag.source_id)
        user_id = submission.user_id if submission else None
    elif flag.source == "all_about_me" and flag.source_id:
        statement = db.session.get(AllAboutMe, flag.source_id)
        user_id = statement.owner_id if statement else None
    elif flag.source == "complaint" and flag.source_id:
        complaint = db.session.get(Complaint, flag.source_id)
        if complaint is not None:
            user_id = complaint.user_id
            extra = [("name", complaint.name or ""), ("email", complaint.email or ""), ("phone", complaint.phone or "")]
    elif flag.source == "callback" and flag.source_id:
        callback = db.session.get(CallbackRequest, flag.source_id)
        if callback is not None:
            extra = [("name", callback.name), ("email", callback.email or ""), ("phone", callback.phone or "")]
    found: list[tuple[str, str]] = []
    user = db.session.get(User, user_id) if user_id else None
    if user is not None:
        found += [("name", user.display_name), ("email", user.email)]
    for key, value in extra:
        if value and (key, value) not in found:
            found.append((key, value))
    return [(key, value) for key, value in found if value]


def acknowledge(flag: Any, *, actor: Any) -> Any:
    """The lead has read it: the clock stops. Acknowledging twice changes nothing.

    Raises:
        FlagClosed: the flag is already closed.
    """
    if flag.status == "closed":
        raise FlagClosed(flag.id)
    if flag.status == "new":
        flag.status = "acknowledged"
        flag.acknowledged_at = utcnow()
        flag.acknowledged_by = actor.email
        db.session.flush()
        audit(actor=actor, action="safeguarding.acknowledged", object_type="safeguarding_flag", object_id=flag.id)
    return flag


def record_action(
    flag: Any, *, actor: Any, action_taken: str, referral: str, referral_reason: str | None, close: bool
) -> Any:
    """What the lead did, the referral made (or why none), and whether the flag is now closed.

    Raises:
        FlagClosed: the flag is already closed.
        ValueError: an unknown referral, or no referral without a reason.
    """
    if flag.status == "closed":
        raise FlagClosed(flag.id)
    if referral not in REFERRALS:
        raise ValueError("unknown referral")
    if referral == "none" and not (referral_reason or "").strip():
        raise ValueError("a reason is needed when no referral is made")
    now = utcnow()
    if flag.status == "new":
        acknowledge(flag, actor=actor)
    flag.action_taken = action_taken
    flag.referral = referral
    flag.referral_reason = referral_reason or None
    flag.actioned_at = now
    flag.actioned_by = actor.email
    if close:
        flag.status = "closed"
        flag.closed_at = now
    db.session.flush()
    audit(actor=actor, action="safeguarding.closed" if close else "safeguarding.action_recorded",
          object_type="safeguarding_flag", object_id=flag.id, referral=referral)  # fmt: skip
    return flag


# Escalation ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Escalation:
    to_leads: int  # flags newly e-mailed to the safeguarding leads
    to_admins: int  # flags newly e-mailed to administrators
    emails: int


def _holders(role: str) -> list[Any]:
    users = db.session.scalars(select(User).where(User.disabled.is_(False)).order_by(User.email))
    return [user for user in users if user.has_role(role)]


def escalate_overdue(now: datetime | None = None) -> Escalation:
    """E-mail the safeguarding leads about each unacknowledged flag past its due time, then administrators
    if it is still unacknowledged ADMIN_ESCALATION_AFTER later (or at once when there is no lead).
    Each step happens once per flag, however often this runs. The e-mails never contain the words, and their
    link is absolute (from BASE_URL), whether a job, a command or a request sends them."""
    now = now or utcnow()
    leads, admins = _holders(str(Role.SAFEGUARDING)), _holders(str(Role.ADMIN))
    to_leads = to_admins = emails = 0
    pending = db.session.scalars(
        select(SafeguardingFlag)
        .where(SafeguardingFlag.status == "new", SafeguardingFlag.escalated_admin_at.is_(None))
        .order_by(SafeguardingFlag.created_at)
        .with_for_update(skip_locked=True)
    )
    for flag in pending:
        due = due_of(flag)
        if now <= due:
            continue
        recipients: list[Any] = []
        stage = ""
        if flag.escalated_at is None and leads:
            flag.escalated_at = now
            recipients, stage = leads, "lead"
            to_leads += 1
        elif (not leads or now >= due + ADMIN_ESCALATION_AFTER) and flag.escalated_admin_at is None:
            flag.escalated_at = flag.escalated_at or now
            flag.escalated_admin_at = now
            recipients, stage = admins, "administrator"
            to_admins += 1
        if not recipients and not stage:
            continue
        link = absolute_url("feedback.safeguarding_flag", flag_id=flag.id)
        for user in recipients:
            queue_email(
                to=user.email,
                kind="safeguarding_escalation",
                subject=_l("Safeguarding alert not yet acknowledged"),
                template="safeguarding_escalation",
                locale=user.locale or "en",
                raised=aware(flag.created_at),
                due=due,
                source=flag.source,
                stage=stage,
                link=link,
            )
            emails += 1
        db.session.flush()
        audit(actor=None, action="safeguarding.escalated", object_type="safeguarding_flag", object_id=flag.id,
              stage=stage, recipients=len(recipients))  # fmt: skip
    return Escalation(to_leads=to_leads, to_admins=to_admins, emails=emails)


def notify_new_flag(flag: Any) -> int:
    """Tell the safeguarding leads at once that an alert is waiting (administrators if there is no lead).

    The same-working-day clock starts when the words arrive, so nobody should have to find the queue by chance.
    Like the escalations, the e-mail never contains the flagged words. Returns how many e-mails were queued.
    """
    recipients = _holders(str(Role.SAFEGUARDING)) or _holders(str(Role.ADMIN))
    link = absolute_url("feedback.safeguarding_flag", flag_id=flag.id)
    for user in recipients:
        queue_email(to=user.email, kind="safeguarding_new", subject=_l("New safeguarding alert"),
                    template="safeguarding_new", locale=user.locale or "en", raised=aware(flag.created_at),
                    due=due_of(flag), source=flag.source, link=link)  # fmt: skip
    return len(recipients)


on_flag_raised(notify_new_flag)
