"""Statutory time limits for EHC needs assessments, plans, reviews and appeals (England).

Pure date arithmetic: no Flask, no database. Rules come from `reference/statutory-timelines.md` (sections 3, 4
and 6). Due dates never move; exceptions (regs 5(4), 8(2), 10(4), 13(3)) are recorded elsewhere and only
excuse lateness, so nothing here "stops the clock".

The law is versioned by the date it took effect: a change in the law is a new `RuleSet` appended to
`RULE_SETS`, never an edit of an existing one, so cases started under the old law keep their old dates.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal

from portal.platform.working_days import add_working_days, next_working_day

Transfer = Literal["school", "post16"]
TRANSFER_KINDS: tuple[str, ...] = ("school", "post16")


@dataclass(frozen=True)
class Rule:
    """One statutory time limit: how long, from what, and where the law says so."""

    code: str
    name: str
    rule: str
    weeks: int = 0
    days: int = 0
    months: int = 0
    working_days: int = 0
    verify: bool = False


@dataclass(frozen=True)
class RuleSet:
    """The rules in force from `effective_from` until the next rule set takes effect."""

    name: str
    effective_from: date
    rules: tuple[Rule, ...]
    # Devon [2022]: the final amended plan is due no later than this many weeks after the review meeting.
    amended_plan_cap_weeks: int = 12
    # Appeal: later of decision letter + `months` (on the appeal_deadline rule) and certificate + this.
    appeal_certificate_months: int = 1
    # Reg 18(1): "before 15 February" / "before 31 March", so the last compliant day is the day before.
    transfer_deadlines: dict[str, tuple[int, int]] = field(
        default_factory=lambda: {"school": (2, 14), "post16": (3, 30)}
    )

    def rule(self, code: str) -> Rule:
        """The rule with this code.

        Raises:
            KeyError: if this rule set has no such rule.
        """
        for rule in self.rules:
            if rule.code == code:
                return rule
        raise KeyError(code)


@dataclass(frozen=True)
class Milestone:
    """A statutory due date worked out for one case."""

    code: str
    name: str
    due: date
    rule: str
    start: date | None = None
    verify: bool = False

    @property
    def last_safe_day(self) -> date:
        """Internal alert date: some SENDIAS guidance counts the start day as day 1, so warn a day early."""
        return self.due - timedelta(days=1)

    def as_dict(self) -> dict[str, str]:
        """The console contract: code, name, due (ISO date) and rule."""
        return {"code": self.code, "name": self.name, "due": self.due.isoformat(), "rule": self.rule}


SEND_2014 = RuleSet(
    name="england-send-2014",
    effective_from=date(2014, 9, 1),
    rules=(
        Rule(
            "decision_to_assess",
            "Decision whether to assess",
            "SEND Regulations 2014 reg 5(1): within 6 weeks of receiving the request",
            weeks=6,
        ),
        Rule(
            "advice_due",
            "Advice returned",
            "SEND Regulations 2014 reg 8(1): within 6 weeks of the adviser receiving the request",
            weeks=6,
        ),
        Rule(
            "no_plan_decision",
            "Decision not to issue a plan",
            "SEND Regulations 2014 reg 10(1): within 16 weeks of receiving the request",
            weeks=16,
        ),
        Rule(
            "draft_comment_window",
            "Comment window on the draft plan ends",
            "SEND Regulations 2014 reg 13(1): at least 15 days, beginning with the day the draft is served",
            days=14,
        ),
        Rule(
            "final_plan",
            "Final EHC plan issued",
            "SEND Regulations 2014 reg 13(2): within 20 weeks of receiving the request",
            weeks=20,
        ),
        Rule(
            "review_complete",
            "Annual review complete",
            "Children and Families Act 2014 s44(1): within 12 months starting with the date the plan was made "
            "or last reviewed",
            months=12,
        ),
        # (verify) the reference gives reg 20 or 21 but marks the paragraph number to verify.
        Rule(
            "review_decision",
            "Review decision (keep, amend or cease)",
            "SEND Regulations 2014 reg 20/21: within 4 weeks of the review meeting (paragraph to verify)",
            weeks=4,
            verify=True,
        ),
        Rule(
            "amended_plan",
            "Final amended plan issued",
            "SEND Regulations 2014 reg 22(3): within 8 weeks of the amendment notice, and no later than 12 weeks "
            "after the review meeting (R (L, M and P) v Devon CC [2022] EWHC 493 (Admin))",
            weeks=8,
        ),
        Rule(
            "phase_transfer",
            "Plan reviewed and amended for the transfer",
            "SEND Regulations 2014 reg 18(1): before 15 February of the transfer year (before 31 March for "
            "secondary to post-16)",
        ),
        # (verify) the reference marks the tribunal rule number (HESC Rules r20) to verify.
        Rule(
            "appeal_deadline",
            "Last day to appeal to the tribunal",
            "CFA 2014 s51; HESC Rules r20 (rule number to verify): later of 2 months from the decision letter and "
            "1 month from the mediation certificate; August to 1st working day of September, 25 Dec-1 Jan to next "
            "working day in January (r12(3)); a weekend or bank holiday to the next working day (r12(2))",
            months=2,
            verify=True,
        ),
        Rule(
            "mediation_certificate",
            "Mediation certificate issued",
            "SEND Regulations 2014 regs 34ff: within 3 working days",
            working_days=3,
        ),
    ),
)

# Oldest first. A change in the law is a new RuleSet appended here.
RULE_SETS: tuple[RuleSet, ...] = (SEND_2014,)


def rule_set_for(on: date) -> RuleSet:
    """The rule set in force on a date.

    Raises:
        ValueError: if the date is before the first rule set took effect.
    """
    in_force = [rs for rs in RULE_SETS if rs.effective_from <= on]
    if not in_force:
        raise ValueError(f"No rule set in force on {on.isoformat()}: the 2014 rules start on 1 September 2014")
    return max(in_force, key=lambda rs: rs.effective_from)


# Date arithmetic ----------------------------------------------------------------------------------------


def add_months(start: date, months: int) -> date:
    """Same day `months` later; the last day of the month when that day does not exist (31 Jan + 1 = 28/29 Feb)."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def period_end_including_start(start: date, months: int) -> date:
    """Last day of a period of `months` months *starting with* `start` (the start day counts).

    That is the day before the corresponding date. With no corresponding date (a plan made on 29 February,
    reviewed in a non-leap year) the period ends on the last day of that month: 28 February.
    """
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    if start.day > calendar.monthrange(year, month)[1]:
        return date(year, month, calendar.monthrange(year, month)[1])
    return date(year, month, start.day) - timedelta(days=1)


