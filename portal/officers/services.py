"""Officer accounts (for administrators) and the audit trail (for managers and administrators)."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext
from sqlalchemy import String, cast, func, or_, select
from sqlalchemy.orm import aliased

from portal.auth import services as auth
from portal.auth.models import FAMILY_ROLES, OFFICER_ROLES, AuditEvent, GrantStatus, Role, RoleGrant, User
from portal.db import db, utcnow
from portal.notifications.services import queue_email
from portal.platform.links import absolute_url

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


# Roles that read family records (cases, complaints, safeguarding alerts), change what the public reads
# (publishing) or manage accounts: one administrator asks, a different one approves (two-person rule).
POWERFUL_ROLES = frozenset({Role.ADMIN, Role.SAFEGUARDING, Role.CASEWORKER, Role.MANAGER, Role.COMPLAINTS,
                            Role.EDITOR})  # fmt: skip
GRANT_DAYS = 7


class OfficerExists(ValueError):
    """There is already an account with this e-mail address."""


class StaleRecord(Exception):
    """The account changed after the form was shown; the change was not made."""


class OwnAdministratorRole(Exception):
    """Administrators cannot take the administrator role away from themselves."""


class OwnRoleGrant(Exception):
    """Administrators cannot give themselves a role: another administrator must."""


class GrantNotPending(Exception):
    """The grant was already approved, rejected or withdrawn, or has expired."""


class SameAdministrator(Exception):
    """The administrator who asked for a grant cannot approve it: a different one must."""


@dataclass(frozen=True)
class RoleChange:
    """What a change of roles did at once (`changed`) and which roles now wait for a second administrator."""

    changed: bool
    requested: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class PendingGrant:
    id: str
    user_id: str
    user_name: str
    user_email: str
    role: str
    requested_by: str | None
    requester_email: str | None
    requested_at: datetime
    expires_at: datetime


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


def _is_staff(user: User) -> bool:
    # An invited officer whose only roles still wait for approval holds none yet, but is staff all the same.
    if user.is_officer or user.invited_by is not None:
        return True
    return db.session.scalar(select(RoleGrant.id).where(RoleGrant.user_id == user.id).limit(1)) is not None


def list_officers() -> list[User]:
    """Every account holding at least one officer role (or invited as an officer), by name."""
    # Roles are a JSON list; matching the quoted name in its text works on SQLite and PostgreSQL alike.
    as_text = cast(User.roles, String)
    holds_role = [as_text.contains(f'"{role}"', autoescape=True) for role in OFFICER_ROLES]
    query = select(User).where(or_(*holds_role, User.invited_by.is_not(None), User.id.in_(select(RoleGrant.user_id))))
    users = db.session.scalars(query.order_by(User.display_name, User.email))
    return [user for user in users if _is_staff(user)]


def get_officer(user_id: str) -> User | None:
    """The officer account with this id, or None (family accounts are not managed here)."""
    user = db.session.get(User, user_id)
    return user if user is not None and _is_staff(user) else None


def administrators() -> list[User]:
    """Every administrator who can still sign in."""
    return [user for user in list_officers() if user.has_role(Role.ADMIN) and not user.disabled]


def version_of(user: User) -> str:
    """A stamp of the account's last change, carried in forms to notice when someone else changed it."""
    return auth._aware(user.updated_at).isoformat(timespec="microseconds")


def invite_officer(*, actor: User, email: str, display_name: str, roles: list[str]) -> User:
    """A new officer account with no password yet: the invitation's link lets them choose one.

    Powerful roles are not given at once: each becomes a grant that a different administrator approves.

    Raises:
        OfficerExists: the e-mail address already has an account.
    """
    wanted = [Role(r) for r in roles if r in {str(o) for o in OFFICER_ROLES}]
    at_once = [role for role in wanted if role not in POWERFUL_ROLES]
    try:
        # Verified from the start: the only way in is the link sent to this address.
        user = auth.create_user(email=email, password=None, display_name=display_name, roles=wanted, verified=True)
    except ValueError as error:
        raise OfficerExists(email) from error
    user.roles = [str(role) for role in at_once]
    user.invited_by = actor.id
    db.session.flush()
    auth.audit(actor=actor, action="admin.user_invited", object_type="user", object_id=user.id,
               roles=sorted(str(r) for r in at_once))  # fmt: skip
    for role in wanted:
        if role in POWERFUL_ROLES:
            request_grant(actor=actor, user=user, role=str(role))
    return user


