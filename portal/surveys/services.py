"""Surveys: building them, answering them one question at a time, and sending the answers in once."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from portal.auth.services import audit
from portal.db import db, utcnow
from portal.geography import services as geography
from portal.safeguarding.services import screen_and_flag
from portal.surveys.models import QuestionKind, Survey, SurveyAnswer, SurveyQuestion, SurveyResponse

KINDS = tuple(k.value for k in QuestionKind)
KIND_LABELS = {
    "single": _l("Single choice (pick one)"),
    "multiple": _l("Multiple choice (pick any)"),
    "rating5": _l("Rating scale, 1 to 5"),
    "rating10": _l("Rating scale, 0 to 10"),
    "likert": _l("Agree or disagree grid"),
    "text": _l("Free text"),
    "yesno": _l("Yes or no"),
}
# Words for every point, not bare numbers (University of Bristol guidance in the reference notes).
RATING5 = [("1", _l("1 - Very poor")), ("2", _l("2 - Poor")), ("3", _l("3 - OK")), ("4", _l("4 - Good")),
           ("5", _l("5 - Very good"))]  # fmt: skip
RATING10 = [(str(n), str(n)) for n in range(11)]
LIKERT = [("sa", _l("Strongly agree")), ("a", _l("Agree")), ("n", _l("Neither agree nor disagree")),
          ("d", _l("Disagree")), ("sd", _l("Strongly disagree"))]  # fmt: skip
YESNO = [("yes", _l("Yes")), ("no", _l("No"))]
GROUPS = [("parent", _l("Parent or carer")), ("young_person", _l("Young person")),
          ("professional", _l("Professional"))]  # fmt: skip


def areas() -> list[tuple[str, Any]]:
    """The areas a respondent can choose: the council's districts (loaded with its postcodes), plus two extras."""
    return [*geography.areas(), ("outside", _l("Outside Wessex")), ("not_say", _l("I'd rather not say"))]


END = "end"


class SurveyNotFound(LookupError):
    pass


class SurveyClosed(Exception):
    pass


class AlreadyAnswered(Exception):
    pass


class Incomplete(Exception):
    """Required questions on the person's path have no answer yet."""

    def __init__(self, missing: list[SurveyQuestion]) -> None:
        super().__init__(f"{len(missing)} questions unanswered")
        self.missing = missing


# Words in the visitor's language -------------------------------------------------------------


def localised(obj: Any, name: str, locale: str) -> tuple[str, str]:
    """(text, language): the Welsh version when the visitor reads Welsh and one exists, else English."""
    if locale == "cy":
        welsh = getattr(obj, f"{name}_cy", None)
        if welsh:
            return welsh, "cy"
    return getattr(obj, name) or "", "en"


def option_label(option: dict[str, Any], locale: str) -> str:
    return (option.get("cy") if locale == "cy" else None) or option.get("en") or option.get("value", "")


def has_welsh(survey: Survey) -> bool:
    """A survey counts as available in Welsh when its title and every question have Welsh words."""
    return bool(survey.title_cy) and all(q.text_cy for q in survey.questions)


RATING_POINTS = {"rating5": [str(n) for n in range(1, 6)], "rating10": [str(n) for n in range(11)]}


def parse_rating_labels(kind: str, english: str, welsh: str | None = None) -> list[dict[str, Any]]:
    """Words for a rating scale's points, lowest first, one a line; stored values stay the numbers, so averages
    and answers already given keep counting. Empty text keeps the standard words. For 0 to 10, two lines label
    only the two ends.

    Raises:
        ValueError: with a message for the officer when the number of lines does not fit the scale.
    """
    points = RATING_POINTS[kind]
    en = [line.strip() for line in (english or "").splitlines() if line.strip()]
    cy = [line.strip() for line in (welsh or "").splitlines() if line.strip()]
    if not en:
        return []
    if kind == "rating10" and len(en) == 2:
        ends = {"0": 0, "10": 1}
        return [{"value": p, "en": en[ends[p]] if p in ends else "",
                 "cy": (cy[ends[p]] if p in ends and len(cy) == 2 else None)} for p in points]  # fmt: skip
    if len(en) != len(points):
        if kind == "rating5":
            raise ValueError(_l("Enter 5 labels for the rating scale, one a line, lowest first"))
        raise ValueError(_l("Enter 11 labels for the rating scale, one a line, lowest first, or 2 for the ends"))
    return [{"value": p, "en": en[i], "cy": cy[i] if len(cy) == len(points) else None} for i, p in enumerate(points)]


