"""Complaints: the family's draft and submission, the officer's triage, the working-day clock, responses,
escalation, reminders and the themes report.

Time limits (../shared/reference/statutory-timelines.md, "Complaints, mediation and safeguarding"):
- corporate procedure, LGSCO Complaint Handling Code (2024): stage 1 acknowledge within 5 working days of
  receipt (6.2), respond within 10 working days of the acknowledgement (6.3), extend by up to 10 more with
  reasons and Ombudsman details (6.4-6.5); stage 2 acknowledge 5, respond 20 from the acknowledgement.
  Stage 2 extension of up to 20 more is what councils adopting the Code allow (verify the Code paragraph).
- children's social care statutory procedure (SI 2006/1738): stage 1 respond within 10 working days, complex
  cases up to 20 (reg 14); stage 2 within 25, up to 65 (reg 17); stage 3 runs three clocks: the review panel
  meets within 30 working days of the request (reg 19(2)), sends its report within 5 working days of meeting,
  and the council responds within 15 working days of the report (the last two from LG Inform duty 3565:
  verify the regulation). Stage 2 and 3 clocks are counted here from the request (verify against the regs).
  The acknowledgement target of 5 working days for this procedure is the council's own, not the regulations'.
Working days: Monday to Friday except England and Wales bank holidays (portal/cases/deadlines.py).
"""

from __future__ import annotations

import csv
import hashlib
import io
import secrets
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portal.auth.models import Role, User
from portal.auth.services import audit
from portal.cases import timeline
from portal.config import ROOT
from portal.db import db, utcnow
from portal.feedback.complaint_models import Complaint, ComplaintDraft, ComplaintEvent, ComplaintReminder
from portal.notifications.services import queue_email
from portal.platform.clock import today_in_london
from portal.platform.links import absolute_url
from portal.platform.working_days import add_working_days
from portal.safeguarding.services import flagged_ids, screen_and_flag

SOURCE = "complaint"
OPEN_STATUSES = ("new", "open", "escalated")
DUE_SOON_WORKING_DAYS = 2


class ComplaintNotFound(LookupError):
    """No such complaint, or not this person's to see (the two look the same from outside)."""


class NotAllowed(ValueError):
    """The change does not fit where the complaint is (for example, escalating a closed stage)."""


# The working-day clock ---------------------------------------------------------------------------------


# Children's statutory procedure, stage 3 (SI 2006/1738): three clocks in a row. (verify) The 5 and 15 working
# days come from LG Inform duty 3565 in the reference notes, not from the regulation's text.
STAGE_3_PANEL_DAYS = 30  # reg 19(2): the panel meets within 30 working days of the request
STAGE_3_REPORT_DAYS = 5  # the panel's report, within 5 working days after it meets
STAGE_3_RESPONSE_DAYS = 15  # the council's response, within 15 working days after the report


@dataclass(frozen=True)
class StageRule:
    ack_days: int
    respond_days: int
    # "ack": from the acknowledgement; "start": from receipt or the escalation request; "panel_report": from the
    # review panel's report (statutory stage 3)
    respond_from: str
    max_extension: int
    verify: bool = False
    rule: str = ""


RULES: dict[tuple[str, int], StageRule] = {
    ("corporate", 1): StageRule(5, 10, "ack", 10, rule="LGSCO Complaint Handling Code 6.2-6.5"),
    ("corporate", 2): StageRule(5, 20, "ack", 20, verify=True, rule="LGSCO Complaint Handling Code, stage 2"),
    ("statutory", 1): StageRule(5, 10, "start", 10, rule="SI 2006/1738 reg 14"),
    ("statutory", 2): StageRule(5, 25, "start", 40, verify=True, rule="SI 2006/1738 reg 17"),
    # Stage 3's response clock runs from the panel's report, not from the request: see response_due.
    ("statutory", 3): StageRule(
        5,
        STAGE_3_RESPONSE_DAYS,
        "panel_report",
        0,
        verify=True,
        rule="SI 2006/1738 reg 19 (review panel meets within 30 working days), panel report "
        "within 5 working days and the council's response within 15 working days "
        "after it",
    ),
}
FINAL_STAGE = {"corporate": 2, "statutory": 3}


def rule_for(complaint: Complaint) -> StageRule:
    """The time limits for the complaint's procedure and stage (corporate until it is triaged)."""
    return RULES.get((complaint.procedure or "corporate", complaint.stage), RULES[("corporate", 1)])


def acknowledge_due(complaint: Complaint) -> date:
    return add_working_days(complaint.stage_started_on, rule_for(complaint).ack_days)


