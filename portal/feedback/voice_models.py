"""Tables of the young person's space: what they told us, and their "All about me" statements."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import Base, IdMixin


class VoiceSubmission(IdMixin, Base):
    """One young person's answers: a feeling on the emoji scale, the choices they picked, and their own words.

    `user_id` is kept only so the safeguarding lead can reach a signed-in young person; officers who read
    submissions never see it.
    """

    __tablename__ = "voice_submission"

    topic: Mapped[str] = mapped_column(String(30), default="school")
    feeling: Mapped[int | None] = mapped_column(Integer)  # 1 very unhappy … 5 very happy
    choices: Mapped[list[str]] = mapped_column(JSON, default=list)
    text: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(10), default="en")
    user_id: Mapped[str | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"), index=True)
    idempotency_key: Mapped[str | None] = mapped_column(String(64), unique=True)


class AllAboutMe(IdMixin, Base):
    """'All about me' statements in the young person's own words, to reuse in their EHC process (Section A).

    A signed-in person keeps one per subject: themselves ("self") or a child they may see (a parent writing
    with their child). Without signing in, `owner_id` is empty and only the browser that made it can open it.
    """

    __tablename__ = "all_about_me"
    __table_args__ = (UniqueConstraint("owner_id", "subject_key", name="uq_all_about_me_owner_id"),)

    owner_id: Mapped[str | None] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    child_id: Mapped[str | None] = mapped_column(ForeignKey("child.id", ondelete="CASCADE"))
    subject_key: Mapped[str] = mapped_column(String(36), default="self")
    likes: Mapped[str | None] = mapped_column(Text)
    good_at: Mapped[str | None] = mapped_column(Text)
    helps_me: Mapped[str | None] = mapped_column(Text)
    find_hard: Mapped[str | None] = mapped_column(Text)
    want_known: Mapped[str | None] = mapped_column(Text)
    hopes: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(10), default="en")
    idempotency_key: Mapped[str | None] = mapped_column(String(64), unique=True)


class YoungPersonDraft(IdMixin, Base):
    """Answers in progress ("How is school?" or "All about me"), kept here rather than in the session cookie, which
    is readable by anyone holding it and silently dropped past 4 KB.

    The browser holds a random key; only its hash is stored. A draft belongs to the person who started it (or to
    nobody signed in) and is forgotten after YOUNG_PEOPLE_DRAFT_HOURS without a change.
    """

    __tablename__ = "young_person_draft"

    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(20))  # "voice" or "all_about_me"
    user_id: Mapped[str | None] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
