"""The survey builder: create, add questions (with Welsh, easy read, routing), preview, publish; audited."""

from __future__ import annotations

from sqlalchemy import select

from portal.auth.models import AuditEvent, Role
from portal.surveys.models import Survey
from tests.surveys.helpers import lead, make_user, post, sign_in


def test_lead_builds_previews_and_publishes_a_survey(pages, db_session):
    lead(db_session)
    client = pages.client
    sign_in(client, "lead@example.com")
    soup = pages.get("/officers/surveys")
    assert soup.h1.text.strip() == "Surveys" and soup.find("a", id="create-survey")
    assert pages.get("/officers/surveys/new").h1.text.strip() == "Create a survey"
    response = post(client, "/officers/surveys/new", {
        "title": "Short breaks survey", "title_cy": "Arolwg seibiannau byr", "intro": "About short breaks.",
        "slug": "", "anonymous": "yes", "opens_on": ["", "", ""], "closes_on": ["31", "12", "2099"]})  # fmt: skip
    assert response.status_code == 303
    survey = db_session.scalar(select(Survey).where(Survey.title == "Short breaks survey"))
    assert survey.slug == "short-breaks-survey" and survey.title_cy == "Arolwg seibiannau byr"
    detail = response.headers["Location"]
    new_question = f"/officers/surveys/{survey.id}/questions/new"
    assert pages.get(new_question).h1.text.strip() == "Add a question"
    response = post(client, new_question, {"kind": "single", "text": "Have you used a short break?",
                                           "text_cy": "Ydych chi wedi cael seibiant byr?", "required": "yes",
                                           "options": "Yes\nNo", "options_cy": "Do\nNaddo", "routing": "",
                                           "easy_read": "Have you had a short break?"})  # fmt: skip
    assert response.status_code == 303
    post(client, new_question, {"kind": "text", "text": "Tell us more", "required": "no"})
    post(client, new_question, {"kind": "rating10", "text": "How likely are you to recommend it?", "required": "yes"})
    db_session.expire_all()
    survey = db_session.get(Survey, survey.id)
    q1 = survey.questions[0]
    assert [o["cy"] for o in q1.options] == ["Do", "Naddo"] and q1.easy_read == "Have you had a short break?"
    # Routing: "No" skips question 2.
    response = post(client, f"/officers/surveys/{survey.id}/questions/{q1.id}",
                    {"kind": "single", "text": q1.text, "text_cy": q1.text_cy, "easy_read": q1.easy_read, "required": "yes", "options": "Yes\nNo",
                     "routing": "No -> 3"})  # fmt: skip
    assert response.status_code == 303
    db_session.expire_all()
    assert db_session.get(Survey, survey.id).questions[0].routing == [{"answer": "o2", "goto": 3}]
    soup = pages.get(detail)
    assert soup.h1.text.strip() == "Short breaks survey"
    assert "No -> 3" in soup.text
    preview = pages.get(f"/officers/surveys/{survey.id}/preview?version=cy")
    assert "Ydych chi wedi cael seibiant byr?" in preview.text
    assert "Have you had a short break?" in pages.get(f"/officers/surveys/{survey.id}/preview?version=easy").text
    assert client.get("/surveys/short-breaks-survey").status_code == 404
    from tests.pages import token_from

    response = client.post(f"/officers/surveys/{survey.id}/publish",
                           data={"action": "publish", "csrf_token": token_from(client.get(detail))})  # fmt: skip
    assert response.status_code == 303
    assert pages.get("/surveys/short-breaks-survey").h1.text.strip() == "Short breaks survey"
    actions = set(db_session.scalars(select(AuditEvent.action).where(AuditEvent.object_id == survey.id)))
    assert {"survey.create", "survey.question_add", "survey.question_change", "survey.publish"} <= actions


def test_routing_must_go_forward_to_a_real_question(pages, db_session):
    lead(db_session)
    client = pages.client
    sign_in(client, "lead@example.com")
    post(client, "/officers/surveys/new", {"title": "Routing test", "anonymous": "yes"})
    survey = db_session.scalar(select(Survey).where(Survey.title == "Routing test"))
    url = f"/officers/surveys/{survey.id}/questions/new"
    response = post(client, url, {"kind": "yesno", "text": "Q?", "required": "yes", "routing": "Maybe -> end"})
    assert response.status_code == 200 and "is not one of this question" in response.get_data(as_text=True)
    response = post(client, url, {"kind": "single", "text": "Q?", "required": "yes", "options": "Only one"})
    assert "Enter at least 2 answers" in response.get_data(as_text=True)


