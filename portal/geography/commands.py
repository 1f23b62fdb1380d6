"""`portal postcodes import`: load the council's postcodes (ONSPD or Code-Point Open) and its area names."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from portal.db import db
from portal.geography import services

cli = click.Group("postcodes", help="Postcode geography: where postcodes are, and the council's areas.")


@cli.command("import")
@click.argument("path", type=click.Path(exists=True))
@click.option("--layout", type=click.Choice(services.LAYOUTS), default="onspd", show_default=True)
@click.option(
    "--names", type=click.Path(exists=True), default=None, help="CSV of area codes and names (LADxxCD, LADxxNM)."
)
@click.option("--replace", is_flag=True, help="Remove every loaded postcode first.")
@with_appcontext
def postcodes_import(path: str, layout: str, names: str | None, replace: bool) -> None:
    """Load an ONSPD CSV, or a Code-Point Open CSV or folder of CSVs (only your area's files keep it small)."""
    count = services.load_postcodes(services.read_file(path, layout), replace=replace)
    click.echo(f"Postcodes: {count} loaded.")
    if names:
        with open(names, newline="", encoding="utf-8-sig") as handle:
            click.echo(f"Areas: {services.load_area_names(handle)} named.")
    db.session.commit()