def adjust_appeal_deadline(day: date) -> date:
    """Tribunal roll-forward (HESC Rules 2008 r12): August to the first working day of September; 25 Dec-1 Jan
    into January (r12(3)); any other day that is not a working day to the next working day (r12(2))."""
    if day.month == 8:
        return next_working_day(date(day.year, 9, 1))
    if day.month == 12 and day.day >= 25:
        return next_working_day(date(day.year + 1, 1, 2))
    if day.month == 1 and day.day == 1:
        return next_working_day(date(day.year, 1, 2))
    # r12(2): an act due on a day that is not a working day is in time on the next working day. That day can
    # itself fall in r12(3)'s windows (Saturday 31 July -> Monday 2 August; Saturday 24 December -> the 27th),
    # so the rolled day goes through the rule again.
    rolled = next_working_day(day)
    return rolled if rolled == day else adjust_appeal_deadline(rolled)


# One function per rule --------------------------------------------------------------------------------------


def _after(rule: Rule, start: date) -> Milestone:
    due = start + timedelta(weeks=rule.weeks, days=rule.days)
    return Milestone(rule.code, rule.name, due, rule.rule, start=start, verify=rule.verify)


def decision_to_assess(received: date) -> Milestone:
    """Reg 5: decide whether to assess within 6 calendar weeks of the request (receipt day excluded)."""
    return _after(rule_set_for(received).rule("decision_to_assess"), received)


def advice_due(adviser_request_received: date) -> Milestone:
    """Reg 8: each adviser returns advice within 6 calendar weeks of receiving the LA's request."""
    return _after(rule_set_for(adviser_request_received).rule("advice_due"), adviser_request_received)


def no_plan_decision(received: date) -> Milestone:
    """Reg 10: a decision *not* to issue a plan within 16 calendar weeks of the request."""
    return _after(rule_set_for(received).rule("no_plan_decision"), received)


def final_plan(received: date) -> Milestone:
    """Reg 13(2): the final plan within 20 calendar weeks of the request."""
    return _after(rule_set_for(received).rule("final_plan"), received)


def draft_comment_window(served: date) -> Milestone:
    """Reg 13(1): at least 15 days beginning with the day served, so it closes at the end of served + 14."""
    return _after(rule_set_for(served).rule("draft_comment_window"), served)


def review_complete(plan_or_last_review: date) -> Milestone:
    """CFA s44(1): review complete within the 12 months starting with the plan (or last review) date."""
    rule = rule_set_for(plan_or_last_review).rule("review_complete")
    due = period_end_including_start(plan_or_last_review, rule.months)
    return Milestone(rule.code, rule.name, due, rule.rule, start=plan_or_last_review, verify=rule.verify)


def review_decision(meeting: date) -> Milestone:
    """Reg 20/21: keep, amend or cease decision within 4 calendar weeks of the review meeting."""
    return _after(rule_set_for(meeting).rule("review_decision"), meeting)


