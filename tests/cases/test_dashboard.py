"""The manager dashboard: SEN2-style figures on a small known data set, the CSV, the projection and the page."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

import pytest
from bs4 import BeautifulSoup

from portal.auth import services as auth
from portal.auth.models import Role
from portal.cases import dashboard, services
from portal.cases.models import CaseException, CaseMilestone, MilestoneStatus, ProjectionAssumptions
from tests.pages import PageClient, normalize_spaces, token_from

PASSWORD = "correct horse battery"


def make(reference, received, *, assess=None, assess_on=None, plan=None, plan_on=None, issued=None, closed=None):
    case = services.open_case(None, received_on=received, reference=reference, child_name="Test Child")
    case.assess_decision, case.assess_decision_on = assess, assess_on
    case.plan_decision, case.plan_decision_on = plan, plan_on
    case.plan_issued_on, case.closed_on = issued, closed
    return case


def review(case, due, completed=None):
    case.milestones.append(CaseMilestone(code="review_complete", sequence=len(case.milestones), name="Review",
                                         rule="s44", due=due, completed_on=completed,
                                         status=MilestoneStatus.DONE if completed else MilestoneStatus.PENDING))  # fmt: skip


@pytest.fixture()
def known(db_session):
    """2025: five requests. Decisions: 3 on time (one refusal), 1 late. Plans: 2 on time, 1 late (with an
    approved exception), 1 late (no exception). One refusal to issue. Reviews due: 2, one on time."""
    a = make("K-A", date(2025, 1, 6), assess="assess", assess_on=date(2025, 2, 17), plan="issue",
             plan_on=date(2025, 5, 1), issued=date(2025, 5, 26))  # 140 days: on time  # fmt: skip
    b = make("K-B", date(2025, 1, 13), assess="assess", assess_on=date(2025, 2, 20), plan="issue",
             plan_on=date(2025, 5, 1), issued=date(2025, 5, 20))  # fmt: skip
    c = make("K-C", date(2025, 2, 3), assess="assess", assess_on=date(2025, 3, 31), plan="issue",
             plan_on=date(2025, 6, 1), issued=date(2025, 7, 1))  # decision late; plan late (exception)  # fmt: skip
    d = make("K-D", date(2025, 3, 3), assess="not_assess", assess_on=date(2025, 4, 7))
    e = make("K-E", date(2025, 6, 2), assess="assess", assess_on=date(2025, 7, 10), plan="issue",
             plan_on=date(2025, 10, 1), issued=date(2025, 12, 1))  # late, no exception  # fmt: skip
    f = make("K-F", date(2024, 12, 2), assess="assess", assess_on=date(2025, 1, 5), plan="not_issue",
             plan_on=date(2025, 3, 20))  # fmt: skip
    review(a, date(2025, 9, 30), date(2025, 9, 20))
    review(b, date(2025, 11, 30))
    db_session.add(CaseException(case=c, kind="personal_circumstances", milestone_code="final_plan",
                                 starts_on=date(2025, 4, 1), ends_on=date(2025, 5, 1), evidence="Letter",
                                 family_explanation="x", approved_at=datetime(2025, 5, 2, tzinfo=UTC)))  # fmt: skip
    db_session.add(CaseException(case=e, kind="personal_circumstances", milestone_code="final_plan",
                                 starts_on=date(2025, 8, 1), evidence="Not approved", family_explanation="x"))  # fmt: skip
    db_session.flush()
    return a, b, c, d, e, f


def test_figures_by_year_on_a_known_data_set(known):
    by_year = {f.period: f for f in dashboard.figures()}
    y = by_year["2025"]
    assert (y.requests, y.decisions, y.decisions_on_time, y.refused_assess) == (5, 6, 5, 1)
    assert (y.plans, y.plans_on_time, y.plans_without_exception, y.plans_on_time_without_exception) == (4, 2, 3, 2)
    assert y.plans_pct_including == 50.0
    assert y.plans_pct_excluding == 66.7
    assert y.refused_issue == 1
    assert (y.reviews_due, y.reviews_on_time, y.reviews_pct) == (2, 1, 50.0)
    assert by_year["2024"].requests == 1 and by_year["2024"].decisions == 0


def test_figures_by_month(known):
    months = {f.period: f for f in dashboard.figures(monthly=True, year=2025)}
    assert months["2025-01"].requests == 2
    assert months["2025-05"].plans == 2 and months["2025-05"].plans_on_time == 2
    assert "2024-12" not in months


def test_csv_has_the_same_figures(known):
    text = dashboard.to_csv(dashboard.figures())
    rows = list(csv.DictReader(io.StringIO(text)))
    row = next(r for r in rows if r["Period"] == "2025")
    assert row["Requests received"] == "5"
    assert row["Plans within 20 weeks including exceptions (%)"] == "50.0"
    assert row["Plans within 20 weeks excluding exceptions (%)"] == "66.7"
    assert "Test Child" not in text


def test_projection_maths(db_session):
    today = date(2026, 11, 25)
    # 24 requests in the last 12 months, 3 plans in force, 12 plans ceased in the last year: 2 / month, 1 / month.
    for n in range(24):
        make(f"P-R{n}", date(2026, 1, 5 + n % 20))
    for n in range(3):
        make(f"P-I{n}", date(2024, 1, 8), issued=date(2024, 6, 1))
    for n in range(12):
        make(f"P-C{n}", date(2023, 6, 5), issued=date(2023, 11, 1), closed=date(2026, 3, 1))
    db_session.flush()
    plans_now, requests, conversion, ceasing = dashboard.measured(today)
    assert (plans_now, requests, ceasing) == (3, 2.0, 1.0)
    # Settled requests (6 months to 3 years old): the 24 from January 2026 and the 3 from 2024 that led to plans;
    # the 12 from June 2023 are more than 3 years old.
    assert conversion == pytest.approx(3 / 27)
    assumed = ProjectionAssumptions(requests_per_month=10.0, conversion_rate=0.5, ceasing_per_month=2.0)
    result = dashboard.project(today=today, override=assumed)
    assert [round(level, 2) for _, level in result.months[:3]] == [6.0, 9.0, 12.0]
    assert result.end == 3 + 12 * (10 * 0.5 - 2)
    assert result.months[0][0] == date(2026, 12, 1) and result.months[-1][0] == date(2027, 11, 1)
    partial = dashboard.project(today=today, override=ProjectionAssumptions(conversion_rate=0.25))
    assert partial.requests_per_month == 2.0 and partial.ceasing_per_month == 1.0
    assert partial.months[0][1] == pytest.approx(3 + 2 * 0.25 - 1)
    assert partial.overridden == {"requests_per_month": False, "conversion_rate": True, "ceasing_per_month": False}


def test_projection_never_goes_below_zero(db_session):
    result = dashboard.project(today=date(2026, 11, 25),
                               override=ProjectionAssumptions(requests_per_month=0, conversion_rate=0,
                                                              ceasing_per_month=5))  # fmt: skip
    assert all(level == 0 for _, level in result.months)


@pytest.fixture()
def manager_pages(app, db_session):
    auth.create_user(email="mgr@example.com", password=PASSWORD, roles=[Role.MANAGER], verified=True)
    client = PageClient(app.test_client())
    token = token_from(client.client.get("/account/sign-in"))
    client.client.post("/account/sign-in", data={"email": "mgr@example.com", "password": PASSWORD,
                                                 "csrf_token": token})  # fmt: skip
    return client


def test_dashboard_page_shows_charts_and_tables(manager_pages, known):
    soup = manager_pages.get("/officers/cases/dashboard?year=2025")
    assert soup.h1.text.strip() == "EHC dashboard"
    assert "DfE SEN2" in soup.select_one("#definitions").text
    assert "(verify)" in soup.select_one("#definitions").text
    row = next(tr for tr in soup.select("#figures-by-year tbody tr") if tr.th.text == "2025")
    cells = [normalize_spaces(td.text) for td in row.select("td")]
    assert cells[0] == "5"
    assert cells[4] == "2 / 4 (50.0%)"
    assert cells[5] == "2 / 3 (66.7%)"
    chart = soup.select_one("svg#chart-plans-including")
    assert chart["role"] == "img" and "2025 50.0%" in chart.title.text
    assert soup.select("#figures-by-month tbody tr")
    assert len(soup.select("#projection-table tbody tr")) == 12


def test_dashboard_csv_download(manager_pages, known):
    response = manager_pages.raw("/officers/cases/dashboard.csv?year=2025")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0]["Period"] == "2025-01" and rows[0]["Requests received"] == "2"


def test_projection_assumptions_form(manager_pages, db_session):
    soup = manager_pages.get("/officers/cases/projection")
    response = manager_pages.client.post("/officers/cases/projection", data={
        "csrf_token": token_from(soup.response), "requests_per_month": "12", "conversion_rate": "60",
        "ceasing_per_month": ""})  # fmt: skip
    assert response.status_code == 303
    saved = dashboard.assumptions()
    assert (saved.requests_per_month, saved.conversion_rate, saved.ceasing_per_month) == (12.0, 0.6, None)
    page = manager_pages.get("/officers/cases/dashboard")
    assert "your assumption" in page.select_one("#projection-assumptions").text
    bad = manager_pages.client.post("/officers/cases/projection", data={
        "csrf_token": token_from(soup.response), "conversion_rate": "160"})  # fmt: skip
    assert bad.status_code == 200
    error = BeautifulSoup(bad.get_data(as_text=True), "html5lib").select_one(".govuk-error-summary")
    assert "Enter a percentage from 0 to 100" in error.text


def test_reviews_not_yet_due_are_not_counted(db_session):
    """Issue 15: reviews due later were counted as late (4 of 978 "on time")."""
    case = make("K-R", date(2024, 1, 8), issued=date(2024, 5, 1))
    review(case, date(2026, 3, 31), date(2026, 3, 20))  # due and done on time
    review(case, date(2026, 6, 30))  # due, not done: late
    review(case, date(2026, 12, 31))  # not due yet
    review(case, date(2027, 4, 30))  # next year: not due yet
    db_session.flush()
    by_year = {f.period: f for f in dashboard.figures(today=date(2026, 12, 5))}
    assert (by_year["2026"].reviews_due, by_year["2026"].reviews_on_time) == (2, 1)
    assert "2027" not in by_year


def test_dashboard_opens_on_the_current_year(db_session):
    case = make("K-Y", date(2025, 3, 3), issued=date(2025, 7, 1))
    review(case, date(2026, 6, 30), date(2026, 6, 1))
    review(case, date(2027, 6, 30))
    db_session.flush()
    board = dashboard.dashboard(year=None, viewer=None, today=date(2026, 12, 5))
    assert board.year == 2026 and 2027 not in board.years
    assert {f.period[:4] for f in board.by_month} == {"2026"}
