"""`portal safeguarding ...`: the screen from the console, training the model, and exporting the
safeguarding lead's "not a concern" decisions as labelled data for the next training round."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from flask.cli import with_appcontext

cli = click.Group("safeguarding", help="The safeguarding screen: try it, retrain it, export the lead's decisions.")


@cli.command("screen")
@click.argument("message")
@click.option(
    "--json", "as_json", is_flag=True, help='One JSON object a line: {"risk", "score", "categories", "language"}.'
)
def screen_command(message: str, as_json: bool) -> None:
    """Screen MESSAGE, or with - one message a line from standard input (one answer a line)."""
    from portal.safeguarding import screen

    messages = (line.rstrip("\n") for line in sys.stdin) if message == "-" else [message]
    for text in messages:
        found = screen(text)
        if as_json:
            click.echo(json.dumps(found.as_json(), ensure_ascii=False))
        else:
            verdict = "RISK" if found.risky else "no risk"
            categories = ", ".join(found.categories)
            click.echo(f"{verdict} {found.score:.2f} [{found.language}] {categories} {found.sentence or ''}".rstrip())


@cli.command("train")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Where to write the model.")
@click.option("--meaning-only", is_flag=True, help="Keep the word model; fit only the meaning head again.")
def train_command(out: Path | None, meaning_only: bool) -> None:
    """Retrain the model from portal/safeguarding/data/ (needs the dev dependencies: scikit-learn).

    The word model first (4 to 5 minutes), then the meaning head over sentence embeddings (about 4 minutes the
    first time on this machine; embeddings are kept in instance/ so later runs embed only new messages)."""
    from portal.safeguarding.train import MODEL_PATH, train, train_meaning

    path = out or MODEL_PATH
    if not meaning_only:
        train(path, echo=click.echo)
    train_meaning(path, echo=click.echo)


@cli.command("export-decisions")
@click.option("--out", type=click.File("w", encoding="utf-8"), default="-", help="TSV file (default: standard output).")
@with_appcontext
def export_decisions(out) -> None:  # type: ignore[no-untyped-def]
    """The lead's "not a concern" decisions, masked, as labelled rows for a person to review before training."""
    from portal.platform.masking import mask_personal
    from portal.safeguarding.services import decisions_for_training

    rows = decisions_for_training(mask_personal)
    out.write("id\tlabel\tcategory\tlanguage\timmediate\tvoice\ttext\treason\n")
    for row in rows:
        out.write("\t".join(str(value).replace("\t", " ").replace("\n", " ") for value in row) + "\n")
    click.echo(f"Exported {len(rows)} decision(s).", err=True)
