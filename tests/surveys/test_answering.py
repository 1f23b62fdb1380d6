"""Answering a survey: one question a page, routing, back links, check answers, idempotent submit."""

from __future__ import annotations

from sqlalchemy import func, select

from portal.surveys.models import SurveyAnswer, SurveyResponse
from tests.surveys.helpers import answer_all, full_survey, lead, post, start, submit


def test_whole_journey_records_one_response(pages, db_session):
    survey = full_survey(lead(db_session))
    client = pages.client
    soup = pages.get("/surveys/local-offer-2026")
    assert soup.h1.text.strip() == "Local Offer survey 2026"
    assert "anonymous" in soup.text
    response = answer_all(client)
    assert response.status_code == 303 and response.headers["Location"].endswith("/done")
    done = pages.get("/surveys/local-offer-2026/done")
    assert "Thank you, your answers have been sent" in done.h1.text
    sent = db_session.scalars(select(SurveyResponse).where(SurveyResponse.survey_id == survey.id)).all()
    assert len(sent) == 1 and sent[0].submitted_at is not None
    assert sent[0].respondent_group == "parent" and sent[0].area == "X07000001" and sent[0].user_id is None
    assert db_session.scalar(select(func.count()).select_from(SurveyAnswer).where(
        SurveyAnswer.response_id == sent[0].id)) == 6  # fmt: skip


def test_question_pages_follow_the_gov_uk_pattern(pages, db_session):
    full_survey(lead(db_session))
    client = pages.client
    start(client)
    soup = pages.get("/surveys/local-offer-2026/about-you")
    assert soup.h1.text.strip() == "About you"
    assert soup.find("a", class_="govuk-back-link")["href"] == "/surveys/local-offer-2026"
    assert {i["value"] for i in soup.find_all("input", {"name": "respondent_group"})} == {
        "parent", "young_person", "professional"}  # fmt: skip
    post(client, "/surveys/local-offer-2026/about-you", {"respondent_group": "young_person", "area": "X07000003"})
    soup = pages.get("/surveys/local-offer-2026/questions/1")
    assert "Have you used the Local Offer?" in soup.h1.text and "Question 1 of 6" in soup.h1.text
    assert soup.find("a", class_="govuk-back-link")["href"] == "/surveys/local-offer-2026/about-you"
    # Questions further on cannot be opened before the ones before them are answered.
    response = client.get("/surveys/local-offer-2026/questions/3")
    assert response.status_code == 303 and response.headers["Location"].endswith("/questions/1")
    post(client, "/surveys/local-offer-2026/questions/1", {"answer": "o1"})
    soup = pages.get("/surveys/local-offer-2026/questions/2")
    assert soup.find("a", class_="govuk-back-link")["href"] == "/surveys/local-offer-2026/questions/1"
    assert soup.find("input", {"type": "checkbox", "value": "o2"})


def test_required_question_shows_the_error(pages, db_session):
    full_survey(lead(db_session))
    client = pages.client
    start(client)
    post(client, "/surveys/local-offer-2026/about-you", {"respondent_group": "parent", "area": "not_say"})
    response = post(client, "/surveys/local-offer-2026/questions/1", {})
    assert response.status_code == 200
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(response.get_data(as_text=True), "html5lib")
    assert soup.title.text.startswith("Error:")
    summary = soup.find(class_="govuk-error-summary")
    assert "Select an answer" in summary.text
    assert summary.find("a")["href"] == "#answer"


def test_routing_skips_to_the_end(pages, db_session):
    survey = full_survey(lead(db_session))
    client = pages.client
    start(client)
    post(client, "/surveys/local-offer-2026/about-you", {"respondent_group": "parent", "area": "not_say"})
    response = post(client, "/surveys/local-offer-2026/questions/1", {"answer": "o2"})  # "No" -> end
    assert response.headers["Location"].endswith("/check")
    soup = pages.get("/surveys/local-offer-2026/check")
    assert soup.h1.text.strip() == "Check your answers"
    keys = [k.text.strip() for k in soup.find_all(class_="govuk-summary-list__key")]
    assert "Have you used the Local Offer?" in keys and "What did you look for?" not in keys
    assert submit(client).headers["Location"].endswith("/done")
    response = db_session.scalar(select(SurveyResponse).where(SurveyResponse.survey_id == survey.id))
    assert response.submitted_at is not None and len(response.answers) == 1


