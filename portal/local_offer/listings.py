"""Changes to directory listings: providers and officers propose, an officer approves against the live listing.

Nothing a provider sends reaches the public (or the Open Referral UK feed) until an officer approves it.
"""

from __future__ import annotations

import datetime as dt
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any

from flask import current_app, has_request_context
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portal.auth.models import User
from portal.auth.services import audit
from portal.db import db, utcnow
from portal.local_offer.events import announce_service
from portal.local_offer.models import Service
from portal.local_offer.publishing_models import ListingProposal, ProposalStatus
from portal.safeguarding.services import screen_and_flag

STATUSES: dict[str, Any] = {"active": _l("Open"), "temporarily closed": _l("Temporarily closed")}

# The ten things a school or college must publish (SEND Regulations 2014, Schedule 2 paragraph 5 (a) to (j)).
SCH2_PARA5: dict[str, Any] = {
    "a": _l("How they teach children and young people with SEND"),
    "b": _l("How they adapt the curriculum and the building"),
    "c": _l("Extra help with learning"),
    "d": _l("How they check progress, with you and your child"),
    "e": _l("How they check the support is working"),
    "f": _l("Getting into and around the building and facilities"),
    "g": _l("Clubs, trips and activities outside lessons"),
    "h": _l("Other support available"),
    "i": _l("How staff learn about SEND"),
    "j": _l("Support for emotional, mental and social development"),
}

# Fields a proposal may change, with the labels officers see in the diff.
FIELDS: dict[str, Any] = {
    "name": _l("Name"),
    "description": _l("What the service does"),
    "status": _l("Open or temporarily closed"),
    "alert": _l("Message about the closure"),
    "url": _l("Website"),
    "email": _l("E-mail"),
    "eligibility_description": _l("Who can use it"),
    "application_process": _l("How to get it"),
    "fees_description": _l("Cost"),
    "sen_information_report_url": _l("SEN information report"),
    **{f"sch2_{key}": label for key, label in SCH2_PARA5.items()},
}


class NothingChanged(ValueError):
    """The proposal says the same as the live listing."""


class ProposalClosed(ValueError):
    """The proposal has already been decided."""


def live_values(service: Service) -> dict[str, str]:
    """The listing's current values for every field a proposal may change, as text."""
    values = {name: getattr(service, name) or "" for name in FIELDS if not name.startswith("sch2_")}
    answers = service.sch2_para5 or {}
    for key in SCH2_PARA5:
        values[f"sch2_{key}"] = answers.get(key, "") or ""
    return values


def propose(*, service: Service, values: dict[str, str], name: str, email: str, proposer: User | None,
            idempotency_key: str | None = None) -> ListingProposal:  # fmt: skip
    """Record a proposed change (only the fields that differ from the live listing).

    Raises:
        NothingChanged: nothing differs from the live listing.
    """
    if idempotency_key:
        existing = db.session.scalar(select(ListingProposal).where(ListingProposal.idempotency_key == idempotency_key))
        if existing is not None:
            return existing
    live = live_values(service)
    allowed = {k for k in FIELDS if service.is_education_provider or not k.startswith("sch2_")}
    changes = {k: (v or "").strip() for k, v in values.items() if k in allowed and (v or "").strip() != live[k]}
    if not changes:
        raise NothingChanged(service.id)
    proposal = ListingProposal(service_id=service.id, changes=changes, base={k: live[k] for k in changes},
                               proposer_name=name, proposer_email=email, proposer_id=proposer.id if proposer else None,
                               idempotency_key=idempotency_key or None)  # fmt: skip
    try:
        with db.session.begin_nested():
            db.session.add(proposal)
            db.session.flush()
    except IntegrityError:
        # The same form sent twice at once: the first one counts.
        found = db.session.scalar(select(ListingProposal).where(ListingProposal.idempotency_key == idempotency_key))
        if found is None:
            raise
        return found
    screen_and_flag(" ".join(changes.values()), source="listing_proposal", source_id=proposal.id)
    audit(actor=proposer, action="listings.proposed", object_type="service", object_id=service.id,
          proposal=proposal.id, fields=sorted(changes))  # fmt: skip
    return proposal


