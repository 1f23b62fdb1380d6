"""Surveys that need signing in: one response per person, save and come back."""

from __future__ import annotations

from sqlalchemy import func, select

from portal.surveys.models import SurveyResponse
from tests.surveys.helpers import answer_all, full_survey, lead, make_user, post, sign_in, start


def test_signed_out_visitors_are_asked_to_sign_in(pages, db_session):
    full_survey(lead(db_session), anonymous=False)
    soup = pages.get("/surveys/local-offer-2026")
    link = soup.find("a", class_="govuk-button--start")
    assert link and link["href"].startswith("/account/sign-in")
    from tests.pages import token_from

    token = token_from(pages.client.get("/account/sign-in"))
    response = pages.client.post("/surveys/local-offer-2026/start", data={"csrf_token": token})
    assert response.status_code == 303 and "/account/sign-in" in response.headers["Location"]


def test_one_response_per_person_and_save_and_return(pages, db_session):
    survey = full_survey(lead(db_session), anonymous=False)
    parent = make_user("parent@example.com")
    client = pages.client
    sign_in(client, "parent@example.com")
    start(client)
    post(client, "/surveys/local-offer-2026/about-you", {"respondent_group": "parent", "area": "X07000002"})
    response = post(client, "/surveys/local-offer-2026/questions/1", {"answer": "o1", "save_later": "1"})
    assert response.headers["Location"].endswith("/saved")
    assert "Your answers have been saved" in pages.get("/surveys/local-offer-2026/saved").h1.text
    # Signing out and back in (a new browser) finds the draft on the server.
    client._cookies.clear()
    sign_in(client, "parent@example.com")
    soup = pages.get("/surveys/local-offer-2026")
    assert soup.find("button", id="start-survey").text.strip() == "Carry on where you left off"
    response = start(client)
    assert response.headers["Location"].endswith("/questions/2")
    draft = db_session.scalar(select(SurveyResponse).where(SurveyResponse.survey_id == survey.id))
    assert draft.user_id == parent.id and draft.submitted_at is None
    answers = [{"answer": "o1"}, {"answer": ["o3"]}, {"answer": "5"}, {"row_r1": "a", "row_r2": "a"}, {"answer": ""},
               {"answer": "yes"}]  # fmt: skip
    assert answer_all(client, answers=answers, group="parent", area="X07000002").headers["Location"].endswith("/done")
    # The start page says so, and a second go goes straight to the thank-you page and makes nothing new.
    soup = pages.get("/surveys/local-offer-2026")
    assert "You have already answered this survey" in soup.text and not soup.find("button", id="start-survey")
    from tests.pages import token_from

    response = client.post("/surveys/local-offer-2026/start", data={"csrf_token": token_from(client.get("/ask"))})
    assert response.headers["Location"].endswith("/done")
    count = db_session.scalar(select(func.count()).select_from(SurveyResponse).where(
        SurveyResponse.survey_id == survey.id))  # fmt: skip
    assert count == 1
