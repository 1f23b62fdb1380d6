"""Tests for portal/cases/deadlines.py and the `portal cases deadlines` command."""

from __future__ import annotations

import csv
import json
from datetime import date, timedelta
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from portal.cases import deadlines as dl
from portal.cases.commands import cases
from portal.platform.working_days import is_working_day

REFERENCE = Path(__file__).with_name("reference_dates.tsv")
DATE_KEYS = {
    "received",
    "draft_served",
    "plan_issued",
    "review_meeting",
    "amendment_notice",
    "decision_letter",
    "mediation_certificate_issued",
    "mediation_trigger",
}

# Dates the 2014 rules govern, with headroom so every due date stays a valid `date`.
dates = st.dates(min_value=date(2014, 9, 1), max_value=date(2099, 12, 31))


def _parse_input(text: str) -> dict[str, object]:
    kwargs: dict[str, object] = {}
    for pair in text.split(";"):
        key, value = pair.split("=", 1)
        if key in DATE_KEYS:
            kwargs[key] = date.fromisoformat(value)
        elif key == "advice_requested":
            kwargs[key] = (date.fromisoformat(value),)
        elif key == "transfer_year":
            kwargs[key] = int(value)
        elif key == "transfer":
            kwargs[key] = value
        else:
            raise AssertionError(f"unknown input key {key}")
    return kwargs


def _reference_rows() -> list[dict[str, str]]:
    with REFERENCE.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def _due(found: list[dl.Milestone], code: str) -> date:
    matching = [m for m in found if m.code == code]
    assert len(matching) == 1, f"expected one {code}, got {matching}"
    return matching[0].due


# Worked examples from the reference ----------------------------------------------------------------------


def test_worked_example_from_receipt() -> None:
    found = dl.milestones(received=date(2026, 1, 6), draft_served=date(2026, 4, 21))
    assert _due(found, "decision_to_assess") == date(2026, 2, 17)
    assert _due(found, "no_plan_decision") == date(2026, 4, 28)
    assert _due(found, "final_plan") == date(2026, 5, 26)
    assert _due(found, "draft_comment_window") == date(2026, 5, 5)
    assert all(m.due.weekday() == 1 for m in found)  # every worked-example date is a Tuesday


def test_reference_file_has_enough_cases() -> None:
    rows = _reference_rows()
    assert len(rows) >= 30
    assert len({row["case"] for row in rows}) == len(rows)
    assert all(row["note"].strip() for row in rows)


@pytest.mark.parametrize("row", _reference_rows(), ids=lambda row: row["case"])
def test_reference_dates(row: dict[str, str]) -> None:
    found = dl.milestones(**_parse_input(row["input"]))  # type: ignore[arg-type]
    assert _due(found, row["milestone_code"]) == date.fromisoformat(row["expected_due"]), row["note"]


# Rule sets and milestone shape -------------------------------------------------------------------------------


def test_rule_set_in_force() -> None:
    assert dl.rule_set_for(date(2014, 9, 1)) is dl.SEND_2014
    assert dl.rule_set_for(date(2030, 1, 1)).effective_from == date(2014, 9, 1)
    with pytest.raises(ValueError, match="No rule set"):
        dl.rule_set_for(date(2014, 8, 31))


def test_unknown_rule_code() -> None:
    with pytest.raises(KeyError):
        dl.SEND_2014.rule("nonexistent")


def test_milestones_in_date_order_with_last_safe_day() -> None:
    found = dl.milestones(
        received=date(2026, 1, 6),
        draft_served=date(2026, 4, 21),
        plan_issued=date(2026, 5, 26),
        review_meeting=date(2027, 4, 20),
        transfer_year=2028,
        transfer="post16",
    )
    assert [m.due for m in found] == sorted(m.due for m in found)
    assert {m.code for m in found} == {
        "decision_to_assess",
        "no_plan_decision",
        "final_plan",
        "draft_comment_window",
        "review_complete",
        "appeal_deadline",
        "review_decision",
        "amended_plan",
        "phase_transfer",
    }
    for milestone in found:
        assert milestone.last_safe_day == milestone.due - timedelta(days=1)
        assert milestone.rule


def test_verify_flags_follow_the_reference() -> None:
    flagged = {rule.code for rule in dl.SEND_2014.rules if rule.verify}
    assert flagged == {"review_decision", "appeal_deadline"}


