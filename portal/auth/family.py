"""Families and children: who is linked to which child, and what a young person 16+ lets a parent see."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BindParameter, Select, select

from portal.auth.models import Child, FamilyLink, User
from portal.auth.services import audit
from portal.db import db

RELATIONSHIPS = ("mother", "father", "parent", "step-parent", "foster carer", "kinship carer", "guardian", "carer")


class NotFound(LookupError):
    """No such child for this person (never says whether the child exists for someone else)."""


def age_on(born: dt.date, today: dt.date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def holds_own_rights(child: Child, today: dt.date | None = None) -> bool:
    """From the end of the school year in which they turn 16 (31 August here), a young person
    holds the rights in the SEND system themselves (Children and Families Act 2014; SEND Code
    of Practice ch. 8). The 31 August end of the school year is the council's working rule."""
    today = today or dt.date.today()
    sixteenth = (
        child.date_of_birth.replace(year=child.date_of_birth.year + 16)
        if not (child.date_of_birth.month == 2 and child.date_of_birth.day == 29)
        else dt.date(child.date_of_birth.year + 16, 3, 1)
    )
    end_of_school_year = dt.date(sixteenth.year if sixteenth.month < 9 else sixteenth.year + 1, 8, 31)
    return today > end_of_school_year


def add_child(
    *, parent: User, first_name: str, last_name: str, date_of_birth: dt.date, relationship: str,
    parental_responsibility: bool | None,
) -> Child:  # fmt: skip
    """A parent adds a child to their account, saying how they are related (as the family states it)."""
    child = Child(first_name=first_name, last_name=last_name, date_of_birth=date_of_birth, created_by=parent.id)
    db.session.add(child)
    db.session.flush()
    db.session.add(
        FamilyLink(
            user_id=parent.id,
            child_id=child.id,
            relationship_to_child=relationship,
            parental_responsibility=parental_responsibility,
            can_view=True,
        )  # fmt: skip
    )
    db.session.flush()
    audit(actor=parent, action="family.child_added", object_type="child", object_id=child.id)
    return child


def link_young_person(*, young_person: User, child: Child) -> FamilyLink:
    """A young person's own account is linked to their record (done by an officer after checking identity)."""
    link = FamilyLink(user_id=young_person.id, child_id=child.id, relationship_to_child="self", is_self=True)
    db.session.add(link)
    db.session.flush()
    return link


def children_of(user: User) -> list[Child]:
    """Children this person may see: their own record, or children whose young person has not said no."""
    links = db.session.scalars(select(FamilyLink).where(FamilyLink.user_id == user.id, FamilyLink.can_view.is_(True)))
    return [link.child for link in links]


def visible_child_ids(user: User | BindParameter[str]) -> Select[tuple[str]]:
    """The ids of the children this person may see, as a subquery, so a caller checks access in its own query.

    Given a bind parameter in place of the person, a statement built once can be run for anyone
    (`bindparam("user_id")`, then `execute(statement, {"user_id": user.id})`).
    """
    user_id = user if isinstance(user, BindParameter) else user.id
    return select(FamilyLink.child_id).where(FamilyLink.user_id == user_id, FamilyLink.can_view.is_(True))


def child_for(user: User, child_id: str) -> Child:
    """A child this person may see.

    Raises:
        NotFound: no such child, or not theirs to see (the two look the same from outside).
    """
    link = db.session.scalar(
        select(FamilyLink).where(
            FamilyLink.user_id == user.id, FamilyLink.child_id == child_id, FamilyLink.can_view.is_(True)
        )  # fmt: skip
    )
    if link is None:
        raise NotFound(child_id)
    return link.child


def set_parent_access(*, young_person: User, parent_link_id: str, allow: bool) -> FamilyLink:
    """A young person 16+ decides whether a parent can see their records.

    Raises:
        NotFound: the link is not a parent's link to this young person's own record.
        PermissionError: the young person does not hold their own rights yet.
    """
    own = db.session.scalar(
        select(FamilyLink).where(FamilyLink.user_id == young_person.id, FamilyLink.is_self.is_(True))
    )
    link = db.session.get(FamilyLink, parent_link_id)
    if own is None or link is None or link.child_id != own.child_id or link.is_self:
        raise NotFound(parent_link_id)
    if not holds_own_rights(own.child):
        raise PermissionError("not yet 16 and past the end of that school year")
    link.can_view = allow
    db.session.flush()
    audit(actor=young_person, action="family.parent_access_changed", object_type="family_link", object_id=link.id,
          allowed=allow)  # fmt: skip
    return link


def parent_links_for(young_person: User) -> list[FamilyLink]:
    own = db.session.scalar(
        select(FamilyLink).where(FamilyLink.user_id == young_person.id, FamilyLink.is_self.is_(True))
    )
    if own is None:
        return []
    return list(
        db.session.scalars(select(FamilyLink).where(FamilyLink.child_id == own.child_id, FamilyLink.is_self.is_(False)))
    )
