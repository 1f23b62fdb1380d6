"""The `portal` console: a Flask CLI group (portal run, portal db upgrade, portal search rebuild …)."""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext
from flask.cli import run_command as flask_run

from portal.config import ROOT


def _make_app() -> Flask:
    from portal import create_app

    return create_app()


@click.group(cls=FlaskGroup, create_app=_make_app, add_default_commands=True)
def main() -> None:
    """Manage the SEND family portal."""


def _start_jobs_in_process(ctx: click.Context, reload: bool | None) -> None:
    """Under the development server, run the job schedule on a thread (JOBS_IN_PROCESS; off in production)."""
    import os

    from flask.cli import ScriptInfo

    from portal.jobs.local import LocalScheduler
    from portal.jobs.schedule import SCHEDULE

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


# Database -----------------------------------------------------------------------------------

db_group = click.Group("db", help="Database schema (Alembic migrations).")


def alembic_config():  # type: ignore[no-untyped-def]
    from alembic.config import Config

    cfg = Config(str(ROOT / "migrations" / "alembic.ini"))
    cfg.set_main_option("script_location", str(ROOT / "migrations"))
    cfg.set_main_option("sqlalchemy.url", current_app.config["DATABASE_URL"].replace("%", "%%"))
    return cfg


def upgrade_database() -> None:
    from alembic import command

    url = current_app.config["DATABASE_URL"]
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    command.upgrade(alembic_config(), "head")


@db_group.command("upgrade")
@with_appcontext
def db_upgrade() -> None:
    """Bring the database schema up to date."""
    upgrade_database()
    click.echo("Database is up to date.")


@db_group.command("revision")
@click.option("-m", "--message", required=True)
@with_appcontext
def db_revision(message: str) -> None:
    """Write a new migration from the models (review it before committing)."""
    from alembic import command

    command.revision(alembic_config(), message=message, autogenerate=True)


# Content -----------------------------------------------------------------------------------

content_group = click.Group("content", help="Local Offer pages: load from and write back to content/.")


@content_group.command("import")
@click.option("--dir", "content_dir", default=None, help="Folder to read (default: CONTENT_DIR).")
@click.option("--force", is_flag=True, help="Overwrite pages changed in the portal since the last import or export.")
@with_appcontext
def content_import(content_dir: str | None, force: bool) -> None:
    """Load content/ Markdown files into the live pages (pages changed in the portal are conflicts)."""
    from portal.extensions import db
    from portal.local_offer.services import import_pages
    from portal.search.services import rebuild

    report = import_pages(content_dir or current_app.config["CONTENT_DIR"], force=force)
    db.session.commit()
    rebuild()
    click.echo(f"Pages: {report.created} created, {report.updated} updated, {report.unchanged} unchanged.")
    if report.conflicts:
        click.echo(f"{len(report.conflicts)} pages changed in the portal since the last import or export (not loaded):")
        for name in report.conflicts:
            click.echo(f"  {name}")
        click.echo("Export them first (portal content export), or run again with --force to overwrite them.")
        sys.exit(1)


@content_group.command("export")
@click.option("--dir", "content_dir", default=None, help="Folder to write (default: CONTENT_DIR).")
@with_appcontext
def content_export(content_dir: str | None) -> None:
    """Write the live (published) pages back to Markdown files with front matter."""
    from portal.extensions import db
    from portal.local_offer.services import export_pages

    count = export_pages(content_dir or current_app.config["CONTENT_DIR"])
    db.session.commit()
    click.echo(f"Wrote {count} pages.")


# Directory and demo data --------------------------------------------------------------------


@click.command("load-directory")
@click.option("--seed", default=2026, show_default=True)
@with_appcontext
def load_directory(seed: int) -> None:
    """Replace the directory with the fictional demo data set (never in production)."""
    from portal.extensions import db
    from portal.local_offer.services import load_demo_directory

    if not current_app.config.get("DEMO_DATA"):
        raise click.ClickException("Demo data is switched off in this configuration (production).")
    count = load_demo_directory(seed)
    db.session.commit()
    click.echo(f"Loaded {count} demo services.")


@click.command("setup")
@click.option("--demo/--no-demo", default=True, help="Load the demo directory as well.")
@with_appcontext
def setup(demo: bool) -> None:
    """Everything `make run` needs: schema, content, demo directory, search index."""
    from portal.extensions import db
    from portal.local_offer.services import import_pages, load_demo_directory, services_count
    from portal.search.services import rebuild

    upgrade_database()
    report = import_pages(current_app.config["CONTENT_DIR"])
    click.echo(f"Pages: {report.created} created, {report.updated} updated, {report.unchanged} unchanged.")
    if demo and current_app.config.get("DEMO_DATA") and services_count() == 0:
        click.echo(f"Loaded {load_demo_directory()} demo services.")
    db.session.commit()
    click.echo(f"Search index: {rebuild()} documents.")
    if demo and current_app.config.get("DEMO_DATA") and current_app.config["ENV"] != "production":
        click.get_current_context().invoke(seed_demo)


