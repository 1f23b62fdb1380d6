"""How long searches that found nothing are kept (masked words only), for retention
(portal/platform/personal_data.py)."""

from __future__ import annotations

from flask import current_app

from portal.platform.personal_data import register_personal_data
from portal.search.services import purge_search_gaps


def register() -> None:
    register_personal_data(
        "search_gaps",
        tables=("search_gap",),
        purge=lambda now: purge_search_gaps(current_app.config["SEARCH_GAP_RETENTION_DAYS"]),
    )
