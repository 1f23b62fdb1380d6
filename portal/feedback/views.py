"""Routes of the feedback blueprint."""

from __future__ import annotations

from portal.feedback import bp  # noqa: F401
