"""The request journey's services: server-side drafts, the steps, "check your answers", and the one-time submit.

A draft is an AssessmentRequest with status "draft"; each step's answers are saved into its `answers` JSON as
the family goes, so they can stop and come back (to `last_step`) until the draft expires. Submitting is one
transaction: the row is locked, its status checked, a reference given, the child linked, the case opened with
its statutory dates (services.open_case), the free text screened, and the acknowledgement queued. If any part
fails nothing is kept and the draft stays a draft; a second submit of the same draft shows the same result.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.auth import family
from portal.auth.models import Child, FamilyLink, User
from portal.cases import deadlines, uploads
from portal.cases import services as case_services
from portal.cases.models import AssessmentRequest, Case, CaseDocument, RequesterKind, RequestStatus
from portal.db import db
from portal.notifications.services import queue_email
from portal.platform import clock
from portal.platform.links import absolute_url, base_url_context
from portal.safeguarding.services import screen_and_flag

# No 0/O, 1/I/L, 5/S or 8/B: a reference read out over the phone cannot be misread. 26^8 is about 2.1e11.
REFERENCE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY234679"
REFERENCE_LENGTH = 8
REFERENCE_ATTEMPTS = 10

# The journey, in order. Some steps apply only to some people asking (see `steps_for`).
STEPS: tuple[str, ...] = (
    "who", "relationship", "setting", "child_name", "child_dob", "child_address", "school", "year_group",
    "needs", "support", "professionals", "views", "all_about_me", "consent", "uploads",
)  # fmt: skip
OPTIONAL_STEPS = frozenset({"school", "professionals", "views", "all_about_me", "uploads"})

# Every free-text answer, screened for risk of harm on submission.
FREE_TEXT: dict[str, tuple[str, ...]] = {
    "needs": ("communication", "cognition", "semh", "sensory"),
    "support": ("support_now", "difference"),
    "professionals": ("professionals",),
    "views": ("child_views",),
    "all_about_me": ("likes", "hard", "helps", "wants"),
}

STEP_TITLES: dict[str, Any] = {
    "who": _l("Who is asking for the assessment?"),
    "relationship": _l("How are you related to the child or young person?"),
    "setting": _l("Your school, college or nursery"),
    "child_name": _l("What is the child or young person's name?"),
    "child_dob": _l("What is their date of birth?"),
    "child_address": _l("Where do they live?"),
    "school": _l("Which school, college or nursery do they go to?"),
    "year_group": _l("Which school year are they in?"),
    "needs": _l("What do they need help with?"),
    "support": _l("What help do they get now?"),
    "professionals": _l("Which professionals know them?"),
    "views": _l("What do they think?"),
    "all_about_me": _l("All about me"),
    "consent": _l("Can we contact people who know them?"),
    "uploads": _l("Reports and documents"),
}
YOUNG_PERSON_TITLES: dict[str, Any] = {
    "child_name": _l("What is your name?"),
    "child_dob": _l("What is your date of birth?"),
    "child_address": _l("Where do you live?"),
    "school": _l("Which school or college do you go to?"),
    "year_group": _l("Which school year are you in?"),
    "needs": _l("What do you need help with?"),
    "support": _l("What help do you get now?"),
    "professionals": _l("Which professionals know you?"),
    "views": _l("What do you think?"),
    "consent": _l("Can we contact people who know you?"),
}


class NotFound(LookupError):
    """No such request for this person (never says whether it exists for someone else)."""


class Incomplete(Exception):
    """The request cannot be sent yet: `steps` still need answers."""

    def __init__(self, steps: list[str]) -> None:
        super().__init__(", ".join(steps))
        self.steps = steps


class Expired(Exception):
    """The draft expired and can no longer be sent."""


def now_utc() -> datetime:
    return datetime.now(UTC)


def today_in_london(now: datetime | None = None) -> date:
    """The council's date: a request received at 00:30 on 7 January in London was received on 7 January."""
    return clock.today_in_london(now or now_utc())


def _aware(value: datetime | None) -> datetime | None:
    # SQLite hands back naive datetimes; we always store UTC.
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


# Steps ----------------------------------------------------------------------------------------------------------


def requester_kind(answers: dict[str, Any]) -> str | None:
    return (answers.get("who") or {}).get("requester_kind")