def choices_for(question: SurveyQuestion, locale: str) -> list[tuple[str, Any]]:
    """(value, label) pairs a respondent picks from."""
    if question.kind in ("single", "multiple"):
        return [(o["value"], option_label(o, locale)) for o in question.options]
    if question.kind in RATING_POINTS and question.options:
        # The officer's own words for the points: "1 - Never", with the number so the scale stays clear.
        return [(o["value"], f"{o['value']} - {option_label(o, locale)}" if o.get("en") else o["value"])
                for o in question.options]  # fmt: skip
    return {"rating5": RATING5, "rating10": RATING10, "yesno": YESNO, "likert": LIKERT}.get(question.kind, [])


def label_of(question: SurveyQuestion, value: Any, locale: str = "en") -> str:
    """The words for a stored answer value."""
    for key, label in choices_for(question, locale):
        if key == str(value):
            return str(label)
    return str(value)


# Building --------------------------------------------------------------------------------------


def slugify(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:60] or "survey"


def list_surveys() -> list[tuple[Survey, int]]:
    """Every survey, newest first, with how many responses were sent in."""
    counts = dict(
        db.session.execute(
            select(SurveyResponse.survey_id, func.count())
            .where(SurveyResponse.submitted_at.is_not(None))
            .group_by(SurveyResponse.survey_id)
        ).all()
    )
    surveys = db.session.scalars(select(Survey).order_by(Survey.created_at.desc()))
    return [(s, counts.get(s.id, 0)) for s in surveys]


def get_survey(survey_id: str) -> Survey:
    """Raises: SurveyNotFound."""
    survey = db.session.get(Survey, survey_id) if survey_id else None
    if survey is None:
        raise SurveyNotFound(survey_id)
    return survey


def published_survey(slug: str) -> Survey:
    """A published survey by its link. Raises: SurveyNotFound (also for drafts)."""
    survey = db.session.scalar(select(Survey).where(Survey.slug == slug, Survey.published.is_(True)))
    if survey is None:
        raise SurveyNotFound(slug)
    return survey


def state(survey: Survey, today: date | None = None) -> str:
    """'draft', 'not_open' (published, before its opening date), 'open' or 'closed'."""
    today = today or date.today()
    if not survey.published:
        return "draft"
    if survey.opens_on and today < survey.opens_on:
        return "not_open"
    if survey.closes_on and today > survey.closes_on:
        return "closed"
    return "open"


SURVEY_FIELDS = ("title", "title_cy", "intro", "intro_cy", "opens_on", "closes_on", "anonymous")


def _unique_slug(base: str, survey_id: str | None = None) -> str:
    slug, n = base, 2
    while True:
        clash = db.session.scalar(select(Survey.id).where(Survey.slug == slug))
        if clash is None or clash == survey_id:
            return slug
        slug, n = f"{base[:56]}-{n}", n + 1


def create_survey(*, user: Any, slug: str | None = None, **values: Any) -> Survey:
    """A new draft survey."""
    survey = Survey(created_by=getattr(user, "id", None))
    for name in SURVEY_FIELDS:
        if name in values:
            setattr(survey, name, _blank_to_none(name, values[name]))
    survey.slug = _unique_slug(slugify(slug or survey.title))
    db.session.add(survey)
    db.session.flush()
    audit(actor=user, action="survey.create", object_type="survey", object_id=survey.id)
    return survey


def update_survey(survey: Survey, *, user: Any, slug: str | None = None, **values: Any) -> Survey:
    changed = []
    for name in SURVEY_FIELDS:
        if name in values:
            value = _blank_to_none(name, values[name])
            if getattr(survey, name) != value:
                setattr(survey, name, value)
                changed.append(name)
    if slug and slugify(slug) != survey.slug:
        survey.slug = _unique_slug(slugify(slug), survey.id)
        changed.append("slug")
    db.session.flush()
    if changed:
        audit(actor=user, action="survey.update", object_type="survey", object_id=survey.id, fields=changed)
    return survey