# Search ------------------------------------------------------------------------------------

search_group = click.Group("search", help="The Whoosh search index.")


@search_group.command("rebuild")
@with_appcontext
def search_rebuild() -> None:
    """Rebuild the search index from the database."""
    from portal.search.services import rebuild

    click.echo(f"Indexed {rebuild()} documents.")


@search_group.command("query")
@click.argument("text")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (the console contract in DESIGN.md).")
@click.option("--limit", default=10, show_default=True)
@click.option("--locale", default="en", show_default=True)
@with_appcontext
def search_query(text: str, as_json: bool, limit: int, locale: str) -> None:
    """Search pages and services."""
    from portal.search.services import SearchParams, search

    results = search(SearchParams(q=text, locale=locale, per_page=limit), record_gaps=False)
    hits = [
        {"slug": h.slug, "kind": h.kind, "title": h.title, "url": h.url, "score": round(h.score, 4)}
        for h in results.hits
    ]
    if as_json:
        click.echo(json.dumps({"query": text, "hits": hits}, ensure_ascii=False))
        return
    for h in hits:
        click.echo(f"{h['score']:8.3f}  {h['kind']:7}  {h['title']}  {h['url']}")
    if results.suggestion:
        click.echo(f"Did you mean: {results.suggestion}")


@search_group.command("gaps")
@click.option("--limit", default=50, show_default=True)
@with_appcontext
def search_gaps(limit: int) -> None:
    """Searches that found nothing, most common first (words only, personal details masked)."""
    from portal.search.services import search_gaps as gaps

    for gap in gaps(limit):
        click.echo(f"{gap.count:5}  {gap.locale}  {gap.query}")


@search_group.command("purge-gaps")
@with_appcontext
def search_purge_gaps() -> None:
    """Delete recorded search gaps older than SEARCH_GAP_RETENTION_DAYS."""
    from portal.extensions import db
    from portal.search.services import purge_search_gaps

    removed = purge_search_gaps(current_app.config["SEARCH_GAP_RETENTION_DAYS"])
    db.session.commit()
    click.echo(f"Removed {removed} old search gaps.")


# Assistant ------------------------------------------------------------------------------------

chat_group = click.Group("chat", help="The Local Offer assistant.")


@chat_group.command("ask")
@click.argument("message")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (the console contract in DESIGN.md).")
@click.option("--locale", default="en", show_default=True, help="Interface language of the answer.")
@click.option("--user", default=None, help="Answer as this signed-in user (e-mail).")
@with_appcontext
def chat_ask(message: str, as_json: bool, locale: str, user: str | None) -> None:
    """Ask the assistant. Use - to read one message per line from standard input (each a fresh conversation)."""
    from portal.chat.services import ask

    messages = (line.rstrip("\n") for line in sys.stdin) if message == "-" else [message]
    with current_app.test_request_context():
        for text in messages:
            if not text.strip():
                continue
            reply = ask(text, locale=locale, user=user)
            if as_json:
                click.echo(json.dumps(reply.as_json(), ensure_ascii=False))
            else:
                click.echo(f"[{reply.intent}] {reply.answer}")
                for source in reply.sources:
                    click.echo(f"  - {source['title']}: {source['url']}")


@chat_group.command("purge")
@with_appcontext
def chat_purge() -> None:
    """Delete conversations older than CHAT_RETENTION_DAYS."""
    from portal.chat.services import purge_conversations
    from portal.extensions import db

    removed = purge_conversations(current_app.config["CHAT_RETENTION_DAYS"])
    db.session.commit()
    click.echo(f"Removed {removed} old conversations.")


@chat_group.command("contact-remind")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, help="Pretend today is this date.")
@with_appcontext
def chat_contact_remind(today: datetime | None) -> None:
    """E-mail the SEN team about 'Ask us to contact you' requests due soon (reminder) or overdue (alert), once
    each. Run it every working morning from the scheduler."""
    from portal.chat.callbacks import remind
    from portal.extensions import db
    from portal.links import base_url_context

    with base_url_context():
        count = remind(today.date() if today else None)
        db.session.commit()
    click.echo(f"Contact requests: {count} reminder(s) and alert(s) queued.")


@chat_group.command("report")
@click.option("--limit", default=50, show_default=True)
@with_appcontext
def chat_report(limit: int) -> None:
    """Questions the assistant could not answer, answers marked unhelpful, and urgent flags (masked)."""
    from portal.chat.services import report

    for section, rows in report(limit).items():
        click.echo(f"== {section} ({len(rows)})")
        for row in rows:
            click.echo(f"  {row}")


data_group = click.Group("data", help="Personal data: retention.")


@data_group.command("purge")
@with_appcontext
def data_purge() -> None:
    """Delete what has passed its retention period (periods are *_RETENTION_DAYS settings)."""
    from portal.auth.privacy import purge
    from portal.extensions import db

    removed = purge()
    db.session.commit()
    click.echo("Removed: " + ", ".join(f"{count} {name.replace('_', ' ')}" for name, count in removed.items()))