def test_changing_an_answer_drops_answers_the_route_now_skips(pages, db_session):
    survey = full_survey(lead(db_session))
    client = pages.client
    answers = [{"answer": "o1"}, {"answer": ["o3"]}, {"answer": "2"}, {"row_r1": "sa", "row_r2": "sa"}, {"answer": ""},
               {"answer": "no"}]  # fmt: skip
    start(client)
    post(client, "/surveys/local-offer-2026/about-you", {"respondent_group": "parent", "area": "not_say"})
    for number, data in enumerate(answers, start=1):
        post(client, f"/surveys/local-offer-2026/questions/{number}", data)
    assert len(pages.get("/surveys/local-offer-2026/check").find_all(class_="govuk-summary-list__row")) == 2 + 6
    response = post(client, "/surveys/local-offer-2026/questions/1", {"answer": "o2"})
    assert response.headers["Location"].endswith("/check")
    submit(client)
    sent = db_session.scalar(select(SurveyResponse).where(SurveyResponse.survey_id == survey.id))
    assert [a.value for a in sent.answers] == ["o2"]


def test_double_submit_creates_one_response(pages, db_session):
    survey = full_survey(lead(db_session))
    client = pages.client
    start(client)
    post(client, "/surveys/local-offer-2026/about-you", {"respondent_group": "parent", "area": "not_say"})
    post(client, "/surveys/local-offer-2026/questions/1", {"answer": "o2"})
    page = client.get("/surveys/local-offer-2026/check")
    import re

    from tests.pages import token_from

    data = {"csrf_token": token_from(page),
            "response": re.search(r'name="response" value="([^"]+)"', page.get_data(as_text=True)).group(1)}  # fmt: skip
    first = client.post("/surveys/local-offer-2026/check", data=data)
    second = client.post("/surveys/local-offer-2026/check", data=data)
    assert first.headers["Location"].endswith("/done") and second.headers["Location"].endswith("/done")
    count = db_session.scalar(select(func.count()).select_from(SurveyResponse).where(
        SurveyResponse.survey_id == survey.id, SurveyResponse.submitted_at.is_not(None)))  # fmt: skip
    assert count == 1


def test_free_text_is_screened_for_safeguarding(pages, db_session):
    from portal.safeguarding.services import is_flagged

    full_survey(lead(db_session))
    answers = [*ALL[:4], {"answer": "Sometimes I want to hurt myself when nobody listens"}, {"answer": "no"}]
    answer_all(pages.client, answers=answers)
    answer = db_session.scalar(select(SurveyAnswer).where(SurveyAnswer.text.like("%hurt myself%")))
    assert answer is not None and is_flagged("survey_answer", answer.id)


def test_closed_and_draft_surveys(pages, db_session):
    from datetime import date, timedelta

    user = lead(db_session)
    survey = full_survey(user)
    survey.closes_on = date.today() - timedelta(days=2)
    db_session.flush()
    soup = pages.get("/surveys/local-offer-2026")
    assert "This survey closed on" in soup.text and "Thank you to everyone who took part" in soup.text
    assert not soup.find("button", id="start-survey")
    assert pages.client.get("/surveys/local-offer-2026/questions/1").status_code == 200  # says it kindly, too
    full_survey(user, slug="draft-one", published=False)
    assert pages.client.get("/surveys/draft-one").status_code == 404


def test_welsh_visitors_see_welsh_words_and_a_note_when_some_are_missing(pages, db_session):
    survey = full_survey(lead(db_session))
    client = pages.client
    client.get("/?lang=cy")
    soup = pages.get("/surveys/local-offer-2026")
    assert soup.h1.text.strip() == "Arolwg y Cynnig Lleol 2026"
    assert soup.find("html")["lang"] == "cy"
    start(client)
    post(client, "/surveys/local-offer-2026/about-you", {"respondent_group": "parent", "area": "not_say"})
    soup = pages.get("/surveys/local-offer-2026/questions/1")
    assert "Ydych chi wedi defnyddio'r Cynnig Lleol?" in soup.h1.text
    assert "Nac ydw" in soup.text
    survey.questions[0].text_cy = None
    db_session.flush()
    soup = pages.get("/surveys/local-offer-2026/questions/1")
    assert soup.h1.find(attrs={"lang": "en"}).text == "Have you used the Local Offer?"
    assert soup.find(class_="govuk-inset-text")


def test_easy_read_shows_the_easy_read_question(pages, db_session):
    full_survey(lead(db_session))
    client = pages.client
    start(client, easy_read=True)
    post(client, "/surveys/local-offer-2026/about-you", {"respondent_group": "young_person", "area": "not_say"})
    soup = pages.get("/surveys/local-offer-2026/questions/1")
    assert "Have you looked at the Local Offer website?" in soup.h1.text


ALL = [
    {"answer": "o1"},
    {"answer": ["o1", "o2"]},
    {"answer": "4"},
    {"row_r1": "a", "row_r2": "d"},
]
