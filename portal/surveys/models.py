"""Tables of the surveys domain: surveys, their questions, responses, answers and free-text themes."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db import Base, IdMixin


class QuestionKind(enum.StrEnum):
    SINGLE = "single"
    MULTIPLE = "multiple"
    RATING5 = "rating5"
    RATING10 = "rating10"
    LIKERT = "likert"
    TEXT = "text"
    YESNO = "yesno"


class Survey(IdMixin, Base):
    """A co-production survey. Every text a visitor sees has an English and an optional Welsh version."""

    __tablename__ = "survey"

    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    title_cy: Mapped[str | None] = mapped_column(String(200))
    intro: Mapped[str] = mapped_column(Text, default="")
    intro_cy: Mapped[str | None] = mapped_column(Text)
    opens_on: Mapped[date | None] = mapped_column(Date)
    closes_on: Mapped[date | None] = mapped_column(Date)
    # Anonymous: anyone may answer and nothing ties the answers to an account. Otherwise people sign in,
    # can save and come back, and answer once each.
    anonymous: Mapped[bool] = mapped_column(Boolean, default=True)
    published: Mapped[bool] = mapped_column(Boolean, default=False)
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[str | None] = mapped_column(String(36))

    questions: Mapped[list[SurveyQuestion]] = relationship(
        back_populates="survey", cascade="all, delete-orphan", order_by="SurveyQuestion.position"
    )


class SurveyQuestion(IdMixin, Base):
    """One question. `options` and `rows` are lists of {"value", "en", "cy"}; `routing` of {"answer", "goto"}."""

    __tablename__ = "survey_question"

    survey_id: Mapped[str] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=1)
    kind: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    text_cy: Mapped[str | None] = mapped_column(Text)
    help: Mapped[str | None] = mapped_column(Text)
    help_cy: Mapped[str | None] = mapped_column(Text)
    easy_read: Mapped[str | None] = mapped_column(Text)
    easy_read_cy: Mapped[str | None] = mapped_column(Text)
    required: Mapped[bool] = mapped_column(Boolean, default=True)
    options: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    rows: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    routing: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)

    survey: Mapped[Survey] = relationship(back_populates="questions")


class SurveyResponse(IdMixin, Base):
    """One person's answers: a draft until they send it. `token` is the key the browser holds (and the
    idempotency key of the final submit); `user_id` only for surveys that need signing in (one each)."""

    __tablename__ = "survey_response"
    __table_args__ = (UniqueConstraint("survey_id", "user_id", name="uq_survey_response_survey_id"),)

    survey_id: Mapped[str] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[str | None] = mapped_column(String(36))
    token: Mapped[str] = mapped_column(String(64), unique=True)
    respondent_group: Mapped[str | None] = mapped_column(String(20))
    area: Mapped[str | None] = mapped_column(String(40))
    locale: Mapped[str] = mapped_column(String(8), default="en")
    easy_read: Mapped[bool] = mapped_column(Boolean, default=False)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)

    answers: Mapped[list[SurveyAnswer]] = relationship(back_populates="response", cascade="all, delete-orphan")


class SurveyAnswer(IdMixin, Base):
    """The answer to one question: `value` is a string, a list (multiple choice), a number (rating) or a
    {row: choice} mapping (Likert grid); free text is in `text`."""

    __tablename__ = "survey_answer"
    __table_args__ = (UniqueConstraint("response_id", "question_id", name="uq_survey_answer_response_id"),)

    response_id: Mapped[str] = mapped_column(ForeignKey("survey_response.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[str] = mapped_column(ForeignKey("survey_question.id", ondelete="CASCADE"), index=True)
    value: Mapped[Any] = mapped_column(JSON, nullable=True)
    text: Mapped[str | None] = mapped_column(Text)

    response: Mapped[SurveyResponse] = relationship(back_populates="answers")


class SurveyTheme(IdMixin, Base):
    """A theme officers tag free-text answers with (per survey)."""

    __tablename__ = "survey_theme"
    __table_args__ = (UniqueConstraint("survey_id", "name", name="uq_survey_theme_survey_id"),)

    survey_id: Mapped[str] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(80))


class SurveyAnswerTheme(IdMixin, Base):
    __tablename__ = "survey_answer_theme"
    __table_args__ = (UniqueConstraint("answer_id", "theme_id", name="uq_survey_answer_theme_answer_id"),)

    answer_id: Mapped[str] = mapped_column(ForeignKey("survey_answer.id", ondelete="CASCADE"), index=True)
    theme_id: Mapped[str] = mapped_column(ForeignKey("survey_theme.id", ondelete="CASCADE"), index=True)
