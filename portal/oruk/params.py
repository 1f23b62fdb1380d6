"""Query parameters of the feed: parsed strictly, so a bad value is a 400 and never a 500.

The limits and patterns here are also what the OpenAPI document (portal/oruk/openapi.py) declares, so the
document and the behaviour cannot drift apart.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Protocol

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200
MAX_AGE = 150
MAX_PROXIMITY_METRES = 1_000_000
DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# ECMA-262 and Python read these the same way; [0-9] because Python's \d also matches non-ASCII digits.
TIME_PATTERN = "^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$"
_INTEGER = re.compile("[0-9]+")
_NUMBER = re.compile(r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_TIME = re.compile(TIME_PATTERN)


class QueryArgs(Protocol):
    """What the feed needs from request.args (a werkzeug MultiDict)."""

    def getlist(self, key: str) -> list[str]: ...


class BadParameter(ValueError):
    """A query parameter has a value the feed cannot use."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(f"{name}: {message}")
        self.name = name
        self.message = message


@dataclass(frozen=True)
class Paging:
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page


@dataclass(frozen=True)
class ServiceFilters:
    """The profile's service filters; None means "not asked for"."""

    search: str | None = None
    taxonomy_term_id: str | None = None
    taxonomy_id: str | None = None
    minimum_age: float | None = None
    maximum_age: float | None = None
    day: str | None = None
    start_time: str | None = None
    end_time: str | None = None


@dataclass(frozen=True)
class Nearby:
    """Where to measure from (a postcode) and, optionally, how far to look in metres."""

    postcode: str
    proximity_metres: float | None = None


@dataclass(frozen=True)
class TermFilters:
    taxonomy_id: str | None = None
    parent_id: str | None = None


def _single(args: QueryArgs, name: str) -> str | None:
    values = args.getlist(name)
    if len(values) > 1:
        raise BadParameter(name, "must be given only once")
    return values[0] if values else None


def _text(args: QueryArgs, name: str) -> str | None:
    value = _single(args, name)
    return (value.strip() or None) if value is not None else None


def _integer(args: QueryArgs, name: str, *, default: int, minimum: int, maximum: int | None = None) -> int:
    raw = _single(args, name)
    if raw is None:
        return default
    if not _INTEGER.fullmatch(raw):
        raise BadParameter(name, "must be a whole number")
    value = int(raw)
    if value < minimum or (maximum is not None and value > maximum):
        limit = f"from {minimum} to {maximum}" if maximum is not None else f"{minimum} or more"
        raise BadParameter(name, f"must be {limit}")
    return value


def _number(args: QueryArgs, name: str, *, maximum: float) -> float | None:
    raw = _single(args, name)
    if raw is None:
        return None
    value = float(raw) if _NUMBER.fullmatch(raw) else math.nan
    if not 0 <= value <= maximum:
        raise BadParameter(name, f"must be a number from 0 to {maximum}")
    return value


def _time(args: QueryArgs, name: str) -> str | None:
    raw = _single(args, name)
    if raw is None:
        return None
    if not _TIME.fullmatch(raw):
        raise BadParameter(name, "must be a time as HH:MM or HH:MM:SS")
    return raw if len(raw) == 8 else f"{raw}:00"


def paging(args: QueryArgs) -> Paging:
    """page (from 1) and per_page (1 to 200, default 50).

    Raises:
        BadParameter: either is not a whole number in range, or is given twice.
    """
    return Paging(
        page=_integer(args, "page", default=1, minimum=1),
        per_page=_integer(args, "per_page", default=DEFAULT_PER_PAGE, minimum=1, maximum=MAX_PER_PAGE),
    )


def service_filters(args: QueryArgs) -> ServiceFilters:
    """The filters /services and /service_at_locations share.

    Raises:
        BadParameter: an age, day or time is malformed or out of range.
    """
    day = _single(args, "day")
    if day is not None and day not in DAYS:
        raise BadParameter("day", "must be one of " + ", ".join(DAYS))
    return ServiceFilters(
        search=_text(args, "search"),
        taxonomy_term_id=_text(args, "taxonomy_term_id"),
        taxonomy_id=_text(args, "taxonomy_id"),
        minimum_age=_number(args, "minimum_age", maximum=MAX_AGE),
        maximum_age=_number(args, "maximum_age", maximum=MAX_AGE),
        day=day,
        start_time=_time(args, "start_time"),
        end_time=_time(args, "end_time"),
    )


def nearby(args: QueryArgs) -> Nearby | None:
    """postcode and proximity (metres); proximity means nothing without a postcode, so alone it is ignored.

    Raises:
        BadParameter: proximity is not a number from 0 to 1,000,000.
    """
    proximity = _number(args, "proximity", maximum=MAX_PROXIMITY_METRES)
    postcode = _text(args, "postcode")
    return Nearby(postcode=postcode, proximity_metres=proximity) if postcode else None


def term_filters(args: QueryArgs) -> TermFilters:
    """taxonomy_id and parent_id for /taxonomy_terms.

    Raises:
        BadParameter: either is given twice.
    """
    return TermFilters(taxonomy_id=_text(args, "taxonomy_id"), parent_id=_text(args, "parent_id"))
