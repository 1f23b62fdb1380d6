"""Tables of the safeguarding domain."""

from __future__ import annotations
