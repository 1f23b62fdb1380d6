"""Publishing Local Offer pages: drafts, review by a second person, scheduled publishing, versions and diffs.

The `page` table stays the live copy the public reads; every change goes through a PageVersion. Publishing
copies a version into the live page, moves the content version on (so every node's search index and page
cache follow) and announces the change, so this node's search index updates at once (search subscribes).
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from portal.auth.models import Role, User
from portal.auth.services import audit
from portal.db import db, utcnow
from portal.local_offer.events import announce_pages
from portal.local_offer.markdown import fill_placeholders, render_markdown
from portal.local_offer.models import Page, PageVariant
from portal.local_offer.publishing_models import VERSION_FIELDS, PageVersion, VersionStatus

EDIT_ROLES = (Role.EDITOR, Role.ADMIN)
VIEW_ROLES = (Role.EDITOR, Role.ADMIN, Role.MANAGER)
OPEN = (VersionStatus.DRAFT.value, VersionStatus.SENT_BACK.value, VersionStatus.IN_REVIEW.value)
EDITABLE = (VersionStatus.DRAFT.value, VersionStatus.SENT_BACK.value)
REVIEW_INTERVAL = dt.timedelta(days=182)  # pages are checked every six months (content/README.md examples)
LOCALES = ("en", "cy", "ur")


class PublishingError(Exception):
    """The action is not allowed in the version's current state; the message is safe to show."""


class SelfApproval(PublishingError):
    """The author of a version may not approve it: a second person must."""


class OpenDraftExists(PublishingError):
    """Finish or discard the open draft first."""


# Reading -----------------------------------------------------------------------------------


def live_page(slug: str, locale: str = "en", variant: str = PageVariant.STANDARD.value) -> Page | None:
    """The live row for a page (published or unpublished), if there is one."""
    return db.session.scalar(select(Page).where(Page.slug == slug, Page.locale == locale, Page.variant == variant))


def versions(slug: str, locale: str = "en", variant: str = PageVariant.STANDARD.value) -> list[PageVersion]:
    """Every version of a page in one language, newest first."""
    stmt = select(PageVersion).where(
        PageVersion.slug == slug, PageVersion.locale == locale, PageVersion.variant == variant
    )
    return list(db.session.scalars(stmt.order_by(PageVersion.number.desc())))


def get_version(version_id: str) -> PageVersion | None:
    return db.session.get(PageVersion, version_id)


def version_by_number(slug: str, locale: str, variant: str, number: int) -> PageVersion | None:
    return db.session.scalar(
        select(PageVersion).where(
            PageVersion.slug == slug,
            PageVersion.locale == locale,
            PageVersion.variant == variant,
            PageVersion.number == number,
        )
    )


def open_version(slug: str, locale: str = "en", variant: str = PageVariant.STANDARD.value) -> PageVersion | None:
    """The draft, sent-back or in-review version of a page, if there is one (at most one at a time)."""
    stmt = select(PageVersion).where(
        PageVersion.slug == slug,
        PageVersion.locale == locale,
        PageVersion.variant == variant,
        PageVersion.status.in_(OPEN),
    )
    return db.session.scalar(stmt.order_by(PageVersion.number.desc()).limit(1))


def review_queue() -> list[PageVersion]:
    """Versions waiting for a second person, oldest first."""
    stmt = select(PageVersion).where(PageVersion.status == VersionStatus.IN_REVIEW.value)
    return list(db.session.scalars(stmt.order_by(PageVersion.submitted_at)))


def scheduled() -> list[PageVersion]:
    stmt = select(PageVersion).where(PageVersion.status == VersionStatus.SCHEDULED.value)
    return list(db.session.scalars(stmt.order_by(PageVersion.publish_at)))


@dataclass
class PageRow:
    """One page in one language on the editor's list."""

    slug: str
    locale: str
    title: str
    published: bool
    open: PageVersion | None
    next_review_due: dt.date | None


