"""Tables of the feedback domain: complaint_models."""

from __future__ import annotations
