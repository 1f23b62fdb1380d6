"""Where "You said, we did" entries get their evidence: a registry of feedback sources.

Each area that collects feedback registers a source once, at import time of its views module:

    register_source("page_feedback", _l("Page feedback"), candidates)

where `candidates(limit)` returns recent items an officer could link to an entry, as `Candidate`s, already
anonymised (no names, no contact details, nothing safeguarding-flagged). The surveys domain stores the links
(portal/surveys/yousaid.py: `link_source`, `entries_linked_to`, `entry_choices`) and shows, for each entry, what
it answers, and for each source, which comments led to change and which are still open.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any


@dataclass(frozen=True)
class Candidate:
    kind: str  # the source's kind, e.g. "page_feedback"
    ref: str  # the item's id in its own table (or a theme key, e.g. "complaint_theme:transport")
    title: str  # short, anonymised: what was said
    detail: str = ""  # e.g. "12 comments since April" or "Survey: Local Offer 2026, question 4"
    when: date | None = None


@dataclass(frozen=True)
class Source:
    kind: str
    label: Any  # lazy string
    candidates: Callable[[int], list[Candidate]]


_sources: dict[str, Source] = {}


def register_source(kind: str, label: Any, candidates: Callable[[int], list[Candidate]]) -> None:
    _sources[kind] = Source(kind, label, candidates)


def sources() -> list[Source]:
    return sorted(_sources.values(), key=lambda s: s.kind)


def source(kind: str) -> Source | None:
    return _sources.get(kind)
