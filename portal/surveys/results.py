"""Survey results: counts, percentages, means, Likert tables, masked free text, themes and the CSV export.

Free text is always masked (portal.platform.masking.mask_personal) and anything in the safeguarding queue is
held back: it appears only as a count ("1 answer held back for the safeguarding lead").
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.auth.services import audit
from portal.db import db
from portal.platform.masking import mask_personal
from portal.safeguarding.services import flagged_ids
from portal.surveys import services
from portal.surveys.models import Survey, SurveyAnswer, SurveyAnswerTheme, SurveyQuestion, SurveyResponse, SurveyTheme

HELD_BACK = "[held back for the safeguarding lead]"
# Small numbers: a group of fewer than 5 people is shown as "fewer than 5" in charts, tables and the CSV, so no
# one can be picked out (the usual statistical disclosure rule; the council may set a higher threshold).
SMALL_NUMBER = 5
FEWER_THAN = "fewer than 5"


def is_small(count: int | None) -> bool:
    """A count that would show a group of 1 to 4 people."""
    return count is not None and 0 < count < SMALL_NUMBER


@dataclass
class OptionCount:
    value: str
    label: str
    count: int | None  # None when suppressed
    percent: float | None  # of the people who answered the question; None when suppressed
    suppressed: bool = False


def _option(value: str, label: str, count: int, total: int) -> OptionCount:
    if is_small(count) or is_small(total):
        return OptionCount(value, label, None, None, True)
    return OptionCount(value, label, count, percent(count, total))


@dataclass
class LikertRow:
    label: str
    answered: int
    counts: list[OptionCount]
    summary: list[OptionCount] = field(default_factory=list)  # agree / disagree, for the chart


@dataclass
class TextAnswer:
    id: str
    text: str  # masked
    themes: list[str] = field(default_factory=list)


@dataclass
class QuestionResult:
    question: SurveyQuestion
    answered: int = 0
    options: list[OptionCount] = field(default_factory=list)
    mean: float | None = None
    likert: list[LikertRow] = field(default_factory=list)
    texts: list[TextAnswer] = field(default_factory=list)
    held_back: int = 0
    themes: list[tuple[str, int]] = field(default_factory=list)


@dataclass
class Results:
    survey: Survey
    responses: int
    questions: list[QuestionResult]
    group: str | None
    area: str | None
    suppressed: bool = False  # the filter leaves fewer than 5 responses: nothing is shown


def percent(count: int, total: int) -> float:
    return round(100 * count / total, 1) if total else 0.0


def _responses(survey: Survey, group: str | None, area: str | None) -> list[SurveyResponse]:
    query = select(SurveyResponse).where(
        SurveyResponse.survey_id == survey.id, SurveyResponse.submitted_at.is_not(None)
    )
    if group:
        query = query.where(SurveyResponse.respondent_group == group)
    if area:
        query = query.where(SurveyResponse.area == area)
    return list(db.session.scalars(query.order_by(SurveyResponse.submitted_at)))


def _themes_by_answer(survey: Survey) -> dict[str, list[str]]:
    rows = db.session.execute(
        select(SurveyAnswerTheme.answer_id, SurveyTheme.name)
        .join(SurveyTheme, SurveyTheme.id == SurveyAnswerTheme.theme_id)
        .where(SurveyTheme.survey_id == survey.id)
        .order_by(SurveyTheme.name)
    ).all()
    found: dict[str, list[str]] = {}
    for answer_id, name in rows:
        found.setdefault(answer_id, []).append(name)
    return found


def results(survey: Survey, *, group: str | None = None, area: str | None = None, locale: str = "en") -> Results:
    """Every question's figures over the sent responses (optionally one respondent group and/or area)."""
    responses = _responses(survey, group, area)
    by_question: dict[str, list[SurveyAnswer]] = {}
    for response in responses:
        for answer in response.answers:
            by_question.setdefault(answer.question_id, []).append(answer)
    flagged = flagged_ids("survey_answer")
    themes = _themes_by_answer(survey)
    if (group or area) and is_small(len(responses)):
        return Results(survey, len(responses), [], group, area, suppressed=True)
    out = []
    for question in survey.questions:
        answers = [a for a in by_question.get(question.id, []) if services.answered(question, a)]
        out.append(_question_result(question, answers, flagged, themes, locale))
    return Results(survey, len(responses), out, group, area)


