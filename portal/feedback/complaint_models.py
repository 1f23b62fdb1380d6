"""Tables of the feedback domain: complaints, their history, drafts and the reminders already sent."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db import Base, IdMixin


class Complaint(IdMixin, Base):
    """A complaint from a family, and where it is in its procedure (the current stage's dates)."""

    __tablename__ = "complaint"

    reference: Mapped[str] = mapped_column(String(20), unique=True)
    user_id: Mapped[str | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"), index=True)
    # Secret link for someone who was not signed in: only the SHA-256 of the token is kept.
    access_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    # The link stops working after this; the complainant can ask for a fresh one by e-mail (COMPLAINT_LINK_DAYS).
    access_token_expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    idempotency_key: Mapped[str] = mapped_column(String(64), unique=True)
    locale: Mapped[str] = mapped_column(String(8), default="en")
    # What the family told us
    about: Mapped[str] = mapped_column(String(30))
    what_happened: Mapped[str] = mapped_column(Text)
    outcome_wanted: Mapped[str] = mapped_column(Text)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(255))
    phone: Mapped[str | None] = mapped_column(String(40))
    contact_by: Mapped[str] = mapped_column(String(10), default="email")
    address: Mapped[str | None] = mapped_column(Text)
    adjustments: Mapped[str | None] = mapped_column(Text)
    case_reference: Mapped[str | None] = mapped_column(String(60))
    attachment: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # {"path", "name", "type", "size"}
    # Triage and the clock
    status: Mapped[str] = mapped_column(String(20), default="new", index=True)
    category: Mapped[str | None] = mapped_column(String(30))
    team: Mapped[str | None] = mapped_column(String(60))
    procedure: Mapped[str | None] = mapped_column(String(20))
    assigned_to: Mapped[str | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    stage: Mapped[int] = mapped_column(Integer, default=1)
    stage_started_on: Mapped[date] = mapped_column(Date)
    acknowledged_on: Mapped[date | None] = mapped_column(Date)
    extension_days: Mapped[int] = mapped_column(Integer, default=0)
    extension_reason: Mapped[str | None] = mapped_column(Text)
    responded_on: Mapped[date | None] = mapped_column(Date)
    # Statutory stage 3 only: when the review panel met and when its report came (each starts the next clock)
    panel_on: Mapped[date | None] = mapped_column(Date)
    panel_report_on: Mapped[date | None] = mapped_column(Date)
    outcome: Mapped[str | None] = mapped_column(String(20))
    closed_on: Mapped[date | None] = mapped_column(Date)

    events: Mapped[list[ComplaintEvent]] = relationship(
        back_populates="complaint", cascade="all, delete-orphan", order_by="ComplaintEvent.created_at"
    )


class ComplaintEvent(IdMixin, Base):
    """Something that happened to a complaint: triage, acknowledgement, extension, response, escalation."""

    __tablename__ = "complaint_event"

    complaint_id: Mapped[str] = mapped_column(ForeignKey("complaint.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    stage: Mapped[int] = mapped_column(Integer)
    body: Mapped[str | None] = mapped_column(Text)
    actor_id: Mapped[str | None] = mapped_column(String(36))
    shared: Mapped[bool] = mapped_column(default=False)  # shown to the complainant
    on_time: Mapped[bool | None] = mapped_column()  # for responses: sent by the due date?

    complaint: Mapped[Complaint] = relationship(back_populates="events")


class ComplaintDraft(IdMixin, Base):
    """A complaint being written, one question at a time (kept server-side: answers can be long)."""

    __tablename__ = "complaint_draft"

    user_id: Mapped[str | None] = mapped_column(String(36))
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class ComplaintReminder(IdMixin, Base):
    """A reminder or alert already queued, so `complaints-remind` never sends the same one twice."""

    __tablename__ = "complaint_reminder"

    key: Mapped[str] = mapped_column(String(160), unique=True)
    complaint_id: Mapped[str] = mapped_column(ForeignKey("complaint.id", ondelete="CASCADE"), index=True)
    sent_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