def amended_plan(meeting: date, amendment_notice: date | None = None) -> Milestone:
    """Reg 22(3) and Devon [2022]: notice + 8 weeks, never later than meeting + 12 weeks.

    Without a notice date the cap alone applies (under Devon the notice goes with the 4-week decision).

    Raises:
        ValueError: if the notice is dated before the meeting.
    """
    rule_set = rule_set_for(meeting)
    rule = rule_set.rule("amended_plan")
    cap = meeting + timedelta(weeks=rule_set.amended_plan_cap_weeks)
    if amendment_notice is None:
        due, start = cap, meeting
    else:
        if amendment_notice < meeting:
            raise ValueError("The amendment notice cannot be before the review meeting")
        due, start = min(amendment_notice + timedelta(weeks=rule.weeks), cap), amendment_notice
    return Milestone(rule.code, rule.name, due, rule.rule, start=start, verify=rule.verify)


def phase_transfer(transfer_year: int, transfer: str) -> Milestone:
    """Reg 18(1): last compliant day is 14 February (or 30 March for secondary to post-16) of the transfer year.

    Raises:
        ValueError: if `transfer` is not "school" or "post16".
    """
    rule_set = rule_set_for(date(transfer_year, 1, 1))
    if transfer not in rule_set.transfer_deadlines:
        raise ValueError(f"Transfer must be one of {', '.join(TRANSFER_KINDS)}")
    month, day = rule_set.transfer_deadlines[transfer]
    rule = rule_set.rule("phase_transfer")
    return Milestone(rule.code, rule.name, date(transfer_year, month, day), rule.rule, verify=rule.verify)


def appeal_deadline(decision_letter: date, mediation_certificate: date | None = None) -> Milestone:
    """CFA s51: later of letter + 2 months and certificate + 1 month, then the August and Christmas roll."""
    rule_set = rule_set_for(decision_letter)
    rule = rule_set.rule("appeal_deadline")
    raw = add_months(decision_letter, rule.months)
    if mediation_certificate is not None:
        raw = max(raw, add_months(mediation_certificate, rule_set.appeal_certificate_months))
    return Milestone(
        rule.code, rule.name, adjust_appeal_deadline(raw), rule.rule, start=decision_letter, verify=rule.verify
    )


def mediation_certificate(trigger: date) -> Milestone:
    """Certificate within 3 working days of the family declining mediation, mediation ending, or the LA saying
    it cannot arrange it in 30 days."""
    rule = rule_set_for(trigger).rule("mediation_certificate")
    due = add_working_days(trigger, rule.working_days)
    return Milestone(rule.code, rule.name, due, rule.rule, start=trigger, verify=rule.verify)


def milestones(
    *,
    received: date,
    draft_served: date | None = None,
    plan_issued: date | None = None,
    review_meeting: date | None = None,
    transfer_year: int | None = None,
    transfer: str | None = None,
    advice_requested: Sequence[date] = (),
    amendment_notice: date | None = None,
    decision_letter: date | None = None,
    mediation_certificate_issued: date | None = None,
    mediation_trigger: date | None = None,
) -> list[Milestone]:
    """Every milestone the inputs determine, in date order.

    The appeal deadline runs from `decision_letter` if given, otherwise from the final plan (`plan_issued`).

    Raises:
        ValueError: if a date is before the 2014 rules, or `transfer_year` and `transfer` are not given together.
    """
    if (transfer_year is None) != (transfer is None):
        raise ValueError("Give both the transfer year and the kind of transfer, or neither")
    if amendment_notice is not None and review_meeting is None:
        raise ValueError("An amendment notice needs the review meeting date")

    found: list[Milestone] = [decision_to_assess(received), no_plan_decision(received), final_plan(received)]
    found += [advice_due(day) for day in advice_requested]
    if draft_served is not None:
        found.append(draft_comment_window(draft_served))
    if plan_issued is not None:
        found.append(review_complete(plan_issued))
    appeal_from = decision_letter or plan_issued
    if appeal_from is not None:
        found.append(appeal_deadline(appeal_from, mediation_certificate_issued))
    if mediation_trigger is not None:
        found.append(mediation_certificate(mediation_trigger))
    if review_meeting is not None:
        found += [review_decision(review_meeting), amended_plan(review_meeting, amendment_notice)]
    if transfer_year is not None and transfer is not None:
        found.append(phase_transfer(transfer_year, transfer))
    return sort_milestones(found)


def sort_milestones(found: Iterable[Milestone]) -> list[Milestone]:
    """Date order; ties keep the order the rules are listed in."""
    order = {rule.code: index for index, rule in enumerate(SEND_2014.rules)}
    return sorted(found, key=lambda m: (m.due, order.get(m.code, len(order))))
