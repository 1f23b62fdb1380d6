"""Routes of the complaints blueprint."""

from __future__ import annotations

from portal.complaints import bp  # noqa: F401
