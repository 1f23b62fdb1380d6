"""`portal feedback safeguarding-escalate`: e-mail the safeguarding leads, then administrators, about alerts
still unacknowledged past their due time. Safe to run as often as you like (every 15 minutes, say)."""

from __future__ import annotations

import click
from flask import current_app, url_for


@click.command("safeguarding-escalate")
def safeguarding_escalate() -> None:
    """E-mail the safeguarding leads (then administrators) about overdue, unacknowledged alerts. Idempotent."""
    from portal.db import db
    from portal.feedback.safeguarding import escalate_overdue

    # E-mails are rendered like pages; links use SERVER_NAME when it is set.
    server = current_app.config.get("SERVER_NAME")
    base = f"{current_app.config.get('PREFERRED_URL_SCHEME', 'https')}://{server}" if server else None
    with current_app.test_request_context("/", base_url=base):
        result = escalate_overdue(
            link_for=lambda flag: url_for("feedback.safeguarding_flag", flag_id=flag.id, _external=bool(server))
        )
        db.session.commit()
    click.echo(
        f"Safeguarding escalation: {result.to_leads} alert(s) sent to safeguarding leads, "
        f"{result.to_admins} to administrators, {result.emails} e-mail(s) queued."
    )
