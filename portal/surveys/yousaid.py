"""You said, we did: entries, their progress, and the feedback (from sources.py's registry) each one answers.

Other domains call `entry_choices`, `link_source` and `entries_linked_to`; the officer screens
(yousaid_views.py) and the public page use the rest.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portal.auth.services import audit
from portal.db import db, utcnow
from portal.platform.masking import mask_personal
from portal.surveys.sources import Candidate, source, sources
from portal.surveys.yousaid_models import EntryStatus, ExclusionReason, YouSaidEntry, YouSaidLink, YouSaidUpdate

STATUSES = tuple(s.value for s in EntryStatus)
EXCLUSION_REASONS = tuple(r.value for r in ExclusionReason)


class EntryNotFound(LookupError):
    pass


# The functions other domains call -------------------------------------------------------------


def entry_choices() -> list[tuple[str, str]]:
    """(id, title) of every entry a comment can be linked to, newest year first."""
    rows = db.session.scalars(select(YouSaidEntry).order_by(YouSaidEntry.year.desc(), YouSaidEntry.title))
    return [(e.id, f"{e.title} ({e.year})") for e in rows]


def get_entry(entry_id: str) -> YouSaidEntry:
    """The entry with this id. Raises: EntryNotFound."""
    entry = db.session.get(YouSaidEntry, entry_id) if entry_id else None
    if entry is None:
        raise EntryNotFound(entry_id)
    return entry


def find_candidate(kind: str, ref: str, limit: int = 500) -> Candidate | None:
    """The registered source's own (anonymised) description of one item, if it still offers it."""
    found = source(kind)
    if found is None:
        return None
    return next((c for c in found.candidates(limit) if c.ref == ref), None)


def link_source(entry_id: str, kind: str, ref: str, user: Any, *, title: str = "", detail: str = "") -> None:
    """Record that the entry answers this piece of feedback. Linking twice changes nothing.

    Raises: EntryNotFound for an unknown entry; ValueError for an unknown kind of source.
    """
    entry = get_entry(entry_id)
    if source(kind) is None:
        raise ValueError(f"unknown feedback source: {kind}")
    ref = (ref or "").strip()[:120]
    if not ref:
        raise ValueError("empty reference")
    existing = _link(entry.id, kind, ref)
    if existing is not None:
        return
    if not title:
        candidate = find_candidate(kind, ref)
        if candidate is not None:
            title, detail = candidate.title, detail or candidate.detail
    try:
        with db.session.begin_nested():
            db.session.add(
                YouSaidLink(
                    entry_id=entry.id,
                    kind=kind,
                    ref=ref,
                    title=title[:2000],
                    detail=detail[:500],
                    created_by=getattr(user, "id", None),
                )
            )
    except IntegrityError:
        return  # linked by someone else a moment ago: the same outcome
    db.session.flush()
    audit(actor=user, action="yousaid.link", object_type="yousaid_entry", object_id=entry.id, kind=kind, ref=ref)


def entries_linked_to(kind: str, ref: str) -> list[YouSaidEntry]:
    """Entries that answer this piece of feedback (links marked excluded do not count)."""
    query = (
        select(YouSaidEntry)
        .join(YouSaidLink, YouSaidLink.entry_id == YouSaidEntry.id)
        .where(YouSaidLink.kind == kind, YouSaidLink.ref == ref, YouSaidLink.excluded.is_(False))
        .order_by(YouSaidEntry.year.desc(), YouSaidEntry.title)
    )
    return list(db.session.scalars(query).unique())


# Entries ---------------------------------------------------------------------------------------


def _link(entry_id: str, kind: str, ref: str) -> YouSaidLink | None:
    return db.session.scalar(
        select(YouSaidLink).where(YouSaidLink.entry_id == entry_id, YouSaidLink.kind == kind, YouSaidLink.ref == ref)
    )


ENTRY_FIELDS = (
    "title",
    "title_cy",
    "you_said",
    "you_said_cy",
    "we_did",
    "we_did_cy",
    "owner",
    "due_date",
    "year",
    "theme",
)


def list_entries(*, year: int | None = None, published_only: bool = False) -> list[YouSaidEntry]:
    """Entries, newest year first, then by theme and title."""
    query = select(YouSaidEntry)
    if year is not None:
        query = query.where(YouSaidEntry.year == year)
    if published_only:
        query = query.where(YouSaidEntry.published.is_(True))
    query = query.order_by(YouSaidEntry.year.desc(), YouSaidEntry.theme, YouSaidEntry.title)
    return list(db.session.scalars(query))


