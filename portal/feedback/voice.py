"""The young person's space: what they tell us, "All about me" statements, and "I don't feel safe".

Every word a young person writes is screened (portal/safeguarding/services.py) before it is
acknowledged. Officers see submissions anonymised, with personal details masked; flagged ones are
held back for the safeguarding lead.
"""

from __future__ import annotations

import hashlib
import secrets
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select

from portal.auth.models import User
from portal.db import db, utcnow
from portal.feedback.voice_models import AllAboutMe, VoiceSubmission, YoungPersonDraft
from portal.platform.masking import mask_personal
from portal.safeguarding.services import flagged_ids, raise_flag, screen_and_flag

# The emoji scale: value, symbol (templates/feedback/voice/_symbols.html), words. Every face has its words.
FEELINGS: tuple[tuple[int, str, Any], ...] = (
    (5, "face-5", _l("Very happy")),
    (4, "face-4", _l("Happy")),
    (3, "face-3", _l("OK")),
    (2, "face-2", _l("Sad")),
    (1, "face-1", _l("Very sad")),
)
# "What would help at school?": a choice to pick instead of writing.
CHOICES: tuple[tuple[str, str, Any], ...] = (
    ("help_in_lessons", "book", _l("More help in lessons")),
    ("quiet_place", "quiet", _l("A quiet place to go")),
    ("more_time", "clock", _l("More time to do my work")),
    ("friends", "friends", _l("Help with friends")),
    ("someone_to_talk_to", "talk", _l("Someone to talk to")),
    ("nothing", "good", _l("Nothing. School is good for me")),
)
# "All about me": field, symbol, question, hint.
STATEMENTS: tuple[tuple[str, str, Any, Any], ...] = (
    ("likes", "heart", _l("What I like"), _l("For example: games, music, animals, being outside.")),
    ("good_at", "star", _l("What I am good at"), _l("For example: drawing, helping people, maths, sport.")),
    ("helps_me", "helps", _l("What helps me"), _l("For example: a quiet room, pictures, time to think.")),
    ("find_hard", "hard", _l("What I find hard"), _l("For example: loud places, reading, new people.")),
    ("want_known", "say", _l("What I want people to know about me"), _l("Anything you want to say about you.")),
    ("hopes", "future", _l("My hopes for the future"), _l("For example: a job, college, living on my own.")),
)
STATEMENT_FIELDS = tuple(name for name, *_ in STATEMENTS)
MAX_TEXT = 1000


def feeling_label(value: int | None) -> Any:
    return next((words for v, _symbol, words in FEELINGS if v == value), "")


def choice_label(key: str) -> Any:
    return next((words for k, _symbol, words in CHOICES if k == key), key)


# Answers in progress ------------------------------------------------------------------------------------------

DRAFT_KINDS = ("voice", "all_about_me")


def _draft_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _draft_record(key: str | None, *, kind: str, user: User | None) -> YoungPersonDraft | None:
    """The live draft behind a browser's key, if it is this kind, this person's, and not expired."""
    if not key or not isinstance(key, str) or len(key) > 100:
        return None
    record = db.session.scalar(select(YoungPersonDraft).where(YoungPersonDraft.key_hash == _draft_hash(key)))
    if record is None or record.kind != kind or record.user_id != (user.id if user else None):
        return None
    expires = record.expires_at if record.expires_at.tzinfo else record.expires_at.replace(tzinfo=UTC)
    return record if expires > utcnow() else None


def load_draft(key: str | None, *, kind: str, user: User | None) -> dict[str, Any]:
    """The answers so far (a copy), or an empty draft."""
    record = _draft_record(key, kind=kind, user=user)
    return dict(record.data or {}) if record is not None else {}


def store_draft(key: str | None, *, kind: str, user: User | None, data: dict[str, Any]) -> str:
    """Keep the answers so far; returns the key for the browser (a new one when there was no live draft)."""
    record = _draft_record(key, kind=kind, user=user)
    expires = utcnow() + timedelta(hours=current_app.config["YOUNG_PEOPLE_DRAFT_HOURS"])
    if record is None:
        key = secrets.token_urlsafe(24)
        record = YoungPersonDraft(key_hash=_draft_hash(key), kind=kind, user_id=user.id if user else None,
                                  data={}, expires_at=expires)  # fmt: skip
        db.session.add(record)
    record.data = dict(data)  # a new dict, so the JSON column sees the change
    record.expires_at = expires
    db.session.flush()
    return str(key)


