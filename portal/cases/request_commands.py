"""Scheduled jobs of the family side: `portal cases expire-drafts` and `portal cases remind-due`.

Attach to the cases group in portal/cases/commands.py: `cases.add_command(expire_drafts)` and
`cases.add_command(remind_due)`. Both run inside a request context built from BASE_URL so the
e-mails' links are absolute.
"""

from __future__ import annotations

import click

from portal.db import db
from portal.platform.links import base_url_context


@click.command("expire-drafts")
def expire_drafts() -> None:
    """Warn about drafts that expire soon, then close (and delete) drafts past DRAFT_DAYS."""
    from portal.cases import requests

    with base_url_context():
        warned = requests.warn_expiring_drafts()
        expired = requests.expire_drafts()
        db.session.commit()
    click.echo(f"{warned} warned, {expired} expired")


@click.command("remind-due")
@click.option("--days", default=7, show_default=True, help="Remind about dates this many days ahead.")
def remind_due(days: int) -> None:
    """E-mail families about dates in their case coming up soon (once per date)."""
    from portal.cases import notify

    with base_url_context():
        sent = notify.remind_due_soon(days=days)
        db.session.commit()
    click.echo(f"{sent} reminders queued")
