"""Every page type, in English and Welsh, has no axe-core violations at WCAG 2.2 A and AA."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

AXE = Axe()
WCAG = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    "resultTypes": ["violations"],
}

PAGE_TYPES = [
    "/",
    "/local-offer/",
    "/local-offer/annual-review",
    "/local-offer/annual-review?view=easy-read",
    "/local-offer/complaints",
    "/local-offer/short-breaks-services-statement",
    "/feedback/page/thanks?path=/local-offer/annual-review",
    "/local-offer/age/16-25",
    "/local-offer/need/semh",
    "/local-offer/services",
    "/local-offer/services?category=health&age=7&postcode=WX2+3AB&radius=10",
    "/local-offer/services?age=99",
    "/search",
    "/search?q=respite",
    "/search?q=zzzqqq",
    "/search?q=phisiotherapy",
    "/accessibility",
    "/privacy",
    "/cookies",
    "/contact",
    "/request-an-assessment",
    "/complaints",
    "/no-such-page",
    "/ask",
    "/ask/contact",
    "/ask/contact/done",
    "/account/sign-in",
    "/account/create",
    "/account/forgot-password",
    "/account/check-your-email",
    "/account/verify/not-a-real-token",
]


def violations(page) -> list[str]:
    results = AXE.run(page, options=WCAG)
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes)" for v in results.response["violations"]]


@pytest.mark.parametrize("lang", ["en", "cy"])
@pytest.mark.parametrize("path", PAGE_TYPES)
def test_no_axe_violations(page, live_server, path, lang):
    joiner = "&" if "?" in path else "?"
    page.goto(f"{live_server}{path}{joiner}lang={lang}")
    assert page.locator("html").get_attribute("lang") == lang
    assert violations(page) == []


def test_service_detail_pages_have_no_violations(page, live_server):
    page.goto(f"{live_server}/local-offer/services?category=education")
    href = page.locator("#search-results h3 a").first.get_attribute("href")
    for lang in ("en", "cy"):
        page.goto(f"{live_server}{href}?lang={lang}")
        assert violations(page) == []


def test_right_to_left_page_has_no_violations(page, live_server):
    page.goto(f"{live_server}/local-offer/urgent-help?lang=ur")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert violations(page) == []


def test_works_at_400_percent_zoom(browser, live_server):
    """WCAG reflow: at 320 CSS pixels wide nothing needs sideways scrolling."""
    context = browser.new_context(viewport={"width": 320, "height": 640})
    tab = context.new_page()
    for path in ("/", "/local-offer/annual-review", "/local-offer/services"):
        tab.goto(f"{live_server}{path}")
        overflow = tab.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 1, f"{path} scrolls sideways by {overflow}px"
    context.close()


def test_conversation_and_errors_have_no_violations(page, live_server):
    for lang in ("en", "cy"):
        page.goto(f"{live_server}/ask?lang={lang}")
        page.locator("#ask-submit").click()
        page.locator(".govuk-error-summary").wait_for()
        assert violations(page) == []
        page.fill("#message", "what is respite")
        page.locator("#ask-submit").click()
        page.locator(".portal-chat__answer").first.wait_for()
        assert violations(page) == []
        page.goto(f"{live_server}/ask/contact?lang={lang}")
        page.locator("#contact-submit").click()
        page.locator(".govuk-error-summary").wait_for()
        assert violations(page) == []


def test_signed_in_and_officer_pages_have_no_violations(page, live_server):
    page.goto(f"{live_server}/account/sign-in")
    page.fill("#email", "admin@example.com")
    page.fill("#password", "wessex-demo-only-2026")
    page.locator("#sign-in-submit").click()
    page.wait_for_url(re.compile(r".*/(account|officers)$"))
    for path in (
        "/account",
        "/officers/content-gaps",
        "/officers/outbox",
        "/account/children",
        "/account/children/add",
        "/account/your-data",
        "/account/your-data/download",
        "/account/sharing",
    ):
        for lang in ("en", "cy"):
            page.goto(f"{live_server}{path}?lang={lang}")
            assert violations(page) == [], path


def test_a_familys_data_download_has_no_violations(page, live_server):
    """The readable download nests records (a case's steps, documents and messages) inside summary lists."""
    page.goto(f"{live_server}/account/sign-in")
    page.fill("#email", "parent.one@example.com")
    page.fill("#password", "wessex-demo-only-2026")
    page.locator("#sign-in-submit").click()
    page.wait_for_url(re.compile(r".*/account$"))
    for lang in ("en", "cy", "ur"):
        page.goto(f"{live_server}/account/your-data/download?lang={lang}")
        assert page.locator("#section-cases + dl, #section-cases ~ dl").count() > 0
        assert violations(page) == [], lang


def test_urgent_help_then_an_answer_has_no_violations(page, live_server, monkeypatch):
    # Screening that flags every message (what it flags is tested in tests/test_screening.py).
    from portal.chat import understand
    from portal.safeguarding import Screening

    monkeypatch.setattr(
        understand, "screen", lambda text: Screening(risky=True, score=0.8, categories=("carer-crisis",))
    )
    for lang, message in (
        ("en", "I am worn out. Can we get short breaks?"),
        ("cy", "Dw i wedi blino. Oes seibiannau byr?"),
    ):
        page.goto(f"{live_server}/ask?lang={lang}")
        page.fill("#message", message)
        page.locator("#ask-submit").click()
        page.locator(".portal-chat__answer .portal-urgent").last.wait_for()
        assert violations(page) == []
