"""Survey responses linked to an account, with their answers, registered for "Your data"
(portal/platform/personal_data.py)."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.db import db
from portal.platform.personal_data import Person, iso, register_personal_data
from portal.surveys.models import Survey, SurveyAnswer, SurveyAnswerTheme, SurveyQuestion, SurveyResponse, SurveyTheme


def _answers(response: SurveyResponse) -> list[dict[str, Any]]:
    rows = db.session.execute(
        select(SurveyAnswer, SurveyQuestion.text).join(SurveyQuestion, SurveyQuestion.id == SurveyAnswer.question_id)
        .where(SurveyAnswer.response_id == response.id).order_by(SurveyQuestion.position)
    )  # fmt: skip
    answers = []
    for answer, question in rows:
        themes = db.session.scalars(
            select(SurveyTheme.name).join(SurveyAnswerTheme, SurveyAnswerTheme.theme_id == SurveyTheme.id)
            .where(SurveyAnswerTheme.answer_id == answer.id).order_by(SurveyTheme.name)
        )  # fmt: skip
        answers.append({"question": question, "answer": answer.value, "text": answer.text, "themes": list(themes)})
    return answers


def _survey_responses(person: Person) -> list[dict[str, Any]]:
    rows = db.session.execute(
        select(SurveyResponse, Survey.title).join(Survey, Survey.id == SurveyResponse.survey_id)
        .where(SurveyResponse.user_id == person.id).order_by(SurveyResponse.created_at)
    )  # fmt: skip
    return [
        {"survey": response.survey_id, "title": title, "made": iso(response.created_at),
         "sent": iso(response.submitted_at), "answers": _answers(response)}
        for response, title in rows
    ]  # fmt: skip


def register() -> None:
    register_personal_data(
        "survey_responses", tables=("survey_response", "survey_answer", "survey_answer_theme"),
        export=_survey_responses, title=_l("Survey answers"),
        labels={"survey": None, "title": _l("Survey"), "made": _l("Started"), "sent": _l("Sent"),
                "answers": _l("Answers"), "question": _l("Question"), "answer": _l("Answer"),
                "text": _l("In your words"), "themes": _l("Themes we filed it under")},
    )  # fmt: skip