def steps_for(answers: dict[str, Any]) -> list[str]:
    """The steps that apply: a parent says how they are related, a school names itself, a young person neither."""
    kind = requester_kind(answers)
    skip = {
        RequesterKind.PARENT: {"setting"},
        RequesterKind.YOUNG_PERSON: {"relationship", "setting"},
        RequesterKind.SCHOOL: {"relationship"},
    }.get(kind, {"setting"})  # type: ignore[call-overload]
    return [s for s in STEPS if s not in skip]


def next_step(answers: dict[str, Any], step: str) -> str | None:
    """The step after `step`, or None when the next page is "check your answers"."""
    steps = steps_for(answers)
    index = steps.index(step) if step in steps else -1
    return steps[index + 1] if index + 1 < len(steps) else None


def previous_step(answers: dict[str, Any], step: str) -> str | None:
    steps = steps_for(answers)
    index = steps.index(step) if step in steps else 0
    return steps[index - 1] if index > 0 else None


def missing_steps(answers: dict[str, Any]) -> list[str]:
    """Required steps with no answers yet."""
    return [s for s in steps_for(answers) if s not in OPTIONAL_STEPS and not answers.get(s)]


def step_title(step: str, answers: dict[str, Any]) -> Any:
    if requester_kind(answers) == RequesterKind.YOUNG_PERSON and step in YOUNG_PERSON_TITLES:
        return YOUNG_PERSON_TITLES[step]
    return STEP_TITLES[step]


# Drafts ---------------------------------------------------------------------------------------------------------


def _draft_lifetime() -> timedelta:
    return timedelta(days=int(current_app.config.get("DRAFT_DAYS", 28)))


def start_draft(user: User, *, now: datetime | None = None) -> AssessmentRequest:
    """A new, empty draft for this person, with the token that makes its submit happen once."""
    now = now or now_utc()
    draft = AssessmentRequest(
        status=RequestStatus.DRAFT, user_id=user.id, answers={}, last_step="who",
        expires_at=now + _draft_lifetime(), submit_token=secrets.token_urlsafe(32),
    )  # fmt: skip
    db.session.add(draft)
    db.session.flush()
    return draft


def drafts_for(user: User) -> list[AssessmentRequest]:
    """This person's drafts still open, newest first."""
    return list(
        db.session.scalars(
            select(AssessmentRequest)
            .where(AssessmentRequest.user_id == user.id, AssessmentRequest.status == RequestStatus.DRAFT)
            .order_by(AssessmentRequest.updated_at.desc())
        )
    )


def request_for(
    user: User, request_id: str, *, statuses: tuple[str, ...] = (RequestStatus.DRAFT,)
) -> AssessmentRequest:
    """One of this person's requests in one of `statuses`.

    Raises:
        NotFound: no such request, not theirs, or not in those statuses.
    """
    found = db.session.get(AssessmentRequest, request_id)
    if found is None or found.user_id != user.id or found.status not in statuses:
        raise NotFound(request_id)
    return found


def save_step(draft: AssessmentRequest, step: str, data: dict[str, Any], *, now: datetime | None = None) -> None:
    """Keep one step's answers on the server, and push the expiry back (the draft is in use)."""
    now = now or now_utc()
    answers = dict(draft.answers or {})
    answers[step] = data
    if step == "who":
        # Changing who is asking drops the answers of steps that no longer apply.
        for gone in set(STEPS) - set(steps_for(answers)):
            answers.pop(gone, None)
        draft.requester_kind = data.get("requester_kind")
    draft.answers = answers  # a new dict, so SQLAlchemy sees the JSON change
    following = next_step(answers, step)
    missing = missing_steps(answers)
    draft.last_step = following if following and (following not in answers or missing) else "check"
    draft.expires_at = now + _draft_lifetime()
    draft.expiry_warned_at = None
    db.session.flush()


def resume_step(draft: AssessmentRequest) -> str:
    """Where a returning family picks up: the step they reached (or the first one still missing)."""
    answers = draft.answers or {}
    if draft.last_step == "check":
        missing = missing_steps(answers)
        return missing[0] if missing else "check"
    return draft.last_step if draft.last_step in steps_for(answers) else "who"


def add_upload(draft: AssessmentRequest, *, data: bytes, filename: str | None, user: User) -> CaseDocument:
    """A report or document for the request (checked, scanned and stored).

    Raises:
        uploads.UploadError: the file cannot be accepted.
    """
    document = uploads.store(data, filename=filename, uploaded_by=user.id, request_id=draft.id)
    draft.expires_at = now_utc() + _draft_lifetime()
    return document


