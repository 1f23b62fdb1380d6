"""Routes of the safeguarding blueprint."""

from __future__ import annotations

from portal.safeguarding import bp  # noqa: F401
