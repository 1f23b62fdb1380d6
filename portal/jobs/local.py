"""Run jobs on a thread in this process, by their schedule.

Used two ways: under `make run` (SQLite, no worker) every job runs here, so a newcomer gets reminders and
escalations with nothing to set up; in `portal jobs worker` only the per-node jobs run here (this machine's
search index), while the queue shares out the rest.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable
from datetime import UTC, datetime

from croniter import croniter
from flask import Flask

from portal.jobs.schedule import ScheduledJob, run_job

log = logging.getLogger("portal.jobs")


class LocalScheduler:
    """Runs the given jobs at their cron times, one after another, until stopped."""

    def __init__(self, app: Flask, jobs: Iterable[ScheduledJob]) -> None:
        self.app = app
        self.jobs = tuple(jobs)
        self.stopping = threading.Event()
        self.thread: threading.Thread | None = None
        now = datetime.now(UTC)
        self._next = {job.name: croniter(job.cron, now).get_next(float) for job in self.jobs}

    def due(self, now: float) -> list[ScheduledJob]:
        """The jobs whose time has come (each moved on to its next time)."""
        ready = []
        for job in self.jobs:
            if self._next[job.name] <= now:
                ready.append(job)
                self._next[job.name] = croniter(job.cron, datetime.fromtimestamp(now, UTC)).get_next(float)
        return ready

    def run_due(self, now: float | None = None) -> list[str]:
        ran = []
        for job in self.due(time.time() if now is None else now):
            try:
                with self.app.app_context():
                    run_job(job.name)
                ran.append(job.name)
            except Exception:  # noqa: BLE001 - logged by run_job; the schedule goes on
                pass
        return ran

    def start(self) -> LocalScheduler:
        self.thread = threading.Thread(target=self._loop, name="portal-jobs", daemon=True)
        self.thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        if self.thread is not None:
            self.thread.join(timeout=30)

    def _loop(self) -> None:
        log.info("local schedule started", extra={"jobs": [job.name for job in self.jobs]})
        while not self.stopping.wait(1.0):
            self.run_due()