def test_only_receipt_milestones_without_other_inputs() -> None:
    found = dl.milestones(received=date(2026, 1, 6))
    assert [m.code for m in found] == ["decision_to_assess", "no_plan_decision", "final_plan"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"transfer_year": 2027}, "transfer"),
        ({"transfer": "school"}, "transfer"),
        ({"transfer_year": 2027, "transfer": "college"}, "Transfer must be"),
        ({"amendment_notice": date(2026, 3, 1)}, "review meeting"),
        ({"review_meeting": date(2026, 3, 2), "amendment_notice": date(2026, 3, 1)}, "before the review meeting"),
    ],
)
def test_inconsistent_inputs(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        dl.milestones(received=date(2026, 1, 6), **kwargs)  # type: ignore[arg-type]


def test_request_before_the_2014_rules() -> None:
    with pytest.raises(ValueError, match="No rule set"):
        dl.milestones(received=date(2014, 8, 1))


# Properties ----------------------------------------------------------------------------------------------------


@given(received=dates, draft=dates, plan=dates, meeting=dates)
def test_every_due_date_is_after_its_start(received: date, draft: date, plan: date, meeting: date) -> None:
    found = dl.milestones(received=received, draft_served=draft, plan_issued=plan, review_meeting=meeting)
    for milestone in found:
        assert milestone.start is not None
        assert milestone.due > milestone.start


@given(received=dates)
def test_final_plan_is_140_days_after_receipt(received: date) -> None:
    assert dl.final_plan(received).due - received == timedelta(days=140)


@given(served=dates)
def test_comment_window_is_14_days_after_service(served: date) -> None:
    assert dl.draft_comment_window(served).due - served == timedelta(days=14)


@given(letter=dates, certificate=st.none() | dates)
def test_appeal_deadline_never_in_august_or_christmas(letter: date, certificate: date | None) -> None:
    due = dl.appeal_deadline(letter, certificate).due
    assert due.month != 8
    assert not (due.month == 12 and due.day >= 25)
    assert due != date(due.year, 1, 1)
    assert due >= dl.add_months(letter, 2)
    # HESC Rules r12(2): the last day is always a working day.
    assert is_working_day(due)


@given(trigger=dates)
def test_mediation_certificate_is_a_working_day(trigger: date) -> None:
    due = dl.mediation_certificate(trigger).due
    assert is_working_day(due)


@given(meeting=dates, gap=st.integers(min_value=0, max_value=200))
def test_amended_plan_never_beyond_12_weeks(meeting: date, gap: int) -> None:
    due = dl.amended_plan(meeting, meeting + timedelta(days=gap)).due
    assert due <= meeting + timedelta(weeks=12)


@given(plan=dates)
def test_review_within_twelve_months(plan: date) -> None:
    due = dl.review_complete(plan).due
    assert 364 <= (due - plan).days <= 365


# Command ---------------------------------------------------------------------------------------------------------


def _invoke(args: list[str]) -> click.testing.Result:
    return CliRunner().invoke(cases, args)


def test_command_json_shape() -> None:
    result = _invoke(
        ["deadlines", "--received", "2026-01-06", "--draft-served", "2026-04-21", "--transfer-year", "2027"]
        + ["--transfer", "school", "--json"]
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert list(payload) == ["milestones"]
    for item in payload["milestones"]:
        assert set(item) == {"code", "name", "due", "rule"}
        date.fromisoformat(item["due"])
    assert [(m["code"], m["due"]) for m in payload["milestones"]] == [
        ("decision_to_assess", "2026-02-17"),
        ("no_plan_decision", "2026-04-28"),
        ("draft_comment_window", "2026-05-05"),
        ("final_plan", "2026-05-26"),
        ("phase_transfer", "2027-02-14"),
    ]


def test_command_appeal_deadline_moves_off_a_weekend() -> None:
    """Issue 15: a plan issued 31 Dec 2026 gives Sun 28 Feb 2027, so the console says Mon 1 Mar (HESC r12(2))."""
    result = _invoke(["deadlines", "--received", "2026-08-03", "--plan-issued", "2026-12-31", "--json"])
    assert result.exit_code == 0, result.output
    due = {m["code"]: m["due"] for m in json.loads(result.output)["milestones"]}
    assert due["appeal_deadline"] == "2027-03-01"
    assert "r12(2)" in next(
        m["rule"] for m in json.loads(result.output)["milestones"] if m["code"] == "appeal_deadline"
    )


def test_command_table() -> None:
    result = _invoke(["deadlines", "--received", "2026-01-06", "--review-meeting", "2026-03-02"])
    assert result.exit_code == 0, result.output
    assert "Tue 17 Feb 2026" in result.output
    assert "to verify" in result.output
    assert result.output.splitlines()[0].startswith("Code")


@pytest.mark.parametrize(
    "args",
    [
        ["--received", "2026-02-30"],
        ["--received", "06/01/2026"],
        ["--received", "2014-08-01"],
        ["--received", "9999-12-01"],
        ["--received", "2026-01-06", "--transfer-year", "2027"],
        ["--received", "2026-01-06", "--transfer", "college"],
        [],
    ],
)
def test_command_bad_input_is_a_usage_error(args: list[str]) -> None:
    result = _invoke(["deadlines", *args, "--json"])
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert "Usage:" in result.output


def test_every_rule_text_fits_the_milestone_column():
    """Milestones store the rule's words (String(300)); PostgreSQL refuses longer ones where SQLite would not."""
    from portal.cases.deadlines import RULE_SETS
    from portal.cases.models import CaseMilestone as MilestoneRow

    limit = MilestoneRow.__table__.c.rule.type.length
    too_long = [r.code for rs in RULE_SETS for r in rs.rules if len(r.rule) > limit]
    assert not too_long, too_long
