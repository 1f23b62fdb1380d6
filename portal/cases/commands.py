"""`portal cases deadlines`: statutory EHC dates from the console (contract in DESIGN.md)."""

from __future__ import annotations

import json
from datetime import date, datetime

import click

from portal.cases.deadlines import TRANSFER_KINDS, Milestone, milestones
from portal.cases.request_commands import expire_drafts, remind_due

cases = click.Group("cases", help="EHC needs assessment cases: statutory time limits.")

ISO_DATE = click.DateTime(formats=["%Y-%m-%d"])


def _day(value: datetime | None) -> date | None:
    return value.date() if value is not None else None


def _table(found: list[Milestone]) -> str:
    rows = [(m.code, m.name, m.due.strftime("%a %d %b %Y"), m.rule) for m in found]
    code_width = max(len("Code"), *(len(r[0]) for r in rows))
    name_width = max(len("Milestone"), *(len(r[1]) for r in rows))
    due_width = max(len("Due"), *(len(r[2]) for r in rows))
    lines = [f"{'Code':<{code_width}}  {'Milestone':<{name_width}}  {'Due':<{due_width}}  Rule"]
    lines += [f"{c:<{code_width}}  {n:<{name_width}}  {d:<{due_width}}  {r}" for c, n, d, r in rows]
    return "\n".join(lines)


@cases.command("deadlines")
@click.option("--received", type=ISO_DATE, required=True, help="Date the LA received the request (YYYY-MM-DD).")
@click.option("--draft-served", type=ISO_DATE, help="Date the draft plan was served (YYYY-MM-DD).")
@click.option("--plan-issued", type=ISO_DATE, help="Date the final plan was issued (YYYY-MM-DD).")
@click.option("--review-meeting", type=ISO_DATE, help="Date of the annual review meeting (YYYY-MM-DD).")
@click.option("--transfer-year", type=click.IntRange(2015, 9999), help="Calendar year of a phase transfer.")
@click.option("--transfer", type=click.Choice(TRANSFER_KINDS), help="post16 (secondary to post-16) or school.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def deadlines(
    received: datetime,
    draft_served: datetime | None,
    plan_issued: datetime | None,
    review_meeting: datetime | None,
    transfer_year: int | None,
    transfer: str | None,
    as_json: bool,
) -> None:
    """Print every statutory milestone the dates determine, in date order."""
    try:
        found = milestones(
            received=received.date(),
            draft_served=_day(draft_served),
            plan_issued=_day(plan_issued),
            review_meeting=_day(review_meeting),
            transfer_year=transfer_year,
            transfer=transfer,
        )
    except ValueError as error:
        raise click.UsageError(str(error)) from error
    except OverflowError as error:
        raise click.UsageError("A date is too far in the future to work out its deadlines") from error
    if as_json:
        click.echo(json.dumps({"milestones": [m.as_dict() for m in found]}, ensure_ascii=False))
    else:
        click.echo(_table(found))


cli = cases

# The family side's housekeeping (portal/cases/request_commands.py): run both daily.
cases.add_command(expire_drafts)
cases.add_command(remind_due)
