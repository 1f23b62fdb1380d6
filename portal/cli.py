"""The `portal` console: a Flask CLI group (portal run, portal db upgrade, portal search rebuild …).

The commands themselves are in commands.py and are added to every app by create_app; this module only builds
the group around create_app, so the app factory never imports its own console.
"""

from __future__ import annotations

import os
import sys

import click
from flask import Flask
from flask.cli import FlaskGroup, ScriptInfo
from flask.cli import run_command as flask_run

from portal import create_app
from portal.commands import alembic_config, upgrade_database  # noqa: F401 - the old import path (bench, deploy)
from portal.jobs.local import LocalScheduler
from portal.jobs.schedule import SCHEDULE


def _make_app() -> Flask:
    return create_app()


@click.group(cls=FlaskGroup, create_app=_make_app, add_default_commands=True)
def main() -> None:
    """Manage the SEND family portal."""


def _start_jobs_in_process(ctx: click.Context, reload: bool | None) -> None:
    """Under the development server, run the job schedule on a thread (JOBS_IN_PROCESS; off in production)."""
    app = ctx.ensure_object(ScriptInfo).load_app()
    if not app.config.get("JOBS_IN_PROCESS"):
        return
    if reload and os.environ.get("WERKZEUG_RUN_MAIN") != "true":
        return  # the reloader's watching process: only the serving child runs jobs
    LocalScheduler(app, SCHEDULE).start()
    click.echo(f"Running {len(SCHEDULE)} scheduled jobs in this process (portal jobs list).")


@click.command("run", params=flask_run.params, help=flask_run.help, context_settings=flask_run.context_settings)
@click.pass_context
def run_with_jobs(ctx: click.Context, **options: object) -> None:
    _start_jobs_in_process(ctx, options.get("reload"))  # type: ignore[arg-type]
    ctx.invoke(flask_run, **options)


main.add_command(run_with_jobs, "run")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
