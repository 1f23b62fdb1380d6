"""Tables of the feedback domain."""

from __future__ import annotations