def _blank_to_none(name: str, value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        if name.endswith("_cy") and not value:
            return None
    return value


def set_published(survey: Survey, *, user: Any, published: bool) -> Survey:
    """Publish (the link starts working) or take back to draft. Raises: ValueError for a survey with no questions."""
    if published and not survey.questions:
        raise ValueError("a survey needs at least one question")
    if survey.published != published:
        survey.published = published
        if published:
            survey.published_at = utcnow()
        db.session.flush()
        audit(actor=user, action="survey.publish" if published else "survey.unpublish", object_type="survey",
              object_id=survey.id)  # fmt: skip
    return survey


def close_now(survey: Survey, *, user: Any) -> Survey:
    """Stop taking answers from today (the closing date becomes yesterday)."""
    survey.closes_on = date.today() - timedelta(days=1)
    if survey.opens_on and survey.opens_on > survey.closes_on:
        survey.opens_on = survey.closes_on
    db.session.flush()
    audit(actor=user, action="survey.close", object_type="survey", object_id=survey.id)
    return survey


def parse_options(english: str, welsh: str | None = None, previous: list[dict[str, Any]] | None = None,
                  prefix: str = "o") -> list[dict[str, Any]]:  # fmt: skip
    """Options from one-a-line text. An option whose English words are unchanged keeps its stored value, so
    answers already given still count for it."""
    en_lines = [line.strip() for line in (english or "").splitlines() if line.strip()]
    cy_lines = [line.strip() for line in (welsh or "").splitlines()]
    kept = {o["en"]: o["value"] for o in previous or []}
    used = {o["value"] for o in previous or []}
    options, n = [], 1
    for i, text in enumerate(en_lines):
        value = kept.get(text)
        if value is None:
            while f"{prefix}{n}" in used:
                n += 1
            value = f"{prefix}{n}"
            used.add(value)
        options.append({"value": value, "en": text, "cy": cy_lines[i] if i < len(cy_lines) and cy_lines[i] else None})
    return options


def options_text(options: list[dict[str, Any]], language: str) -> str:
    return "\n".join((o.get(language) or "") for o in options)


def parse_routing(text: str, question: SurveyQuestion, positions: list[int]) -> list[dict[str, Any]]:
    """Rules like 'No -> 5' or 'No -> end' (one a line). Raises: ValueError with a message for the officer."""
    rules = []
    for raw in (text or "").splitlines():
        if not raw.strip():
            continue
        if "->" not in raw:
            raise ValueError(_l("Write each rule as an answer, then ->, then a question number or end"))
        answer_text, target = (part.strip() for part in raw.split("->", 1))
        value = next((k for k, label in choices_for(question, "en") if str(label).lower() == answer_text.lower()
                      or k == answer_text.lower()), None)  # fmt: skip
        if value is None:
            raise ValueError(_l("'%(answer)s' is not one of this question's answers", answer=answer_text))
        if target.lower() == END:
            rules.append({"answer": value, "goto": END})
            continue
        if not target.isdigit() or int(target) not in positions or int(target) <= question.position:
            raise ValueError(_l("Routing can only skip forward to a later question number, or to end"))
        rules.append({"answer": value, "goto": int(target)})
    return rules


def draft_question(
    *, position: int, kind: str, options: list[dict[str, Any]] | None = None, **_: Any
) -> SurveyQuestion:
    """The question as an edit would leave it, kept out of the session: routing is checked against it first."""
    return SurveyQuestion(position=position, kind=kind, options=options or [], rows=[], routing=[])


def routing_text(question: SurveyQuestion) -> str:
    return "\n".join(f"{label_of(question, r['answer'])} -> {r['goto']}" for r in question.routing)


ROUTABLE = ("single", "yesno", "rating5", "rating10")
QUESTION_FIELDS = ("kind", "text", "text_cy", "help", "help_cy", "easy_read", "easy_read_cy", "required")


def add_question(survey: Survey, *, user: Any, options: list[dict[str, Any]] | None = None,
                 rows: list[dict[str, Any]] | None = None, **values: Any) -> SurveyQuestion:  # fmt: skip
    """Add a question at the end."""
    question = SurveyQuestion(survey_id=survey.id, position=len(survey.questions) + 1, options=options or [],
                              rows=rows or [], routing=[])  # fmt: skip
    for name in QUESTION_FIELDS:
        if name in values:
            setattr(question, name, _blank_to_none(name, values[name]) if name != "required" else values[name])
    if question.kind not in KINDS:
        raise ValueError(f"unknown kind {question.kind}")
    db.session.add(question)
    db.session.flush()
    db.session.refresh(survey, ["questions"])
    audit(actor=user, action="survey.question_add", object_type="survey", object_id=survey.id, kind=question.kind)
    return question


def update_question(question: SurveyQuestion, *, user: Any, options: list[dict[str, Any]] | None = None,
                    rows: list[dict[str, Any]] | None = None, routing: list[dict[str, Any]] | None = None,
                    **values: Any) -> SurveyQuestion:  # fmt: skip
    for name in QUESTION_FIELDS:
        if name in values:
            setattr(question, name, _blank_to_none(name, values[name]) if name != "required" else values[name])
    if options is not None:
        question.options = options
    if rows is not None:
        question.rows = rows
    if routing is not None:
        question.routing = routing if question.kind in ROUTABLE else []
    db.session.flush()
    audit(actor=user, action="survey.question_change", object_type="survey", object_id=question.survey_id,
          question=question.id)  # fmt: skip
    return question


def get_question(survey: Survey, question_id: str) -> SurveyQuestion:
    """Raises: SurveyNotFound."""
    question = db.session.get(SurveyQuestion, question_id) if question_id else None
    if question is None or question.survey_id != survey.id:
        raise SurveyNotFound(question_id)
    return question


def delete_question(question: SurveyQuestion, *, user: Any) -> None:
    """Remove a question (and its answers); later questions move up and routing to it is dropped."""
    survey = question.survey
    gone = question.position
    db.session.delete(question)
    db.session.flush()
    db.session.refresh(survey, ["questions"])
    for q in survey.questions:
        if q.position > gone:
            q.position -= 1
        q.routing = [_shift(r, gone) for r in q.routing if r["goto"] != gone]
    db.session.flush()
    audit(actor=user, action="survey.question_delete", object_type="survey", object_id=survey.id)


def _shift(rule: dict[str, Any], gone: int) -> dict[str, Any]:
    if rule["goto"] != END and rule["goto"] > gone:
        return {**rule, "goto": rule["goto"] - 1}
    return rule


def move_question(question: SurveyQuestion, *, user: Any, up: bool) -> None:
    """Swap a question with its neighbour. Routing rules that would then point backwards are dropped."""
    survey = question.survey
    other_position = question.position - 1 if up else question.position + 1
    other = next((q for q in survey.questions if q.position == other_position), None)
    if other is None:
        return
    question.position, other.position = other.position, question.position
    swap = {question.position: other.position, other.position: question.position}
    for q in survey.questions:
        q.routing = [{**r, "goto": swap.get(r["goto"], r["goto"])} if r["goto"] != END else r for r in q.routing]
        q.routing = [r for r in q.routing if r["goto"] == END or r["goto"] > q.position]
    db.session.flush()
    db.session.refresh(survey, ["questions"])
    audit(actor=user, action="survey.question_move", object_type="survey", object_id=survey.id)


# Answering -------------------------------------------------------------------------------------


def response_for(survey: Survey, token: str | None) -> SurveyResponse | None:
    """The draft or sent response this browser holds the key to."""
    if not token:
        return None
    return db.session.scalar(
        select(SurveyResponse).where(SurveyResponse.survey_id == survey.id, SurveyResponse.token == token)
    )


def response_of_user(survey: Survey, user: Any) -> SurveyResponse | None:
    if user is None or survey.anonymous:
        return None
    return db.session.scalar(
        select(SurveyResponse).where(SurveyResponse.survey_id == survey.id, SurveyResponse.user_id == user.id)
    )


def start_response(survey: Survey, *, user: Any, locale: str, easy_read: bool = False) -> SurveyResponse:
    """Begin answering, or carry on with the signed-in person's saved draft.

    Raises: SurveyClosed (not open now), AlreadyAnswered (signed-in survey, answers already sent).
    """
    if state(survey) != "open":
        raise SurveyClosed(survey.slug)
    existing = response_of_user(survey, user)
    if existing is not None:
        if existing.submitted_at is not None:
            raise AlreadyAnswered(survey.slug)
        existing.easy_read = easy_read
        db.session.flush()
        return existing
    response = SurveyResponse(
        survey_id=survey.id,
        user_id=None if survey.anonymous or user is None else user.id,
        token=secrets.token_urlsafe(24),
        locale=locale,
        easy_read=easy_read,
    )
    try:
        with db.session.begin_nested():
            db.session.add(response)
    except IntegrityError:
        # Two tabs started at once: carry on with the one that won.
        existing = response_of_user(survey, user)
        if existing is None:
            raise
        return existing
    db.session.flush()
    return response


def set_about_you(response: SurveyResponse, *, group: str | None, area: str | None) -> None:
    response.respondent_group = group or None
    response.area = area or None
    db.session.flush()


def answers_by_question(response: SurveyResponse) -> dict[str, SurveyAnswer]:
    return {a.question_id: a for a in response.answers}


def is_blank(question: SurveyQuestion, value: Any, text: str | None) -> bool:
    if question.kind == "text":
        return not (text or "").strip()
    if question.kind == "likert":
        return not value or not any(value.values())
    if question.kind == "multiple":
        return not value
    return value in (None, "")


def save_answer(response: SurveyResponse, question: SurveyQuestion, *, value: Any = None,
                text: str | None = None) -> SurveyAnswer:  # fmt: skip
    """Store (or replace) one answer on the draft; free text is screened before we say thank you.

    A blank answer (to an optional question) is kept as "seen, not answered", so the path goes on past it.
    """
    existing = answers_by_question(response).get(question.id)
    answer = existing or SurveyAnswer(response_id=response.id, question_id=question.id)
    if is_blank(question, value, text):
        answer.value, answer.text = None, None
    else:
        answer.value = value
        answer.text = (text or "").strip()[:5000] or None
    if existing is None:
        db.session.add(answer)
    db.session.flush()
    if answer.text:
        screen_and_flag(answer.text, source="survey_answer", source_id=answer.id, language=response.locale)
    db.session.refresh(response, ["answers"])
    return answer


def answered(question: SurveyQuestion, answer: SurveyAnswer | None) -> bool:
    """True if the stored answer says something (not just "seen, left blank")."""
    return answer is not None and not is_blank(question, answer.value, answer.text)


def next_position(question: SurveyQuestion, answer: SurveyAnswer | None) -> int | str | None:
    """Where the routing sends the person after this question: a position, END, or the next question."""
    if answer is not None and answer.value is not None and question.kind in ROUTABLE:
        for rule in question.routing:
            if str(answer.value) == str(rule["answer"]):
                return rule["goto"]
    return question.position + 1


def path(survey: Survey, response: SurveyResponse) -> tuple[list[SurveyQuestion], SurveyQuestion | None]:
    """The questions the person has been through given their answers, and the next one they need to answer
    (None when they have reached the end)."""
    answers = answers_by_question(response)
    by_position = {q.position: q for q in survey.questions}
    seen: list[SurveyQuestion] = []
    position: int | str | None = 1 if survey.questions else None
    while isinstance(position, int) and position in by_position:
        question = by_position[position]
        answer = answers.get(question.id)
        if answer is None:
            return seen, question
        seen.append(question)
        position = next_position(question, answer)
    return seen, None


def on_path(survey: Survey, response: SurveyResponse, question: SurveyQuestion) -> bool:
    """True if the person can reach this question with their answers so far (so they may open it)."""
    seen, upcoming = path(survey, response)
    return question in seen or question is upcoming


def previous_on_path(survey: Survey, response: SurveyResponse, question: SurveyQuestion) -> SurveyQuestion | None:
    seen, _upcoming = path(survey, response)
    earlier = [q for q in seen if q.position < question.position]
    return earlier[-1] if earlier else None


def submit(survey: Survey, response: SurveyResponse) -> bool:
    """Send the answers in. True the first time; False if they were already sent (a double click).

    Raises: SurveyClosed, Incomplete (a required question on their path has no answer).
    """
    if response.submitted_at is not None:
        return False
    if state(survey) != "open":
        raise SurveyClosed(survey.slug)
    seen, upcoming = path(survey, response)
    answers = answers_by_question(response)
    missing = [q for q in seen if q.required and not answered(q, answers.get(q.id))]
    if upcoming is not None and upcoming.required:
        missing.append(upcoming)
    if missing:
        raise Incomplete(missing)
    # Answers to questions the routing skipped in the end do not count.
    keep = {q.id for q in seen}
    for answer in list(response.answers):
        if answer.question_id not in keep:
            db.session.delete(answer)
    response.submitted_at = utcnow()
    db.session.flush()
    return True


@dataclass
class CheckRow:
    question: SurveyQuestion
    answer: SurveyAnswer | None


def check_rows(survey: Survey, response: SurveyResponse) -> list[CheckRow]:
    seen, _upcoming = path(survey, response)
    answers = answers_by_question(response)
    return [CheckRow(q, answers.get(q.id)) for q in seen]


def answer_words(question: SurveyQuestion, answer: SurveyAnswer | None, locale: str) -> list[str]:
    """An answer as lines of words, for check-answers pages and exports."""
    if not answered(question, answer):
        return []
    assert answer is not None
    if question.kind == "text":
        return [answer.text or ""]
    if question.kind == "multiple":
        return [label_of(question, v, locale) for v in answer.value or []]
    if question.kind == "likert":
        value = answer.value or {}
        return [f"{option_label(row, locale)}: {label_of(question, value.get(row['value']), locale)}"
                for row in question.rows if value.get(row["value"])]  # fmt: skip
    return [label_of(question, answer.value, locale)]


def count_submitted(survey: Survey) -> int:
    return db.session.scalar(
        select(func.count()).select_from(SurveyResponse)
        .where(SurveyResponse.survey_id == survey.id, SurveyResponse.submitted_at.is_not(None))
    ) or 0  # fmt: skip
