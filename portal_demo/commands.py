"""Demo console commands: the fictional directory, postcodes, accounts, cases, surveys and complaints.

Refused when the configuration says production (DEMO_DATA off)."""

from __future__ import annotations

import datetime as dt

import click
from flask import current_app
from flask.cli import with_appcontext

from portal.auth import family
from portal.auth import services as auth
from portal.auth.models import Role
from portal.db import db
from portal.geography import services as geography
from portal.local_offer.services import services_count
from portal.platform.links import base_url_context
from portal_demo import cases, complaints, postcodes, surveys
from portal_demo.directory import load_demo_directory

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
    # Powerful roles take two administrators (one asks, another approves), so the demo has two.
    ("admin2@example.com", "Kit Second Administrator", ["administrator"]),
]
DEMO_PASSWORD = "wessex-demo-only-2026"  # noqa: S105 - fictional demo accounts, refused in production


def _refuse_in_production(what: str) -> None:
    if not current_app.config.get("DEMO_DATA") or current_app.config["ENV"] == "production":
        raise click.ClickException(f"{what} refuses to run when the configuration says production.")


def load_demo_postcodes() -> int:
    """Load the fictional postcode sample (ONSPD layout) and its area names, as a council loads the real ONSPD."""
    count = geography.load_postcodes(geography.read_file(postcodes.SAMPLE, "onspd"))
    with postcodes.NAMES.open(newline="") as handle:
        geography.load_area_names(handle)
    return count


def setup_demo() -> list[str]:
    """The demo part of `portal setup`: postcodes and directory, once."""
    lines = []
    if geography.postcode_count() == 0:
        lines.append(f"Loaded {load_demo_postcodes()} demo postcodes.")
    if services_count() == 0:
        lines.append(f"Loaded {load_demo_directory()} demo services.")
    db.session.commit()
    return lines


@click.command("load-directory")
@click.option("--seed", default=2026, show_default=True)
@with_appcontext
def load_directory(seed: int) -> None:
    """Replace the directory with the fictional demo data set (never in production)."""
    _refuse_in_production("load-directory")
    load_demo_postcodes()
    count = load_demo_directory(seed)
    db.session.commit()
    click.echo(f"Loaded {count} demo services.")


@click.command("seed-demo")
@with_appcontext
def seed_demo() -> None:
    """Create the demo accounts listed in the README, and demo cases, surveys and complaints (never in production)."""
    _refuse_in_production("seed-demo")
    created = 0
    for email, name, roles in DEMO_ACCOUNTS:
        if auth.find_user(email) is None:
            auth.create_user(email=email, password=DEMO_PASSWORD, display_name=name,
                             roles=[Role(r) for r in roles], verified=True)  # fmt: skip
            created += 1
    _seed_demo_families()
    db.session.commit()
    click.echo(f"Demo accounts: {created} created, password {DEMO_PASSWORD!r} for all of them.")
    for summary in (cases.seed_demo(), surveys.seed_demo(), _seed_complaints()):
        db.session.commit()
        if summary:
            click.echo(summary)


def _seed_complaints() -> str:
    with base_url_context():  # the complaints' e-mails are rendered like pages
        made = complaints.seed()
    return f"Demo complaints: {made} created."


def _seed_demo_families() -> None:
    """Two unrelated families, each with a child, and a young person linked to their own record."""
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
