"""The personal-data registry: each domain says which of its tables hold personal data, how to give a person
theirs ("Your data", a subject access request) and how to delete what has passed its retention period.

portal/auth/privacy.py reads the registry instead of importing every domain. Domains register from their own
`personal_data.register()`, which the app factory calls in a fixed order (portal/__init__.py): that order is
the order of the sections in the download and the order retention runs in.

Every section names the tables it covers, so tests/security/test_personal_data_tables.py can walk the schema and
fail when a table that can hold someone's data is in no section of the download and not on its list of tables
left out, each with the reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Person:
    """Whose data is asked for: the account's id and its (confirmed) e-mail address."""

    id: str
    email: str


# the person -> their records, as JSON-ready dicts (one dict for a section that is one record, like the account)
Exporter = Callable[[Person], list[dict[str, Any]] | dict[str, Any]]
# the time retention is worked out from -> how many records were deleted
Purger = Callable[[dt.datetime], int]


@dataclass(frozen=True)
class PersonalData:
    name: str  # the section of the download, or the line of the retention summary
    tables: tuple[str, ...]  # the tables whose rows it gives or deletes
    export: Exporter | None = None
    purge: Purger | None = None
    title: Any = None  # the section's heading in the readable download (a lazy string)
    # Each field of a record (nested records' fields too) -> its label in the readable download; None keeps it to
    # the JSON download (answers kept word for word under the journey's own keys).
    labels: Mapping[str, Any] = field(default_factory=dict)


_registry: dict[str, PersonalData] = {}


def register_personal_data(
    name: str,
    *,
    tables: tuple[str, ...],
    export: Exporter | None = None,
    purge: Purger | None = None,
    title: Any = None,
    labels: Mapping[str, Any] | None = None,
) -> None:
    """Say what a domain keeps under `name`, and in which tables. Registering a name again replaces it in place
    (create_app runs once per app, and tests make several).

    A purge that deletes only files outside the database names no tables.

    Raises:
        ValueError: neither an exporter nor a purger given, a section of the download without tables or a title.
    """
    if export is None and purge is None:
        raise ValueError(f"{name}: give an exporter, a purger or both")
    if export is not None and (not tables or title is None):
        raise ValueError(f"{name}: a section of the download names its tables and has a title")
    _registry[name] = PersonalData(name, tuple(tables), export, purge, title, dict(labels or {}))


def registered() -> list[PersonalData]:
    """Everything registered, in the order it was first registered."""
    return list(_registry.values())


def exported_tables() -> dict[str, list[str]]:
    """Each table some section of the download gives rows from -> those sections."""
    tables: dict[str, list[str]] = {}
    for entry in _registry.values():
        if entry.export is not None:
            for table in entry.tables:
                tables.setdefault(table, []).append(entry.name)
    return tables


def purged_tables() -> dict[str, list[str]]:
    """Each table some retention rule deletes rows from -> those rules."""
    tables: dict[str, list[str]] = {}
    for entry in _registry.values():
        if entry.purge is not None:
            for table in entry.tables:
                tables.setdefault(table, []).append(entry.name)
    return tables


def export_personal_data(person: Person) -> dict[str, Any]:
    """Every registered section of one person's records."""
    return {entry.name: entry.export(person) for entry in _registry.values() if entry.export is not None}


def purge_expired(now: dt.datetime) -> dict[str, int]:
    """Run every registered retention rule; how many records each removed."""
    return {entry.name: entry.purge(now) for entry in _registry.values() if entry.purge is not None}


def iso(value: Any) -> Any:
    """Dates and times as ISO 8601 text for the download; anything else as it is."""
    return value.isoformat() if isinstance(value, dt.date | dt.datetime) else value
