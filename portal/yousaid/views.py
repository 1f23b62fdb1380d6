"""Routes of the yousaid blueprint."""

from __future__ import annotations

from portal.yousaid import bp  # noqa: F401
