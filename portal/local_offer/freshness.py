"""Keeping the Local Offer up to date: what is due for review, reminders to owners, marking things checked."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.auth.models import User
from portal.auth.services import audit
from portal.db import db
from portal.local_offer.models import Page, Service
from portal.local_offer.publishing import REVIEW_INTERVAL, refresh_search
from portal.local_offer.publishing_models import LinkProblem, ReviewReminder
from portal.platform.links import absolute_url, base_url, base_url_context

DUE_SOON = dt.timedelta(days=30)
REMIND_BEFORE = dt.timedelta(days=14)
LISTING_INTERVAL = dt.timedelta(days=365)


@dataclass
class DueItem:
    kind: str  # "page" or "service"
    key: str  # "slug/locale/variant" or the service id
    title: str
    owner: str
    owner_email: str
    due: dt.date
    overdue: bool
    path: str


def _page_key(page: Page) -> str:
    return f"{page.slug}/{page.locale}/{page.variant}"


def due_items(today: dt.date | None = None, *, within: dt.timedelta = DUE_SOON) -> list[DueItem]:
    """Published pages and open listings overdue for review or due within `within`, soonest first."""
    today = today or dt.date.today()
    limit = today + within
    fallback = current_app.config["COUNCIL"].local_offer_email
    items: list[DueItem] = []
    pages = select(Page).where(Page.published.is_(True), Page.next_review_due.is_not(None),
                               Page.next_review_due <= limit)  # fmt: skip
    for page in db.session.scalars(pages):
        assert page.next_review_due is not None
        path = f"/local-offer/{page.slug}" + ("?view=easy-read" if page.variant == "easy-read" else "")
        items.append(DueItem("page", _page_key(page), page.title, page.owner_team, page.owner_email or fallback,
                             page.next_review_due, page.next_review_due < today, path))  # fmt: skip
    services = select(Service).where(Service.status != "defunct", Service.review_due.is_not(None),
                                     Service.review_due <= limit)  # fmt: skip
    for service in db.session.scalars(services):
        assert service.review_due is not None
        items.append(DueItem("service", service.id, service.name, service.owner, service.assurer_email or fallback,
                             service.review_due, service.review_due < today,
                             f"/local-offer/services/{service.id}"))  # fmt: skip
    return sorted(items, key=lambda i: (i.due, i.title))


def broken_links() -> list[LinkProblem]:
    return list(db.session.scalars(select(LinkProblem).order_by(LinkProblem.source_label, LinkProblem.url)))


class NotFound(LookupError):
    """No such page or listing."""


def mark_reviewed(*, kind: str, key: str, actor: User, today: dt.date | None = None) -> str:
    """An owner has checked a page or listing: "Last checked" becomes today and the next review moves on.

    Returns the title. Raises:
        NotFound: no such page or listing.
    """
    today = today or dt.date.today()
    if kind == "page":
        slug, _, rest = key.partition("/")
        locale, _, variant = rest.partition("/")
        page = db.session.scalar(select(Page).where(Page.slug == slug, Page.locale == locale,
                                                    Page.variant == (variant or "standard")))  # fmt: skip
        if page is None:
            raise NotFound(key)
        page.last_reviewed = today
        page.next_review_due = today + REVIEW_INTERVAL
        db.session.flush()
        # The public page shows "Last checked": move the content version so cached copies go.
        refresh_search([page.slug])
        audit(actor=actor, action="publishing.marked_reviewed", object_type="page", object_id=page.id)
        return page.title
    if kind == "service":
        service = db.session.get(Service, key)
        if service is None:
            raise NotFound(key)
        service.assured_date = today
        service.review_due = today + LISTING_INTERVAL
        db.session.flush()
        from portal.local_offer.listings import refresh_service

        refresh_service(service)
        audit(actor=actor, action="listings.marked_reviewed", object_type="service", object_id=service.id)
        return service.name
    raise NotFound(kind)


def send_reminders(today: dt.date | None = None) -> int:
    """E-mail each owner one list of what they must check soon. Each item is reminded once per due date.

    Returns how many e-mails were queued.
    """
    from portal.notifications.services import queue_email

    today = today or dt.date.today()
    by_owner: dict[str, list[DueItem]] = defaultdict(list)
    for item in due_items(today, within=REMIND_BEFORE):
        sent = db.session.scalar(
            select(ReviewReminder.id).where(
                ReviewReminder.object_type == item.kind,
                ReviewReminder.object_key == item.key,
                ReviewReminder.due == item.due,
            )
        )
        if sent is None:
            by_owner[item.owner_email].append(item)
    base = base_url()
    for email, items in by_owner.items():
        for item in items:
            db.session.add(ReviewReminder(object_type=item.kind, object_key=item.key, due=item.due, sent_to=email))
        rows = [{"title": i.title, "due": i.due, "overdue": i.overdue, "link": base.rstrip("/") + i.path}
                for i in items]  # fmt: skip
        with base_url_context():
            queue_email(to=email, kind="review_reminder", subject=_l("Local Offer pages to check"),
                        template="publishing_review_reminder", items=rows,
                        dashboard=absolute_url("local_offer.freshness"))  # fmt: skip
    db.session.flush()
    return len(by_owner)
