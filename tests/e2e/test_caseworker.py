"""A caseworker works the queue and records a step; a manager reads the dashboard. English and Welsh, no axe
violations (demo accounts from `portal seed-demo`, which also loads the demo cases)."""

from __future__ import annotations

import re

from tests.e2e.test_accessibility import violations

PASSWORD = "wessex-demo-only-2026"


def sign_in(page, live_server, email):
    page.goto(f"{live_server}/account/sign-in?lang=en")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.locator("#sign-in-submit").click()
    page.wait_for_url(re.compile(r".*/account.*|.*/officers.*"))


def test_caseworker_opens_the_queue_and_records_a_step(page, live_server):
    sign_in(page, live_server, "caseworker@example.com")
    for lang in ("cy", "en"):
        page.goto(f"{live_server}/officers/cases?lang={lang}")
        assert page.locator("#case-queue tbody tr").count() > 0
        assert violations(page) == [], f"queue ({lang})"
    page.goto(f"{live_server}/officers/cases?overdue=yes&mine=yes")
    first = page.locator("#case-queue tbody tr").first
    assert "Overdue" in first.inner_text()
    first.locator("a").first.click()
    page.wait_for_url(re.compile(r".*/officers/cases/[0-9a-f-]+$"))
    assert violations(page) == [], "case page (en)"
    page.goto(page.url + "?lang=cy")
    assert violations(page) == [], "case page (cy)"
    page.goto(page.url.split("?")[0] + "?lang=en")
    reference = page.locator(".govuk-caption-l").first.inner_text()
    record = page.locator("#milestone-table a", has_text="Record").first
    step = record.locator(".govuk-visually-hidden").inner_text().strip()
    record.click()
    page.wait_for_url(re.compile(r".*/milestones/.*"))
    assert violations(page) == [], "milestone form (en)"
    radios = page.locator("input[name=outcome][type=radio]")
    if radios.count():
        radios.first.check()
    if page.locator("#advisers").count():
        page.fill("#advisers", "Educational psychologist")
    page.locator("#milestone-submit").click()
    page.wait_for_load_state()
    assert page.locator(".govuk-error-summary").count() == 0, page.locator("main").inner_text()
    page.wait_for_url(re.compile(r".*/officers/cases/[0-9a-f-]+$"))
    banner = page.locator(".govuk-notification-banner").inner_text()
    assert "recorded" in banner
    assert reference in page.locator(".govuk-caption-l").first.inner_text()
    assert step.split(":")[0] in banner
    assert violations(page) == [], "case page after the update"


def test_manager_views_the_dashboard(page, live_server):
    sign_in(page, live_server, "manager@example.com")
    for lang in ("en", "cy"):
        page.goto(f"{live_server}/officers/cases/dashboard?lang={lang}")
        assert page.locator("#figures-by-year tbody tr").count() >= 3
        assert page.locator("svg#chart-requests").count() == 1
        assert page.locator("#projection-table tbody tr").count() == 12
        assert violations(page) == [], f"dashboard ({lang})"
        page.goto(f"{live_server}/officers/cases/projection?lang={lang}")
        assert violations(page) == [], f"projection ({lang})"
    page.goto(f"{live_server}/officers/cases/dashboard?lang=en")
    with page.expect_download() as download:
        page.locator("a", has_text="Download figures by year (CSV)").click()
    assert download.value.suggested_filename == "ehc-timeliness-by-year.csv"


def test_caseworker_searches_the_queue_as_they_type(page, live_server):
    """htmx active search: the results region updates while the page (and its URL path) stays."""
    sign_in(page, live_server, "caseworker@example.com")
    page.goto(f"{live_server}/officers/cases?lang=en")
    reference = page.locator("#case-queue tbody tr").first.locator(".govuk-body-s").inner_text().strip()
    page.fill("#queue-q", reference)
    page.wait_for_url(re.compile(r".*/officers/cases\?.*q=.*"))
    page.wait_for_function("document.querySelectorAll('#case-queue tbody tr').length === 1")
    assert reference in page.locator("#case-queue tbody tr").first.inner_text()
    assert violations(page) == [], "queue after a search"


def test_sen_team_opens_the_contact_requests(page, live_server):
    sign_in(page, live_server, "caseworker@example.com")
    for lang in ("en", "cy"):
        page.goto(f"{live_server}/officers/contact-requests?lang={lang}")
        assert page.locator("h1").count() == 1
        assert violations(page) == [], f"contact requests ({lang})"
    page.goto(f"{live_server}/officers/contact-requests?lang=en")