def years(*, published_only: bool = True) -> list[int]:
    """The years that have entries, newest first."""
    query = select(YouSaidEntry.year).distinct()
    if published_only:
        query = query.where(YouSaidEntry.published.is_(True))
    return sorted(db.session.scalars(query), reverse=True)


def create_entry(*, user: Any, status: str = EntryStatus.PLANNED.value, status_reason: str | None = None,
                 **values: Any) -> YouSaidEntry:  # fmt: skip
    """A new (unpublished) entry."""
    _check_status(status, status_reason)
    entry = YouSaidEntry(created_by=getattr(user, "id", None), status=status, status_reason=status_reason or None)
    for name in ENTRY_FIELDS:
        if name in values:
            setattr(entry, name, _clean(values[name]))
    if not entry.year:
        entry.year = date.today().year
    db.session.add(entry)
    db.session.flush()
    audit(actor=user, action="yousaid.create", object_type="yousaid_entry", object_id=entry.id)
    return entry


def update_entry(entry: YouSaidEntry, *, user: Any, **values: Any) -> YouSaidEntry:
    """Change an entry's words, owner, date, year or theme."""
    changed = []
    for name in ENTRY_FIELDS:
        if name in values and getattr(entry, name) != _clean(values[name]):
            setattr(entry, name, _clean(values[name]))
            changed.append(name)
    db.session.flush()
    if changed:
        audit(actor=user, action="yousaid.update", object_type="yousaid_entry", object_id=entry.id, fields=changed)
    return entry


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value
    return value


def _check_status(status: str, reason: str | None) -> None:
    if status not in STATUSES:
        raise ValueError(f"unknown status {status}")
    if status == EntryStatus.NOT_DOING and not (reason or "").strip():
        raise ValueError("a reason is needed when the council is not doing something")


def add_update(entry: YouSaidEntry, *, user: Any, status: str, note: str, note_cy: str | None = None,
               reason: str | None = None) -> YouSaidUpdate:  # fmt: skip
    """Record progress and move the entry to `status`. Raises: ValueError (unknown status, or 'not doing' with no
    reason)."""
    _check_status(status, reason or note)
    update = YouSaidUpdate(
        entry_id=entry.id,
        status=status,
        note=(note or "").strip(),
        note_cy=(note_cy or "").strip() or None,
        created_by=getattr(user, "id", None),
    )
    db.session.add(update)
    entry.status = status
    entry.status_reason = ((reason or note or "").strip() or None) if status == EntryStatus.NOT_DOING else None
    db.session.flush()
    db.session.refresh(entry, ["updates"])
    audit(actor=user, action="yousaid.progress", object_type="yousaid_entry", object_id=entry.id, status=status)
    return update


def set_published(entry: YouSaidEntry, *, user: Any, published: bool) -> YouSaidEntry:
    """Show the entry on the public page, or take it off."""
    if entry.published != published:
        entry.published = published
        if published and entry.published_at is None:
            entry.published_at = utcnow()
        db.session.flush()
        audit(
            actor=user,
            action="yousaid.publish" if published else "yousaid.unpublish",
            object_type="yousaid_entry",
            object_id=entry.id,
        )
    return entry


def delete_entry(entry: YouSaidEntry, *, user: Any) -> None:
    """Remove an entry that was made by mistake (with its updates and links)."""
    audit(actor=user, action="yousaid.delete", object_type="yousaid_entry", object_id=entry.id)
    db.session.delete(entry)
    db.session.flush()


# Links ----------------------------------------------------------------------------------------


def get_link(entry: YouSaidEntry, link_id: str) -> YouSaidLink:
    """One of this entry's links. Raises: EntryNotFound."""
    link = db.session.get(YouSaidLink, link_id) if link_id else None
    if link is None or link.entry_id != entry.id:
        raise EntryNotFound(link_id)
    return link


def unlink(entry: YouSaidEntry, link: YouSaidLink, *, user: Any) -> None:
    """Take a piece of feedback off an entry."""
    audit(actor=user, action="yousaid.unlink", object_type="yousaid_entry", object_id=entry.id, kind=link.kind)
    db.session.delete(link)
    db.session.flush()


