"""Compare the two job-queue candidates on this machine: enqueue N no-op jobs, then drain them with one worker.

Run: PYTHONPATH=$PWD .venv/bin/python -m bench.jobs_queue [N]. Needs the local PostgreSQL (PORTAL_JOBS_BENCH_DATABASE_URL,
default postgresql://postgres@127.0.0.1:5432/portal_jobs_bench_prod) and Redis (REDIS_URL, default db 7).
Prints figures only; nothing is asserted.
"""

from __future__ import annotations

import os
import sys
import time

PG = os.environ.get("PORTAL_JOBS_BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/portal_jobs_bench_prod")
REDIS = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/7")


def noop() -> None:
    """The job both queues run."""


def bench_procrastinate(n: int) -> None:
    import procrastinate
    import psycopg

    app = procrastinate.App(connector=procrastinate.SyncPsycopgConnector(conninfo=PG), import_paths=[])
    task = app.task(name="bench_noop", queue="bench")(noop)  # a name, so __main__ does not matter
    with psycopg.connect(PG, autocommit=True) as conn:
        conn.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    with app.open():
        app.schema_manager.apply_schema()
        start = time.perf_counter()
        for _ in range(n):
            task.defer()
        queued = time.perf_counter() - start
    async_app = procrastinate.App(connector=procrastinate.PsycopgConnector(conninfo=PG), import_paths=[])
    async_app.task(name="bench_noop", queue="bench")(noop)
    start = time.perf_counter()
    async_app.run_worker(queues=["bench"], wait=False, concurrency=1, install_signal_handlers=False)
    drained = time.perf_counter() - start
    print(f"procrastinate: enqueue {n / queued:,.0f} jobs/s, run {n / drained:,.0f} jobs/s (one worker)")


def bench_rq(n: int) -> None:
    from redis import Redis
    from rq import Queue, SimpleWorker

    redis = Redis.from_url(REDIS)
    redis.flushdb()
    queue = Queue("bench", connection=redis)
    start = time.perf_counter()
    for _ in range(n):
        queue.enqueue("bench.jobs_queue.noop")
    queued = time.perf_counter() - start
    start = time.perf_counter()
    SimpleWorker([queue], connection=redis).work(burst=True, logging_level="WARNING")
    drained = time.perf_counter() - start
    print(f"rq:            enqueue {n / queued:,.0f} jobs/s, run {n / drained:,.0f} jobs/s (one SimpleWorker)")
    redis.flushdb()


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    bench_procrastinate(count)
    bench_rq(count)