def send_invitation(*, user: User, link: str, sign_in_link: str, forgot_link: str, council: Any) -> None:
    """Queue the invitation e-mail with the link to choose a password (it works for 1 hour, once)."""
    queue_email(to=user.email, kind="invitation", subject=lazy_gettext("You have an officer account"),
                template="invitation", locale=user.locale, link=link, sign_in_link=sign_in_link,
                forgot_link=forgot_link, council=council)  # fmt: skip


def email_taken(email: str) -> bool:
    return auth.find_user(email) is not None


def change_roles(*, actor: User, user: User, roles: list[str], version: str) -> RoleChange:
    """Set an officer's roles (family roles they hold are kept).

    Taking roles away and giving ordinary ones happens at once; each powerful role given becomes a grant that
    waits for a different administrator (`requested`).

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
    powerful = {str(role) for role in POWERFUL_ROLES}
    added = [role for role in chosen if role not in old]
    waiting = [role for role in added if role in powerful]
    chosen = [role for role in chosen if role not in waiting]
    requested = [role for role in waiting if request_grant(actor=actor, user=user, role=role) is not None]
    if old == chosen:
        return RoleChange(changed=False, requested=requested)
    kept = [r for r in user.roles if r in {str(f) for f in FAMILY_ROLES}]
    user.roles = kept + chosen
    db.session.flush()
    auth.audit(actor=actor, action="admin.roles_changed", object_type="user", object_id=user.id,
               old_roles=old, new_roles=chosen)  # fmt: skip
    # Sessions started under the old roles end: the officer signs in again with the new ones.
    auth.end_sessions(user, keep_current=user.id == actor.id, reason="roles_changed")
    return RoleChange(changed=True, requested=requested)


# Grants waiting for a second administrator ------------------------------------------------------


def _open_grant(user_id: str, role: str) -> RoleGrant | None:
    return db.session.scalar(
        select(RoleGrant).where(
            RoleGrant.user_id == user_id,
            RoleGrant.role == role,
            RoleGrant.status == GrantStatus.PENDING,
            RoleGrant.expires_at > utcnow(),
        )
    )


def request_grant(*, actor: User, user: User, role: str) -> RoleGrant | None:
    """Ask for a powerful role for someone; a different administrator approves it within 7 days.

    None if they hold the role already or the same request is already waiting.
    """
    if role in user.roles or _open_grant(user.id, role) is not None:
        return None
    grant = RoleGrant(user_id=user.id, role=role, status=GrantStatus.PENDING, requested_by=actor.id,
                      expires_at=utcnow() + dt.timedelta(days=GRANT_DAYS))  # fmt: skip
    db.session.add(grant)
    db.session.flush()
    auth.audit(actor=actor, action="admin.role_grant_requested", object_type="user", object_id=user.id,
               role=role, grant=grant.id)  # fmt: skip
    return grant


def pending_grants(user_id: str | None = None) -> list[PendingGrant]:
    """Grants still waiting (not expired), oldest first; only one person's with `user_id`."""
    requester = aliased(User)
    query = (
        select(RoleGrant, User, requester.email)
        .join(User, User.id == RoleGrant.user_id)
        .outerjoin(requester, requester.id == RoleGrant.requested_by)
        .where(RoleGrant.status == GrantStatus.PENDING, RoleGrant.expires_at > utcnow())
        .order_by(RoleGrant.created_at, RoleGrant.id)
    )
    if user_id is not None:
        query = query.where(RoleGrant.user_id == user_id)
    return [
        PendingGrant(
            id=grant.id,
            user_id=user.id,
            user_name=user.display_name,
            user_email=user.email,
            role=grant.role,
            requested_by=grant.requested_by,
            requester_email=email,
            requested_at=grant.created_at,
            expires_at=auth._aware(grant.expires_at),
        )
        for grant, user, email in db.session.execute(query)
    ]


def _pending(grant_id: str) -> RoleGrant:
    grant = db.session.scalar(select(RoleGrant).where(RoleGrant.id == grant_id).with_for_update())
    if grant is None or grant.status != GrantStatus.PENDING or auth._aware(grant.expires_at) <= utcnow():
        raise GrantNotPending()
    return grant


