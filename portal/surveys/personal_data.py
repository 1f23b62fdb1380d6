"""Survey responses linked to an account, registered for "Your data" (portal/platform/personal_data.py)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from portal.db import db
from portal.platform.personal_data import iso, register_personal_data
from portal.surveys.models import SurveyResponse


def _survey_responses(user_id: str) -> list[dict[str, Any]]:
    responses = db.session.scalars(select(SurveyResponse).where(SurveyResponse.user_id == user_id))
    return [{"survey": r.survey_id, "made": iso(r.created_at)} for r in responses]


def register() -> None:
    register_personal_data("survey_responses", export=_survey_responses)