def editor_pages() -> list[PageRow]:
    """Every standard page (live or with a draft), in every language, for the editor's list."""
    pages = db.session.scalars(select(Page).where(Page.variant == PageVariant.STANDARD.value))
    open_versions = {
        (v.slug, v.locale): v
        for v in db.session.scalars(
            select(PageVersion).where(PageVersion.status.in_(OPEN), PageVersion.variant == PageVariant.STANDARD.value)
        )
    }
    rows = [
        PageRow(p.slug, p.locale, p.title, p.published, open_versions.get((p.slug, p.locale)), p.next_review_due)
        for p in pages
    ]
    return sorted(rows, key=lambda r: (r.locale != "en", r.title.lower()))


def user_name(user_id: str | None) -> str:
    if not user_id:
        return ""
    user = db.session.get(User, user_id)
    return (user.display_name or user.email) if user else ""


# Validation --------------------------------------------------------------------------------

_IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)]*)\)")


def markdown_problems(body: str) -> list[str]:
    """What an editor must fix before saving: every image needs alt text (WCAG 1.1.1)."""
    problems = []
    for match in _IMAGE.finditer(body):
        if not match.group(1).strip():
            problems.append(match.group(2).strip() or "image")
    return problems


def preview_html(body: str, *, id_prefix: str = "preview-") -> str:
    """The body as the public will see it (sanitised exactly as on the live page).

    Heading ids get a prefix so they cannot clash with the editor page's own ids.
    """
    html = render_markdown(fill_placeholders(body, current_app.config["COUNCIL"].placeholders()))
    return html.replace(' id="', f' id="{id_prefix}')


# Writing -----------------------------------------------------------------------------------


def _next_number(slug: str, locale: str, variant: str) -> int:
    stmt = select(func.max(PageVersion.number)).where(
        PageVersion.slug == slug, PageVersion.locale == locale, PageVersion.variant == variant
    )
    return (db.session.scalar(stmt) or 0) + 1


def page_fields(page: Page) -> dict[str, Any]:
    return {name: getattr(page, name) for name in VERSION_FIELDS}


def ensure_baseline(page: Page) -> PageVersion:
    """The live page as version 1, so history starts from what the public sees now."""
    existing = versions(page.slug, page.locale, page.variant)
    if existing:
        return existing[-1]
    version = PageVersion(
        slug=page.slug,
        locale=page.locale,
        variant=page.variant,
        number=1,
        status=VersionStatus.PUBLISHED.value if page.published else VersionStatus.WITHDRAWN.value,
        note="The page as it was when version history started",
        published_at=utcnow(),
        **page_fields(page),
    )
    db.session.add(version)
    db.session.flush()
    return version


def record_import(page: Page) -> None:
    """An import changed a live page: keep it in the history as a published version."""
    if not versions(page.slug, page.locale, page.variant):
        return
    _supersede(page.slug, page.locale, page.variant)
    db.session.add(
        PageVersion(
            slug=page.slug,
            locale=page.locale,
            variant=page.variant,
            number=_next_number(page.slug, page.locale, page.variant),
            status=VersionStatus.PUBLISHED.value,
            note="Imported from content files",
            published_at=utcnow(),
            **page_fields(page),
        )
    )
    db.session.flush()


def starting_fields(slug: str, locale: str, variant: str = PageVariant.STANDARD.value) -> dict[str, Any] | None:
    """What the edit form starts from: the open draft, else the live page, else (a new translation) English."""
    draft = open_version(slug, locale, variant)
    if draft is not None:
        return draft.fields()
    page = live_page(slug, locale, variant)
    if page is not None:
        return page_fields(page)
    english = live_page(slug, "en", variant)
    if english is None or locale not in LOCALES:
        return None
    return page_fields(english)


