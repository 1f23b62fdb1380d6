"""Routes of the voice blueprint."""

from __future__ import annotations

from portal.voice import bp  # noqa: F401
