"""Tables of the feedback domain: voice_models."""

from __future__ import annotations