def save_draft(*, slug: str, locale: str, variant: str = PageVariant.STANDARD.value, fields: dict[str, Any],
               author: User) -> PageVersion:  # fmt: skip
    """Save the editor's changes into the page's open draft (creating one if needed).

    Raises:
        PublishingError: the page is in review, or the fields are not valid.
    """
    problems = markdown_problems(fields.get("body_md", ""))
    if problems:
        raise PublishingError(_l("Every image needs alt text"))
    page = live_page(slug, locale, variant)
    if page is not None:
        ensure_baseline(page)
    elif live_page(slug, "en", PageVariant.STANDARD.value) is None:
        raise PublishingError(_l("There is no English page with this address"))
    draft = open_version(slug, locale, variant)
    if draft is not None and draft.status == VersionStatus.IN_REVIEW.value:
        raise PublishingError(_l("This page is waiting for review. It cannot be changed until it is reviewed."))
    if draft is None:
        live_number = _live_number(slug, locale, variant)
        start = starting_fields(slug, locale, variant) or {}
        draft = PageVersion(
            slug=slug,
            locale=locale,
            variant=variant,
            number=_next_number(slug, locale, variant),
            based_on=live_number,
            **start,
        )
        db.session.add(draft)
    for name in VERSION_FIELDS:
        if name in fields:
            setattr(draft, name, fields[name])
    draft.status = VersionStatus.DRAFT.value
    draft.author_id = author.id
    db.session.flush()
    audit(actor=author, action="publishing.draft_saved", object_type="page_version", object_id=draft.id,
          slug=slug, locale=locale, number=draft.number)  # fmt: skip
    return draft


def _live_number(slug: str, locale: str, variant: str) -> int | None:
    stmt = select(PageVersion.number).where(
        PageVersion.slug == slug,
        PageVersion.locale == locale,
        PageVersion.variant == variant,
        PageVersion.status == VersionStatus.PUBLISHED.value,
    )
    return db.session.scalar(stmt.order_by(PageVersion.number.desc()).limit(1))


def submit(version: PageVersion, *, actor: User) -> PageVersion:
    """Send a draft for review by a second person.

    Raises:
        PublishingError: the version is not a draft.
    """
    if version.status not in EDITABLE:
        raise PublishingError(_l("Only a draft can be sent for review"))
    version.status = VersionStatus.IN_REVIEW.value
    version.submitted_at = utcnow()
    version.review_comment = None
    db.session.flush()
    audit(actor=actor, action="publishing.submitted", object_type="page_version", object_id=version.id,
          slug=version.slug, locale=version.locale, number=version.number)  # fmt: skip
    return version


def contributors(version: PageVersion) -> set[str]:
    """Everyone who wrote any of this version (each save is audited), so none of them can approve it."""
    from portal.auth.models import AuditEvent

    saved = select(AuditEvent.actor_id).where(
        AuditEvent.object_type == "page_version",
        AuditEvent.object_id == version.id,
        AuditEvent.action.in_(("publishing.draft_saved", "publishing.restored")),
    )
    people = {actor for actor in db.session.scalars(saved) if actor}
    return people | ({version.author_id} if version.author_id else set())


def approve(version: PageVersion, *, reviewer: User, publish_at: dt.datetime | None = None,
            now: dt.datetime | None = None) -> PageVersion:  # fmt: skip
    """Approve a version in review: publish it now, or at `publish_at` if that is in the future.

    Raises:
        SelfApproval: the reviewer wrote this version.
        PublishingError: the version is not in review.
    """
    if version.status != VersionStatus.IN_REVIEW.value:
        raise PublishingError(_l("Only a version waiting for review can be approved"))
    if reviewer.id in contributors(version):
        raise SelfApproval(_l("You cannot approve your own changes. Another editor must review them."))
    now = now or utcnow()
    version.reviewer_id = reviewer.id
    version.reviewed_at = now
    if publish_at is not None and publish_at > now:
        version.status = VersionStatus.SCHEDULED.value
        version.publish_at = publish_at
        db.session.flush()
        audit(actor=reviewer, action="publishing.scheduled", object_type="page_version", object_id=version.id,
              slug=version.slug, locale=version.locale, publish_at=publish_at.isoformat())  # fmt: skip
        return version
    publish_version(version, now=now)
    audit(actor=reviewer, action="publishing.published", object_type="page_version", object_id=version.id,
          slug=version.slug, locale=version.locale, number=version.number)  # fmt: skip
    return version


