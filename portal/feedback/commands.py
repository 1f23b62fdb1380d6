"""`portal feedback ...`: scheduled jobs of the feedback domain (run them from cron or an RQ scheduler)."""

from __future__ import annotations

from datetime import datetime

import click
from flask.cli import with_appcontext

cli = click.Group("feedback", help="Page feedback, complaints, the young person's space and safeguarding.")


@cli.command("complaints-remind")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, help="Pretend today is this date.")
@with_appcontext
def complaints_remind(today: datetime | None) -> None:
    """Queue reminders before complaint due dates and alerts after them (each only once); drop old drafts."""
    from portal.db import db
    from portal.feedback.complaints import purge_drafts, remind
    from portal.platform.links import base_url_context

    with base_url_context():
        count = remind(today.date() if today else None)
        purged = purge_drafts()
        db.session.commit()
    click.echo(f"Complaints: {count} reminder(s) queued, {purged} abandoned draft(s) deleted.")


def _add_safeguarding() -> None:
    # The safeguarding lead's escalation job lives beside the safeguarding code (engineer B2's module).
    try:
        from portal.feedback.safeguarding_commands import safeguarding_escalate
    except ImportError:  # pragma: no cover - only while that module is being written
        return
    cli.add_command(safeguarding_escalate)


_add_safeguarding()
