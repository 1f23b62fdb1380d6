"""Asking the assistant in a real browser, with htmx and without JavaScript."""

from __future__ import annotations

import re


def test_conversation_with_htmx(page, live_server):
    page.goto(f"{live_server}/ask")
    page.evaluate("window.__marker = 1")
    page.fill("#message", "how do I ask for an EHC needs assessment")
    page.locator("#ask-submit").click()
    answer = page.locator(".portal-chat__answer").first
    answer.wait_for()
    assert page.evaluate("window.__marker") == 1, "the answer was swapped in, not a page load"
    assert answer.locator("a[href^='/local-offer/ehc-needs-assessment-request']").count() == 1
    assert page.input_value("#message") == "", "the question box is cleared"
    assert page.locator("#chat-announcer").inner_text().startswith("New answer:")
    # A quick reply carries the conversation on.
    page.get_by_role("button", name="How long does it take?").click()
    page.locator(".portal-chat__answer").nth(1).wait_for()
    assert "week" in page.locator(".portal-chat__answer").nth(1).inner_text()
    page.locator(".portal-chat__answer").nth(1).get_by_role("button", name="Yes").click()
    page.get_by_text("Thank you for your feedback.").first.wait_for()


def test_urgent_message_in_the_browser(page, live_server):
    page.goto(f"{live_server}/ask")
    page.fill("#message", "my son has run off and we can't find him")
    page.locator("#ask-submit").click()
    urgent = page.locator(".portal-urgent").last
    urgent.wait_for()
    assert "999" in urgent.inner_text()


def test_conversation_without_javascript(nojs_page, live_server):
    nojs_page.goto(f"{live_server}/ask")
    nojs_page.fill("#message", "what is respite")
    nojs_page.locator("#ask-submit").click()
    nojs_page.wait_for_url(re.compile(r"/ask#latest$"))
    assert "short-breaks-respite" in nojs_page.locator(".portal-chat__answer").first.inner_html()
    nojs_page.get_by_role("button", name="Talk to someone").click()
    nojs_page.wait_for_url(re.compile(r"/ask#latest$"))
    assert nojs_page.locator(".portal-chat__answer").count() == 2


def test_every_page_links_to_the_assistant(page, live_server):
    page.goto(f"{live_server}/local-offer/annual-review")
    page.get_by_role("link", name="Ask a question").click()
    page.wait_for_url(re.compile(r"/ask$"))


def test_urgent_help_then_the_answer_in_the_browser(page, live_server, monkeypatch):
    # Screening that flags every message (what it flags is tested in tests/test_screening.py).
    from portal.chat import understand
    from portal.safeguarding import Screening

    monkeypatch.setattr(
        understand, "screen", lambda text: Screening(risky=True, score=0.8, categories=("carer-crisis",))
    )
    page.goto(f"{live_server}/ask")
    page.fill("#message", "I am worn out and not sleeping. Can we get short breaks, and how do we ask?")
    page.locator("#ask-submit").click()
    answer = page.locator(".portal-chat__answer").last
    answer.locator(".portal-urgent").wait_for()
    assert "999" in answer.locator(".portal-urgent").inner_text()
    assert answer.get_by_text("About your question:").is_visible()
    assert answer.locator("a[href^='/local-offer/short-breaks']").count() >= 1


def test_a_rule_asked_through_the_familys_own_case_in_the_browser(page, live_server):
    """The rule first, then how to find out about their own case; in Welsh too, with no axe violations."""
    from tests.e2e.test_accessibility import violations

    for n, (lang, message, lead) in enumerate((
        ("en", "my son's draft EHC plan arrived in the post on Tuesday. By when do I have to send my comments back?",
         "About your case:"),
        ("cy", "Daeth cynllun drafft fy mab ddydd Mawrth. Erbyn pryd mae'n rhaid i mi anfon fy sylwadau?",
         "Am eich achos:"),
    )):  # fmt: skip
        page.goto(f"{live_server}/ask?lang={lang}")
        page.fill("#message", message)
        page.locator("#ask-submit").click()
        answer = page.locator(".portal-chat__answer").nth(n)  # one conversation: the answer to this message
        answer.wait_for()
        text = answer.inner_text()
        assert "15" in text.split(lead)[0], "the rule comes first"
        assert lead in text
        assert violations(page) == []
