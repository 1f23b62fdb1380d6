"""Co-production in a real browser, in English and Welsh, with zero axe violations at every step:
a participation lead builds and publishes a survey, a family answers it, the results dashboard shows it,
and an entry made from it appears on the public You said, we did page."""

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
def test_survey_from_building_to_you_said_we_did(page, browser, live_server, lang):
    title = f"Transport survey {lang}"
    slug = f"transport-survey-{lang}"
    # The participation lead builds the survey.
    sign_in(page, live_server, "participation@example.com")
    page.goto(f"{live_server}/officers/surveys?lang={lang}")
    no_violations(page)
    page.locator("#create-survey").click()
    no_violations(page)
    page.fill("#title", title)
    page.fill("#title_cy", f"Arolwg trafnidiaeth {lang}")
    page.fill("#intro", "Tell us about school transport.")
    page.fill("#intro_cy", "Dywedwch wrthym am drafnidiaeth i'r ysgol.")
    page.locator("#save-survey").click()
    page.wait_for_url(re.compile(r"/officers/surveys/[0-9a-f-]+$"))
    no_violations(page)
    survey_url = page.url
    questions = [
        (
            "single",
            "Do you use school transport?",
            "Ydych chi'n defnyddio trafnidiaeth ysgol?",
            "Yes\nNo",
            "Ydw\nNac ydw",
        ),
        ("rating5", "How good is it?", "Pa mor dda yw hi?", "", ""),
        ("text", "What should we change?", "Beth ddylen ni ei newid?", "", ""),
    ]
    for kind, text, text_cy, options, options_cy in questions:
        page.goto(f"{survey_url}/questions/new")
        page.check(f"input[name=kind][value={kind}]")
        page.fill("#text", text)
        page.fill("#text_cy", text_cy)
        if options:
            page.fill("#options", options)
            page.fill("#options_cy", options_cy)
        if kind == "text":
            page.check("input[name=required][value=no]")
        no_violations(page)
        page.locator("#save-question").click()
        page.wait_for_url(re.compile(re.escape(survey_url) + r"#q\d"))
    no_violations(page)
    page.goto(f"{survey_url}/preview?version={'cy' if lang == 'cy' else 'en'}")
    assert page.locator("text=Pa mor dda yw hi?").count() == (1 if lang == "cy" else 0)
    no_violations(page)
    page.goto(survey_url)
    page.locator("#publish-survey").click()
    page.wait_for_url(survey_url)

    # A family answers it (a separate browser, not signed in).
    family_context = browser.new_context()
    family = family_context.new_page()
    family.goto(f"{live_server}/surveys/{slug}?lang={lang}")
    assert family.locator("html").get_attribute("lang") == lang
    assert family.locator("h1").inner_text() == (f"Arolwg trafnidiaeth {lang}" if lang == "cy" else title)
    no_violations(family)
    family.locator("#start-survey").click()
    family.wait_for_url(re.compile(r"/about-you$"))
    no_violations(family)
    family.locator("#continue").click()  # nothing chosen: the errors show
    family.locator(".govuk-error-summary").wait_for()
    no_violations(family)
    family.check("input[name=respondent_group][value=parent]")
    family.select_option("#area", "X07000002")
    family.locator("#continue").click()
    family.wait_for_url(re.compile(r"/questions/1$"))
    no_violations(family)
    family.check("input[name=answer][value=o1]")
    family.locator("#continue").click()
    family.wait_for_url(re.compile(r"/questions/2$"))
    no_violations(family)
    family.check("input[name=answer][value='2']")
    family.locator("#continue").click()
    family.wait_for_url(re.compile(r"/questions/3$"))
    no_violations(family)
    family.fill("#answer", "The bus is often late. Phone me on 07700 900456.")
    family.locator("#continue").click()
    family.wait_for_url(re.compile(r"/check$"))
    no_violations(family)
    family.locator("#send-answers").click()
    family.wait_for_url(re.compile(r"/done$"))
    assert family.locator(".govuk-panel").count() == 1
    no_violations(family)
    family_context.close()

    # The results dashboard shows it.
    page.goto(f"{survey_url}/results?lang={lang}")
    results = page.locator("#survey-results")
    assert re.search(r"\b1\b", results.locator("#response-count").inner_text())
    assert "The bus is often late" in results.inner_text()
    assert "07700" not in results.inner_text()
    no_violations(page)

    # An entry is made from the rating question and published.
    page.locator("#survey-results a[href*='kind=survey_question']").nth(1).click()
    page.wait_for_url(re.compile(r"/officers/you-said-we-did/new"))
    # One answer: small numbers are suppressed (groups under 5), so the entry says so instead of a figure.
    assert "Fewer than 5 answers" in page.locator("#you_said").input_value()
    no_violations(page)
    entry_title = f"Buses on time {lang}"
    page.fill("#title", entry_title)
    page.fill("#title_cy", f"Bysiau ar amser {lang}")
    page.fill("#you_said_cy", "Mae'r bws yn aml yn hwyr.")
    page.fill("#we_did", "We will check bus times with the transport company every term.")
    page.fill("#we_did_cy", "Byddwn yn gwirio amseroedd bysiau bob tymor.")
    page.fill("#owner", "SEND transport team")
    page.fill("#theme", "Transport")
    page.locator("#save-entry").click()
    page.wait_for_url(re.compile(r"/officers/you-said-we-did/[0-9a-f-]+$"))
    no_violations(page)
    page.locator("#publish-entry").click()
    page.wait_for_url(re.compile(r"/officers/you-said-we-did/[0-9a-f-]+$"))

    # It appears on the public page, in the visitor's language.
    page.goto(f"{live_server}/you-said-we-did?lang={lang}")
    shown = f"Bysiau ar amser {lang}" if lang == "cy" else entry_title
    assert page.locator(f"text={shown}").count() == 1
    no_violations(page)
    page.goto(f"{live_server}/local-offer/annual-review?lang={lang}")
    page.locator("a[href='/you-said-we-did']").first.click()
    page.wait_for_url(re.compile(r"/you-said-we-did$"))


