"""Routes of the surveys blueprint."""

from __future__ import annotations

from portal.surveys import bp  # noqa: F401