def discard_draft(key: str | None) -> None:
    """Forget a draft once it has been sent or kept."""
    if key and isinstance(key, str):
        db.session.execute(delete(YoungPersonDraft).where(YoungPersonDraft.key_hash == _draft_hash(key)))


def purge_drafts(now: datetime | None = None) -> int:
    """Delete expired drafts. Returns how many."""
    result = db.session.execute(delete(YoungPersonDraft).where(YoungPersonDraft.expires_at < (now or utcnow())))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


# What young people tell us --------------------------------------------------------------------------------


def submit_voice(*, feeling: int | None, choices: list[str], text: str | None, language: str, user: User | None,
                 idempotency_key: str | None) -> VoiceSubmission:  # fmt: skip
    """Keep one young person's answers and screen their words. Sending twice keeps one copy."""
    if idempotency_key:
        existing = db.session.scalar(select(VoiceSubmission).where(VoiceSubmission.idempotency_key == idempotency_key))
        if existing is not None:
            return existing
    known = {key for key, *_ in CHOICES}
    submission = VoiceSubmission(
        topic="school",
        feeling=feeling if feeling in {v for v, *_ in FEELINGS} else None,
        choices=[c for c in choices if c in known],
        text=(text or "").strip()[:MAX_TEXT] or None,
        language=language,
        user_id=user.id if user else None,
        idempotency_key=idempotency_key,
    )
    db.session.add(submission)
    db.session.flush()
    screen_and_flag(submission.text, source="voice", source_id=submission.id, language=language)
    return submission


def submission_by_key(key: str | None) -> VoiceSubmission | None:
    """The submission a 'Send' with this token made (to answer a repeated press)."""
    if not key:
        return None
    return db.session.scalar(select(VoiceSubmission).where(VoiceSubmission.idempotency_key == key))


def raise_unsafe(*, user: User | None, page: str, language: str) -> Any:
    """'I don't feel safe' was pressed: an alert for the safeguarding lead, whoever pressed it."""
    who = f"signed in as {user.email}" if user else "not signed in"
    text = f'A young person pressed "I don\'t feel safe" on {page[:200]} ({who}).'
    return raise_flag(source="voice_unsafe", source_id=user.id if user else None, text=text, language=language)


@dataclass
class VoiceRow:
    when: Any
    feeling: int | None
    choices: list[str]
    text: str | None
    held: bool


@dataclass
class VoiceReport:
    total: int = 0
    feelings: list[tuple[int, str, Any, int]] = field(default_factory=list)  # value, symbol, words, count
    choices: list[tuple[str, Any, int]] = field(default_factory=list)
    rows: list[VoiceRow] = field(default_factory=list)
    held: int = 0


def voice_report(limit: int = 200) -> VoiceReport:
    """Counts on the emoji scale and the choices, and recent answers anonymised (flagged ones held back)."""
    submissions = list(db.session.scalars(select(VoiceSubmission).order_by(VoiceSubmission.created_at.desc())))
    held_ids = flagged_ids("voice")
    feelings = Counter(s.feeling for s in submissions if s.feeling)
    choices = Counter(c for s in submissions for c in s.choices)
    rows = []
    for s in submissions[:limit]:
        held = s.id in held_ids
        rows.append(VoiceRow(
            when=s.created_at.date(),
            feeling=None if held else s.feeling,
            choices=[] if held else list(s.choices),
            text=None if held or not s.text else mask_personal(s.text),
            held=held,
        ))  # fmt: skip
    return VoiceReport(
        total=len(submissions),
        feelings=[(v, symbol, words, feelings.get(v, 0)) for v, symbol, words in FEELINGS],
        choices=[(key, words, choices.get(key, 0)) for key, _symbol, words in CHOICES],
        rows=rows,
        held=sum(1 for s in submissions if s.id in held_ids),
    )


def voice_candidates(limit: int) -> list[Any]:
    """For 'You said, we did': recent young people's words, anonymised, never anything flagged."""
    from portal.surveys.sources import Candidate

    held = flagged_ids("voice")
    query = (
        select(VoiceSubmission)
        .where(VoiceSubmission.text.is_not(None))
        .order_by(VoiceSubmission.created_at.desc())
        .limit(limit + len(held))
    )
    found = []
    for s in db.session.scalars(query):
        if s.id in held or not s.text:
            continue
        text = mask_personal(s.text)
        title = text if len(text) <= 120 else text[:117] + "…"
        detail = f"Feels about school: {feeling_label(s.feeling)}" if s.feeling else ""
        found.append(Candidate(kind="voice", ref=s.id, title=title, detail=str(detail), when=s.created_at.date()))
        if len(found) >= limit:
            break
    return found


