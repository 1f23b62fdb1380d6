"""Routes of the cases blueprint: request_views."""

from __future__ import annotations

from portal.cases import bp  # noqa: F401
