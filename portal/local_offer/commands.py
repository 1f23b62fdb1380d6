"""`portal content-admin …`: publishing jobs to run from cron or a worker (publish-due, reminders, links)."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

cli = click.Group("content-admin", help="Local Offer publishing: scheduled pages, review reminders, link checks.")


@cli.command("publish-due")
@with_appcontext
def publish_due() -> None:
    """Publish every approved page whose publishing time has come."""
    from portal.extensions import db
    from portal.local_offer import publishing

    done = publishing.publish_due()
    db.session.commit()
    for version in done:
        click.echo(f"Published {version.slug} ({version.locale}) version {version.number}.")
    click.echo(f"{len(done)} scheduled pages published.")


@cli.command("send-reminders")
@with_appcontext
def send_reminders() -> None:
    """E-mail owners about pages and listings due for review in the next 14 days (once per due date)."""
    from portal.extensions import db
    from portal.local_offer import freshness

    count = freshness.send_reminders()
    db.session.commit()
    click.echo(f"{count} reminder e-mails queued.")


@cli.command("check-links")
@click.option("--external/--internal-only", default=False, help="Also check links to other websites.")
@click.option("--timeout", default=5.0, show_default=True, help="Seconds to wait for each external website.")
@with_appcontext
def check_links(external: bool, timeout: float) -> None:
    """Find broken links in published pages and listings; the freshness dashboard shows them."""
    from portal.extensions import db
    from portal.local_offer import links

    problems = links.check_links(external=external, timeout=timeout)
    db.session.commit()
    for problem in problems:
        click.echo(f"{problem.source_label}: {problem.url} ({problem.reason})")
    click.echo(f"{len(problems)} broken links.")


@cli.command("build-coverage")
@click.argument("checklist", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def build_coverage(checklist: Path) -> None:
    """Rebuild portal/local_offer/coverage.tsv from shared/reference/local-offer-requirements.md."""
    from portal.local_offer import coverage

    coverage.TSV.write_text(coverage.build_tsv(checklist.read_text(encoding="utf-8")), encoding="utf-8")
    click.echo(f"Wrote {coverage.TSV}.")