def send_back(version: PageVersion, *, reviewer: User, comment: str) -> PageVersion:
    """Return a version to its author with the reviewer's comments.

    Raises:
        PublishingError: the version is not in review, or there is no comment.
    """
    if version.status != VersionStatus.IN_REVIEW.value:
        raise PublishingError(_l("Only a version waiting for review can be sent back"))
    if not comment.strip():
        raise PublishingError(_l("Say what needs to change"))
    version.status = VersionStatus.SENT_BACK.value
    version.review_comment = comment.strip()
    version.reviewer_id = reviewer.id
    version.reviewed_at = utcnow()
    db.session.flush()
    audit(actor=reviewer, action="publishing.sent_back", object_type="page_version", object_id=version.id,
          slug=version.slug, locale=version.locale, number=version.number)  # fmt: skip
    return version


def _supersede(slug: str, locale: str, variant: str) -> None:
    stmt = select(PageVersion).where(
        PageVersion.slug == slug,
        PageVersion.locale == locale,
        PageVersion.variant == variant,
        PageVersion.status == VersionStatus.PUBLISHED.value,
    )
    for old in db.session.scalars(stmt):
        old.status = VersionStatus.SUPERSEDED.value


def publish_version(version: PageVersion, *, now: dt.datetime | None = None) -> Page:
    """Make a version the live page, then refresh search at once (here) and everywhere (content version)."""
    now = now or utcnow()
    page = live_page(version.slug, version.locale, version.variant)
    if page is None:
        english = live_page(version.slug, "en", PageVariant.STANDARD.value)
        page = Page(slug=version.slug, locale=version.locale, variant=version.variant, **version.fields())
        if english is not None and version.locale != "en":
            page.translated_on = now.date()
        db.session.add(page)
    for name, value in version.fields().items():
        setattr(page, name, value)
    _supersede(version.slug, version.locale, version.variant)
    page.published = True
    # Published after a second person checked it: that is the page's "Last checked" date.
    page.last_reviewed = now.date()
    if version.locale != "en":
        page.translated_on = now.date()
    version.status = VersionStatus.PUBLISHED.value
    version.published_at = now
    db.session.flush()
    refresh_search([version.slug])
    return page


def refresh_search(slugs: list[str]) -> None:
    """Move the content version on and tell search (this node's index now; other nodes follow the version)."""
    announce_pages(slugs)


def unpublish(*, slug: str, locale: str, variant: str = PageVariant.STANDARD.value, actor: User) -> Page:
    """Take a page off the public site (it stays in the history and can be published again).

    Raises:
        PublishingError: the page is not live.
    """
    page = live_page(slug, locale, variant)
    if page is None or not page.published:
        raise PublishingError(_l("This page is not published"))
    ensure_baseline(page)
    stmt = select(PageVersion).where(
        PageVersion.slug == slug,
        PageVersion.locale == locale,
        PageVersion.variant == variant,
        PageVersion.status == VersionStatus.PUBLISHED.value,
    )
    for live in db.session.scalars(stmt):
        live.status = VersionStatus.WITHDRAWN.value
    page.published = False
    db.session.flush()
    refresh_search([slug])
    audit(actor=actor, action="publishing.unpublished", object_type="page", object_id=page.id, slug=slug,
          locale=locale)  # fmt: skip
    return page


def publish_due(now: dt.datetime | None = None) -> list[PageVersion]:
    """Publish every approved version whose time has come. Safe to run as often as you like."""
    now = now or utcnow()
    due = [v for v in scheduled() if v.publish_at is not None and _aware(v.publish_at) <= now]
    for version in due:
        publish_version(version, now=now)
        audit(actor=None, action="publishing.published_on_schedule", object_type="page_version",
              object_id=version.id, slug=version.slug, locale=version.locale)  # fmt: skip
    return due


