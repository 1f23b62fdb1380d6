"""Routes of the surveys blueprint: You said, we did."""

from __future__ import annotations

from portal.surveys import bp  # noqa: F401
