"""You said, we did as the public sees it: entries in the visitor's language, grouped by theme, and the
yearly summary as a printable page and a spreadsheet."""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from portal.surveys.yousaid import counted_links
from portal.surveys.yousaid_models import YouSaidEntry


@dataclass
class UpdateView:
    when: datetime
    status: str
    note: str
    lang: str


@dataclass
class EntryView:
    id: str
    title: str
    you_said: str
    we_did: str
    lang: str  # "en" when the Welsh words are missing and English is shown instead
    owner: str
    due_date: date | None
    status: str
    status_reason: str | None
    theme: str
    comments: int
    updates: list[UpdateView] = field(default_factory=list)


def _pick(entry: object, name: str, locale: str) -> tuple[str, str]:
    if locale == "cy":
        welsh = getattr(entry, f"{name}_cy", None)
        if welsh:
            return welsh, "cy"
    return getattr(entry, name) or "", "en"


def view(entry: YouSaidEntry, locale: str) -> EntryView:
    title, lang = _pick(entry, "title", locale)
    you_said, lang2 = _pick(entry, "you_said", locale)
    we_did, lang3 = _pick(entry, "we_did", locale)
    updates = []
    for update in reversed(entry.updates):
        note, note_lang = _pick(update, "note", locale)
        updates.append(UpdateView(update.created_at, update.status, note, note_lang))
    return EntryView(
        id=entry.id,
        title=title,
        you_said=you_said,
        we_did=we_did,
        lang="en" if "en" in (lang, lang2, lang3) and locale == "cy" else locale,
        owner=entry.owner,
        due_date=entry.due_date,
        status=entry.status,
        status_reason=entry.status_reason,
        theme=entry.theme,
        comments=len(counted_links(entry)),
        updates=updates,
    )


def by_theme(entries: list[YouSaidEntry], locale: str) -> list[tuple[str, list[EntryView]]]:
    """Entries grouped by theme, themes in alphabetical order."""
    grouped: dict[str, list[EntryView]] = {}
    for entry in entries:
        grouped.setdefault(entry.theme or "", []).append(view(entry, locale))
    return sorted(grouped.items(), key=lambda item: item[0].lower())


def status_counts(entries: list[YouSaidEntry]) -> dict[str, int]:
    return dict(Counter(entry.status for entry in entries))


def csv_summary(entries: list[YouSaidEntry], locale: str) -> str:
    """The year's entries as rows (anonymised by design: entries never hold names)."""
    from portal.surveys.forms import STATUS_LABELS

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["year", "theme", "title", "you said", "we did", "owner", "by when", "status", "reason",
                     "latest update", "comments"])  # fmt: skip
    for entry in entries:
        shown = view(entry, locale)
        latest = shown.updates[0].note if shown.updates else ""
        row = [entry.year, shown.theme, shown.title, shown.you_said, shown.we_did, shown.owner,
               shown.due_date.isoformat() if shown.due_date else "", str(STATUS_LABELS.get(shown.status, shown.status)),
               shown.status_reason or "", latest, shown.comments]  # fmt: skip
        writer.writerow([_safe(cell) for cell in row])
    return out.getvalue()


def _safe(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
