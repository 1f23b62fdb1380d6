"""The manager dashboard: SEN2-style timeliness figures, and a 12-month projection of plans in force.

Definitions follow the DfE "Education, health and care plans" statistics (the SEN2 return), as summarised in
reference/statutory-timelines.md sections 6 and 7:

- Requests received: initial requests for an EHC needs assessment with a received date in the period.
- Decisions within 6 weeks: of decisions whether to assess made in the period, those made on or before the request
  date + 42 days (reg 5). (verify) DfE counts requests by the year of the request and the decision separately;
  we count by the date of the decision.
- Plans issued within 20 weeks: of new plans issued in the period, those issued on or before the request date +
  140 days (reg 13(2)). "Including exceptions" counts every new plan; "excluding exceptions" leaves out plans where
  an approved exception (regs 10(4), 13(3)) applies to the 20-week limit, which is how DfE publishes
  `pc_plans_issued_20_weeks_ex` (the person-level SEN2 "20-week exceptions apply" flag).
- Refusals to assess and refusals to issue: decisions "not to assess" and "not to issue a plan" made in the period.
- Annual reviews on time: reviews due in the period (CFA s44(1): within 12 months starting with the plan or last
  review) completed on or before the due date. Reviews due but not done count as not on time. Only what is due
  counts: a review whose last day is still ahead (or is today, with the day not over) is left out until then.

Everything is worked out in Python from a handful of narrow queries: a council has thousands of cases, not millions.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import select

from portal.auth.models import User
from portal.auth.services import audit
from portal.cases.models import Case, CaseException, CaseMilestone, MilestoneStatus, ProjectionAssumptions
from portal.db import db
from portal.platform.clock import today_in_london

DECISION_DAYS = 42  # 6 weeks, reg 5(1)
PLAN_DAYS = 140  # 20 weeks, reg 13(2)
PROJECTION_MONTHS = 12
CONVERSION_WINDOW_DAYS = 3 * 365  # requests received in the last 3 years...
CONVERSION_SETTLED_DAYS = 183  # ...and at least 6 months ago, so most have had their outcome


@dataclass
class Figures:
    """One period's figures."""

    period: str
    requests: int = 0
    decisions: int = 0
    decisions_on_time: int = 0
    refused_assess: int = 0
    plans: int = 0
    plans_on_time: int = 0
    plans_without_exception: int = 0
    plans_on_time_without_exception: int = 0
    refused_issue: int = 0
    reviews_due: int = 0
    reviews_on_time: int = 0

    @staticmethod
    def percent(part: int, whole: int) -> float | None:
        return round(100 * part / whole, 1) if whole else None

    @property
    def decisions_pct(self) -> float | None:
        return self.percent(self.decisions_on_time, self.decisions)

    @property
    def plans_pct_including(self) -> float | None:
        return self.percent(self.plans_on_time, self.plans)

    @property
    def plans_pct_excluding(self) -> float | None:
        return self.percent(self.plans_on_time_without_exception, self.plans_without_exception)

    @property
    def refused_assess_pct(self) -> float | None:
        return self.percent(self.refused_assess, self.decisions)

    @property
    def reviews_pct(self) -> float | None:
        return self.percent(self.reviews_on_time, self.reviews_due)


@dataclass
class Dashboard:
    by_year: list[Figures]
    by_month: list[Figures]
    year: int | None
    years: list[int] = field(default_factory=list)


def _period(day: date, monthly: bool) -> str:
    return f"{day.year}-{day.month:02d}" if monthly else str(day.year)


def _exception_cases() -> set[str]:
    """Cases with an approved exception that applies to the 20-week limit (or to the whole case)."""
    rows = db.session.execute(
        select(CaseException.case_id).where(
            CaseException.approved_at.is_not(None),
            (CaseException.milestone_code.is_(None)) | (CaseException.milestone_code == "final_plan"),
        )
    )
    return {r[0] for r in rows}


