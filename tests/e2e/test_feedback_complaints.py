"""Page feedback and the complaint journey in a real browser, in English and Welsh, with axe on every page."""

from __future__ import annotations

import re

import pytest

from tests.e2e.test_accessibility import violations


def submit(page) -> None:
    page.locator("main form[method=post] button.govuk-button, main form[method=post] input[type=submit]").last.click()


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_page_feedback_inline_with_htmx(page, live_server, lang):
    page.goto(f"{live_server}/local-offer/annual-review?lang={lang}")
    page.evaluate("window.__marker = 1")
    page.locator("#page-feedback a").nth(1).click()  # "No"
    box = page.locator("#page-feedback-form textarea[name=comment]")
    box.wait_for()
    assert page.evaluate("window.__marker") == 1, "the form loaded in place"
    assert violations(page) == []
    box.fill("The dates are hard to find. My son is called Tom.")
    page.locator("#page-feedback-form form button").click()
    page.locator("#page-feedback-form form").wait_for(state="detached")
    assert page.evaluate("window.__marker") == 1
    assert page.locator("html").get_attribute("lang") == lang
    assert violations(page) == []


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_report_a_problem_without_javascript(nojs_page, live_server, lang):
    nojs_page.goto(f"{live_server}/local-offer/annual-review?lang={lang}")
    nojs_page.locator("#page-feedback a").nth(2).click()  # "Report a problem with this page"
    nojs_page.wait_for_url(re.compile(r"/feedback/page\?path="))
    nojs_page.locator("input[name=theme][value=accessibility]").check()
    nojs_page.fill("textarea[name=doing]", "Reading about reviews")
    nojs_page.fill("textarea[name=comment]", "The table is too wide on my phone")
    submit(nojs_page)
    # The thanks shows on the page itself, or on a page of its own when screening flagged the words (the
    # screen's false alarms on ordinary feedback are tracked in issue 12).
    nojs_page.wait_for_url(re.compile(r"/local-offer/annual-review\?feedback=thanks|/feedback/page/thanks"))
    if "/feedback/page/thanks" not in nojs_page.url:
        assert nojs_page.locator("#page-feedback-form p").count() == 1


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_feedback_form_page_has_no_violations(page, live_server, lang):
    page.goto(f"{live_server}/feedback/page?path=/local-offer/annual-review&lang={lang}")
    assert page.locator("html").get_attribute("lang") == lang
    assert violations(page) == []
    submit(page)  # nothing written: the page comes back with an error
    page.locator(".govuk-error-summary").wait_for()
    assert page.title().startswith("Error:" if lang == "en" else "Gwall:")
    assert violations(page) == []


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_complaint_journey(page, live_server, lang):
    page.goto(f"{live_server}/complaints?lang={lang}")
    assert page.locator("html").get_attribute("lang") == lang
    assert violations(page) == []
    page.locator("a.govuk-button--start").click()
    page.wait_for_url(re.compile(r"/complaints/about"))
    submit(page)  # nothing chosen: an error
    page.locator(".govuk-error-summary").wait_for()  # the page comes back after the post: wait for it
    assert page.locator(".govuk-error-summary").count() == 1
    assert violations(page) == []
    page.locator("input[name=about][value=ehc_decision]").check()
    submit(page)
    page.wait_for_url(re.compile(r"/complaints/better-route/ehc_decision"))
    assert violations(page) == []
    page.locator("main a.govuk-button").click()
    page.wait_for_url(re.compile(r"/complaints/what-happened"))
    assert violations(page) == []
    page.fill("textarea[name=what_happened]", "We waited 6 months for a reply about the annual review.")
    submit(page)
    page.wait_for_url(re.compile(r"/complaints/outcome"))
    page.fill("textarea[name=outcome_wanted]", "An apology and a date for the review.")
    submit(page)
    page.wait_for_url(re.compile(r"/complaints/your-case"))
    assert violations(page) == []
    submit(page)
    page.wait_for_url(re.compile(r"/complaints/contact"))
    assert violations(page) == []
    page.fill("input[name=name]", "Alex Example")
    page.fill("input[name=email]", "alex@example.com")
    page.locator("input[name=contact_by][value=email]").check()
    submit(page)
    page.wait_for_url(re.compile(r"/complaints/help-you-need"))
    assert violations(page) == []
    submit(page)
    page.wait_for_url(re.compile(r"/complaints/upload"))
    assert violations(page) == []
    submit(page)
    page.wait_for_url(re.compile(r"/complaints/check"))
    assert violations(page) == []
    assert "We waited 6 months" in page.locator("main").inner_text()
    submit(page)
    page.wait_for_url(re.compile(r"/complaints/sent"))
    assert violations(page) == []
    reference = page.locator(".govuk-panel strong").inner_text()
    assert re.fullmatch(r"CMP-[A-Z0-9]{8}", reference)
    page.locator("main a", has_text=re.compile(".")).filter(has_not_text="999").first.click()
    page.wait_for_url(re.compile(r"/complaints/view/"))
    assert reference in page.locator("h1").inner_text()
    assert violations(page) == []


PASSWORD = "wessex-demo-only-2026"


def sign_in(page, live_server, email):
    page.goto(f"{live_server}/account/sign-in?lang=en")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.locator("#sign-in-submit").click()
    page.wait_for_url(re.compile(r".*/account.*|.*/officers.*"))


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_officer_screens(page, live_server, lang):
    """The queue, one complaint (sent by the journeys above), the themes report and page feedback."""
    sign_in(page, live_server, "complaints@example.com")
    page.goto(f"{live_server}/officers/complaints?status=all&lang={lang}")
    assert violations(page) == []
    link = page.locator("main table a").first
    if link.count():
        link.click()
        page.wait_for_url(re.compile(r"/officers/complaints/"))
        assert violations(page) == []
    page.goto(f"{live_server}/officers/complaints/report?lang={lang}")
    assert violations(page) == []
    # Page feedback is not the complaints officer's: the administrator reads it (and no longer reads complaints).
    page.context.clear_cookies()
    sign_in(page, live_server, "admin@example.com")
    page.goto(f"{live_server}/officers/page-feedback?lang={lang}")
    assert violations(page) == []
