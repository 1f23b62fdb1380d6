"""People who sign in, their roles, and the audit trail of officers' access to family data."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

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
    # A second factor (TOTP) for officers; required for them when TOTP_REQUIRED_FOR_OFFICERS is set.
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_enabled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Set when the account signs in through OpenID Connect (GOV.UK One Login style, or the staff directory).
    oidc_issuer: Mapped[str | None] = mapped_column(String(255))
    oidc_subject: Mapped[str | None] = mapped_column(String(255))
    invited_by: Mapped[str | None] = mapped_column(String(36))

    def has_role(self, *roles: Role | str) -> bool:
        return any(str(r) in self.roles for r in roles)

    @property
    def is_officer(self) -> bool:
        return any(r in self.roles for r in OFFICER_ROLES)


class Child(IdMixin, Base):
    """A child or young person the portal holds information about. A case belongs to a child."""

    __tablename__ = "child"

    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    date_of_birth: Mapped[date] = mapped_column(Date)
    created_by: Mapped[str | None] = mapped_column(String(36))

    links: Mapped[list[FamilyLink]] = relationship(back_populates="child", cascade="all, delete-orphan")


class FamilyLink(IdMixin, Base):
    """Who is connected to a child, as the family states it, and whether they may see the child's records.

    A young person aged 16 or over holds the rights in the SEND system themselves and decides
    what a parent can see: their parent's link then has can_view False until they allow it.
    """

    __tablename__ = "family_link"
    __table_args__ = (UniqueConstraint("user_id", "child_id", name="uq_family_link_user_child"),)

    user_id: Mapped[str] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    child_id: Mapped[str] = mapped_column(ForeignKey("child.id", ondelete="CASCADE"), index=True)
    relationship_to_child: Mapped[str] = mapped_column(String(40), default="parent")
    parental_responsibility: Mapped[bool | None] = mapped_column(Boolean)
    is_self: Mapped[bool] = mapped_column(Boolean, default=False)
    can_view: Mapped[bool] = mapped_column(Boolean, default=True)

    child: Mapped[Child] = relationship(back_populates="links")


class DataRequest(IdMixin, Base):
    """A family's request to delete what the portal holds (the law decides what can go, officers act on it)."""

    __tablename__ = "data_request"

    user_id: Mapped[str] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20), default="deletion")
    status: Mapped[str] = mapped_column(String(20), default="received")
    reason: Mapped[str | None] = mapped_column(Text)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    decided_by: Mapped[str | None] = mapped_column(String(36))


class AuditEvent(IdMixin, Base):
    """Who did what to which record, when, and why (for break-glass access)."""

    __tablename__ = "audit_event"

    actor_id: Mapped[str | None] = mapped_column(String(36), index=True)
    action: Mapped[str] = mapped_column(String(60))
    object_type: Mapped[str | None] = mapped_column(String(60))
    object_id: Mapped[str | None] = mapped_column(String(36), index=True)
    reason: Mapped[str | None] = mapped_column(Text)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class UserSession(IdMixin, Base):
    """One signed-in browser. The cookie carries a random key; only its hash is kept here, so a copied database
    cannot be replayed. Signing out, a password change or reset, a role change and "sign out everywhere" end it
    (revoked_at), and it never outlives expires_at, however active it is."""

    __tablename__ = "user_session"

    user_id: Mapped[str] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    remember: Mapped[bool] = mapped_column(Boolean, default=False)


class SignInThrottle(IdMixin, Base):
    """Failed sign-ins for one account from one source (both hashed): a growing wait for that pair only, so an
    attacker elsewhere cannot lock the owner out. Kept for every address tried, real or not."""

    __tablename__ = "sign_in_throttle"

    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    blocked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class PasswordResetToken(IdMixin, Base):
    """A reset (or invitation) link: an opaque random token, stored only as its hash, used once."""

    __tablename__ = "password_reset_token"

    user_id: Mapped[str] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class GrantStatus(enum.StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    EXPIRED = "expired"


class RoleGrant(IdMixin, Base):
    """A powerful role one administrator asked to give someone, waiting for a different administrator to approve
    or reject it. It never takes effect after expires_at (7 days): the request is made again."""

    __tablename__ = "role_grant"

    user_id: Mapped[str] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20), default=GrantStatus.PENDING, index=True)
    requested_by: Mapped[str | None] = mapped_column(String(36))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    decided_by: Mapped[str | None] = mapped_column(String(36))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
