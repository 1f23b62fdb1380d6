"""Shared set-up for survey tests: officers, a survey with every kind of question, answering through the pages."""

from __future__ import annotations

from datetime import date, timedelta

from portal.auth import services as auth
from portal.auth.models import Role
from portal.surveys import services
from tests.pages import token_from

PASSWORD = "correct horse battery"


def make_user(email, *roles):
    return auth.create_user(email=email, password=PASSWORD, roles=list(roles) or None, verified=True)


def sign_in(client, email):
    token = token_from(client.get("/account/sign-in"))
    response = client.post("/account/sign-in", data={"email": email, "password": PASSWORD, "csrf_token": token})
    assert response.status_code in (302, 303)
    return response


def lead(db_session, email="lead@example.com"):
    return make_user(email, Role.PARTICIPATION)


def full_survey(user, *, anonymous=True, slug="local-offer-2026", published=True):
    """Q1 single (route 'No' -> end), Q2 multiple, Q3 rating 1-5, Q4 Likert, Q5 free text (optional), Q6 yes/no."""
    survey = services.create_survey(user=user, title="Local Offer survey 2026", title_cy="Arolwg y Cynnig Lleol 2026",
                                    intro="Tell us what you think.", slug=slug, anonymous=anonymous,
                                    opens_on=date.today() - timedelta(days=1),
                                    closes_on=date.today() + timedelta(days=30))  # fmt: skip
    q1 = services.add_question(survey, user=user, kind="single", text="Have you used the Local Offer?",
                               text_cy="Ydych chi wedi defnyddio'r Cynnig Lleol?", required=True,
                               easy_read="Have you looked at the Local Offer website?",
                               options=services.parse_options("Yes\nNo", "Do\nNac ydw"))  # fmt: skip
    services.add_question(survey, user=user, kind="multiple", text="What did you look for?", text_cy="Am beth?",
                          required=True, options=services.parse_options("Schools\nTransport\nShort breaks"))  # fmt: skip
    services.add_question(survey, user=user, kind="rating5", text="How easy was it to find?", text_cy="Pa mor hawdd?",
                          required=True)  # fmt: skip
    services.add_question(survey, user=user, kind="likert", text="Do you agree?", text_cy="Ydych chi'n cytuno?",
                          required=True, rows=services.parse_options("It is clear\nIt is up to date", prefix="r"))  # fmt: skip
    services.add_question(survey, user=user, kind="text", text="What should we change?", text_cy="Beth ddylen ni ei newid?",
                          required=False)  # fmt: skip
    services.add_question(survey, user=user, kind="yesno", text="Would you recommend it?", text_cy="Fyddech chi'n ei argymell?",
                          required=True)  # fmt: skip
    services.update_question(q1, user=user, routing=services.parse_routing("No -> end", q1, [1, 2, 3, 4, 5, 6]))
    if published:
        services.set_published(survey, user=user, published=True)
    return survey


def post(client, url, data):
    token = token_from(client.get(url))
    return client.post(url, data={**data, "csrf_token": token})


def start(client, slug="local-offer-2026", easy_read=False):
    data = {"easy_read": "y"} if easy_read else {}
    token = token_from(client.get(f"/surveys/{slug}"))
    response = client.post(f"/surveys/{slug}/start", data={**data, "csrf_token": token})
    assert response.status_code == 303, response.status_code
    return response


ALL_ANSWERS = [
    {"answer": "o1"},
    {"answer": ["o1", "o2"]},
    {"answer": "4"},
    {"row_r1": "a", "row_r2": "d"},
    {"answer": "Make the transport pages clearer. Email me at jo@example.com"},
    {"answer": "yes"},
]


def answer_all(client, slug="local-offer-2026", answers=ALL_ANSWERS, group="parent", area="X07000001"):
    start(client, slug)
    response = post(client, f"/surveys/{slug}/about-you", {"respondent_group": group, "area": area})
    assert response.status_code == 303
    for number, data in enumerate(answers, start=1):
        response = post(client, f"/surveys/{slug}/questions/{number}", data)
        assert response.status_code == 303, (number, response.status_code)
        if response.headers["Location"].endswith("/check"):
            break
    return submit(client, slug)


def submit(client, slug="local-offer-2026"):
    page = client.get(f"/surveys/{slug}/check")
    assert page.status_code == 200, page.status_code
    import re

    token = re.search(r'name="response" value="([^"]+)"', page.get_data(as_text=True)).group(1)
    return client.post(f"/surveys/{slug}/check", data={"csrf_token": token_from(page), "response": token})
