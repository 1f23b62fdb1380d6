"""Routes of the cases blueprint."""

from __future__ import annotations

from portal.cases import bp  # noqa: F401