def _aware(value: dt.datetime) -> dt.datetime:
    # SQLite returns naive datetimes; they are stored in UTC.
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def cancel_schedule(version: PageVersion, *, actor: User) -> PageVersion:
    """Stop a scheduled publication: the version goes back to being a draft.

    Raises:
        PublishingError: the version is not scheduled.
    """
    if version.status != VersionStatus.SCHEDULED.value:
        raise PublishingError(_l("This version is not scheduled"))
    if open_version(version.slug, version.locale, version.variant) is not None:
        raise OpenDraftExists(_l("This page already has a draft"))
    version.status = VersionStatus.DRAFT.value
    version.publish_at = None
    db.session.flush()
    audit(actor=actor, action="publishing.schedule_cancelled", object_type="page_version", object_id=version.id)
    return version


def restore(version: PageVersion, *, actor: User) -> PageVersion:
    """Start a new draft from an old version (the old version itself never changes).

    Raises:
        OpenDraftExists: the page already has a draft or a version in review.
    """
    if open_version(version.slug, version.locale, version.variant) is not None:
        raise OpenDraftExists(_l("This page already has a draft. Finish it or send it for review first."))
    draft = PageVersion(
        slug=version.slug,
        locale=version.locale,
        variant=version.variant,
        number=_next_number(version.slug, version.locale, version.variant),
        status=VersionStatus.DRAFT.value,
        author_id=actor.id,
        based_on=version.number,
        note=f"Restored from version {version.number}",
        **version.fields(),
    )
    db.session.add(draft)
    db.session.flush()
    audit(actor=actor, action="publishing.restored", object_type="page_version", object_id=draft.id,
          slug=version.slug, locale=version.locale, from_number=version.number)  # fmt: skip
    return draft


# Diffs ---------------------------------------------------------------------------------------


@dataclass
class DiffLine:
    kind: str  # "same", "added", "removed", "skipped"
    text: str
    count: int = 0


@dataclass
class FieldChange:
    name: str
    old: str
    new: str


@dataclass
class VersionDiff:
    old: PageVersion
    new: PageVersion
    fields: list[FieldChange] = field(default_factory=list)
    lines: list[DiffLine] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.fields) or any(line.kind in ("added", "removed") for line in self.lines)


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def line_diff(old: str, new: str, *, context: int = 2) -> list[DiffLine]:
    """A line-by-line diff with long unchanged stretches folded away."""
    old_lines, new_lines = old.splitlines(), new.splitlines()
    result: list[DiffLine] = []
    opcodes = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False).get_opcodes()
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag != "equal":
            result += [DiffLine("removed", t) for t in old_lines[i1:i2]]
            result += [DiffLine("added", t) for t in new_lines[j1:j2]]
            continue
        same = old_lines[i1:i2]
        head = context if index > 0 else 0
        tail = context if index < len(opcodes) - 1 else 0
        if len(same) > head + tail + 1:
            result += [DiffLine("same", t) for t in same[:head]]
            result.append(DiffLine("skipped", "", len(same) - head - tail))
            result += [DiffLine("same", t) for t in same[len(same) - tail :]]
        else:
            result += [DiffLine("same", t) for t in same]
    return result


def diff(old: PageVersion, new: PageVersion) -> VersionDiff:
    """What changed between two versions: the front matter field by field, the body line by line."""
    result = VersionDiff(old=old, new=new)
    for name in VERSION_FIELDS:
        if name == "body_md":
            continue
        before, after = _as_text(getattr(old, name)), _as_text(getattr(new, name))
        if before != after:
            result.fields.append(FieldChange(name, before, after))
    result.lines = line_diff(old.body_md, new.body_md)
    return result


# Import and export fingerprints ----------------------------------------------------------------

_HASHED = ("title", "summary", "body_md", "section", "audience", "age_min", "age_max", "needs", "tags",
           "questions", "related", "owner_team", "last_reviewed", "next_review_due", "published")  # fmt: skip


def page_hash(page: Page) -> str:
    """A fingerprint of what a page says, to tell whether it changed in the portal since the last import."""
    data = {name: _as_text(getattr(page, name)) for name in _HASHED}
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()
