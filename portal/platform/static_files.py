"""Fingerprints of the files under portal/static, so a browser can keep them without asking again.

The layout links its style sheet and scripts as /static/css/portal.css?v=<fingerprint>: the first 12 hex digits of
the file's SHA-256. A request whose ?v= is the file's fingerprint is answered with a year's max-age (the address
changes with the file), anything else as before: no max-age, so the browser asks again with If-Modified-Since.
Without this a family's phone asked for the four layout files again on every page (four more round trips)."""

from __future__ import annotations

import hashlib
from pathlib import Path

YEAR = 365 * 24 * 3600
MISSING = "missing"  # the fingerprint of a file that is not there: never kept for a year
_KEPT: dict[tuple[str, str], str] = {}


def fingerprint(folder: str, filename: str, *, fresh: bool = False) -> str:
    """The file's fingerprint, read once per process (fresh: read it again, for `flask run --debug`)."""
    key = (folder, filename)
    found = None if fresh else _KEPT.get(key)
    if found is None:
        path = Path(folder) / filename
        try:
            found = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
        except OSError:  # no such file: an address that never matches, so nothing is kept for a year
            found = MISSING
        if len(_KEPT) > 1000:
            _KEPT.clear()
        _KEPT[key] = found
    return found


def max_age(folder: str, filename: str, asked: str | None, *, fresh: bool = False) -> int | None:
    """A year when the address asked for carries the file's fingerprint, else None (Flask's default)."""
    if asked and asked != MISSING and asked == fingerprint(folder, filename, fresh=fresh):
        return YEAR
    return None