def _question_result(question: SurveyQuestion, answers: list[SurveyAnswer], flagged: set[str],
                     themes: dict[str, list[str]], locale: str) -> QuestionResult:  # fmt: skip
    result = QuestionResult(question, answered=len(answers))
    choices = [(str(k), str(label)) for k, label in services.choices_for(question, locale)]
    if question.kind == "text":
        theme_counter: Counter[str] = Counter()
        for answer in answers:
            if answer.id in flagged:
                result.held_back += 1
                continue
            tags = themes.get(answer.id, [])
            theme_counter.update(tags)
            result.texts.append(TextAnswer(answer.id, mask_personal(answer.text or ""), tags))
        result.themes = sorted(theme_counter.items(), key=lambda item: (-item[1], item[0]))
    elif question.kind == "likert":
        for row in question.rows:
            picked = Counter(
                str((a.value or {}).get(row["value"])) for a in answers if (a.value or {}).get(row["value"])
            )
            total = sum(picked.values())
            counts = [_option(k, label, picked[k], total) for k, label in choices]
            agree, disagree = picked["sa"] + picked["a"], picked["d"] + picked["sd"]
            summary = [_option("agree", str(_l("Agree or strongly agree")), agree, total),
                       _option("disagree", str(_l("Disagree or strongly disagree")), disagree, total)]  # fmt: skip
            result.likert.append(LikertRow(services.option_label(row, locale), total, counts, summary))
    elif question.kind == "multiple":
        picked = Counter(str(v) for a in answers for v in (a.value or []))
        result.options = [_option(k, label, picked[k], len(answers)) for k, label in choices]
    else:
        picked = Counter(str(a.value) for a in answers)
        result.options = [_option(k, label, picked[k], len(answers)) for k, label in choices]
        if question.kind in ("rating5", "rating10") and answers and not is_small(len(answers)):
            result.mean = round(sum(int(a.value) for a in answers) / len(answers), 2)
    return result


# Themes ----------------------------------------------------------------------------------------

