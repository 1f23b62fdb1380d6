"""Moved to portal/safeguarding (the shared safeguarding domain). This re-export keeps code on other
branches working until the lead removes it after the merge."""

from portal.safeguarding.screen import Screening, screen

__all__ = ["Screening", "screen"]
