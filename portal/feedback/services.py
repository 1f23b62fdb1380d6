"""Page feedback: "Is this page useful?" and "Report a problem with this page" (SEND Regulations 2014 reg 56)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import func, select

from portal.auth.services import audit
from portal.db import db, utcnow
from portal.feedback.models import FeedbackTheme, PageFeedback
from portal.platform.masking import mask_personal
from portal.safeguarding.services import flagged_ids, screen_and_flag

SOURCE = "page_feedback"
THEMES = tuple(t.value for t in FeedbackTheme)
MAX_PATH = 300


def mask(text: str | None) -> str | None:
    """Mask e-mail addresses, phone numbers and names ("my daughter is called Amy") before storing."""
    return mask_personal(text) if text else text


def safe_path(value: str | None) -> str | None:
    """A same-site path to go back to (no scheme, host, '//' or backslashes), without its query; else None."""
    if not value or len(value) > MAX_PATH or not value.startswith("/") or value.startswith("//"):
        return None
    if "\\" in value or any(ord(ch) < 32 for ch in value):
        return None
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        return None
    return parts.path or None


def record(
    *,
    path: str,
    useful: bool | None,
    theme: str | None,
    doing: str | None,
    comment: str | None,
    locale: str,
    idempotency_key: str | None,
) -> PageFeedback:
    """Store one piece of feedback (masked) once, and screen the exact words for risk of harm."""
    if idempotency_key:
        existing = db.session.scalar(select(PageFeedback).where(PageFeedback.idempotency_key == idempotency_key))
        if existing is not None:
            return existing
    item = PageFeedback(
        path=path[:MAX_PATH],
        useful=useful,
        theme=theme if theme in THEMES else None,
        doing=mask(doing) or None,
        comment=mask(comment) or None,
        locale=locale,
        status="new",
        idempotency_key=idempotency_key,
    )
    db.session.add(item)
    db.session.flush()
    # The safeguarding lead needs the exact words, so screening sees the text before masking.
    words = "\n".join(t for t in (doing, comment) if t)
    screen_and_flag(words, source=SOURCE, source_id=item.id, language=locale)
    return item


@dataclass
class PageSummary:
    path: str
    yes: int = 0
    no: int = 0
    problems: int = 0
    open: int = 0


def listing(*, path: str | None = None, theme: str | None = None, status: str | None = None,
            limit: int = 200) -> list[PageFeedback]:  # fmt: skip
    """Feedback for officers, newest first, optionally for one page, theme or status."""
    query = select(PageFeedback).order_by(PageFeedback.created_at.desc())
    if path:
        query = query.where(PageFeedback.path == path)
    if theme:
        query = query.where(PageFeedback.theme == theme)
    if status:
        query = query.where(PageFeedback.status == status)
    return list(db.session.scalars(query.limit(limit)))


def by_page(limit: int = 100) -> list[PageSummary]:
    """Counts per page: yes, no, problem reports and items not yet actioned, most talked-about first."""
    rows = db.session.execute(
        select(PageFeedback.path, PageFeedback.useful, PageFeedback.status, func.count())
        .group_by(PageFeedback.path, PageFeedback.useful, PageFeedback.status)
    )  # fmt: skip
    pages: dict[str, PageSummary] = {}
    for path, useful, status, count in rows:
        summary = pages.setdefault(path, PageSummary(path))
        if useful is True:
            summary.yes += count
        elif useful is False:
            summary.no += count
        else:
            summary.problems += count
        if status != "actioned" and useful is not True:
            summary.open += count
    ordered = sorted(pages.values(), key=lambda s: (-(s.no + s.problems), -s.open, s.path))
    return ordered[:limit]


def by_theme() -> dict[str, int]:
    """How many comments there are on each reg 56 theme (items with no theme are left out)."""
    rows = db.session.execute(
        select(PageFeedback.theme, func.count()).where(PageFeedback.theme.is_not(None)).group_by(PageFeedback.theme)
    )
    counts = Counter({theme: 0 for theme in THEMES})
    counts.update({theme: count for theme, count in rows})
    return dict(counts)


def totals() -> dict[str, int]:
    """Yes, no, problem reports and open items across every page."""
    found = by_page(limit=100000)
    return {
        "yes": sum(s.yes for s in found),
        "no": sum(s.no for s in found),
        "problems": sum(s.problems for s in found),
        "open": sum(s.open for s in found),
    }


def get(feedback_id: str) -> PageFeedback | None:
    return db.session.get(PageFeedback, feedback_id)


def mark_actioned(item: PageFeedback, *, user: Any, actioned: bool = True) -> PageFeedback:
    """Mark an item as dealt with (or open again), with an audit record."""
    item.status = "actioned" if actioned else "new"
    item.actioned_at = utcnow() if actioned else None
    item.actioned_by = user.id if actioned else None
    db.session.flush()
    audit(actor=user, action="page_feedback.actioned" if actioned else "page_feedback.reopened",
          object_type="page_feedback", object_id=item.id)  # fmt: skip
    return item


def candidates(limit: int) -> list[Any]:
    """Anonymised comments for "You said, we did": masked words only, nothing safeguarding-flagged."""
    from portal.surveys.sources import Candidate

    held_back = flagged_ids(SOURCE)
    query = (
        select(PageFeedback)
        .where(PageFeedback.comment.is_not(None))
        .order_by(PageFeedback.created_at.desc())
        .limit(limit + len(held_back))
    )
    found = []
    for item in db.session.scalars(query):
        if item.id in held_back:
            continue
        theme = f" ({item.theme})" if item.theme else ""
        found.append(Candidate(kind=SOURCE, ref=item.id, title=(item.comment or "")[:300],
                               detail=f"{item.path}{theme}", when=item.created_at.date()))  # fmt: skip
        if len(found) >= limit:
            break
    return found
