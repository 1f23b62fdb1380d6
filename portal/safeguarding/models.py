"""Safeguarding flags: words that suggest someone may be at risk, kept exactly as written for the lead."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, Float, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import Base, IdMixin, utcnow
from portal.safeguarding.clock import due_by_for


def _due_from_now() -> datetime:
    return due_by_for(utcnow())


class SafeguardingFlag(IdMixin, Base):
    """Words that suggest someone may be at risk, kept exactly as written, for the safeguarding lead."""

    __tablename__ = "safeguarding_flag"

    source: Mapped[str] = mapped_column(String(30))
    source_id: Mapped[str | None] = mapped_column(String(36))
    text: Mapped[str] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(10))
    categories: Mapped[list[str]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(20), default="new")
    acknowledged_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    acknowledged_by: Mapped[str | None] = mapped_column(String(255))
    notes: Mapped[str | None] = mapped_column(Text)
    # The safeguarding queue (portal/feedback/safeguarding.py): the same-working-day target, escalations
    # already sent, and what the lead did.
    due_by: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=_due_from_now)
    escalated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    escalated_admin_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    action_taken: Mapped[str | None] = mapped_column(Text)
    referral: Mapped[str | None] = mapped_column(String(30))
    referral_reason: Mapped[str | None] = mapped_column(Text)
    actioned_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    actioned_by: Mapped[str | None] = mapped_column(String(255))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Why the screen flagged it (portal/safeguarding/screen.py): its score and the sentence that scored highest.
    score: Mapped[float | None] = mapped_column(Float)
    sentence: Mapped[str | None] = mapped_column(Text)
    # The lead's "not a concern" decision, kept (masked) as labelled data for the next training round.
    not_concern_reason: Mapped[str | None] = mapped_column(Text)
    not_concern_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    not_concern_by: Mapped[str | None] = mapped_column(String(255))
