"""The one entry point every free-text channel calls: store first, then `screen_and_flag`.

Callers keep the family's words (flush) before calling this, so a message is never lost or delayed by
screening: if the screen itself fails, the words go to the lead's queue anyway (a flag that says the
screen could not run), and if even that fails the error is logged and the caller's message still stands.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import g, has_request_context
from sqlalchemy import select

from portal.db import db, utcnow
from portal.safeguarding.models import SafeguardingFlag
from portal.safeguarding.screen import Screening, screen

log = logging.getLogger(__name__)

SCREEN_FAILED = "screen-failed"


def screen_and_flag(text: str | None, *, source: str, source_id: str | None, language: str | None = None) -> Any:
    """Screen `text` (already stored by the caller); if it suggests risk, queue it for the lead and return the
    flag, else None. Never raises: screening must not cost a family their message."""
    if not text or not text.strip():
        return None
    try:
        found: Screening | None = screen(text)
    except Exception:  # the model file is missing or broken: a person reads it instead
        log.exception("safeguarding screen failed on %s %s", source, source_id)
        found = None
    if found is not None and not found.risky:
        return None
    if found is not None and has_request_context():
        g.safeguarding_flagged = True  # the page that thanks them shows urgent help (portal/safeguarding/web.py)
    try:
        with db.session.begin_nested():
            return raise_flag(source=source, source_id=source_id, text=text, language=language, found=found,
                              categories=None if found is not None else [SCREEN_FAILED])  # fmt: skip
    except Exception:
        log.exception("could not raise a safeguarding flag for %s %s", source, source_id)
        return None


def raise_flag(*, source: str, source_id: str | None, text: str, language: str | None,
               found: Screening | None = None, categories: list[str] | None = None) -> SafeguardingFlag:  # fmt: skip
    """Put the exact words in the safeguarding queue, with why they were flagged, and tell the leads."""
    if categories is None:
        categories = list(found.categories) if found is not None else []
    flag = SafeguardingFlag(
        source=source, source_id=source_id, text=text, language=language or (found.language if found else None),
        categories=categories, score=found.score if found else None, sentence=found.sentence if found else None,
    )  # fmt: skip
    db.session.add(flag)
    db.session.flush()
    for listener in _on_flag:
        listener(flag)
    return flag


def is_flagged(source: str, source_id: str) -> bool:
    """True if words from this item are in the safeguarding queue: anonymised outputs must leave it out."""
    query = select(SafeguardingFlag.id).where(
        SafeguardingFlag.source == source, SafeguardingFlag.source_id == source_id
    )
    return db.session.scalar(query.limit(1)) is not None


def flagged_ids(source: str) -> set[str]:
    """Every id of `source` with words in the safeguarding queue (for filtering lists in one query)."""
    rows = db.session.scalars(select(SafeguardingFlag.source_id).where(SafeguardingFlag.source == source))
    return {row for row in rows if row}


def latest_flags(limit: int) -> list[SafeguardingFlag]:
    """The most recent flags, newest first (for reports that count them; never for showing their words)."""
    return list(db.session.scalars(select(SafeguardingFlag).order_by(SafeguardingFlag.created_at.desc()).limit(limit)))


# Who hears about a new flag: the feedback domain registers the e-mail to the leads (feedback/safeguarding.py),
# so this shared domain needs no import of it.
_on_flag: list[Callable[[SafeguardingFlag], Any]] = []


def on_flag_raised(listener: Callable[[SafeguardingFlag], Any]) -> Callable[[SafeguardingFlag], Any]:
    """Register `listener(flag)` to run whenever a flag is raised (idempotent)."""
    if listener not in _on_flag:
        _on_flag.append(listener)
    return listener


# The lead's decisions, as labelled data ------------------------------------------------------------------


class AlreadyClosed(Exception):
    """The flag is closed: nothing more can be recorded on it."""


def mark_not_a_concern(flag: SafeguardingFlag, *, actor: Any, reason: str) -> SafeguardingFlag:
    """The lead has read it and it is not a safeguarding concern: close it, keeping the reason.

    Raises:
        AlreadyClosed: the flag is already closed.
        ValueError: no reason given.
    """
    if flag.status == "closed":
        raise AlreadyClosed(flag.id)
    if not reason.strip():
        raise ValueError("a reason is needed")
    now = utcnow()
    if flag.status == "new":
        flag.acknowledged_at = now
        flag.acknowledged_by = actor.email
    flag.status = "closed"
    flag.closed_at = now
    flag.referral = "none"
    flag.referral_reason = reason.strip()
    flag.action_taken = flag.action_taken or "Not a safeguarding concern."
    flag.not_concern_reason = reason.strip()
    flag.not_concern_at = now
    flag.not_concern_by = actor.email
    db.session.flush()
    return flag


@dataclass(frozen=True)
class Decision:
    id: str
    label: str
    category: str
    language: str
    immediate: str
    voice: str
    text: str
    reason: str

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter((self.id, self.label, self.category, self.language, self.immediate, self.voice, self.text,
                     self.reason))  # fmt: skip


def decisions_for_training(mask: Callable[[str], str]) -> list[Decision]:
    """Every "not a concern" decision, with the words and the reason passed through `mask`, as corpus rows
    labelled safe. A person reviews them before any goes into portal/safeguarding/data/: never automatic."""
    flags = db.session.scalars(
        select(SafeguardingFlag)
        .where(SafeguardingFlag.not_concern_at.is_not(None))
        .order_by(SafeguardingFlag.created_at)
    )
    return [
        Decision(id=f"lead-{flag.id[:8]}", label="safe", category="safe-lead-decision", language=flag.language or "en",
                 immediate="no", voice=flag.source, text=mask(flag.text), reason=mask(flag.not_concern_reason or ""))
        for flag in flags
    ]  # fmt: skip
