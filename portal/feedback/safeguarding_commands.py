"""`portal feedback safeguarding-escalate`: e-mail the safeguarding leads, then administrators, about alerts
still unacknowledged past their due time. Safe to run as often as you like (every 15 minutes, say)."""

from __future__ import annotations

import click

from portal.platform.links import base_url_context


@click.command("safeguarding-escalate")
def safeguarding_escalate() -> None:
    """E-mail the safeguarding leads (then administrators) about overdue, unacknowledged alerts. Idempotent."""
    from portal.db import db
    from portal.feedback.safeguarding import escalate_overdue

    # E-mails are rendered like pages; every link is on BASE_URL.
    with base_url_context():
        result = escalate_overdue()
        db.session.commit()
    click.echo(
        f"Safeguarding escalation: {result.to_leads} alert(s) sent to safeguarding leads, "
        f"{result.to_admins} to administrators, {result.emails} e-mail(s) queued."
    )
