"""Tables of the feedback domain: page feedback ("Is this page useful?" and "Report a problem")."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Boolean, DateTime, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import Base, IdMixin


class FeedbackTheme(enum.StrEnum):
    """The three things SEND Regulations 2014 reg 56 tells the council to ask about, plus "other"."""

    CONTENT = "content"  # reg 56(1)(a): the content, the quality of provision and gaps
    ACCESSIBILITY = "accessibility"  # reg 56(1)(b): how accessible the information is
    DEVELOPMENT = "development"  # reg 56(1)(c): how the Local Offer is developed and reviewed
    OTHER = "other"


class PageFeedback(IdMixin, Base):
    """One answer to "Is this page useful?" or one problem report. Free text is stored masked only."""

    __tablename__ = "page_feedback"

    path: Mapped[str] = mapped_column(String(300), index=True)
    useful: Mapped[bool | None] = mapped_column(Boolean)  # None: a problem report without a yes/no
    theme: Mapped[str | None] = mapped_column(String(20), index=True)
    doing: Mapped[str | None] = mapped_column(Text)  # "What were you doing?" (masked)
    comment: Mapped[str | None] = mapped_column(Text)  # "What went wrong?" / "How could it be better?" (masked)
    locale: Mapped[str] = mapped_column(String(8), default="en")
    status: Mapped[str] = mapped_column(String(20), default="new", index=True)
    actioned_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    actioned_by: Mapped[str | None] = mapped_column(String(36))
    idempotency_key: Mapped[str | None] = mapped_column(String(64), unique=True)