def _give_role(grantee: User, role: str) -> None:
    if role not in grantee.roles:
        grantee.roles = [*grantee.roles, role]
    db.session.flush()
    # Sessions started before the grant end: the officer signs in again and has the role from then on.
    auth.end_sessions(grantee, reason="roles_changed")
    label = ROLE_LABELS.get(Role(role), role)
    queue_email(to=grantee.email, kind="role_granted", subject=lazy_gettext("You have a new role"),
                template="role_granted", locale=grantee.locale, role=label, sign_in_link=absolute_url("auth.sign_in"),
                council=current_app.config["COUNCIL"])  # fmt: skip


def approve_grant(*, actor: User, grant_id: str) -> RoleGrant:
    """A second administrator approves a waiting grant: the role takes effect and the person is told by e-mail.

    Raises:
        GrantNotPending: it was decided already, withdrawn or has expired.
        SameAdministrator: the actor asked for it.
        OwnRoleGrant: the grant is for the actor.
    """
    grant = _pending(grant_id)
    if grant.requested_by == actor.id:
        raise SameAdministrator()
    if grant.user_id == actor.id:
        raise OwnRoleGrant()
    grantee = db.session.get(User, grant.user_id)
    if grantee is None or grantee.disabled:
        raise GrantNotPending()
    grant.status = GrantStatus.APPROVED
    grant.decided_by = actor.id
    grant.decided_at = utcnow()
    auth.audit(actor=actor, action="admin.role_grant_approved", object_type="user", object_id=grantee.id,
               role=grant.role, grant=grant.id, requested_by=grant.requested_by)  # fmt: skip
    _give_role(grantee, grant.role)
    return grant


def reject_grant(*, actor: User, grant_id: str) -> RoleGrant:
    """Turn down a waiting grant (any other administrator), or withdraw it (the one who asked).

    Raises:
        GrantNotPending: it was decided already, withdrawn or has expired.
        OwnRoleGrant: the grant is for the actor (someone else decides).
    """
    grant = _pending(grant_id)
    if grant.user_id == actor.id:
        raise OwnRoleGrant()
    grant.status = GrantStatus.REJECTED
    grant.decided_by = actor.id
    grant.decided_at = utcnow()
    action = "admin.role_grant_withdrawn" if grant.requested_by == actor.id else "admin.role_grant_rejected"
    auth.audit(actor=actor, action=action, object_type="user", object_id=grant.user_id, role=grant.role,
               grant=grant.id, requested_by=grant.requested_by)  # fmt: skip
    return grant


def expire_grants() -> int:
    """Mark grants nobody decided within 7 days as expired (each audited). Returns how many."""
    count = 0
    for grant in db.session.scalars(
        select(RoleGrant)
        .where(RoleGrant.status == GrantStatus.PENDING, RoleGrant.expires_at <= utcnow())
        .with_for_update(skip_locked=True)
    ):
        grant.status = GrantStatus.EXPIRED
        auth.audit(actor=None, action="admin.role_grant_expired", object_type="user", object_id=grant.user_id,
                   role=grant.role, grant=grant.id, requested_by=grant.requested_by)  # fmt: skip
        count += 1
    db.session.flush()
    return count


class NoSuchAccount(LookupError):
    """No account has this e-mail address."""


class AlreadyHeld(Exception):
    """The account holds this role already."""


def grant_on_server(*, email: str, role: str, reason: str) -> User:
    """Give a role from the server's console (a council with one administrator has nobody to approve).

    Whoever can run commands on the server could change the database anyway; the audit trail records it with
    the reason, and any waiting grant for the same role counts as approved.

    Raises:
        NoSuchAccount: no account has this e-mail address.
        AlreadyHeld: they have the role already.
        ValueError: not an officer role.
    """
    if role not in {str(r) for r in OFFICER_ROLES}:
        raise ValueError(role)
    user = auth.find_user(email)
    if user is None:
        raise NoSuchAccount(email)
    if role in user.roles:
        raise AlreadyHeld(role)
    waiting = _open_grant(user.id, role)
    if waiting is not None:
        waiting.status = GrantStatus.APPROVED
        waiting.decided_at = utcnow()
    auth.audit(actor=None, action="admin.role_granted_on_server", object_type="user", object_id=user.id,
               reason=reason, role=role, grant=waiting.id if waiting else None)  # fmt: skip
    _give_role(user, role)
    return user


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
