"""What the cases domain keeps about a person, registered for "Your data" (portal/platform/personal_data.py)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from portal.cases.models import AssessmentRequest
from portal.db import db
from portal.platform.personal_data import iso, register_personal_data


def _assessment_requests(user_id: str) -> list[dict[str, Any]]:
    requests = db.session.scalars(select(AssessmentRequest).where(AssessmentRequest.user_id == user_id))
    return [
        {"reference": r.reference, "status": r.status, "started": iso(r.created_at), "sent": iso(r.submitted_at),
         "answers": r.answers}
        for r in requests
    ]  # fmt: skip


def register() -> None:
    register_personal_data("assessment_requests", export=_assessment_requests)
