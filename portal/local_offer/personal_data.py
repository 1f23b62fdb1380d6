"""Changes to directory listings a signed-in person proposed, registered for "Your data"
(portal/platform/personal_data.py)."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.db import db
from portal.local_offer.models import Service
from portal.local_offer.publishing_models import ListingProposal
from portal.platform.personal_data import Person, iso, register_personal_data


def _listing_proposals(person: Person) -> list[dict[str, Any]]:
    rows = db.session.execute(
        select(ListingProposal, Service.name).join(Service, Service.id == ListingProposal.service_id)
        .where(ListingProposal.proposer_id == person.id).order_by(ListingProposal.created_at)
    )  # fmt: skip
    return [
        {"service": service, "made": iso(p.created_at), "name": p.proposer_name, "email": p.proposer_email,
         "status": p.status, "decided": iso(p.decided_at), "reason": p.reason, "changes": p.changes}
        for p, service in rows
    ]  # fmt: skip


def register() -> None:
    register_personal_data(
        "listing_proposals", tables=("listing_proposal",), export=_listing_proposals,
        title=_l("Changes you proposed to directory listings"),
        labels={"service": _l("Service"), "made": _l("Made"), "name": _l("Name"), "email": _l("Email address"),
                "status": _l("Status"), "decided": _l("Decided"), "reason": _l("Reason given"), "changes": None},
    )  # fmt: skip
