"""People who sign in, their roles, and the audit trail of officers' access to family data."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import Base, IdMixin


class Role(enum.StrEnum):
    PARENT = "parent"
    YOUNG_PERSON = "young_person"
    CASEWORKER = "sen_caseworker"
    MANAGER = "sen_manager"
    EDITOR = "content_editor"
    COMPLAINTS = "complaints_officer"
    SAFEGUARDING = "safeguarding_lead"
    PARTICIPATION = "participation_lead"
    ADMIN = "administrator"


FAMILY_ROLES = frozenset({Role.PARENT, Role.YOUNG_PERSON})
OFFICER_ROLES = frozenset(set(Role) - FAMILY_ROLES)


class User(IdMixin, Base):
    __tablename__ = "user_account"

    email: Mapped[str] = mapped_column(String(255), unique=True, index=True)
    display_name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str | None] = mapped_column(String(255))
    roles: Mapped[list[str]] = mapped_column(JSON, default=list)
    email_verified_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    locale: Mapped[str] = mapped_column(String(8), default="en")
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)

    def has_role(self, *roles: Role | str) -> bool:
        return any(str(r) in self.roles for r in roles)

    @property
    def is_officer(self) -> bool:
        return any(r in self.roles for r in OFFICER_ROLES)


class AuditEvent(IdMixin, Base):
    """Who did what to which record, when, and why (for break-glass access)."""

    __tablename__ = "audit_event"

    actor_id: Mapped[str | None] = mapped_column(String(36), index=True)
    action: Mapped[str] = mapped_column(String(60))
    object_type: Mapped[str | None] = mapped_column(String(60))
    object_id: Mapped[str | None] = mapped_column(String(36), index=True)
    reason: Mapped[str | None] = mapped_column(Text)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
