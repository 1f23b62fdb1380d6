"""Screening free text for risk of harm, and the safeguarding queue it feeds (see feedback/safeguarding_views.py).

Every form in the portal that takes free text (the assistant, page feedback, complaints, the young
person's space, assessment requests, survey answers) calls `screen_and_flag` on the words before it
acknowledges them. Flagged words go to the safeguarding lead's queue exactly as written; they are never
shown in anonymised reports or exports (`is_flagged` tells those what to hold back).
"""

from __future__ import annotations

from typing import Any

from portal.screening import Screening, screen


def screen_and_flag(text: str | None, *, source: str, source_id: str | None, language: str | None = None) -> Any:
    """Screen `text`; if it suggests risk, put it in the safeguarding queue and return the flag, else None.

    `source` names the kind of thing ("chat", "page_feedback", "complaint", "voice", "ehc_request",
    "survey_answer", …) and `source_id` its id, so the lead can open it and reports can hold it back.
    """
    if not text or not text.strip():
        return None
    found: Screening = screen(text)
    if not found.risky:
        return None
    from portal.chat.services import raise_flag

    return raise_flag(source=source, source_id=source_id, text=text, language=language)


def is_flagged(source: str, source_id: str) -> bool:
    """True if words from this item are in the safeguarding queue: anonymised outputs must leave it out."""
    from sqlalchemy import select

    from portal.chat.models import SafeguardingFlag
    from portal.db import db

    query = select(SafeguardingFlag.id).where(
        SafeguardingFlag.source == source, SafeguardingFlag.source_id == source_id
    )
    return db.session.scalar(query.limit(1)) is not None


def flagged_ids(source: str) -> set[str]:
    """Every id of `source` with words in the safeguarding queue (for filtering lists in one query)."""
    from sqlalchemy import select

    from portal.chat.models import SafeguardingFlag
    from portal.db import db

    rows = db.session.scalars(select(SafeguardingFlag.source_id).where(SafeguardingFlag.source == source))
    return {row for row in rows if row}
