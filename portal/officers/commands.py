"""`portal users …`: roles given on the server (a council with one administrator), and expiring old requests."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from portal.db import db
from portal.officers import services
from portal.platform.links import base_url_context

cli = click.Group("users", help="Officer accounts: give a role on the server, expire role requests.")


@cli.command("grant")
@click.argument("email")
@click.argument("role", type=click.Choice([code for code, _label in services.role_choices()]))
@click.option("--reason", required=True, help="Why, for the audit trail (for example: first administrator).")
@with_appcontext
def grant(email: str, role: str, reason: str) -> None:
    """Give ROLE to the account with EMAIL at once, without a second administrator (audited, with the reason)."""
    if not reason.strip():
        raise click.UsageError("Give a reason: it is kept in the audit trail.")
    try:
        with base_url_context():
            services.grant_on_server(email=email, role=role, reason=reason.strip())
    except services.NoSuchAccount:
        db.session.rollback()
        raise click.ClickException(
            "No account has that e-mail address. Invite them or ask them to create one."
        ) from None
    except services.AlreadyHeld:
        db.session.rollback()
        click.echo(f"{email} has the role {role} already.")
        return
    db.session.commit()
    click.echo(f"{email} now has the role {role}. They have been e-mailed; the audit trail records it.")


@cli.command("expire-grants")
@with_appcontext
def expire_grants() -> None:
    """Mark role requests nobody approved within 7 days as expired."""
    count = services.expire_grants()
    db.session.commit()
    click.echo(f"{count} role requests expired.")