def test_moving_and_deleting_questions_keep_routing_sensible(db_session):
    from portal.surveys import services
    from tests.surveys.helpers import full_survey

    user = lead(db_session)
    survey = full_survey(user)
    assert survey.questions[0].routing == [{"answer": "o2", "goto": services.END}]
    q2 = survey.questions[1]
    services.move_question(q2, user=user, up=True)
    assert [q.position for q in survey.questions] == [1, 2, 3, 4, 5, 6]
    assert survey.questions[0].id == q2.id
    services.delete_question(survey.questions[0], user=user)
    assert len(survey.questions) == 5 and survey.questions[0].position == 1


def test_managers_see_results_but_cannot_build(pages, db_session):
    make_user("manager@example.com", Role.MANAGER)
    sign_in(pages.client, "manager@example.com")
    soup = pages.get("/officers/surveys")
    assert not soup.find("a", id="create-survey")
    assert pages.client.get("/officers/surveys/new").status_code == 403


def _routing_survey(pages, db_session, title):
    lead(db_session)
    sign_in(pages.client, "lead@example.com")
    post(pages.client, "/officers/surveys/new", {"title": title, "anonymous": "yes"})
    survey = db_session.scalar(select(Survey).where(Survey.title == title))
    url = f"/officers/surveys/{survey.id}/questions/new"
    post(pages.client, url, {"kind": "single", "text": "First?", "required": "yes", "options": "Yes\nNo"})
    post(pages.client, url, {"kind": "text", "text": "Second?", "required": "no"})
    db_session.expire_all()
    return db_session.get(Survey, survey.id)


def test_an_invalid_routing_edit_is_not_saved(pages, db_session):
    """Issue 15: the error showed, but the question's other changes were saved anyway."""
    survey = _routing_survey(pages, db_session, "Routing not saved")
    q1 = survey.questions[0]
    response = post(pages.client, f"/officers/surveys/{survey.id}/questions/{q1.id}",
                    {"kind": "single", "text": "Changed words?", "required": "yes", "options": "Yes\nNo\nMaybe",
                     "routing": "No -> 1"})  # fmt: skip
    assert response.status_code == 200
    assert "Routing can only skip forward" in response.get_data(as_text=True)
    db_session.expire_all()
    q1 = db_session.get(Survey, survey.id).questions[0]
    assert q1.text == "First?" and [o["en"] for o in q1.options] == ["Yes", "No"] and q1.routing == []
    changes = db_session.scalars(select(AuditEvent).where(AuditEvent.object_id == survey.id,
                                                          AuditEvent.action == "survey.question_change")).all()  # fmt: skip
    assert changes == []


def test_a_new_question_with_invalid_routing_is_not_added(pages, db_session):
    survey = _routing_survey(pages, db_session, "Routing new")
    response = post(pages.client, f"/officers/surveys/{survey.id}/questions/new",
                    {"kind": "yesno", "text": "Third?", "required": "yes", "routing": "No -> 1"})  # fmt: skip
    assert response.status_code == 200
    db_session.expire_all()
    assert len(db_session.get(Survey, survey.id).questions) == 2
    adds = db_session.scalars(select(AuditEvent).where(AuditEvent.object_id == survey.id,
                                                       AuditEvent.action == "survey.question_add")).all()  # fmt: skip
    assert len(adds) == 2


def test_rating_labels_can_be_changed(pages, db_session):
    from portal.surveys import services

    survey = _routing_survey(pages, db_session, "Rating words")
    url = f"/officers/surveys/{survey.id}/questions/new"
    post(pages.client, url, {"kind": "rating5", "text": "How often?", "required": "yes",
                             "options": "Never\nRarely\nSometimes\nOften\nAlways",
                             "options_cy": "Byth\nAnaml\nWeithiau\nYn aml\nBob amser"})  # fmt: skip
    bad = post(pages.client, url, {"kind": "rating5", "text": "Too few", "required": "yes", "options": "Bad\nGood"})
    assert bad.status_code == 200 and "Enter 5 labels for the rating scale" in bad.get_data(as_text=True)
    post(pages.client, url, {"kind": "rating10", "text": "How likely?", "required": "yes",
                             "options": "Not at all likely\nExtremely likely"})  # fmt: skip
    db_session.expire_all()
    rating5, rating10 = db_session.get(Survey, survey.id).questions[2:]
    assert [str(label) for _, label in services.choices_for(rating5, "en")] == [
        "1 - Never", "2 - Rarely", "3 - Sometimes", "4 - Often", "5 - Always"]  # fmt: skip
    assert str(services.choices_for(rating5, "cy")[0][1]) == "1 - Byth"
    labels = [str(label) for _, label in services.choices_for(rating10, "en")]
    assert labels[0] == "0 - Not at all likely" and labels[5] == "5" and labels[10] == "10 - Extremely likely"
    edit = pages.get(f"/officers/surveys/{survey.id}/questions/{rating5.id}")
    assert "Never" in edit.find("textarea", {"name": "options"}).text
