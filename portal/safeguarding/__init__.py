"""Safeguarding: the shared domain that every free-text channel calls (the assistant, page feedback,
complaints, voice of the child, All about me, survey answers, requests, "ask us to contact you", search).

`screen(text)` says whether words suggest someone may be at risk of harm; `screen_and_flag` (services.py)
stores a flag for the safeguarding lead. This package imports no other domain.
"""

from portal.safeguarding.screen import Screening, screen

__all__ = ["Screening", "screen"]