def has_review_panel(complaint: Complaint) -> bool:
    """Statutory stage 3: an independent review panel meets, reports, and then the council responds."""
    return rule_for(complaint).respond_from == "panel_report"


def panel_due(complaint: Complaint) -> date:
    """Stage 3: the last day for the review panel to meet (30 working days from the request)."""
    return add_working_days(complaint.stage_started_on, STAGE_3_PANEL_DAYS)


def panel_report_due(complaint: Complaint) -> date:
    """Stage 3: the panel's report, 5 working days after it met (or after it should have met)."""
    return add_working_days(complaint.panel_on or panel_due(complaint), STAGE_3_REPORT_DAYS)


def response_due(complaint: Complaint) -> date:
    """The last day for the response: from the acknowledgement (or when it is due), from the start, or (stage 3)
    from the panel's report (or when it is due)."""
    rule = rule_for(complaint)
    if rule.respond_from == "ack":
        base = complaint.acknowledged_on or acknowledge_due(complaint)
    elif rule.respond_from == "panel_report":
        base = complaint.panel_report_on or panel_report_due(complaint)
    else:
        base = complaint.stage_started_on
    return add_working_days(base, rule.respond_days + complaint.extension_days)


CLOCK_LABELS: dict[str, Any] = {
    "acknowledge": _l("Acknowledge by"),
    "panel": _l("Review panel to meet by"),
    "panel_report": _l("Panel report by"),
    "respond": _l("Respond by"),
}


@dataclass
class Clock:
    what: str  # "acknowledge", "panel", "panel_report" or "respond"
    due: date
    state: str  # "overdue", "due_soon" or "on_track"

    @property
    def label(self) -> str:
        return str(CLOCK_LABELS[self.what])


def clocks(complaint: Complaint, today: date | None = None) -> list[Clock]:
    """The deadlines still running on the complaint's current stage, each with its marker."""
    if complaint.status not in OPEN_STATUSES or complaint.procedure == "signposted":
        return []
    today = today or today_in_london()
    found = []
    if complaint.acknowledged_on is None:
        found.append(("acknowledge", acknowledge_due(complaint)))
    if has_review_panel(complaint) and complaint.responded_on is None:
        if complaint.panel_on is None:
            found.append(("panel", panel_due(complaint)))
        if complaint.panel_report_on is None:
            found.append(("panel_report", panel_report_due(complaint)))
    if complaint.responded_on is None:
        found.append(("respond", response_due(complaint)))
    soon = add_working_days(today, DUE_SOON_WORKING_DAYS)
    return [Clock(what, due, "overdue" if today > due else "due_soon" if due <= soon else "on_track")
            for what, due in found]  # fmt: skip


def marker(complaint: Complaint, today: date | None = None) -> str | None:
    """The worst marker of the running clocks (for the queue)."""
    states = {c.state for c in clocks(complaint, today)}
    return next((s for s in ("overdue", "due_soon", "on_track") if s in states), None)


# The family's draft -------------------------------------------------------------------------------------

ROUTED = ("ehc_decision", "school", "health")


def get_draft(draft_id: str | None) -> ComplaintDraft | None:
    return db.session.get(ComplaintDraft, draft_id) if draft_id else None


def start_draft(*, user: User | None) -> ComplaintDraft:
    draft = ComplaintDraft(user_id=user.id if user else None, answers={})
    db.session.add(draft)
    db.session.flush()
    return draft


def contact_details_of(user: User | None) -> dict[str, str]:
    """What we already know of a signed-in person for the contact question: their name and e-mail address."""
    if user is None:
        return {}
    return {key: value for key, value in (("name", user.display_name), ("email", user.email)) if value}


def save_answers(draft: ComplaintDraft, **answers: Any) -> ComplaintDraft:
    """Keep the answers to one question (JSON column: assign a new dict so the change is seen)."""
    draft.answers = {**(draft.answers or {}), **answers}
    db.session.flush()
    return draft


def missing_step(answers: dict[str, Any]) -> str | None:
    """The first question not answered yet, or None when the draft is ready to check."""
    for step, key in (("about", "about"), ("what_happened", "what_happened"), ("outcome", "outcome_wanted"),
                      ("contact", "contact_by")):  # fmt: skip
        if not answers.get(key):
            return step
    return None


def purge_drafts(days: int = 30) -> int:
    """Delete drafts not touched for `days` days, with any file they hold. Returns how many."""
    cutoff = utcnow() - timedelta(days=days)
    old = list(db.session.scalars(select(ComplaintDraft).where(ComplaintDraft.updated_at < cutoff)))
    for draft in old:
        attachment = (draft.answers or {}).get("attachment")
        if attachment:
            upload_path(attachment).unlink(missing_ok=True)
        db.session.delete(draft)
    db.session.flush()
    return len(old)


