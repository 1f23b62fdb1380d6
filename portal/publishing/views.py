"""Routes of the publishing blueprint."""

from __future__ import annotations

from portal.publishing import bp  # noqa: F401
