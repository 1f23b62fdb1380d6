"""One lock per job, so two workers (or a worker and someone running the command by hand) never do it together."""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import text

from portal.db import db


def lock_key(name: str) -> int:
    """A stable 32-bit number for a job's name (PostgreSQL advisory locks take integers)."""
    return zlib.crc32(f"portal-job:{name}".encode())


@contextmanager
def job_lock(name: str) -> Iterator[bool]:
    """Hold the job's lock while the block runs; yields False (without waiting) if someone else holds it.

    On PostgreSQL this is a session advisory lock on a connection of its own, so the job may commit as often as
    it likes while holding it, and a process killed mid-job lets go of it when its connection drops. SQLite
    (development, one process) has nothing to share the work with, so the lock is always granted.
    """
    engine = db.engine
    if engine.dialect.name != "postgresql":
        yield True
        return
    with engine.connect() as conn:
        got = conn.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": lock_key(name)}).scalar()
        conn.commit()
        try:
            yield bool(got)
        finally:
            if got:
                conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": lock_key(name)})
                conn.commit()