def pending() -> list[tuple[ListingProposal, Service]]:
    """Proposals waiting for a decision, oldest first, with their listings."""
    stmt = (
        select(ListingProposal, Service)
        .join(Service, Service.id == ListingProposal.service_id)
        .where(ListingProposal.status == ProposalStatus.PENDING.value)
        .order_by(ListingProposal.created_at)
    )
    return [(p, s) for p, s in db.session.execute(stmt)]


def get_proposal(proposal_id: str) -> ListingProposal | None:
    return db.session.get(ListingProposal, proposal_id)


@dataclass
class FieldDiff:
    name: str
    label: Any
    live: str
    proposed: str
    moved: bool  # the live value changed after the proposal was made


def proposal_diff(proposal: ListingProposal, service: Service) -> list[FieldDiff]:
    """Field by field: the live listing now against the proposal."""
    live = live_values(service)
    return [
        FieldDiff(
            name, FIELDS.get(name, name), live.get(name, ""), value, live.get(name, "") != proposal.base.get(name)
        )
        for name, value in proposal.changes.items()
    ]


def approve_proposal(proposal: ListingProposal, *, officer: User, today: dt.date | None = None) -> Service:
    """Apply a proposal to the live listing, mark it checked today, and refresh search everywhere.

    Raises:
        ProposalClosed: it was decided already.
    """
    if proposal.status != ProposalStatus.PENDING.value:
        raise ProposalClosed(proposal.id)
    service = db.session.get(Service, proposal.service_id)
    assert service is not None  # the foreign key cascades
    answers = dict(service.sch2_para5 or {})
    for name, value in proposal.changes.items():
        if name.startswith("sch2_"):
            answers[name.removeprefix("sch2_")] = value
        elif name in ("alert", "url", "email", "fees_description", "sen_information_report_url"):
            setattr(service, name, value or None)
        elif name == "status" and value not in STATUSES:
            continue
        else:
            setattr(service, name, value)
    if answers != (service.sch2_para5 or {}):
        service.sch2_para5 = answers
    service.assured_date = today or dt.date.today()
    service.review_due = service.assured_date + dt.timedelta(days=365)
    proposal.status = ProposalStatus.APPROVED.value
    proposal.decided_by_id = officer.id
    proposal.decided_at = utcnow()
    db.session.flush()
    refresh_service(service)
    audit(actor=officer, action="listings.approved", object_type="service", object_id=service.id,
          proposal=proposal.id, fields=sorted(proposal.changes))  # fmt: skip
    _tell_proposer(proposal, service, approved=True)
    return service


def reject_proposal(proposal: ListingProposal, *, officer: User, reason: str) -> ListingProposal:
    """Turn a proposal down with a reason the proposer is told.

    Raises:
        ProposalClosed: it was decided already.
        ValueError: there is no reason.
    """
    if proposal.status != ProposalStatus.PENDING.value:
        raise ProposalClosed(proposal.id)
    if not reason.strip():
        raise ValueError("reason")
    proposal.status = ProposalStatus.REJECTED.value
    proposal.reason = reason.strip()
    proposal.decided_by_id = officer.id
    proposal.decided_at = utcnow()
    db.session.flush()
    audit(actor=officer, action="listings.rejected", object_type="service", object_id=proposal.service_id,
          proposal=proposal.id)  # fmt: skip
    service = db.session.get(Service, proposal.service_id)
    if service is not None:
        _tell_proposer(proposal, service, approved=False)
    return proposal


def refresh_service(service: Service) -> None:
    """Move the content version on and tell search (this node's index now; other nodes follow the version)."""
    announce_service(service)


def _tell_proposer(proposal: ListingProposal, service: Service, *, approved: bool) -> None:
    from portal.notifications.services import queue_email

    subject = (
        _l("Your change to a Local Offer listing was made")
        if approved
        else _l("Your change to a Local Offer listing was not made")
    )
    # E-mail templates need a request context; a console job or worker has none.
    context = nullcontext() if has_request_context() else current_app.test_request_context()
    with context:
        queue_email(to=proposal.proposer_email, kind="listing_decision", subject=subject,
                    template="publishing_listing_decision", service_name=service.name, approved=approved,
                    reason=proposal.reason or "")  # fmt: skip