DEMO_ACCOUNTS = [
    ("parent.one@example.com", "Alex Parent (demo family 1)", ["parent"]),
    ("parent.two@example.com", "Bo Parent (demo family 2)", ["parent"]),
    ("young.person@example.com", "Casey, 17 (demo young person)", ["young_person"]),
    ("caseworker@example.com", "Devi Caseworker", ["sen_caseworker"]),
    ("manager@example.com", "Eli SEN Manager", ["sen_manager"]),
    ("editor@example.com", "Fran Content Editor", ["content_editor"]),
    ("complaints@example.com", "Gus Complaints Officer", ["complaints_officer"]),
    ("safeguarding@example.com", "Hana Safeguarding Lead", ["safeguarding_lead"]),
    ("participation@example.com", "Ivo Participation Lead", ["participation_lead"]),
    ("admin@example.com", "Jo Administrator", ["administrator"]),
]
DEMO_PASSWORD = "wessex-demo-only-2026"  # noqa: S105 - fictional demo accounts, refused in production


@click.command("seed-demo")
@with_appcontext
def seed_demo() -> None:
    """Create the demo accounts listed in the README (never in production)."""
    from portal.auth import services as auth
    from portal.auth.models import Role
    from portal.extensions import db

    if not current_app.config.get("DEMO_DATA") or current_app.config["ENV"] == "production":
        raise click.ClickException("seed-demo refuses to run when the configuration says production.")
    created = 0
    for email, name, roles in DEMO_ACCOUNTS:
        if auth.find_user(email) is None:
            auth.create_user(email=email, password=DEMO_PASSWORD, display_name=name,
                             roles=[Role(r) for r in roles], verified=True)  # fmt: skip
            created += 1
    _seed_demo_families()
    db.session.commit()
    click.echo(f"Demo accounts: {created} created, password {DEMO_PASSWORD!r} for all of them.")
    # Each domain may add its own demo data: a module portal.<domain>.demo with seed_demo() -> str (a summary line).
    import importlib
    import importlib.util

    from portal import DOMAINS

    for domain in DOMAINS:
        if importlib.util.find_spec(f"portal.{domain}.demo") is None:
            continue
        module = importlib.import_module(f"portal.{domain}.demo")
        if hasattr(module, "seed_demo"):
            summary = module.seed_demo()
            db.session.commit()
            if summary:
                click.echo(summary)


def _seed_demo_families() -> None:
    """Two unrelated families, each with a child, and a young person linked to their own record."""
    import datetime as dt

    from portal.auth import family
    from portal.auth import services as auth

    one, two = auth.find_user("parent.one@example.com"), auth.find_user("parent.two@example.com")
    young = auth.find_user("young.person@example.com")
    if one and not family.children_of(one):
        family.add_child(parent=one, first_name="Milo", last_name="Ashdown", date_of_birth=dt.date(2016, 4, 12),
                         relationship="mother", parental_responsibility=True)  # fmt: skip
    if two and not family.children_of(two):
        casey = family.add_child(parent=two, first_name="Casey", last_name="Brightwell",
                                 date_of_birth=dt.date(2009, 2, 3), relationship="father",
                                 parental_responsibility=True)  # fmt: skip
        if young:
            family.link_young_person(young_person=young, child=casey)


# Notifications -----------------------------------------------------------------------------------

notifications_group = click.Group("notifications", help="The outbox of e-mails to families and officers.")


@notifications_group.command("send")
@click.option("--limit", default=200, show_default=True, help="Most messages to try in this run.")
@with_appcontext
def notifications_send(limit: int) -> None:
    """Deliver queued e-mails through GOV.UK Notify (run every minute); failures are retried with a growing wait."""
    from portal.extensions import db
    from portal.notifications.notify import configured_sender
    from portal.notifications.services import deliver_pending

    sender = configured_sender(current_app.config)
    if sender is None:
        click.echo(
            "No e-mail provider is configured (NOTIFY_API_KEY, NOTIFY_EMAIL_TEMPLATE_ID): messages stay in the outbox."
        )
        return
    sent = deliver_pending(sender, limit=limit)
    db.session.commit()
    click.echo(f"Sent {sent} message(s).")


def register_commands(app: Flask) -> None:
    import importlib
    import importlib.util

    from portal import DOMAINS
    from portal.jobs.commands import cli as jobs_group

    for command in (db_group, content_group, search_group, chat_group, data_group, load_directory, setup, seed_demo,
                    notifications_group, jobs_group):  # fmt: skip
        app.cli.add_command(command)
    from portal.safeguarding.commands import cli as safeguarding_cli

    app.cli.add_command(safeguarding_cli)
    # A domain adds console commands with a module portal.<domain>.commands defining `cli` (a click group).
    for domain in DOMAINS:
        if importlib.util.find_spec(f"portal.{domain}.commands") is None:
            continue
        group = getattr(importlib.import_module(f"portal.{domain}.commands"), "cli", None)
        if group is not None:
            app.cli.add_command(group)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
