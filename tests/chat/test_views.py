"""/ask as a full page, as an htmx fragment and without JavaScript."""

from __future__ import annotations

import re

from sqlalchemy import select

from portal.chat.models import CallbackRequest, ChatMessage
from portal.safeguarding.models import SafeguardingFlag


def csrf(soup) -> str:
    return soup.find("input", {"name": "csrf_token"})["value"]


def test_empty_page(pages):
    soup = pages.get("/ask")
    form = soup.select_one("form[action='/ask']")
    assert form["method"] == "post" and form["data-hx-post"] == "/ask"
    assert soup.select_one("#chat-announcer")["aria-live"] == "polite"
    assert soup.find("a", href="/ask/contact")


def test_ask_without_javascript(pages):
    soup = pages.get("/ask")
    response = pages.client.post("/ask", data={"message": "what is respite", "csrf_token": csrf(soup)})
    assert response.status_code == 303 and response.headers["Location"].endswith("/ask#latest")
    page = pages.get("/ask")
    answers = page.select(".portal-chat__answer")
    assert len(answers) == 1
    assert answers[0].find("a", href=lambda href: href and href.startswith("/local-offer/short-breaks-respite"))
    assert page.select_one("#latest")


def test_ask_with_htmx_returns_the_conversation_fragment(pages):
    soup = pages.get("/ask")
    response = pages.client.post(
        "/ask",
        data={"message": "what is a SENCO", "csrf_token": csrf(soup)},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<h1" not in html
    assert 'id="chat-announcer" data-hx-swap-oob="true"' in html
    assert "portal-chat__answer" in html


def test_empty_question_shows_an_error(pages):
    soup = pages.get("/ask")
    response = pages.client.post("/ask", data={"message": "  ", "csrf_token": csrf(soup)})
    assert response.status_code == 200
    assert "Enter your question" in response.get_data(as_text=True)


def test_post_without_csrf_is_refused(client):
    response = client.post("/ask", data={"message": "hello"})
    assert response.status_code == 400


def test_urgent_message_is_flagged(pages, db_session):
    soup = pages.get("/ask")
    pages.client.post("/ask", data={"message": "he hits me and I'm scared to go home", "csrf_token": csrf(soup)})
    page = pages.get("/ask")
    assert "999" in page.select_one(".portal-urgent").text
    flag = db_session.scalar(select(SafeguardingFlag).order_by(SafeguardingFlag.created_at.desc()))
    assert flag.text == "he hits me and I'm scared to go home"


def test_quick_replies_and_helpful(pages, db_session):
    soup = pages.get("/ask")
    pages.client.post("/ask", data={"message": "how do I ask for an EHC needs assessment", "csrf_token": csrf(soup)})
    page = pages.get("/ask")
    buttons = [b["value"] for b in page.select(".portal-quick-replies button[name=message]")]
    assert "How long does it take?" in buttons
    helpful_form = page.select_one("form.portal-helpful")
    response = pages.client.post(helpful_form["action"], data={"helpful": "no", "csrf_token": csrf(page)})
    assert response.status_code == 303
    message_id = re.search(r"/ask/helpful/([\w-]+)", helpful_form["action"]).group(1)
    assert db_session.get(ChatMessage, message_id).helpful is False


def test_cannot_rate_another_conversation(app, pages, db_session):
    other = app.test_client()
    soup = pages.get("/ask")
    pages.client.post("/ask", data={"message": "what is respite", "csrf_token": csrf(soup)})
    action = pages.get("/ask").select_one("form.portal-helpful")["action"]
    other_soup = other.get("/ask")
    token = re.search(r'name="csrf_token" value="([^"]+)"', other_soup.get_data(as_text=True)).group(1)
    response = other.post(action, data={"helpful": "yes", "csrf_token": token})
    assert response.status_code == 404


def test_callback_journey(pages, db_session):
    soup = pages.get("/ask/contact")
    token = csrf(soup)
    key = soup.find("input", {"name": "idempotency_key"})["value"]
    bad = pages.client.post("/ask/contact", data={"name": "Sam", "about": "help", "csrf_token": token})
    assert "Enter a phone number or an email address" in bad.get_data(as_text=True)
    data = {"name": "Sam Example", "phone": "01632 960999", "about": "EHCP help", "preferred_time": "any",
            "csrf_token": token, "idempotency_key": key}  # fmt: skip
    assert pages.client.post("/ask/contact", data=data).status_code == 303
    assert pages.client.post("/ask/contact", data=data).status_code == 303, "pressing send twice is safe"
    assert len(db_session.scalars(select(CallbackRequest).where(CallbackRequest.idempotency_key == key)).all()) == 1
    done = pages.get("/ask/contact/done")
    assert "We will contact you" in done.h1.text


def test_rate_limit_tells_them_and_keeps_what_they_typed(tmp_path):
    from portal.extensions import limiter
    from tests.test_csrf_and_limits import build_app, load_everything, token_from

    was_enabled = limiter.enabled  # one limiter serves every app in the run: leave it as it was found
    app = build_app(tmp_path, sqlite_only=True, RATELIMIT_ENABLED=True)
    app.config["RATELIMIT_ENABLED"] = True
    try:
        load_everything(app)
        client = app.test_client()
        token = token_from(client.get("/ask"))
        for _ in range(20):
            client.post("/ask", data={"message": "what is respite", "csrf_token": token})
        typed = "how do I ask for a personal budget for my son"
        plain = client.post("/ask", data={"message": typed, "csrf_token": token})
        fragment = client.post("/ask", data={"message": typed, "csrf_token": token}, headers={"HX-Request": "true"})
    finally:
        limiter.enabled = was_enabled
    from bs4 import BeautifulSoup

    assert plain.status_code == 429
    assert fragment.status_code == 200  # htmx swaps it in
    for response in (plain, fragment):
        soup = BeautifulSoup(response.get_data(as_text=True), "html5lib")
        assert "Wait a minute, then ask again" in soup.select_one(".govuk-error-summary").get_text()
        assert soup.find("textarea", {"name": "message"}).get_text() == typed


def test_a_key_point_leads_an_answer_quoted_from_the_body(pages):
    """The page's own one-sentence key point first, as its own paragraph, then the passage, linked to its section."""
    soup = pages.get("/ask")
    question = "who decides which school goes in the plan"
    pages.client.post("/ask", data={"message": question, "csrf_token": csrf(soup)})
    answer = pages.get("/ask").select(".portal-chat__answer")[-1]
    paragraphs = [p.get_text(" ", strip=True) for p in answer.select("p.govuk-body")]
    page = pages.get("/local-offer/draft-plan-and-naming-a-school")
    heading = page.find(id="key-points")
    key_points = [li.get_text(" ", strip=True) for li in heading.find_next("ul").select("li")]
    assert paragraphs[0] in key_points
    assert paragraphs[1] not in key_points
    source = answer.find("a", href=lambda h: h and h.startswith("/local-offer/draft-plan-and-naming-a-school#"))
    assert source and not source["href"].endswith("#key-points")


def _screen_flags_everything(monkeypatch):
    from portal.chat import understand
    from portal.safeguarding import Screening

    flagged = Screening(risky=True, score=0.8, categories=("carer-crisis",), sentence="")
    monkeypatch.setattr(understand, "screen", lambda text: flagged)


def _flagged_exchange(pages, db_session, monkeypatch, message):
    """Post a message screening flags without JavaScript, then again with htmx: (the answer as the page shows it,
    the words of the newest safeguarding flag, the htmx fragment)."""
    _screen_flags_everything(monkeypatch)
    soup = pages.get("/ask")
    response = pages.client.post("/ask", data={"message": message, "csrf_token": csrf(soup)})
    assert response.status_code == 303
    answer = pages.get("/ask").select_one(".portal-chat__answer")
    flag = db_session.scalar(select(SafeguardingFlag).order_by(SafeguardingFlag.created_at.desc()))
    fragment = pages.client.post(
        "/ask", data={"message": message, "csrf_token": csrf(soup)}, headers={"HX-Request": "true"}
    ).get_data(as_text=True)
    return answer, flag.text, fragment


def test_urgent_help_then_the_answer_without_javascript_and_with_htmx(pages, db_session, monkeypatch):
    message = "I am exhausted and have not slept in months. Can we get short breaks, and how do we ask?"
    answer, flagged, fragment = _flagged_exchange(pages, db_session, monkeypatch, message)
    urgent = answer.select_one(".portal-urgent")
    assert "999" in urgent.text and "short break" not in urgent.text.lower()
    lead_in = urgent.find_next_sibling("p")
    assert lead_in.text.strip() == "About your question:"
    assert "short break" in answer.text.lower().split("about your question:")[1]
    assert answer.find("a", href=lambda href: href and href.startswith("/local-offer/short-breaks"))
    assert flagged == message
    assert "<h1" not in fragment and "About your question:" in fragment and "portal-urgent" in fragment


def test_urgent_help_then_how_to_find_out_about_the_case_without_javascript_and_with_htmx(
    pages, db_session, monkeypatch
):
    message = "where is my son's EHC needs assessment up to? it has been 19 weeks and nobody answers my calls"
    answer, flagged, fragment = _flagged_exchange(pages, db_session, monkeypatch, message)
    urgent = answer.select_one(".portal-urgent")
    assert "999" in urgent.text and "caseworker" not in urgent.text
    assert urgent.find_next_sibling("p").text.strip() == "About your case:"
    assert "Your caseworker can tell you" in answer.text
    assert answer.find("a", href=lambda href: href and href.startswith("/local-offer/urgent-help"))
    assert flagged == message  # flagged for the lead all the same
    assert "<h1" not in fragment and "About your case:" in fragment and "portal-urgent" in fragment


def test_a_rule_asked_through_the_familys_own_case_without_javascript_and_with_htmx(pages):
    message = "my son's draft EHC plan arrived in the post on Tuesday. By when do I have to send my comments back?"
    soup = pages.get("/ask")
    response = pages.client.post("/ask", data={"message": message, "csrf_token": csrf(soup)})
    assert response.status_code == 303
    answer = pages.get("/ask").select_one(".portal-chat__answer")
    lead_in = next(p for p in answer.select("p") if p.text.strip() == "About your case:")
    rule_text = "".join(el.text for el in lead_in.find_all_previous(["li", "p"]) if answer in el.parents)
    assert "15 days" in rule_text  # the rule comes first
    assert "cannot see anyone's case" in lead_in.find_next_sibling("p").text
    assert answer.find("a", href=lambda href: href and href.startswith("/local-offer/draft-plan-and-naming-a-school"))
    fragment = pages.client.post(
        "/ask", data={"message": message, "csrf_token": csrf(soup)}, headers={"HX-Request": "true"}
    ).get_data(as_text=True)
    assert "<h1" not in fragment and "About your case:" in fragment and "15 days" in fragment


def test_a_signed_in_family_asking_about_their_case_is_pointed_to_their_case_page(pages, db_session):
    from portal.auth import services as auth
    from tests.pages import token_from

    auth.create_user(email="family@example.com", password="correct horse battery", roles=[], verified=True,
                     display_name="A parent")  # fmt: skip
    sign_in = token_from(pages.client.get("/account/sign-in"))
    pages.client.post("/account/sign-in", data={"email": "family@example.com", "password": "correct horse battery",
                                                "csrf_token": sign_in})  # fmt: skip
    soup = pages.get("/ask")
    response = pages.client.post("/ask", data={"message": "has the panel decided on my son's request yet",
                                               "csrf_token": csrf(soup)})  # fmt: skip
    assert response.status_code == 303
    answer = pages.get("/ask").select_one(".portal-chat__answer").text
    assert "cannot see anyone's case" in answer
    assert 'You are signed in: open "Your case"' in answer and "sign in and open" not in answer
