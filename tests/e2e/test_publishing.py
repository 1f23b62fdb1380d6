"""An editor's change goes from draft to review (by a second officer) to published, and search finds it in the
same minute; every publishing screen has no axe violations in English and Welsh."""

from __future__ import annotations

import re
import time

from tests.e2e.test_accessibility import violations

PASSWORD = "wessex-demo-only-2026"
SLUG = "annual-review"


def sign_in(page, live_server, email):  # type: ignore[no-untyped-def]
    page.goto(f"{live_server}/account/sign-in?lang=en")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.locator("#sign-in-submit").click()
    page.wait_for_url(re.compile(r".*/account.*|.*/officers.*"))


def check(page, url: str) -> None:  # type: ignore[no-untyped-def]
    for lang in ("cy", "en"):
        joiner = "&" if "?" in url else "?"
        page.goto(f"{url}{joiner}lang={lang}")
        assert page.locator("html").get_attribute("lang") == lang
        assert violations(page) == [], f"{url} ({lang})"


def test_draft_review_publish_and_search_in_the_same_minute(page, browser, live_server):  # type: ignore[no-untyped-def]
    started = time.monotonic()
    sign_in(page, live_server, "editor@example.com")
    edit_url = f"{live_server}/local-offer/editor/pages/{SLUG}/en"
    check(page, edit_url)

    # The live preview follows the typing (htmx), without saving anything.
    body = page.locator("#body_md")
    text = body.input_value()
    body.fill(text + "\n## Kestrelwing meetings\n\nKestrelwing is the new name for our review meetings.\n")
    page.locator("#preview h2", has_text="Kestrelwing meetings").wait_for()
    assert violations(page) == []
    page.locator("#submit-button").click()
    page.wait_for_url(re.compile(r"/local-offer/editor/versions/"))
    assert "Waiting for review" in page.locator("main").inner_text()
    assert page.locator("#review-changes").count() == 0  # the author cannot review their own change
    check(page, page.url.split("?")[0])

    # A second officer reviews it and publishes it.
    context = browser.new_context(viewport={"width": 1024, "height": 800})
    try:
        reviewer = context.new_page()
        sign_in(reviewer, live_server, "admin@example.com")
        check(reviewer, f"{live_server}/local-offer/editor/review")
        reviewer.locator("main a", has_text="Review Annual reviews of EHC plans").click()
        reviewer.wait_for_url(re.compile(r"/review$"))
        assert reviewer.locator("tr", has_text="Kestrelwing is the new name").first.inner_text().startswith("Added")
        check(reviewer, reviewer.url)
        reviewer.get_by_label("Approve and publish").check()
        reviewer.locator("#confirm-review").click()
        reviewer.wait_for_url(re.compile(r"/local-offer/editor/versions/"))
        assert "Published" in reviewer.locator("main").inner_text()
        assert violations(reviewer) == []
    finally:
        context.close()

    # Families find it straight away, in search and on the page.
    page.goto(f"{live_server}/search?q=kestrelwing&lang=en")
    first = page.locator("#search-results h3 a").first
    assert first.get_attribute("href") == f"/local-offer/{SLUG}"
    first.click()
    page.locator("h2", has_text="Kestrelwing meetings").wait_for()
    assert page.locator("h2", has_text="Kestrelwing meetings").count() == 1
    assert time.monotonic() - started < 60


def test_preview_without_javascript(nojs_page, live_server):  # type: ignore[no-untyped-def]
    sign_in(nojs_page, live_server, "editor@example.com")
    nojs_page.goto(f"{live_server}/local-offer/editor/pages/complaints/en?lang=en")
    nojs_page.fill("#body_md", "## No script preview\n\nShown after a full page load.\n")
    nojs_page.locator("#preview-button").click()
    nojs_page.locator("#preview h2", has_text="No script preview").wait_for()
    assert nojs_page.locator("#preview h2", has_text="No script preview").count() == 1


def test_publishing_screens_have_no_axe_violations(page, live_server):  # type: ignore[no-untyped-def]
    sign_in(page, live_server, "editor@example.com")
    for path in (
        "/local-offer/editor/",
        f"/local-offer/editor/pages/{SLUG}/cy",
        f"/local-offer/editor/pages/{SLUG}/en/history",
        "/local-offer/editor/freshness",
        "/local-offer/editor/coverage",
        "/local-offer/editor/coverage/LO-21",
        "/local-offer/editor/listings",
        f"/local-offer/editor/pages/{SLUG}/en/unpublish",
    ):
        check(page, f"{live_server}{path}")


def test_suggest_a_change_form_has_no_axe_violations(page, live_server):  # type: ignore[no-untyped-def]
    page.goto(f"{live_server}/local-offer/services?category=education")
    href = page.locator("#search-results h3 a").first.get_attribute("href")
    check(page, f"{live_server}{href}/suggest-change")
    page.locator("#send-change").click()
    page.locator(".govuk-error-summary").wait_for()
    assert violations(page) == []
