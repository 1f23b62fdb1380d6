"""Routes of the feedback blueprint: voice_views."""

from __future__ import annotations

from portal.feedback import bp  # noqa: F401
