"""The personal-data registry: each domain says which of its records hold personal data, how to give a person
theirs ("Your data", a subject access request) and how to delete what has passed its retention period.

portal/auth/privacy.py reads the registry instead of importing every domain. Domains register from their own
`personal_data.register()`, which the app factory calls in a fixed order (portal/__init__.py): that order is
the order of the sections in the download and the order retention runs in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# user id -> that person's records, as JSON-ready dicts
Exporter = Callable[[str], list[dict[str, Any]]]
# the time retention is worked out from -> how many records were deleted
Purger = Callable[[dt.datetime], int]


@dataclass(frozen=True)
class PersonalData:
    name: str  # the section of the download, or the line of the retention summary
    export: Exporter | None = None
    purge: Purger | None = None


_registry: dict[str, PersonalData] = {}


def register_personal_data(name: str, *, export: Exporter | None = None, purge: Purger | None = None) -> None:
    """Say what a domain keeps under `name`. Registering a name again replaces it in place (create_app runs once
    per app, and tests make several).

    Raises:
        ValueError: neither an exporter nor a purger given.
    """
    if export is None and purge is None:
        raise ValueError(f"{name}: give an exporter, a purger or both")
    _registry[name] = PersonalData(name, export, purge)


def registered() -> list[PersonalData]:
    """Everything registered, in the order it was first registered."""
    return list(_registry.values())


def export_personal_data(user_id: str) -> dict[str, list[dict[str, Any]]]:
    """Every registered section of one person's records."""
    return {entry.name: entry.export(user_id) for entry in _registry.values() if entry.export is not None}


def purge_expired(now: dt.datetime) -> dict[str, int]:
    """Run every registered retention rule; how many records each removed."""
    return {entry.name: entry.purge(now) for entry in _registry.values() if entry.purge is not None}


def iso(value: Any) -> Any:
    """Dates and times as ISO 8601 text for the download; anything else as it is."""
    return value.isoformat() if isinstance(value, dt.date | dt.datetime) else value
