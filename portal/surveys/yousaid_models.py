"""Tables of 'You said, we did': entries, progress updates and the feedback they answer."""

from __future__ import annotations
