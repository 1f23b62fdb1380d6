"""Routes of the feedback blueprint: safeguarding_views."""

from __future__ import annotations

from portal.feedback import bp  # noqa: F401