def cases_for(user: User) -> list[Any]:
    """EHC cases this person may see: the cases domain's own rule (children linked to them that they may see).

    Having made the request is not enough: a young person who holds their own rights may have withdrawn the
    parent's access, and then the parent's complaint form must not list (or let them pick) that case.
    """
    return timeline.cases_for(user)


# Uploads --------------------------------------------------------------------------------------------------

MAX_UPLOAD = 5 * 1024 * 1024
UPLOAD_TYPES = {"pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg", "heic": "image/heic",
                "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                "doc": "application/msword"}  # fmt: skip


class UploadRejected(ValueError):
    pass


def sniff(data: bytes) -> str | None:
    """The file's type from its content (never its name), or None if complaints do not accept it.

    The content check is the one the EHC request uploads use (portal/cases/uploads.py).
    """
    from portal.cases import uploads

    # HEIC is what an iPhone's camera saves: a parent's photo of a letter must not be refused.
    return {uploads.PDF: "pdf", uploads.PNG: "png", uploads.JPEG: "jpg", uploads.HEIC: "heic", uploads.DOCX: "docx",
            uploads.DOC: "doc"}.get(uploads.sniff(data) or "")  # fmt: skip


def _virus_check(data: bytes) -> None:
    """Scan with ClamAV when the council has configured clamd (as the EHC request uploads are)."""
    from portal.cases import uploads

    if not uploads.scanner_configured():
        return
    try:
        result = uploads.clamd_scan(data)
    except uploads.UploadError as error:
        raise UploadRejected(_l("We could not check the file for viruses. Try again later, or send it to us "
                                "another way.")) from error  # fmt: skip
    if not result.clean:
        raise UploadRejected(_l("The selected file contains a virus"))


def upload_dir() -> Path:
    """Outside the web root (instance/), never served as static files."""
    folder = Path(current_app.config.get("COMPLAINT_UPLOAD_DIR") or ROOT / "instance" / "complaint-uploads")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def store_upload(data: bytes, filename: str) -> dict[str, Any]:
    """Check and keep an uploaded file; return what the draft and the complaint remember about it.

    Raises:
        UploadRejected: empty, too big, or not a PDF, Word document or photo (JPEG, PNG or HEIC).
    """
    if not data:
        raise UploadRejected(_l("The selected file is empty"))
    if len(data) > MAX_UPLOAD:
        raise UploadRejected(_l("The selected file must be smaller than 5MB"))
    kind = sniff(data)
    if kind is None:
        raise UploadRejected(_l("The selected file must be a PDF, a Word document, or a JPEG, PNG or HEIC photo"))
    _virus_check(data)
    stored = uuid.uuid4().hex
    (upload_dir() / stored).write_bytes(data)
    name = "".join(ch for ch in Path(filename or "file").name if ch.isalnum() or ch in " ._-")[:100].strip()
    return {"stored": stored, "name": _download_name(name, kind), "type": kind, "size": len(data)}


def discard_upload(attachment: dict[str, Any] | None) -> None:
    """Delete a file the family removed or replaced before sending (nobody can reach it any more)."""
    if not attachment:
        return
    try:
        upload_path(attachment).unlink(missing_ok=True)
    except ComplaintNotFound:
        return


def purge_orphan_uploads(*, older_than: timedelta = timedelta(days=1)) -> int:
    """Delete stored files no draft or complaint refers to (left by a crash or an older version). Returns how many.

    Files younger than `older_than` stay: one may be on its way into a draft right now.
    """
    folder = upload_dir()
    keep: set[str] = set()
    for answers in db.session.scalars(select(ComplaintDraft.answers)):
        keep.add(str(((answers or {}).get("attachment") or {}).get("stored", "")))
    for attachment in db.session.scalars(select(Complaint.attachment).where(Complaint.attachment.is_not(None))):
        keep.add(str((attachment or {}).get("stored", "")))
    cutoff = (utcnow() - older_than).timestamp()
    removed = 0
    for path in folder.iterdir():
        if path.is_file() and path.name not in keep and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def _download_name(name: str | None, kind: str) -> str:
    """The extension comes from the detected type, never the uploader's name (`letter.pdf.hta` -> `letter.pdf`)."""
    from portal.cases.uploads import download_name

    return download_name(name, f".{kind}")


def upload_path(attachment: dict[str, Any]) -> Path:
    stored = str(attachment.get("stored", ""))
    if not stored.isalnum():
        raise ComplaintNotFound("attachment")
    return upload_dir() / stored


# Submitting -----------------------------------------------------------------------------------------------


def _reference() -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "CMP-" + "".join(secrets.choice(alphabet) for _ in range(8))


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass
class Submitted:
    complaint: Complaint
    token: str | None  # the secret link's token, only when just created for someone not signed in
    created: bool


def submit(draft: ComplaintDraft, *, key: str, user: User | None, locale: str, today: date | None = None) -> Submitted:
    """Turn the draft into a complaint once (the hidden key is unique), screen it, and e-mail a receipt.

    Raises:
        NotAllowed: the draft is missing an answer.
    """
    existing = db.session.scalar(select(Complaint).where(Complaint.idempotency_key == key))
    if existing is not None:
        return Submitted(existing, None, False)
    answers = dict(draft.answers or {})
    if missing_step(answers):
        raise NotAllowed("incomplete")
    token = None if user else secrets.token_urlsafe(24)
    complaint = Complaint(
        reference=_reference(),
        user_id=user.id if user else None,
        access_token_hash=_hash(token) if token else None,
        access_token_expires_at=_link_expiry() if token else None,
        idempotency_key=key,
        locale=locale,
        about=answers["about"],
        category=answers["about"],
        what_happened=answers["what_happened"],
        outcome_wanted=answers["outcome_wanted"],
        name=answers.get("name") or "",
        email=answers.get("email") or None,
        phone=answers.get("phone") or None,
        contact_by=answers.get("contact_by") or "email",
        address=answers.get("address") or None,
        adjustments=answers.get("adjustments") or None,
        case_reference=answers.get("case_reference") or None,
        attachment=answers.get("attachment"),
        status="new",
        stage=1,
        stage_started_on=today or today_in_london(),
        extension_days=0,
    )
    try:
        with db.session.begin_nested():
            db.session.add(complaint)
    except IntegrityError:
        # The same key sent twice at once: the other request won.
        existing = db.session.scalar(select(Complaint).where(Complaint.idempotency_key == key))
        if existing is None:
            raise
        return Submitted(existing, None, False)
    db.session.add(ComplaintEvent(complaint=complaint, kind="received", stage=1, shared=True))
    db.session.delete(draft)
    db.session.flush()
    words = "\n".join(x for x in (complaint.what_happened, complaint.outcome_wanted, complaint.adjustments) if x)
    screen_and_flag(words, source=SOURCE, source_id=complaint.id, language=locale)
    if complaint.email:
        queue_email(to=complaint.email, kind="complaint_received", locale=locale,
                    subject=_l("We have your complaint: %(reference)s", reference=complaint.reference),
                    template="complaint_received", complaint=complaint, link=view_link(complaint, token),
                    ack_due=acknowledge_due(complaint), days=current_app.config["COMPLAINT_LINK_DAYS"],
                    new_link=absolute_url("feedback.complaint_new_link") if token else None)  # fmt: skip
    return Submitted(complaint, token, True)


def _link_expiry() -> datetime:
    return utcnow() + timedelta(days=current_app.config["COMPLAINT_LINK_DAYS"])


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def send_fresh_link(*, reference: str, email: str) -> None:
    """E-mail a new secret link when the reference and the complaint's e-mail address match; otherwise nothing.

    The caller shows the same reply either way, so this cannot be used to find out whether a complaint exists.
    The new link replaces the old one. Someone who complained while signed in is sent the address of their
    account's page instead (they read it after signing in).
    """
    reference = (reference or "").strip().upper()
    wanted = (email or "").strip().lower()
    complaint = db.session.scalar(select(Complaint).where(Complaint.reference == reference)) if reference else None
    if complaint is None or not complaint.email or complaint.email.strip().lower() != wanted:
        return
    token = None
    if complaint.user_id is None:
        token = secrets.token_urlsafe(24)
        complaint.access_token_hash = _hash(token)
        complaint.access_token_expires_at = _link_expiry()
    db.session.flush()
    queue_email(to=complaint.email, kind="complaint_link", locale=complaint.locale,
                subject=_l("Your link to complaint %(reference)s", reference=complaint.reference),
                template="complaint_link", complaint=complaint, link=view_link(complaint, token),
                days=current_app.config["COMPLAINT_LINK_DAYS"])  # fmt: skip


def view_link(complaint: Complaint, token: str | None) -> str | None:
    """Where the complainant reads replies: their account, or the secret link for someone not signed in."""
    if complaint.user_id:
        return absolute_url("feedback.your_complaint", reference=complaint.reference)
    if token:
        return absolute_url("feedback.complaint_by_link", token=token)
    return None


# What a complainant may see ------------------------------------------------------------------------------


def complaints_of(user: User) -> list[Complaint]:
    query = select(Complaint).where(Complaint.user_id == user.id).order_by(Complaint.created_at.desc())
    return list(db.session.scalars(query))


def complaint_of(user: User, reference: str) -> Complaint:
    """Raises: ComplaintNotFound unless this signed-in person made it."""
    found = db.session.scalar(select(Complaint).where(Complaint.reference == reference))
    if found is None or found.user_id is None or found.user_id != user.id:
        raise ComplaintNotFound(reference)
    return found


def complaint_by_token(token: str) -> Complaint:
    """Raises: ComplaintNotFound for an unknown token."""
    if not token or len(token) > 100:
        raise ComplaintNotFound("token")
    found = db.session.scalar(select(Complaint).where(Complaint.access_token_hash == _hash(token)))
    # An expired link looks the same as a wrong one; either way the page offers a fresh link by e-mail.
    if found is None or (found.access_token_expires_at and _aware(found.access_token_expires_at) <= utcnow()):
        raise ComplaintNotFound("token")
    return found


def shared_events(complaint: Complaint) -> list[ComplaintEvent]:
    return [e for e in complaint.events if e.shared]


def can_escalate(complaint: Complaint) -> bool:
    """After a response at a stage that is not the last, and not for complaints signposted elsewhere."""
    procedure = complaint.procedure or "corporate"
    return (
        complaint.responded_on is not None
        and complaint.procedure != "signposted"
        and complaint.status in ("open", "escalated", "responded")
        and complaint.stage < FINAL_STAGE.get(procedure, 2)
    )


def escalate(complaint: Complaint, *, reason: str, actor: User | None, today: date | None = None) -> Complaint:
    """The complainant asks for the next stage: a new clock starts from today.

    Raises:
        NotAllowed: there is no next stage, or no response yet.
    """
    if not can_escalate(complaint):
        raise NotAllowed("cannot escalate")
    complaint.stage += 1
    complaint.stage_started_on = today or today_in_london()
    complaint.acknowledged_on = None
    complaint.responded_on = None
    complaint.panel_on = None
    complaint.panel_report_on = None
    complaint.extension_days = 0
    complaint.extension_reason = None
    complaint.status = "escalated"
    event = ComplaintEvent(complaint=complaint, kind="escalated", stage=complaint.stage, body=reason,
                           actor_id=actor.id if actor else None, shared=True)  # fmt: skip
    db.session.add(event)
    db.session.flush()
    screen_and_flag(reason, source=SOURCE, source_id=complaint.id, language=complaint.locale)
    return complaint


# Officers: the queue and the changes they make ---------------------------------------------------------------


def officers() -> list[User]:
    """People who can be given a complaint."""
    users = db.session.scalars(select(User).where(User.disabled.is_(False)).order_by(User.display_name))
    return [u for u in users if u.has_role(Role.COMPLAINTS)]


def queue(*, status: str | None = "open", assigned_to: str | None = None) -> list[Complaint]:
    """Open complaints (or all, or closed) with the most urgent first."""
    query = select(Complaint)
    if status == "open":
        query = query.where(Complaint.status.in_(OPEN_STATUSES))
    elif status == "closed":
        query = query.where(Complaint.status.not_in(OPEN_STATUSES))
    if assigned_to:
        query = query.where(Complaint.assigned_to == assigned_to)
    found = list(db.session.scalars(query.order_by(Complaint.created_at)))
    order = {"overdue": 0, "due_soon": 1, "on_track": 2, None: 3}
    return sorted(found, key=lambda c: (order[marker(c)], min((k.due for k in clocks(c)), default=date.max)))


def get_for_officer(complaint_id: str, *, user: User) -> Complaint:
    """Raises: ComplaintNotFound. Every officer read is audited."""
    found = db.session.get(Complaint, complaint_id)
    if found is None:
        raise ComplaintNotFound(complaint_id)
    audit(actor=user, action="complaint.read", object_type="complaint", object_id=found.id)
    return found


def _event(complaint: Complaint, kind: str, user: User, body: str | None = None, *, shared: bool = False,
           on_time: bool | None = None) -> ComplaintEvent:  # fmt: skip
    event = ComplaintEvent(complaint=complaint, kind=kind, stage=complaint.stage, body=body, actor_id=user.id,
                           shared=shared, on_time=on_time)  # fmt: skip
    db.session.add(event)
    db.session.flush()
    audit(
        actor=user, action=f"complaint.{kind}", object_type="complaint", object_id=complaint.id, stage=complaint.stage
    )
    return event


def triage(complaint: Complaint, *, user: User, category: str, team: str | None, procedure: str,
           assigned_to: str | None, note: str | None = None, today: date | None = None) -> Complaint:  # fmt: skip
    """Set category, team, procedure and owner; a complaint signposted elsewhere is closed with a note to them."""
    complaint.category = category
    complaint.team = team or None
    if assigned_to and not any(o.id == assigned_to for o in officers()):
        raise NotAllowed("not a complaints officer")
    complaint.assigned_to = assigned_to or None
    if procedure != complaint.procedure and complaint.stage > FINAL_STAGE.get(procedure, 1):
        raise NotAllowed("stage does not exist in that procedure")
    complaint.procedure = procedure
    if complaint.status == "new":
        complaint.status = "open"
    _event(complaint, "triaged", user, f"{category} / {procedure} / {team or '-'}")
    if procedure == "signposted":
        complaint.status = "signposted"
        complaint.closed_on = today or today_in_london()
        body = note or str(SIGNPOST_DEFAULT)
        _event(complaint, "signposted", user, body, shared=True)
        _email(complaint, "complaint_update", _l("About your complaint %(reference)s", reference=complaint.reference),
               body=body)  # fmt: skip
    return complaint


def acknowledge(complaint: Complaint, *, user: User, message: str, today: date | None = None) -> Complaint:
    """Record the acknowledgement (it starts the response clock under the Code) and send it."""
    if complaint.acknowledged_on is not None:
        raise NotAllowed("already acknowledged")
    complaint.acknowledged_on = today or today_in_london()
    if complaint.status == "new":
        complaint.status = "open"
    _event(
        complaint,
        "acknowledged",
        user,
        message,
        shared=True,
        on_time=complaint.acknowledged_on <= acknowledge_due(complaint),
    )
    _email(complaint, "complaint_update", _l("We are looking at your complaint %(reference)s", reference=complaint.reference),
           body=message, due=response_due(complaint))  # fmt: skip
    return complaint


def record_review_panel(complaint: Complaint, *, user: User, panel_on: date, report_on: date | None = None,
                        today: date | None = None) -> Complaint:  # fmt: skip
    """Stage 3: record when the review panel met and (once it arrives) its report; the response clock follows.

    Raises:
        NotAllowed: not a stage with a review panel, already answered, or the dates are impossible.
    """
    today = today or today_in_london()
    if not has_review_panel(complaint) or complaint.responded_on is not None:
        raise NotAllowed("no review panel at this stage")
    if panel_on < complaint.stage_started_on or panel_on > today:
        raise NotAllowed("panel date")
    if report_on is not None and (report_on < panel_on or report_on > today):
        raise NotAllowed("report date")
    changed = []
    if complaint.panel_on != panel_on:
        complaint.panel_on = panel_on
        changed.append(f"panel met {panel_on.isoformat()}")
    if report_on is not None and complaint.panel_report_on != report_on:
        complaint.panel_report_on = report_on
        changed.append(f"report received {report_on.isoformat()}")
    if changed:
        _event(complaint, "review_panel", user, "; ".join(changed))
    return complaint


def extend(complaint: Complaint, *, user: User, days: int, reason: str) -> Complaint:
    """Give more time, within the procedure's limit, with reasons the complainant sees (and Ombudsman details).

    Raises:
        NotAllowed: beyond the limit for this stage, or already answered.
    """
    rule = rule_for(complaint)
    if complaint.responded_on is not None or days < 1 or complaint.extension_days + days > rule.max_extension:
        raise NotAllowed("extension")
    complaint.extension_days += days
    complaint.extension_reason = reason
    body = f"{reason}\n\n{ombudsman_text()}"
    _event(complaint, "extended", user, body, shared=True)
    _email(complaint, "complaint_update", _l("We need more time on your complaint %(reference)s", reference=complaint.reference),
           body=body, due=response_due(complaint))  # fmt: skip
    return complaint


def is_final(complaint: Complaint) -> bool:
    return complaint.stage >= FINAL_STAGE.get(complaint.procedure or "corporate", 2)


def respond(complaint: Complaint, *, user: User, outcome: str, body: str, today: date | None = None) -> ComplaintEvent:
    """Send the stage's response. It always ends with what to do next: the next stage, or (final) the Ombudsman."""
    if complaint.responded_on is not None or complaint.status not in OPEN_STATUSES:
        raise NotAllowed("already answered")
    today = today or today_in_london()
    on_time = today <= response_due(complaint)
    complaint.responded_on = today
    complaint.outcome = outcome
    if complaint.acknowledged_on is None:
        complaint.acknowledged_on = today
    final = is_final(complaint)
    ending = ombudsman_text() if final else next_stage_text(complaint)
    full = f"{body.rstrip()}\n\n{ending}"
    complaint.status = "closed" if final else "responded"
    if final:
        complaint.closed_on = today
    event = _event(complaint, "response", user, full, shared=True, on_time=on_time)
    _email(complaint, "complaint_response", _l("Our response to your complaint %(reference)s", reference=complaint.reference),
           body=full)  # fmt: skip
    return event


def close_unescalated(complaint: Complaint, *, user: User, today: date | None = None) -> Complaint:
    """Close a complaint whose response was not taken further."""
    complaint.status = "closed"
    complaint.closed_on = today or today_in_london()
    _event(complaint, "closed", user)
    return complaint


def _email(complaint: Complaint, template: str, subject: Any, **context: Any) -> None:
    if not complaint.email:
        return
    link = view_link(complaint, None)
    # Someone who was not signed in has only the secret link, which may have expired: tell them how to get a new one.
    new_link = None if complaint.user_id else absolute_url("feedback.complaint_new_link")
    queue_email(to=complaint.email, kind=template, subject=subject, template=template, locale=complaint.locale,
                complaint=complaint, link=link, new_link=new_link, **context)  # fmt: skip


def attachment_for(complaint: Complaint) -> tuple[Path, str, str]:
    """(path, download name, mime type) of the complaint's file. Raises: ComplaintNotFound."""
    if not complaint.attachment:
        raise ComplaintNotFound("attachment")
    path = upload_path(complaint.attachment)
    if not path.exists():
        raise ComplaintNotFound("attachment")
    kind = complaint.attachment.get("type", "pdf")
    name = _download_name(complaint.attachment.get("name"), kind)  # files kept before names were made safe too
    return path, name, UPLOAD_TYPES.get(kind, "application/octet-stream")


# Words the portal adds ------------------------------------------------------------------------------------


def ombudsman_text() -> str:
    """LGSCO signposting: every final response, and every extension (Code 6.5), carries it."""
    return str(_l(
        "If you are still unhappy, you can ask the Local Government and Social Care Ombudsman to look at your "
        "complaint. The Ombudsman is free and independent. You should usually contact them within 12 months of "
        "finding out about the problem. Website: www.lgo.org.uk"
    ))  # fmt: skip


def next_stage_text(complaint: Complaint) -> str:
    if complaint.procedure == "statutory":
        return str(_l(
            "If you are still unhappy, you can ask for stage %(stage)s. Please ask within 20 working days of this "
            "response. You can do this from the page where you read this response, or by replying to us.",
            stage=complaint.stage + 1,
        ))  # fmt: skip
    return str(_l(
        "If you are still unhappy, you can ask for stage %(stage)s. You can do this from the page where you read "
        "this response, or by replying to us.",
        stage=complaint.stage + 1,
    ))  # fmt: skip


SIGNPOST_DEFAULT = _l(
    "We have looked at your complaint. It is about something another organisation decides, so we cannot answer "
    "it through the council's complaints procedure. We have explained below who can help."
)

RESPONSE_TEMPLATES: dict[str, tuple[Any, Any]] = {
    "thanks": (_l("Thank you and summary"), _l(
        "Thank you for telling us about this. I understand that your complaint is about [summary]. "
        "You told us you would like [outcome wanted].")),
    "findings": (_l("What we found"), _l(
        "I have looked at the records and spoken to [team]. I found that [findings].")),
    "apology": (_l("Apology"), _l(
        "I am sorry that this happened and for the effect it had on you and your family.")),
    "delay": (_l("Delay in the EHC process"), _l(
        "The law sets time limits for each step of an EHC needs assessment. We did not meet the time limit for "
        "[step]. This was because [reason]. To put this right we will [action] by [date].")),
    "not_upheld": (_l("Not upheld"), _l(
        "I have not found that the council did something wrong in this case, because [reason]. "
        "I know this is not the answer you hoped for.")),
    "actions": (_l("What we will do"), _l(
        "We will [action] by [date]. [Name] will keep you updated. We have also shared what we learnt with [team] "
        "so that it does not happen again.")),
}  # fmt: skip


def template_text(keys: list[str]) -> str:
    return "\n\n".join(str(RESPONSE_TEMPLATES[k][1]) for k in keys if k in RESPONSE_TEMPLATES)


# Reminders ------------------------------------------------------------------------------------------------


def remind(today: date | None = None) -> int:
    """Queue a reminder before each due date and an alert after it; each one only once. Returns how many."""
    today = today or today_in_london()
    settings = current_app.config.get("COUNCIL")
    team_inbox = getattr(settings, "complaints_email", None)
    sent = 0
    for complaint in queue(status="open"):
        owner = db.session.get(User, complaint.assigned_to) if complaint.assigned_to else None
        to = owner.email if owner else team_inbox
        if not to:
            continue
        for clock in clocks(complaint, today):
            if clock.state == "on_track":
                continue
            key = f"{complaint.id}:{complaint.stage}:{clock.what}:{clock.state}:{clock.due.isoformat()}"
            if db.session.scalar(select(ComplaintReminder.id).where(ComplaintReminder.key == key)):
                continue
            db.session.add(ComplaintReminder(key=key, complaint_id=complaint.id, sent_at=utcnow()))
            subject = (_l("Overdue: complaint %(reference)s", reference=complaint.reference) if clock.state == "overdue"
                       else _l("Due soon: complaint %(reference)s", reference=complaint.reference))  # fmt: skip
            queue_email(to=to, kind="complaint_reminder", subject=subject, template="complaint_reminder",
                        locale=owner.locale if owner else "en", complaint=complaint, clock=clock,
                        link=absolute_url("feedback.officer_complaint", complaint_id=complaint.id))  # fmt: skip
            sent += 1
    db.session.flush()
    return sent


# The themes report ---------------------------------------------------------------------------------------------


@dataclass
class Report:
    total: int = 0
    by_category: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    by_team: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    by_outcome: Counter[str] = field(default_factory=Counter)
    timeliness: dict[int, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    held_back: int = 0


def report(*, since: date | None = None, until: date | None = None) -> Report:
    """Counts by category, team, outcome and whether each stage's response was on time (no personal data)."""
    query = select(Complaint)
    if since:
        query = query.where(Complaint.created_at >= since)
    if until:
        query = query.where(Complaint.created_at < until + timedelta(days=1))
    result = Report()
    for complaint in db.session.scalars(query):
        result.total += 1
        outcome = complaint.outcome or ("signposted" if complaint.status == "signposted" else "open")
        category = complaint.category or complaint.about
        result.by_category[category][outcome] += 1
        result.by_category[category]["total"] += 1
        result.by_team[complaint.team or "-"][outcome] += 1
        result.by_team[complaint.team or "-"]["total"] += 1
        result.by_outcome[outcome] += 1
        for event in complaint.events:
            if event.kind == "response":
                result.timeliness[event.stage]["on_time" if event.on_time else "late"] += 1
    return result


CSV_FIELDS = ("reference", "received", "category", "team", "procedure", "stage", "status", "outcome",
              "stage_1_on_time", "stage_2_on_time", "stage_3_on_time")  # fmt: skip


def report_csv(*, since: date | None = None, until: date | None = None) -> str:
    """One anonymised row per complaint for the annual report; safeguarding-flagged complaints are held back."""
    held_back = flagged_ids(SOURCE)
    query = select(Complaint).order_by(Complaint.created_at)
    if since:
        query = query.where(Complaint.created_at >= since)
    if until:
        query = query.where(Complaint.created_at < until + timedelta(days=1))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_FIELDS)
    for c in db.session.scalars(query):
        if c.id in held_back:
            continue
        on_time = {e.stage: e.on_time for e in c.events if e.kind == "response"}
        writer.writerow([c.reference, c.created_at.date().isoformat(), c.category or c.about, c.team or "",
                         c.procedure or "", c.stage, c.status, c.outcome or "",
                         *("" if on_time.get(s) is None else ("yes" if on_time[s] else "no") for s in (1, 2, 3))])  # fmt: skip
    return out.getvalue()


def theme_candidates(limit: int) -> list[Any]:
    """Complaint themes for "You said, we did": counts per category only, nothing flagged, no words."""
    from portal.feedback.forms import ABOUT_CHOICES
    from portal.surveys.sources import Candidate

    labels = {c.value: c.label for c in ABOUT_CHOICES}
    held_back = flagged_ids(SOURCE)
    counts: Counter[str] = Counter()
    first: dict[str, date] = {}
    for c in db.session.scalars(select(Complaint).order_by(Complaint.created_at)):
        if c.id in held_back:
            continue
        key = c.category or c.about
        counts[key] += 1
        first.setdefault(key, c.created_at.date())
    found = []
    for key, count in counts.most_common(limit):
        found.append(Candidate(kind="complaint_theme", ref=f"complaint_theme:{key}", title=str(labels.get(key, key)),
                               detail=ngettext("%(num)d complaint", "%(num)d complaints", count), when=first[key]))  # fmt: skip
    return found