def remove_upload(draft: AssessmentRequest, document_id: str) -> None:
    """Take a file back out of an unsent request.

    Raises:
        NotFound: the file is not part of this request.
    """
    document = db.session.get(CaseDocument, document_id)
    if document is None or document.request_id != draft.id or document.case_id is not None:
        raise NotFound(document_id)
    uploads.delete(document)


# Check your answers -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AnswerRow:
    step: str
    label: Any
    value: str


def answer_rows(answers: dict[str, Any]) -> list[AnswerRow]:
    """What the family told us, in journey order, for "check your answers" (labels from the forms)."""
    from portal.auth.family_forms import RELATIONSHIP_LABELS
    from portal.cases.forms import REQUESTER_LABELS, STEP_FORMS, YEAR_GROUPS

    rows: list[AnswerRow] = []
    for step in steps_for(answers):
        if step == "uploads":
            continue
        values = answers.get(step) or {}
        form_class = STEP_FORMS[step]
        for name, field in form_class.__dict__.items():
            label = getattr(field, "args", (None,))[0] if hasattr(field, "field_class") else None
            if label is None:
                continue
            value = values.get(name)
            if step == "who":
                value = REQUESTER_LABELS.get(value, value)
            elif step == "relationship":
                value = RELATIONSHIP_LABELS.get(value, value)
            elif step == "year_group":
                value = YEAR_GROUPS.get(value, value)
            elif step == "child_dob" and value:
                from portal.filters import long_date

                value = long_date(value)
            elif step == "consent" or name == "family_consent":
                value = {"yes": _l("Yes"), "no": _l("No"), True: _l("Yes"), False: _l("No")}.get(value, value)
            rows.append(AnswerRow(step, label, str(value) if value not in (None, "") else ""))
    return rows


# Submitting -----------------------------------------------------------------------------------------------------


def new_reference() -> str:
    """An unguessable reference, unique among requests and cases (retried on the rare collision).

    Raises:
        RuntimeError: no free reference after several tries (practically impossible).
    """
    for _ in range(REFERENCE_ATTEMPTS):
        reference = "EHC-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))
        taken = db.session.scalar(select(AssessmentRequest.id).where(AssessmentRequest.reference == reference))
        taken = taken or db.session.scalar(select(Case.id).where(Case.reference == reference))
        if taken is None:
            return reference
    raise RuntimeError("could not find a free reference")


def _child_for(draft: AssessmentRequest, user: User) -> Child:
    """The child the request is about: one the family already added, or a new record linked to them."""
    answers = draft.answers
    first = answers["child_name"]["first_name"]
    last = answers["child_name"]["last_name"]
    born = date.fromisoformat(answers["child_dob"]["date_of_birth"])
    kind = requester_kind(answers)
    if kind == RequesterKind.YOUNG_PERSON:
        own = db.session.scalar(select(FamilyLink).where(FamilyLink.user_id == user.id, FamilyLink.is_self.is_(True)))
        if own is not None:
            return own.child
        child = Child(first_name=first, last_name=last, date_of_birth=born, created_by=user.id)
        db.session.add(child)
        db.session.flush()
        family.link_young_person(young_person=user, child=child)
        return child
    if kind == RequesterKind.SCHOOL:
        # A school asks with the family's consent but does not become family: the caseworker links the family.
        child = Child(first_name=first, last_name=last, date_of_birth=born, created_by=user.id)
        db.session.add(child)
        db.session.flush()
        return child
    for known in family.children_of(user):
        if (known.first_name.casefold(), known.last_name.casefold(), known.date_of_birth) == (
            first.casefold(), last.casefold(), born,
        ):  # fmt: skip
            return known
    relationship = (answers.get("relationship") or {}).get("relationship", "parent")
    return family.add_child(parent=user, first_name=first, last_name=last, date_of_birth=born,
                            relationship=relationship, parental_responsibility=None)  # fmt: skip


