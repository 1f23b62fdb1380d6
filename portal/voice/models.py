"""Tables of the voice domain."""

from __future__ import annotations