def figures(*, monthly: bool = False, year: int | None = None, demo: bool | None = None,
            today: date | None = None) -> list[Figures]:  # fmt: skip
    """The SEN2-style figures by calendar year (or by month of `year`), oldest first, as they stand `today`."""
    today = today or today_in_london()
    found: dict[str, Figures] = {}

    def slot(day: date | None) -> Figures | None:
        if day is None or (year is not None and day.year != year):
            return None
        key = _period(day, monthly)
        return found.setdefault(key, Figures(key))

    query = select(Case.id, Case.received_on, Case.assess_decision, Case.assess_decision_on, Case.plan_decision,
                   Case.plan_decision_on, Case.plan_issued_on)  # fmt: skip
    if demo is not None:
        query = query.where(Case.demo.is_(demo))
    excepted = _exception_cases()
    for case_id, received, assess, assess_on, plan, plan_on, issued in db.session.execute(query):
        if (f := slot(received)) is not None:
            f.requests += 1
        if assess and (f := slot(assess_on)) is not None:
            f.decisions += 1
            f.decisions_on_time += assess_on <= received + timedelta(days=DECISION_DAYS)
            f.refused_assess += assess == "not_assess"
        if plan == "not_issue" and (f := slot(plan_on)) is not None:
            f.refused_issue += 1
        if issued and (f := slot(issued)) is not None:
            on_time = issued <= received + timedelta(days=PLAN_DAYS)
            f.plans += 1
            f.plans_on_time += on_time
            if case_id not in excepted:
                f.plans_without_exception += 1
                f.plans_on_time_without_exception += on_time
    reviews = select(CaseMilestone.due, CaseMilestone.completed_on, CaseMilestone.status).where(
        CaseMilestone.code == "review_complete", CaseMilestone.status != MilestoneStatus.NOT_NEEDED
    )
    if demo is not None:
        reviews = reviews.join(Case, Case.id == CaseMilestone.case_id).where(Case.demo.is_(demo))
    for due, completed, _status in db.session.execute(reviews):
        is_due = due < today or (completed is not None and due <= today)
        if is_due and (f := slot(due)) is not None:
            f.reviews_due += 1
            f.reviews_on_time += completed is not None and completed <= due
    return [found[k] for k in sorted(found)]


def dashboard(*, year: int | None, viewer: User | None, today: date | None = None) -> Dashboard:
    """Figures by year, and by month for `year` (by default the current year, or the latest year with data)."""
    today = today or today_in_london()
    by_year = figures(today=today)
    years = [int(f.period) for f in by_year]
    current = [y for y in years if y <= today.year]
    chosen = year if year in years else (current[-1] if current else (years[-1] if years else None))
    by_month = figures(monthly=True, year=chosen, today=today) if chosen is not None else []
    if viewer is not None:
        audit(actor=viewer, action="cases.dashboard_viewed", object_type="dashboard", year=chosen)
    return Dashboard(by_year, by_month, chosen, years)


CSV_COLUMNS = (
    ("period", "Period"),
    ("requests", "Requests received"),
    ("decisions", "Decisions whether to assess"),
    ("decisions_on_time", "Decisions within 6 weeks"),
    ("decisions_pct", "Decisions within 6 weeks (%)"),
    ("refused_assess", "Refusals to assess"),
    ("refused_assess_pct", "Refusals to assess (% of decisions)"),
    ("plans", "New plans issued"),
    ("plans_on_time", "Plans within 20 weeks"),
    ("plans_pct_including", "Plans within 20 weeks including exceptions (%)"),
    ("plans_without_exception", "Plans with no exception"),
    ("plans_on_time_without_exception", "Plans with no exception within 20 weeks"),
    ("plans_pct_excluding", "Plans within 20 weeks excluding exceptions (%)"),
    ("refused_issue", "Refusals to issue a plan"),
    ("reviews_due", "Annual reviews due"),
    ("reviews_on_time", "Annual reviews on time"),
    ("reviews_pct", "Annual reviews on time (%)"),
)


