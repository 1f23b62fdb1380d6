"""Publishing: every version of a page, review decisions, listing change proposals, link checks, reminders."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import Base, IdMixin, utcnow


class VersionStatus(enum.StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    SENT_BACK = "sent_back"
    SCHEDULED = "scheduled"
    PUBLISHED = "published"
    SUPERSEDED = "superseded"  # was live, replaced by a later version
    WITHDRAWN = "withdrawn"  # was live, then unpublished


# The page fields a version carries (the front matter and the body).
VERSION_FIELDS = (
    "title", "summary", "body_md", "section", "audience", "age_min", "age_max", "needs", "tags",
    "questions", "related", "owner_team", "owner_email", "next_review_due",
)  # fmt: skip


class PageVersion(IdMixin, Base):
    """One version of one page in one language: drafts, versions in review and every version ever published."""

    __tablename__ = "page_version"
    __table_args__ = (UniqueConstraint("slug", "locale", "variant", "number", name="uq_page_version_number"),)

    slug: Mapped[str] = mapped_column(String(120), index=True)
    locale: Mapped[str] = mapped_column(String(8), default="en")
    variant: Mapped[str] = mapped_column(String(16), default="standard")
    number: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20), default=VersionStatus.DRAFT.value, index=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    body_md: Mapped[str] = mapped_column(Text, default="")
    section: Mapped[str] = mapped_column(String(40), default="start")
    audience: Mapped[list[str]] = mapped_column(JSON, default=list)
    age_min: Mapped[int] = mapped_column(Integer, default=0)
    age_max: Mapped[int] = mapped_column(Integer, default=25)
    needs: Mapped[list[str]] = mapped_column(JSON, default=list)
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    questions: Mapped[list[str]] = mapped_column(JSON, default=list)
    related: Mapped[list[str]] = mapped_column(JSON, default=list)
    owner_team: Mapped[str] = mapped_column(String(200), default="")
    owner_email: Mapped[str | None] = mapped_column(String(255))
    next_review_due: Mapped[date | None] = mapped_column(Date)
    author_id: Mapped[str | None] = mapped_column(ForeignKey("user_account.id"))
    reviewer_id: Mapped[str | None] = mapped_column(ForeignKey("user_account.id"))
    review_comment: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str] = mapped_column(String(300), default="")
    based_on: Mapped[int | None] = mapped_column(Integer)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    publish_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    def fields(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in VERSION_FIELDS}


class ProposalStatus(enum.StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class ListingProposal(IdMixin, Base):
    """A change to a directory listing, proposed by its provider or an officer, waiting for an officer's decision."""

    __tablename__ = "listing_proposal"

    service_id: Mapped[str] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"), index=True)
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    base: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    proposer_name: Mapped[str] = mapped_column(String(200), default="")
    proposer_email: Mapped[str] = mapped_column(String(255))
    proposer_id: Mapped[str | None] = mapped_column(ForeignKey("user_account.id"))
    status: Mapped[str] = mapped_column(String(20), default=ProposalStatus.PENDING.value, index=True)
    decided_by_id: Mapped[str | None] = mapped_column(ForeignKey("user_account.id"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    reason: Mapped[str | None] = mapped_column(Text)
    idempotency_key: Mapped[str | None] = mapped_column(String(64), unique=True)


class LinkProblem(IdMixin, Base):
    """A broken link found by the last link check (the check replaces these rows each time)."""

    __tablename__ = "link_problem"

    source_type: Mapped[str] = mapped_column(String(20))  # "page" or "service"
    source_key: Mapped[str] = mapped_column(String(200), index=True)  # slug/locale/variant, or service id
    source_label: Mapped[str] = mapped_column(String(255), default="")
    url: Mapped[str] = mapped_column(String(1000))
    reason: Mapped[str] = mapped_column(String(200), default="")
    external: Mapped[bool] = mapped_column(default=False)
    checked_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ReviewReminder(IdMixin, Base):
    """One reminder sent to an owner for one review-due date: the unique key makes the command idempotent."""

    __tablename__ = "review_reminder"
    __table_args__ = (UniqueConstraint("object_type", "object_key", "due", name="uq_review_reminder_key"),)

    object_type: Mapped[str] = mapped_column(String(20))
    object_key: Mapped[str] = mapped_column(String(200))
    due: Mapped[date] = mapped_column(Date)
    sent_to: Mapped[str] = mapped_column(String(255))


class CoverageOverride(IdMixin, Base):
    """An officer's judgement on one statutory checklist item, replacing the automatic one."""

    __tablename__ = "coverage_override"

    code: Mapped[str] = mapped_column(String(8), unique=True)
    status: Mapped[str] = mapped_column(String(10))  # met, partly, gap
    note: Mapped[str] = mapped_column(Text, default="")
    set_by_id: Mapped[str | None] = mapped_column(ForeignKey("user_account.id"))