def test_answering_without_javascript(nojs_page, live_server):
    page = nojs_page
    page.goto(f"{live_server}/surveys/local-offer-survey-2026")
    page.locator("#start-survey").click()
    page.check("input[name=respondent_group][value=young_person]")
    page.select_option("#area", "not_say")
    page.locator("#continue").click()
    page.check("input[name=answer][value=no]")  # routing: "No" skips to question 5
    page.locator("#continue").click()
    page.wait_for_url(re.compile(r"/questions/5$"))
    page.locator("#continue").click()  # optional: left empty
    page.wait_for_url(re.compile(r"/questions/6$"))
    page.locator("#continue").click()
    page.wait_for_url(re.compile(r"/check$"))
    page.locator("#send-answers").click()
    page.wait_for_url(re.compile(r"/done$"))
    assert page.locator(".govuk-panel").count() == 1


def test_demo_results_and_public_pages_have_no_violations(page, live_server):
    sign_in(page, live_server, "participation@example.com")
    page.goto(f"{live_server}/officers/surveys")
    page.locator("a", has_text="Local Offer survey 2026").first.click()
    survey_url = page.url
    for path in ("", "/results", "/results?group=parent", "/preview?version=easy"):
        for lang in ("en", "cy"):
            page.goto(f"{survey_url}{path}{'&' if '?' in path else '?'}lang={lang}")
            no_violations(page)
    page.goto(f"{survey_url}/results?lang=en")  # the loop above left the language cookie on Welsh
    page.locator("a", has_text="Tag answers with themes").first.click()
    no_violations(page)
    for path in ("/officers/you-said-we-did", "/officers/you-said-we-did/sources", "/you-said-we-did"):
        for lang in ("en", "cy"):
            page.goto(f"{live_server}{path}?lang={lang}")
            no_violations(page)
    page.goto(f"{live_server}/officers/you-said-we-did")
    page.locator("table a").first.click()
    no_violations(page)
    page.locator("#show-feedback").click()
    no_violations(page)
    year = page.evaluate("new Date().getFullYear()")
    page.goto(f"{live_server}/you-said-we-did/{year}/summary")
    no_violations(page)