def to_csv(rows: list[Figures]) -> str:
    """The same figures as the page, one row per period (numbers only: no personal data)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([label for _, label in CSV_COLUMNS])
    for row in rows:
        values = [getattr(row, name) for name, _ in CSV_COLUMNS]
        writer.writerow(["" if v is None else v for v in values])
    return out.getvalue()


# Projection -----------------------------------------------------------------------------------------------------


@dataclass
class Projection:
    today: date
    plans_now: int
    requests_per_month: float
    conversion_rate: float  # 0..1
    ceasing_per_month: float
    measured_requests_per_month: float
    measured_conversion_rate: float
    measured_ceasing_per_month: float
    overridden: dict[str, bool]
    months: list[tuple[date, float]]

    @property
    def new_plans_per_month(self) -> float:
        return self.requests_per_month * self.conversion_rate

    @property
    def end(self) -> float:
        return self.months[-1][1] if self.months else float(self.plans_now)


def assumptions() -> ProjectionAssumptions | None:
    return db.session.scalar(select(ProjectionAssumptions).order_by(ProjectionAssumptions.created_at).limit(1))


def save_assumptions(*, requests_per_month: float | None, conversion_rate: float | None,
                     ceasing_per_month: float | None, user: User | None) -> ProjectionAssumptions:  # fmt: skip
    """Keep the manager's assumptions (None means 'use the measured figure'). `conversion_rate` is 0 to 1."""
    row = assumptions()
    if row is None:
        row = ProjectionAssumptions()
        db.session.add(row)
    row.requests_per_month = requests_per_month
    row.conversion_rate = conversion_rate
    row.ceasing_per_month = ceasing_per_month
    row.updated_by = user.id if user else None
    db.session.flush()
    audit(actor=user, action="cases.projection_assumptions_changed", object_type="projection_assumptions",
          object_id=row.id)  # fmt: skip
    return row


def _add_months(day: date, months: int) -> date:
    index = day.month - 1 + months
    return date(day.year + index // 12, index % 12 + 1, 1)


def measured(today: date) -> tuple[int, float, float, float]:
    """Plans in force today, and the last 12 months' request rate, conversion rate and ceasing rate."""
    year_ago = today - timedelta(days=365)
    rows = db.session.execute(select(Case.received_on, Case.plan_issued_on, Case.closed_on))
    plans_now = requests_last_year = ceased_last_year = settled = converted = 0
    for received, issued, closed in rows:
        if issued is not None and issued <= today and (closed is None or closed > today):
            plans_now += 1
        if year_ago < received <= today:
            requests_last_year += 1
        if issued is not None and closed is not None and year_ago < closed <= today:
            ceased_last_year += 1
        if (
            today - timedelta(days=CONVERSION_WINDOW_DAYS)
            <= received
            <= today - timedelta(days=CONVERSION_SETTLED_DAYS)
        ):
            settled += 1
            converted += issued is not None
    return plans_now, requests_last_year / 12, (converted / settled if settled else 0.0), ceased_last_year / 12


def project(*, today: date, override: ProjectionAssumptions | None = None) -> Projection:
    """Plans in force for each of the next 12 months.

    Each month: plans in force = last month's plans + (requests each month x share that lead to a plan) - plans
    ending each month. The rate is taken as steady, so the 20 weeks from request to plan shift nothing.
    """
    plans_now, requests_rate, conversion, ceasing = measured(today)
    override = override if override is not None else assumptions()
    chosen = {
        "requests_per_month": override.requests_per_month if override else None,
        "conversion_rate": override.conversion_rate if override else None,
        "ceasing_per_month": override.ceasing_per_month if override else None,
    }
    use_requests = chosen["requests_per_month"] if chosen["requests_per_month"] is not None else requests_rate
    use_conversion = chosen["conversion_rate"] if chosen["conversion_rate"] is not None else conversion
    use_ceasing = chosen["ceasing_per_month"] if chosen["ceasing_per_month"] is not None else ceasing
    months: list[tuple[date, float]] = []
    level = float(plans_now)
    for step in range(1, PROJECTION_MONTHS + 1):
        level = max(0.0, level + use_requests * use_conversion - use_ceasing)
        months.append((_add_months(today, step), level))
    return Projection(
        today=today, plans_now=plans_now, requests_per_month=use_requests, conversion_rate=use_conversion,
        ceasing_per_month=use_ceasing, measured_requests_per_month=requests_rate, measured_conversion_rate=conversion,
        measured_ceasing_per_month=ceasing, overridden={k: v is not None for k, v in chosen.items()}, months=months,
    )  # fmt: skip


def bar_width(value: float | None, maximum: float, *, width: int = 300) -> int:
    """Pixel length of a chart bar (an SVG attribute, so the CSP needs no inline style)."""
    if not value or maximum <= 0:
        return 0
    return max(1, round(width * value / maximum))


def series_max(values: list[float | None]) -> float:
    numbers = [v for v in values if v is not None]
    return max(numbers, default=0.0)


def counts_by_stage() -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for (stage,) in db.session.execute(select(Case.stage)):
        counts[stage] += 1
    return dict(counts)
