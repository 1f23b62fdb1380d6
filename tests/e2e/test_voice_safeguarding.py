"""The young person's space and the safeguarding lead's queue, in a real browser, in English and Welsh,
with zero axe violations at every step; and the "I don't feel safe" button without JavaScript."""

from __future__ import annotations

import re

import pytest

from tests.e2e.test_accessibility import violations

DEMO_PASSWORD = "wessex-demo-only-2026"


def sign_in(page, live_server, email):
    page.goto(f"{live_server}/account/sign-in")
    page.fill("#email", email)
    page.fill("#password", DEMO_PASSWORD)
    page.locator("#sign-in-submit").click()
    page.wait_for_url(re.compile(r".*/(account|officers)$"))


def no_violations(page):
    assert violations(page) == [], page.url


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_young_person_tells_us_how_they_feel(page, live_server, lang):
    page.goto(f"{live_server}/young-people?lang={lang}")
    assert page.locator("html").get_attribute("lang") == lang
    no_violations(page)
    speech = page.evaluate("'speechSynthesis' in window")
    assert page.locator("#read-aloud").is_visible() == speech, "read aloud shows only where the browser can speak"
    page.locator("#start-feel").click()
    page.wait_for_url(re.compile(r"/young-people/feel"))
    no_violations(page)
    page.locator("#voice-next").click()  # nothing picked: the error, accessibly
    page.locator(".govuk-error-summary").wait_for()
    no_violations(page)
    page.locator('input[name=feeling][value="4"]').check()
    page.locator("#voice-next").click()
    page.wait_for_url(re.compile(r"/young-people/what-would-help"))
    no_violations(page)
    page.locator('input[name=choices][value="quiet_place"]').check()
    page.locator("#voice-next").click()
    page.wait_for_url(re.compile(r"/young-people/tell-us-more"))
    assert page.locator("#who-reads").is_visible()
    no_violations(page)
    page.fill("textarea[name=text]", "The library at lunch is great")
    page.locator("#voice-next").click()
    page.wait_for_url(re.compile(r"/young-people/check"))
    assert "The library at lunch is great" in page.locator(".govuk-summary-list").inner_text()
    no_violations(page)
    page.locator("#voice-send").click()
    page.wait_for_url(re.compile(r"/young-people/thank-you"))
    assert page.locator(".govuk-panel").is_visible()
    no_violations(page)


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_all_about_me_without_signing_in(page, live_server, lang):
    page.goto(f"{live_server}/young-people/all-about-me?lang={lang}")
    no_violations(page)
    page.locator("#statement-start").click()
    page.wait_for_url(re.compile(r"/all-about-me/step/1"))
    no_violations(page)
    page.fill("textarea[name=answer]", "Swimming and music")
    page.locator("#statement-next").click()
    for step in range(2, 7):
        page.wait_for_url(re.compile(rf"/all-about-me/step/{step}"))
        page.locator("#statement-next").click()
    page.wait_for_url(re.compile(r"/all-about-me/check"))
    no_violations(page)
    page.locator("#statement-save").click()
    page.wait_for_url(re.compile(r"/all-about-me/[0-9a-f-]{36}"))
    assert "Swimming and music" in page.locator("main").inner_text()
    assert page.locator("#print-button").is_visible(), "print shows when JavaScript runs"
    no_violations(page)


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_unsafe_button_goes_straight_to_help(page, live_server, lang):
    page.goto(f"{live_server}/young-people/feel?lang={lang}")
    page.locator("#unsafe-button").click()
    page.wait_for_url(re.compile(r"/young-people/get-help-now"))
    assert page.locator("#unsafe-told").is_visible()
    main = page.locator("main").inner_text()
    assert "999" in main and "0800 1111" in main and "85258" in main
    no_violations(page)


def test_unsafe_button_and_journey_without_javascript(nojs_page, live_server):
    nojs_page.goto(f"{live_server}/young-people")
    assert not nojs_page.locator("#read-aloud").is_visible(), "no JavaScript, no read aloud button"
    nojs_page.locator("#unsafe-button").click()
    nojs_page.wait_for_url(re.compile(r"/young-people/get-help-now"))
    assert nojs_page.locator("#unsafe-told").is_visible()
    nojs_page.goto(f"{live_server}/young-people/feel")
    nojs_page.locator('input[name=feeling][value="3"]').check()
    nojs_page.locator("#voice-next").click()
    nojs_page.wait_for_url(re.compile(r"/young-people/what-would-help"))


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_safeguarding_lead_works_an_alert(browser, live_server, lang):
    # A young person presses the button in one browser...
    young = browser.new_context()
    tab = young.new_page()
    tab.goto(f"{live_server}/young-people")
    tab.locator("#unsafe-button").click()
    tab.wait_for_url(re.compile(r"/get-help-now"))
    young.close()
    # ...and the safeguarding lead sees it in the queue.
    context = browser.new_context(viewport={"width": 1024, "height": 800})
    page = context.new_page()
    sign_in(page, live_server, "safeguarding@example.com")
    page.goto(f"{live_server}/officers?lang={lang}")
    assert page.locator('a[href="/officers/safeguarding"]').is_visible()
    no_violations(page)
    page.goto(f"{live_server}/officers/safeguarding")
    no_violations(page)
    page.locator("#alerts tbody tr a").last.click()
    page.wait_for_url(re.compile(r"/officers/safeguarding/[0-9a-f-]{36}$"))
    assert "I don't feel safe" in page.locator("#flag-words").inner_text()
    no_violations(page)
    page.locator("#acknowledge").click()
    page.wait_for_url(re.compile(r"/officers/safeguarding/[0-9a-f-]{36}$"))
    assert not page.locator("#acknowledge").count()
    page.fill("#action_taken", "Checked the log; no way to reach an anonymous visitor.")
    page.locator('input[name=referral][value="none"]').check()
    page.locator("#action-close").click()
    page.locator(".govuk-error-summary").wait_for()  # no reason given for no referral
    no_violations(page)
    page.fill("#referral_reason", "Anonymous: nobody to refer. Noted for the termly review.")
    page.locator("#action-close").click()
    page.wait_for_url(f"{live_server}/officers/safeguarding")
    page.goto(f"{live_server}/officers/safeguarding?show=closed")
    assert page.locator("#alerts").is_visible()
    no_violations(page)
    context.close()


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_participation_lead_sees_young_peoples_views(browser, live_server, lang):
    context = browser.new_context()
    page = context.new_page()
    sign_in(page, live_server, "participation@example.com")
    page.goto(f"{live_server}/officers/young-people?lang={lang}")
    assert page.locator("#feelings").is_visible()
    no_violations(page)
    context.close()
