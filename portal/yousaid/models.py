"""Tables of the yousaid domain."""

from __future__ import annotations