STOP_WORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before being below
    between both but by can could did do does doing down during each even every few for from further get got had
    has have having he her here hers him his how i if in into is it its itself just like me more most my no nor
    not now of off on once only or other our ours out over own really same she should so some still such than
    that the their theirs them then there these they this those through to too under until up us very was we
    were what when where which while who whom why will with would you your yours yes lot lots much many thing
    things think know feel felt get getting been one two make made way well need needs needed want wanted
    name number email""".split()
)
_WORD = re.compile(r"[a-zA-Z\u00C0-\u024F']+")


def _words(text: str) -> list[str]:
    return [w.strip("'").lower() for w in _WORD.findall(text) if len(w.strip("'")) > 2]


def theme_suggestions(result: QuestionResult, themes: list[SurveyTheme], limit: int = 10) -> dict[str, Any]:
    """Ideas for themes from the untagged answers: their most used words and word pairs (no stop words),
    and, for each untagged answer, the existing themes whose words it uses."""
    untagged = [t for t in result.texts if not t.themes]
    words: Counter[str] = Counter()
    pairs: Counter[str] = Counter()
    for answer in untagged:
        tokens = _words(answer.text)
        useful = [w for w in tokens if w not in STOP_WORDS and not w.startswith("[")]
        words.update(set(useful))
        pairs.update({f"{a} {b}" for a, b in zip(tokens, tokens[1:], strict=False)
                      if a not in STOP_WORDS and b not in STOP_WORDS})  # fmt: skip
    # Distinctive: used in more than one answer, and not a word every answer uses.
    many = max(len(untagged), 1)
    top_words = [w for w, n in sorted(words.items(), key=lambda i: (-i[1], i[0])) if 1 < n < many or many <= 2][:limit]
    top_pairs = [p for p, n in sorted(pairs.items(), key=lambda i: (-i[1], i[0])) if n > 1][:limit]
    matches: dict[str, list[str]] = {}
    for answer in untagged:
        tokens = set(_words(answer.text))
        hits = [t.name for t in themes if set(_words(t.name)) - STOP_WORDS & tokens]
        if hits:
            matches[answer.id] = hits
    return {"words": top_words, "pairs": top_pairs, "matches": matches, "untagged": len(untagged)}


def survey_themes(survey: Survey) -> list[SurveyTheme]:
    return list(db.session.scalars(select(SurveyTheme).where(SurveyTheme.survey_id == survey.id)
                                   .order_by(SurveyTheme.name)))  # fmt: skip


def add_theme(survey: Survey, name: str, *, user: Any) -> SurveyTheme:
    """A theme by name (existing one if the name is already used)."""
    name = " ".join(name.split())[:80]
    if not name:
        raise ValueError("empty theme")
    existing = db.session.scalar(
        select(SurveyTheme).where(SurveyTheme.survey_id == survey.id, SurveyTheme.name == name)
    )
    if existing is not None:
        return existing
    theme = SurveyTheme(survey_id=survey.id, name=name)
    db.session.add(theme)
    db.session.flush()
    audit(actor=user, action="survey.theme_add", object_type="survey", object_id=survey.id)
    return theme


def get_text_answer(survey: Survey, answer_id: str) -> SurveyAnswer:
    """A sent free-text answer of this survey. Raises: services.SurveyNotFound."""
    answer = db.session.get(SurveyAnswer, answer_id) if answer_id else None
    if answer is None:
        raise services.SurveyNotFound(answer_id)
    question = db.session.get(SurveyQuestion, answer.question_id)
    if question is None or question.survey_id != survey.id or question.kind != "text":
        raise services.SurveyNotFound(answer_id)
    if answer.response.submitted_at is None:
        raise services.SurveyNotFound(answer_id)
    return answer


def set_answer_themes(survey: Survey, answer: SurveyAnswer, theme_ids: list[str], *, user: Any,
                      new_theme: str | None = None) -> None:  # fmt: skip
    """Tag an answer with exactly these themes (plus a new one, if named)."""
    valid = {t.id for t in survey_themes(survey)}
    wanted = {t for t in theme_ids if t in valid}
    if new_theme and new_theme.strip():
        wanted.add(add_theme(survey, new_theme, user=user).id)
    current = {row.theme_id: row for row in db.session.scalars(
        select(SurveyAnswerTheme).where(SurveyAnswerTheme.answer_id == answer.id))}  # fmt: skip
    for theme_id, row in current.items():
        if theme_id not in wanted:
            db.session.delete(row)
    for theme_id in wanted - set(current):
        db.session.add(SurveyAnswerTheme(answer_id=answer.id, theme_id=theme_id))
    db.session.flush()
    audit(actor=user, action="survey.tag", object_type="survey", object_id=survey.id, themes=len(wanted))


# CSV -------------------------------------------------------------------------------------------


def _safe_cell(value: Any) -> str:
    text = "" if value is None else str(value)
    # Spreadsheets run cells that start like a formula; a leading apostrophe keeps them as text.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def csv_export(survey: Survey, *, group: str | None = None, area: str | None = None) -> str:
    """One row per sent response: free text masked, safeguarding-flagged text held back, no account details."""
    questions = survey.questions
    header = ["response", "sent", "respondent group", "area"]
    for q in questions:
        if q.kind == "likert":
            header += [f"Q{q.position} {q.text} - {row['en']}" for row in q.rows]
        else:
            header.append(f"Q{q.position} {q.text}")
    flagged = flagged_ids("survey_answer")
    groups, areas = dict(services.GROUPS), dict(services.areas())
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_safe_cell(h) for h in header])
    chosen = _responses(survey, group, area)
    if (group or area) and is_small(len(chosen)):
        writer.writerow([f"{FEWER_THAN} responses match these filters, so none are shown"])
        return out.getvalue()
    # A respondent group or area with fewer than 5 people in the whole survey is not named on their rows.
    everyone = _responses(survey, None, None)
    group_sizes = Counter(r.respondent_group for r in everyone)
    area_sizes = Counter(r.area for r in everyone)

    def _named(value: str | None, names: dict[str, Any], sizes: Counter[str | None]) -> str:
        if not value:
            return ""
        return FEWER_THAN if is_small(sizes[value]) else str(names.get(value, ""))

    for number, response in enumerate(chosen, start=1):
        answers = services.answers_by_question(response)
        row = [
            number,
            response.submitted_at.date().isoformat() if response.submitted_at else "",
            _named(response.respondent_group, groups, group_sizes),
            _named(response.area, areas, area_sizes),
        ]
        for q in questions:
            answer = answers.get(q.id)
            if q.kind == "likert":
                value = (answer.value if answer else None) or {}
                row += [services.label_of(q, value[r["value"]]) if value.get(r["value"]) else "" for r in q.rows]
            elif q.kind == "text" and answer is not None and answer.text:
                row.append(HELD_BACK if answer.id in flagged else mask_personal(answer.text))
            else:
                row.append("; ".join(services.answer_words(q, answer, "en")))
        writer.writerow([_safe_cell(cell) for cell in row])
    return out.getvalue()


# Charts ----------------------------------------------------------------------------------------


def bar_width(pct: float | None, full: int = 300) -> int:
    """Width in SVG units of a bar for a percentage (at least 1 unit when the count is not zero; none when
    the figure is suppressed)."""
    return max(1, math.floor(full * pct / 100)) if pct else 0


# Sources for You said, we did -------------------------------------------------------------------


def question_summary(question: SurveyQuestion, found: Results | None = None) -> str:
    """The figures for one question in a sentence, for quoting in an entry (English, anonymous)."""
    found = found or results(question.survey)
    result = next((r for r in found.questions if r.question.id == question.id), None)
    if result is None or not result.answered:
        return "No answers yet."
    if is_small(result.answered):
        return "Fewer than 5 answers so far, so the figures are not shown."
    if result.mean is not None:
        top = 5 if question.kind == "rating5" else 10
        return f"Average rating {result.mean} out of {top} from {result.answered} answers."
    if result.likert:
        parts = []
        for row in result.likert:
            agree = row.summary[0]
            parts.append(f"{row.label}: {FEWER_THAN} agreed" if agree.suppressed
                         else f"{row.label}: {agree.percent:g}% agreed")  # fmt: skip
        return "; ".join(parts) + f" ({result.answered} answers)."
    if result.options:
        ranked = sorted((o for o in result.options if not o.suppressed), key=lambda o: -(o.count or 0))[:3]
        said = ", ".join(f"{o.label} {o.percent:g}%" for o in ranked) or f"Each answer {FEWER_THAN}"
        return f"{said} ({result.answered} answers)."
    themes = ", ".join(f"{name} ({count})" for name, count in result.themes[:5])
    return f"{result.answered} written answers" + (f"; themes: {themes}." if themes else ".")


def question_candidates(limit: int) -> list[Any]:
    """Questions of published surveys with answers, with their figures: a "survey_question" source."""
    from portal.surveys.sources import Candidate

    surveys = db.session.scalars(select(Survey).where(Survey.published.is_(True))
                                 .order_by(Survey.created_at.desc()))  # fmt: skip
    found = []
    for survey in surveys:
        if services.count_submitted(survey) == 0:
            continue
        found_results = results(survey)
        for question in survey.questions:
            found.append(Candidate(kind="survey_question", ref=question.id, title=f"Q{question.position}. {question.text}",
                                   detail=f"{survey.title}: {question_summary(question, found_results)}",
                                   when=survey.published_at.date() if survey.published_at else None))  # fmt: skip
            if len(found) >= limit:
                return found
    return found


def theme_candidates(limit: int) -> list[Any]:
    """Themes officers tagged free-text answers with, and how many answers each: a "survey_theme" source."""
    from sqlalchemy import func

    from portal.surveys.sources import Candidate

    rows = db.session.execute(
        select(SurveyTheme, Survey.title, func.count(SurveyAnswerTheme.id))
        .join(Survey, Survey.id == SurveyTheme.survey_id)
        .outerjoin(SurveyAnswerTheme, SurveyAnswerTheme.theme_id == SurveyTheme.id)
        .group_by(SurveyTheme.id, Survey.title)
        .order_by(func.count(SurveyAnswerTheme.id).desc(), SurveyTheme.name)
        .limit(limit)
    ).all()
    return [Candidate(kind="survey_theme", ref=theme.id, title=theme.name,
                      detail=f"{title}: {count} written answers") for theme, title, count in rows]  # fmt: skip
