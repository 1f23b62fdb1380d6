"""`portal jobs …`: the worker, the schedule, and running one job by hand."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from portal.jobs.schedule import JOBS, SCHEDULE, run_job

cli = click.Group("jobs", help="Background jobs: the worker and the schedule.")


@cli.command("worker")
@click.option("--concurrency", default=2, show_default=True, help="Jobs this worker runs at the same time.")
@with_appcontext
def worker(concurrency: int) -> None:
    """Run queued and scheduled jobs until stopped (PostgreSQL: procrastinate; SQLite: this process's schedule)."""
    from portal.logs import configure_logging

    app = current_app._get_current_object()  # type: ignore[attr-defined]
    configure_logging(app.config["LOG_FORMAT"])
    if app.config["DATABASE_URL"].startswith("postgresql"):
        from portal.jobs.queue import run_worker

        run_worker(app, concurrency=concurrency)
        return
    from portal.jobs.local import LocalScheduler

    click.echo("SQLite: running the whole schedule in this process (one worker only). Ctrl+C to stop.")
    scheduler = LocalScheduler(app, SCHEDULE).start()
    try:
        while scheduler.thread is not None and scheduler.thread.is_alive():
            scheduler.thread.join(timeout=1.0)
    except KeyboardInterrupt:
        scheduler.stop()


@cli.command("list")
def list_jobs() -> None:
    """Every scheduled job and when it runs (cron, UTC)."""
    for job in SCHEDULE:
        where = "each node" if job.per_node else "once"
        click.echo(f"{job.name:24} {job.cron:16} {where:9} {job.description}")


@cli.command("run")
@click.argument("name", type=click.Choice(sorted(JOBS)))
@with_appcontext
def run(name: str) -> None:
    """Run one job now, in this process (it waits for nothing: if a worker is running it, this says so)."""
    click.echo(f"{name}: {run_job(name)}")


@cli.command("defer")
@click.argument("name")
@click.option("--arg", "args", multiple=True, help="key=value for the job (repeatable).")
@with_appcontext
def defer_job(name: str, args: tuple[str, ...]) -> None:
    """Queue one job for the workers (PostgreSQL only)."""
    from portal.jobs.queue import defer

    kwargs: dict[str, object] = {}
    for pair in args:
        key, _, value = pair.partition("=")
        kwargs[key] = float(value) if key == "seconds" else value
    click.echo(f"queued job {defer(current_app.config['DATABASE_URL'], name, **kwargs)}")
