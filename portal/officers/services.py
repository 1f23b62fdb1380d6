"""Officer accounts (for administrators) and the audit trail (for managers and administrators)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext
from sqlalchemy import String, cast, func, or_, select

from portal.auth import services as auth
from portal.auth.models import FAMILY_ROLES, OFFICER_ROLES, AuditEvent, Role, User
from portal.db import db
from portal.notifications.services import queue_email

AUDIT_PAGE_SIZE = 50

# The order officers' roles are offered and listed in.
ROLE_LABELS: dict[Role, Any] = {
    Role.CASEWORKER: lazy_gettext("SEN caseworker"),
    Role.MANAGER: lazy_gettext("SEN manager"),
    Role.EDITOR: lazy_gettext("Content editor"),
    Role.COMPLAINTS: lazy_gettext("Complaints officer"),
    Role.SAFEGUARDING: lazy_gettext("Safeguarding lead"),
    Role.PARTICIPATION: lazy_gettext("Participation lead"),
    Role.ADMIN: lazy_gettext("Administrator"),
}


class OfficerExists(ValueError):
    """There is already an account with this e-mail address."""


class StaleRecord(Exception):
    """The account changed after the form was shown; the change was not made."""


class OwnAdministratorRole(Exception):
    """Administrators cannot take the administrator role away from themselves."""


class OwnRoleGrant(Exception):
    """Administrators cannot give themselves a role: another administrator must."""


@dataclass(frozen=True)
class AuditRow:
    created_at: datetime
    actor_email: str | None
    action: str
    object_type: str | None
    object_id: str | None
    reason: str | None


@dataclass(frozen=True)
class AuditPage:
    rows: list[AuditRow]
    page: int
    pages: int
    total: int


def role_choices() -> list[tuple[str, Any]]:
    return [(str(role), label) for role, label in ROLE_LABELS.items()]


def role_names(roles: list[str]) -> list[str]:
    """The officer roles someone holds, as words, in the usual order."""
    return [str(label) for role, label in ROLE_LABELS.items() if str(role) in roles]


def officer_roles(user: User) -> list[str]:
    return [str(role) for role in ROLE_LABELS if str(role) in user.roles]


def list_officers() -> list[User]:
    """Every account holding at least one officer role, by name."""
    # Roles are a JSON list; matching the quoted name in its text works on SQLite and PostgreSQL alike.
    as_text = cast(User.roles, String)
    query = select(User).where(or_(*(as_text.contains(f'"{role}"', autoescape=True) for role in OFFICER_ROLES)))
    users = db.session.scalars(query.order_by(User.display_name, User.email))
    return [user for user in users if user.is_officer]


def get_officer(user_id: str) -> User | None:
    """The officer account with this id, or None (family accounts are not managed here)."""
    user = db.session.get(User, user_id)
    return user if user is not None and user.is_officer else None


def version_of(user: User) -> str:
    """A stamp of the account's last change, carried in forms to notice when someone else changed it."""
    return auth._aware(user.updated_at).isoformat(timespec="microseconds")


def invite_officer(*, actor: User, email: str, display_name: str, roles: list[str]) -> User:
    """A new officer account with no password yet: the invitation's link lets them choose one.

    Raises:
        OfficerExists: the e-mail address already has an account.
    """
    wanted = [Role(r) for r in roles if r in {str(o) for o in OFFICER_ROLES}]
    try:
        # Verified from the start: the only way in is the link sent to this address.
        user = auth.create_user(email=email, password=None, display_name=display_name, roles=wanted, verified=True)
    except ValueError as error:
        raise OfficerExists(email) from error
    user.invited_by = actor.id
    db.session.flush()
    auth.audit(actor=actor, action="admin.user_invited", object_type="user", object_id=user.id,
               roles=sorted(str(r) for r in wanted))  # fmt: skip
    return user


def send_invitation(*, user: User, link: str, sign_in_link: str, forgot_link: str, council: Any) -> None:
    """Queue the invitation e-mail with the link to choose a password (it works for 1 hour, once)."""
    queue_email(to=user.email, kind="invitation", subject=lazy_gettext("You have an officer account"),
                template="invitation", locale=user.locale, link=link, sign_in_link=sign_in_link,
                forgot_link=forgot_link, council=council)  # fmt: skip


def email_taken(email: str) -> bool:
    return auth.find_user(email) is not None


def change_roles(*, actor: User, user: User, roles: list[str], version: str) -> bool:
    """Set an officer's roles (family roles they hold are kept). False if nothing changed.

    Raises:
        StaleRecord: the account changed since `version` was read.
        OwnAdministratorRole: the actor would remove their own administrator role.
        OwnRoleGrant: the actor would give themselves a role.
    """
    if version != version_of(user):
        raise StaleRecord()
    chosen = [str(role) for role in ROLE_LABELS if str(role) in roles]
    if user.id == actor.id and str(Role.ADMIN) not in chosen:
        raise OwnAdministratorRole()
    old = officer_roles(user)
    # Reading cases, complaints or safeguarding alerts is a grant of its own: an administrator cannot give
    # themselves one (or any other role); a second administrator must, and the audit trail records who.
    if user.id == actor.id and set(chosen) - set(old):
        raise OwnRoleGrant()
    if old == chosen:
        return False
    kept = [r for r in user.roles if r in {str(f) for f in FAMILY_ROLES}]
    user.roles = kept + chosen
    db.session.flush()
    auth.audit(actor=actor, action="admin.roles_changed", object_type="user", object_id=user.id,
               old_roles=old, new_roles=chosen)  # fmt: skip
    # Sessions started under the old roles end: the officer signs in again with the new ones.
    auth.end_sessions(user, keep_current=user.id == actor.id, reason="roles_changed")
    return True


def audit_actions() -> list[str]:
    """Every action recorded so far, for the filter."""
    return list(db.session.scalars(select(AuditEvent.action).distinct().order_by(AuditEvent.action)))


def audit_page(*, action: str = "", actor: str = "", page: int = 1, per_page: int = AUDIT_PAGE_SIZE) -> AuditPage:
    """The latest audit events first, optionally only one action or actors whose e-mail contains `actor`."""
    query = select(AuditEvent, User.email).outerjoin(User, User.id == AuditEvent.actor_id)
    if action:
        query = query.where(AuditEvent.action == action)
    if actor:
        query = query.where(User.email.contains(auth.normalise_email(actor), autoescape=True))
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    pages = max(1, math.ceil(total / per_page))
    page = min(max(1, page), pages)
    results = db.session.execute(
        query.order_by(AuditEvent.created_at.desc(), AuditEvent.id).offset((page - 1) * per_page).limit(per_page)
    )
    rows = [
        AuditRow(
            created_at=event.created_at,
            actor_email=email,
            action=event.action,
            object_type=event.object_type,
            object_id=event.object_id,
            reason=event.reason,
        )
        for event, email in results
    ]
    return AuditPage(rows=rows, page=page, pages=pages, total=total)
