"""Routes of the feedback blueprint: complaints_views."""

from __future__ import annotations

from portal.feedback import bp  # noqa: F401
