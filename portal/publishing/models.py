"""Tables of the publishing domain."""

from __future__ import annotations
