"""What the readiness endpoint checks: the things a web node needs before it takes traffic."""

from __future__ import annotations

import logging

from flask import current_app
from sqlalchemy import text

from portal.db import db

log = logging.getLogger("portal.health")


def readiness_checks() -> dict[str, bool]:
    """database, redis (only when REDIS_URL is set) and search_index: True when each answers."""
    checks = {"database": _database()}
    if current_app.config.get("REDIS_URL"):
        checks["redis"] = _redis(current_app.config["REDIS_URL"])
    checks["search_index"] = _search_index()
    return checks


def _database() -> bool:
    try:
        db.session.execute(text("SELECT 1"))
        return True
    except Exception:  # noqa: BLE001 - any failure means not ready
        log.warning("readiness: database failing", exc_info=True)
        db.session.rollback()
        return False


def _redis(url: str) -> bool:
    try:
        from redis import Redis

        return bool(Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2).ping())
    except Exception:  # noqa: BLE001
        log.warning("readiness: redis failing")
        return False


def _search_index() -> bool:
    from portal.search.services import search_index

    try:
        return search_index().state() is not None
    except OSError:
        return False