def submit(request_id: str, *, user: User, token: str | None, now: datetime | None = None) -> AssessmentRequest:
    """Send the request: one transaction that either does everything or (on any error) nothing.

    A request already sent by this person comes back as it is, so a double click or a retried POST gives one
    request and the same confirmation.

    Raises:
        NotFound: not this person's request, or the token is not the one this draft's form carried.
        Expired: the draft expired.
        Incomplete: required steps are missing.
    """
    now = now or now_utc()
    # Lock the row: a second submit waits here, then sees "submitted" (populate_existing re-reads the row).
    draft = db.session.scalar(
        select(AssessmentRequest).where(AssessmentRequest.id == request_id)
        .with_for_update().execution_options(populate_existing=True)
    )  # fmt: skip
    if draft is None or draft.user_id != user.id:
        raise NotFound(request_id)
    if not token or token != draft.submit_token:
        raise NotFound(request_id)
    if draft.status == RequestStatus.SUBMITTED:
        return draft
    if draft.status != RequestStatus.DRAFT:
        raise Expired(request_id)
    missing = missing_steps(draft.answers or {})
    if missing:
        raise Incomplete(missing)

    answers = draft.answers
    received_on = today_in_london(now)
    draft.status = RequestStatus.SUBMITTED
    draft.reference = new_reference()
    draft.requester_kind = requester_kind(answers)
    draft.submitted_at = now
    draft.received_on = received_on
    draft.last_step = None
    draft.expires_at = None
    child = _child_for(draft, user)
    draft.child_id = child.id
    db.session.flush()

    case = case_services.open_case(
        draft,
        received_on=received_on,
        reference=draft.reference,
        child_name=f"{child.first_name} {child.last_name}",
        child_dob=child.date_of_birth,
        school=(answers.get("school") or {}).get("school_name") or None,
        year_group=(answers.get("year_group") or {}).get("year_group"),
        child_id=child.id,
        requester_kind=draft.requester_kind,
    )
    for document in uploads.documents_for_request(draft.id):
        document.case_id = case.id

    for step, names in FREE_TEXT.items():
        for name in names:
            screen_and_flag((answers.get(step) or {}).get(name), source="ehc_request", source_id=draft.id)

    with base_url_context():
        _acknowledge(draft, user, received_on)
    db.session.flush()
    return draft


def _acknowledge(draft: AssessmentRequest, user: User, received_on: date) -> None:
    queue_email(
        to=user.email, kind="request_received", locale=user.locale or "en", template="request_received",
        subject=_l("We have your request for an EHC needs assessment"),
        reference=draft.reference, received_on=received_on,
        decision_due=deadlines.decision_to_assess(received_on).due, kind_of_requester=draft.requester_kind,
        link=absolute_url("cases.your_cases"),
    )  # fmt: skip


def case_for_request(draft: AssessmentRequest) -> Case | None:
    return db.session.scalar(select(Case).where(Case.request_id == draft.id))


# Expiry ---------------------------------------------------------------------------------------------------------


def warn_expiring_drafts(*, now: datetime | None = None) -> int:
    """E-mail the owner of each draft that expires within DRAFT_WARNING_DAYS (once per draft). Returns how many."""
    now = now or now_utc()
    horizon = now + timedelta(days=int(current_app.config.get("DRAFT_WARNING_DAYS", 7)))
    drafts = db.session.scalars(
        select(AssessmentRequest).where(
            AssessmentRequest.status == RequestStatus.DRAFT,
            AssessmentRequest.expires_at.is_not(None),
            AssessmentRequest.expires_at <= horizon,
            AssessmentRequest.expires_at > now,
            AssessmentRequest.expiry_warned_at.is_(None),
        )
    ).all()
    count = 0
    for draft in drafts:
        owner = db.session.get(User, draft.user_id) if draft.user_id else None
        if owner is None:
            continue
        with base_url_context():
            _warn(draft, owner)
        draft.expiry_warned_at = now
        count += 1
    db.session.flush()
    return count


def _warn(draft: AssessmentRequest, owner: User) -> None:
    queue_email(
        to=owner.email, kind="request_draft_expiring", locale=owner.locale or "en", template="request_draft_expiring",
        subject=_l("Your EHC needs assessment request will be deleted soon"),
        expires_on=today_in_london(_aware(draft.expires_at)), link=absolute_url("cases.request_start"),
    )  # fmt: skip


def expire_drafts(*, now: datetime | None = None) -> int:
    """Close drafts past their expiry: their answers and files are deleted (we keep nothing unsent). Returns how many."""
    now = now or now_utc()
    drafts = db.session.scalars(
        select(AssessmentRequest).where(
            AssessmentRequest.status == RequestStatus.DRAFT,
            AssessmentRequest.expires_at.is_not(None),
            AssessmentRequest.expires_at <= now,
        )
    ).all()
    for draft in drafts:
        for document in uploads.documents_for_request(draft.id):
            uploads.delete(document)
        draft.status = RequestStatus.EXPIRED
        draft.answers = {}
        draft.last_step = None
    db.session.flush()
    return len(drafts)
