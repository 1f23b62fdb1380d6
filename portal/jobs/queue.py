"""Production jobs on procrastinate: a queue in PostgreSQL, the database the portal already has.

Chosen over rq (Redis) because the periodic schedule is deduplicated in the database (each run of a scheduled
job is one row, whatever the number of workers), jobs are rows that a worker takes with FOR UPDATE SKIP LOCKED,
workers send heartbeats so the job of a worker that died is found and run again, and there is no second store
to back up. rq was faster (bench/jobs_queue.py) but our load is a few jobs a minute; see the README.
"""

from __future__ import annotations

import logging
import os
from typing import Any

import procrastinate
from flask import Flask
from procrastinate import builtin_tasks
from procrastinate.schema import SchemaManager

from portal.jobs.local import LocalScheduler
from portal.jobs.schedule import SCHEDULE, run_job

log = logging.getLogger("portal.jobs")

QUEUE = "portal"
HEARTBEAT_SECONDS = 5.0
# A worker silent this long is taken for dead and its running jobs are run again by another worker.
STALLED_SECONDS = 20.0

_flask_app: Flask | None = None


def conninfo(database_url: str) -> str:
    """The libpq form of a SQLAlchemy PostgreSQL URL."""
    for prefix in ("postgresql+psycopg://", "postgresql+psycopg2://", "postgres://"):
        if database_url.startswith(prefix):
            return "postgresql://" + database_url.removeprefix(prefix)
    return database_url


def _in_app(name: str) -> str:
    if _flask_app is None:
        raise RuntimeError("jobs run only inside `portal jobs worker`")
    with _flask_app.app_context():
        return run_job(name)


def make_queue(database_url: str, *, sync: bool = False) -> procrastinate.App:
    """The procrastinate app with every shared job registered and scheduled (sync: for queueing from a command)."""
    connector_class = procrastinate.SyncPsycopgConnector if sync else procrastinate.PsycopgConnector
    queue = procrastinate.App(connector=connector_class(conninfo=conninfo(database_url)), import_paths=[])
    for job in SCHEDULE:
        if job.per_node:
            continue

        def scheduled(timestamp: int, _name: str = job.name) -> str:
            return _in_app(_name)

        # lock: never two runs of one job at once; queueing_lock: never more than one waiting.
        task = queue.task(name=job.name, queue=QUEUE, lock=job.name, queueing_lock=job.name)(scheduled)
        queue.periodic(cron=job.cron, periodic_id=job.name)(task)

    @queue.periodic(cron="* * * * * */15", periodic_id="retry-stalled")
    @queue.task(name="retry-stalled", queue=QUEUE, queueing_lock="retry-stalled", pass_context=True)
    async def retry_stalled(context: procrastinate.JobContext, timestamp: int) -> None:
        manager = context.app.job_manager
        for stalled in await manager.get_stalled_jobs(seconds_since_heartbeat=STALLED_SECONDS):
            log.warning("job of a stopped worker is run again", extra={"job": stalled.task_name})
            await manager.retry_job(stalled)

    @queue.periodic(cron="0 4 * * *", periodic_id="remove-old-jobs")
    @queue.task(name="remove-old-jobs", queue=QUEUE, queueing_lock="remove-old-jobs", pass_context=True)
    async def remove_old_jobs(context: procrastinate.JobContext, timestamp: int) -> None:
        await builtin_tasks.remove_old_jobs(context, max_hours=24 * 7, remove_failed=False)

    @queue.task(name="probe", queue=QUEUE)
    def probe(token: str, seconds: float = 0.0) -> None:
        """A job that waits, then counts itself done in Redis: `make cluster-check` kills a worker during it."""
        import time

        from redis import Redis

        redis = (
            Redis.from_url(_flask_app.config["REDIS_URL"]) if _flask_app and _flask_app.config["REDIS_URL"] else None
        )
        if redis is not None:
            redis.set(f"portal:probe:{token}:pid", os.getpid(), ex=3600)  # which worker took it
        time.sleep(seconds)
        if redis is not None:
            redis.incr(f"portal:probe:{token}")

    return queue


def ensure_schema(database_url: str) -> bool:
    """Create procrastinate's tables on first use (under a lock, so two workers starting together agree)."""
    import psycopg

    with psycopg.connect(conninfo(database_url), autocommit=True) as conn:
        conn.execute("SELECT pg_advisory_lock(hashtext('portal-jobs-schema'))")
        try:
            exists = conn.execute("SELECT to_regclass('procrastinate_jobs') IS NOT NULL").fetchone()
            if exists and exists[0]:
                return False
            conn.execute(SchemaManager.get_schema())
            return True
        finally:
            conn.execute("SELECT pg_advisory_unlock(hashtext('portal-jobs-schema'))")


def run_worker(app: Flask, *, concurrency: int = 2, **options: Any) -> None:
    """Run queued and scheduled jobs until stopped (SIGTERM or Ctrl+C finish the running job first)."""
    global _flask_app
    _flask_app = app
    queue = make_queue(app.config["DATABASE_URL"])
    ensure_schema(app.config["DATABASE_URL"])
    per_node = [job for job in SCHEDULE if job.per_node]
    for job in per_node:  # this node's search index, straight away
        with app.app_context():
            run_job(job.name)
    node = LocalScheduler(app, per_node).start()
    log.info("worker started", extra={"pid": os.getpid()})
    try:
        queue.run_worker(queues=[QUEUE], concurrency=concurrency, name=f"portal-{os.uname().nodename}-{os.getpid()}",
                         update_heartbeat_interval=HEARTBEAT_SECONDS, stalled_worker_timeout=STALLED_SECONDS,
                         **options)  # fmt: skip
    finally:
        node.stop()


def defer(database_url: str, task_name: str, **kwargs: Any) -> int:
    """Queue one job by name now (used by `portal jobs run --queue` and the cluster check)."""
    queue = make_queue(database_url, sync=True)
    with queue.open():
        return queue.configure_task(name=task_name, queue=QUEUE).defer(**kwargs)
