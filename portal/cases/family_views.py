"""Routes of the cases blueprint: family_views."""

from __future__ import annotations

from portal.cases import bp  # noqa: F401
