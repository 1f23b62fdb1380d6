"""Tables of 'You said, we did': entries, progress updates and the feedback they answer."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db import Base, IdMixin


class EntryStatus(enum.StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    NOT_DOING = "not_doing"


class ExclusionReason(enum.StrEnum):
    """Comments reg 56(4) lets the council leave out (verify: SEND Regulations 2014 reg 56)."""

    VEXATIOUS = "vexatious"
    OWN_CASE = "own_case"


class YouSaidEntry(IdMixin, Base):
    """What families said (anonymised), what the council will do, who owns it, by when, and where it has got to."""

    __tablename__ = "yousaid_entry"

    title: Mapped[str] = mapped_column(String(200))
    title_cy: Mapped[str | None] = mapped_column(String(200))
    you_said: Mapped[str] = mapped_column(Text, default="")
    you_said_cy: Mapped[str | None] = mapped_column(Text)
    we_did: Mapped[str] = mapped_column(Text, default="")
    we_did_cy: Mapped[str | None] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(200), default="")
    due_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default=EntryStatus.PLANNED.value)
    status_reason: Mapped[str | None] = mapped_column(Text)
    year: Mapped[int] = mapped_column(Integer, index=True)
    theme: Mapped[str] = mapped_column(String(80), default="")
    published: Mapped[bool] = mapped_column(Boolean, default=False)
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[str | None] = mapped_column(String(36))

    updates: Mapped[list[YouSaidUpdate]] = relationship(
        back_populates="entry", cascade="all, delete-orphan", order_by="YouSaidUpdate.created_at"
    )
    links: Mapped[list[YouSaidLink]] = relationship(
        back_populates="entry", cascade="all, delete-orphan", order_by="YouSaidLink.created_at"
    )


class YouSaidUpdate(IdMixin, Base):
    """A dated progress note, with the status it moved the entry to."""

    __tablename__ = "yousaid_update"

    entry_id: Mapped[str] = mapped_column(ForeignKey("yousaid_entry.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    note_cy: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[str | None] = mapped_column(String(36))

    entry: Mapped[YouSaidEntry] = relationship(back_populates="updates")


class YouSaidLink(IdMixin, Base):
    """One piece of feedback (from the registry in sources.py) that an entry answers, or that was excluded."""

    __tablename__ = "yousaid_link"
    __table_args__ = (UniqueConstraint("entry_id", "kind", "ref", name="uq_yousaid_link_entry_id"),)

    entry_id: Mapped[str] = mapped_column(ForeignKey("yousaid_entry.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    ref: Mapped[str] = mapped_column(String(120), index=True)
    title: Mapped[str] = mapped_column(Text, default="")  # anonymised snapshot of what was said
    detail: Mapped[str] = mapped_column(Text, default="")
    excluded: Mapped[bool] = mapped_column(Boolean, default=False)
    exclusion_reason: Mapped[str | None] = mapped_column(String(20))
    exclusion_note: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[str | None] = mapped_column(String(36))

    entry: Mapped[YouSaidEntry] = relationship(back_populates="links")