# "All about me" ---------------------------------------------------------------------------------------------


class StatementNotFound(LookupError):
    """No such statement for this person (never says whether it exists for someone else)."""


def save_statement(*, owner: User | None, child_id: str | None, answers: dict[str, str | None], language: str,
                   idempotency_key: str | None, existing: AllAboutMe | None = None) -> AllAboutMe:  # fmt: skip
    """Keep 'All about me' and screen the words. `existing` (already access-checked) is updated; a signed-in
    person keeps one per subject, so saving again updates theirs.

    Raises:
        StatementNotFound: `child_id` is not a child this person may see.
    """
    if child_id is not None:
        from portal.auth.family import NotFound, child_for

        if owner is None:
            raise StatementNotFound(child_id)
        try:
            child_for(owner, child_id)
        except NotFound as exc:
            raise StatementNotFound(child_id) from exc
    subject = child_id or "self"
    statement = existing
    if statement is None and owner is not None:
        statement = db.session.scalar(
            select(AllAboutMe).where(AllAboutMe.owner_id == owner.id, AllAboutMe.subject_key == subject)
        )
    if statement is None:
        statement = AllAboutMe(owner_id=owner.id if owner else None, child_id=child_id, subject_key=subject)
        db.session.add(statement)
    for name in STATEMENT_FIELDS:
        value = (answers.get(name) or "").strip()[:MAX_TEXT]
        setattr(statement, name, value or None)
    statement.language = language
    statement.idempotency_key = idempotency_key  # the latest save's token: a repeat of it changes nothing
    db.session.flush()
    words = statement_text(statement)
    if not _already_flagged(statement.id, words):
        screen_and_flag(words, source="all_about_me", source_id=statement.id, language=language)
    return statement


def statement_by_key(key: str | None) -> AllAboutMe | None:
    """The statement a save with this token made (to answer a repeated press)."""
    if not key:
        return None
    return db.session.scalar(select(AllAboutMe).where(AllAboutMe.idempotency_key == key))


def _already_flagged(statement_id: str, words: str) -> bool:
    from portal.safeguarding.models import SafeguardingFlag

    query = select(SafeguardingFlag.id).where(
        SafeguardingFlag.source == "all_about_me",
        SafeguardingFlag.source_id == statement_id,
        SafeguardingFlag.text == words,
    )
    return db.session.scalar(query.limit(1)) is not None


def statement_text(statement: AllAboutMe) -> str:
    """The statement as plain text, a heading and the answer for each part (what is screened and downloaded)."""
    parts = []
    for name, _symbol, question, _hint in STATEMENTS:
        value = getattr(statement, name)
        if value:
            parts.append(f"{question}\n{value}")
    return "\n\n".join(parts)


def statements_for(user: User) -> list[AllAboutMe]:
    """A signed-in person's saved statements (theirs, and ones about children they may still see)."""
    from portal.auth.family import children_of

    visible = {child.id for child in children_of(user)}
    found = db.session.scalars(
        select(AllAboutMe).where(AllAboutMe.owner_id == user.id).order_by(AllAboutMe.updated_at.desc())
    )
    return [s for s in found if s.child_id is None or s.child_id in visible]


def statement_for(statement_id: str, *, user: User | None, session_ids: list[str]) -> AllAboutMe:
    """One statement, if it is this person's (signed in) or was made in this browser (not signed in).

    Raises:
        StatementNotFound: not theirs, or no such statement.
    """
    statement = db.session.get(AllAboutMe, statement_id)
    if statement is None:
        raise StatementNotFound(statement_id)
    if statement.owner_id is None and statement_id in session_ids:
        return statement
    if user is not None and statement.owner_id == user.id:
        if statement.child_id is None or statement in statements_for(user):
            return statement
    raise StatementNotFound(statement_id)


def subject_name(statement: AllAboutMe) -> str | None:
    """The child's first name when a parent wrote it with their child; None when it is about the writer."""
    if statement.child_id is None:
        return None
    from portal.auth.models import Child

    child = db.session.get(Child, statement.child_id)
    return child.first_name if child else None


def subjects_for(user: User) -> list[tuple[str, str]]:
    """Who a signed-in person may write 'All about me' for: themselves and children they may see."""
    from portal.auth.models import FamilyLink

    links = db.session.scalars(
        select(FamilyLink).where(
            FamilyLink.user_id == user.id, FamilyLink.can_view.is_(True), FamilyLink.is_self.is_(False)
        )
    )
    return [(link.child.id, f"{link.child.first_name} {link.child.last_name}") for link in links]