def set_excluded(link: YouSaidLink, *, user: Any, excluded: bool, reason: str | None = None,
                 note: str | None = None) -> YouSaidLink:  # fmt: skip
    """Mark a linked comment as left out of what is published (reg 56(4): vexatious, or about one person's case).

    Raises: ValueError without a valid reason.
    """
    if excluded:
        if reason not in EXCLUSION_REASONS or not (note or "").strip():
            raise ValueError("an exclusion needs a reason and a note")
        link.excluded, link.exclusion_reason, link.exclusion_note = True, reason, note.strip()  # type: ignore[union-attr]
    else:
        link.excluded, link.exclusion_reason, link.exclusion_note = False, None, None
    db.session.flush()
    audit(
        actor=user,
        action="yousaid.exclude" if excluded else "yousaid.include",
        object_type="yousaid_entry",
        object_id=link.entry_id,
        kind=link.kind,
        reason=reason,
    )
    return link


def counted_links(entry: YouSaidEntry) -> list[YouSaidLink]:
    """The comments that count towards an entry (not excluded)."""
    return [link for link in entry.links if not link.excluded]


# Which comments led to change ----------------------------------------------------------------


@dataclass
class CandidateState:
    candidate: Candidate
    entries: list[YouSaidEntry] = field(default_factory=list)
    excluded: bool = False

    @property
    def state(self) -> str:
        """'changed' (an entry is done), 'acting' (planned or in progress), 'not_doing', 'excluded' or 'open'."""
        if self.entries:
            statuses = {e.status for e in self.entries}
            if EntryStatus.DONE in statuses:
                return "changed"
            if statuses & {EntryStatus.PLANNED, EntryStatus.IN_PROGRESS}:
                return "acting"
            return "not_doing"
        return "excluded" if self.excluded else "open"


@dataclass
class SourceOverview:
    kind: str
    label: Any
    items: list[CandidateState]

    def count(self, state: str) -> int:
        return sum(1 for item in self.items if item.state == state)


def source_overview(limit: int = 30) -> list[SourceOverview]:
    """For each registered source, its recent items and whether each led to change, is being acted on, or is open."""
    links = list(db.session.scalars(select(YouSaidLink)))
    entries_by_key: dict[tuple[str, str], list[YouSaidEntry]] = defaultdict(list)
    excluded_keys: set[tuple[str, str]] = set()
    for link in links:
        if link.excluded:
            excluded_keys.add((link.kind, link.ref))
        else:
            entries_by_key[(link.kind, link.ref)].append(link.entry)
    overview = []
    for registered in sources():
        try:
            candidates = registered.candidates(limit)
        except Exception:  # noqa: BLE001 - one broken source must not hide the others
            candidates = []
        items = [
            CandidateState(c, entries_by_key.get((c.kind, c.ref), []), (c.kind, c.ref) in excluded_keys)
            for c in candidates
        ]
        overview.append(SourceOverview(registered.kind, registered.label, items))
    return overview


def candidates_for(kind: str, limit: int = 50) -> list[Candidate]:
    """Items one source offers for linking."""
    found = source(kind)
    return found.candidates(limit) if found else []


# The chat assistant's unanswered questions as a source -----------------------------------------


def chat_gap_ref(text: str) -> str:
    """A stable reference for an unanswered question (the chat report gives words, not ids)."""
    return "chat_gap:" + hashlib.sha256(text.strip().lower().encode()).hexdigest()[:32]


def chat_gap_candidates(limit: int) -> list[Candidate]:
    """Questions the assistant could not answer, masked again and grouped, most asked first."""
    from portal.chat.services import report

    questions = [asked.text for asked in report(limit=max(limit * 4, 50)).get("Not answered", [])]
    counts: dict[str, int] = defaultdict(int)
    shown: dict[str, str] = {}
    for text in questions:
        masked = mask_personal(text or "").strip()
        if not masked:
            continue
        key = chat_gap_ref(masked)
        counts[key] += 1
        shown.setdefault(key, masked)
    ordered = sorted(counts, key=lambda k: -counts[k])[:limit]
    return [
        Candidate(kind="chat_gap", ref=key, title=shown[key][:300], detail=_times_asked(counts[key])) for key in ordered
    ]


def _times_asked(count: int) -> str:
    from flask_babel import ngettext

    return ngettext("Asked once", "Asked %(num)d times", count)
