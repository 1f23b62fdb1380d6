"""What the Local Offer tells the rest of the portal when its content changes.

Publishing moves the content version on and sends one of these signals; search (and anything else that keeps a
copy of the content) subscribes. Publishing never imports its subscribers, so dependencies point one way.
"""

from __future__ import annotations

from blinker import Namespace
from sqlalchemy import update

from portal.db import db, utcnow
from portal.local_offer.models import ContentVersion

_signals = Namespace()

# Sent with `slugs=[...]` after pages were published, unpublished or reviewed.
pages_changed = _signals.signal("local-offer-pages-changed")
# Sent with `service=Service` and `version=int` after one directory listing changed.
service_changed = _signals.signal("local-offer-service-changed")


def content_version() -> int:
    """The current content version (0 before anything is loaded)."""
    row = db.session.get(ContentVersion, 1)
    return row.version if row else 0


def bump_content_version() -> int:
    """Move the content version on, so every node refreshes its search index."""
    row = db.session.get(ContentVersion, 1)
    if row is None:
        row = ContentVersion(id=1, version=1)
        db.session.add(row)
    else:
        db.session.execute(
            update(ContentVersion)
            .where(ContentVersion.id == 1)
            .values(version=ContentVersion.version + 1, changed_at=utcnow())
        )
        db.session.refresh(row)
    db.session.flush()
    return row.version


def announce_pages(slugs: list[str]) -> int:
    """Move the content version on and tell subscribers (this node's search index) which pages changed."""
    version = bump_content_version()
    pages_changed.send(__name__, slugs=list(slugs), version=version)
    return version


def announce_service(service: object) -> int:
    """Move the content version on and tell subscribers which directory listing changed."""
    version = bump_content_version()
    service_changed.send(__name__, service=service, version=version)
    return version
