"""Results: counts, percentages, means, Likert tables, masked free text with flagged text held back, filters,
htmx refresh, CSV, themes."""

from __future__ import annotations

import csv
import io

import pytest

from portal.surveys import results, services
from tests.surveys.helpers import full_survey, lead, make_user, sign_in


def respond(survey, *, group="parent", area="X07000001", q1="o1", q2=("o1",), q3="4", q4=None, q5=None,
            q6="yes"):  # fmt: skip
    response = services.start_response(survey, user=None, locale="en")
    services.set_about_you(response, group=group, area=area)
    qs = survey.questions
    services.save_answer(response, qs[0], value=q1)
    if q1 == "o1":
        services.save_answer(response, qs[1], value=list(q2))
        services.save_answer(response, qs[2], value=q3)
        services.save_answer(response, qs[3], value=q4 or {"r1": "a", "r2": "d"})
        services.save_answer(response, qs[4], text=q5)
        services.save_answer(response, qs[5], value=q6)
    assert services.submit(survey, response)
    return response


@pytest.fixture(autouse=True)
def no_small_number_suppression(monkeypatch):
    """These tests check the arithmetic on four responses; tests/surveys/test_small_numbers.py checks that
    groups under 5 are suppressed."""
    monkeypatch.setattr(results, "SMALL_NUMBER", 1)


@pytest.fixture()
def survey(db_session):
    survey = full_survey(lead(db_session))
    respond(survey, q3="5", q2=("o1", "o2"), q5="The transport page is out of date. Call Jo Bloggs on 07700 900123")
    respond(survey, q3="3", group="young_person", area="X07000003", q4={"r1": "sa", "r2": "sd"},
            q5="Please update the transport page")  # fmt: skip
    respond(survey, q3="4", q5="My dad will hurt me if I tell anyone")  # flagged by the safeguarding screen
    respond(survey, q1="o2")
    return survey


def test_results_maths(survey):
    found = results.results(survey)
    assert found.responses == 4
    q1, q2, q3, q4, q5, q6 = found.questions
    assert q1.answered == 4 and [(o.label, o.count, o.percent) for o in q1.options] == [
        ("Yes", 3, 75.0),
        ("No", 1, 25.0),
    ]
    assert [(o.count, o.percent) for o in q2.options] == [(3, 100.0), (1, 33.3), (0, 0.0)]
    assert q3.mean == 4.0 and q3.answered == 3
    assert [o.count for o in q3.options] == [0, 0, 1, 1, 1]
    first = q4.likert[0]
    assert first.label == "It is clear" and first.answered == 3
    assert [(c.value, c.count) for c in first.counts] == [("sa", 1), ("a", 2), ("n", 0), ("d", 0), ("sd", 0)]
    assert q6.options[0].count == 3 and q6.options[0].percent == 100.0


def test_free_text_is_masked_and_flagged_text_held_back(survey):
    q5 = results.results(survey).questions[4]
    assert q5.held_back == 1
    texts = [t.text for t in q5.texts]
    assert len(texts) == 2
    assert all("hurt" not in t for t in texts)
    assert "07700" not in texts[0] and "[number]" in texts[0]


def test_filters_by_group_and_area(survey):
    found = results.results(survey, group="young_person")
    assert found.responses == 1 and found.questions[2].mean == 3.0
    assert results.results(survey, area="X07000001").responses == 3
    assert results.results(survey, group="professional").responses == 0


def test_csv_masks_and_holds_back(survey):
    rows = list(csv.reader(io.StringIO(results.csv_export(survey))))
    header, body = rows[0], rows[1:]
    assert header[:4] == ["response", "sent", "respondent group", "area"]
    assert any(h.endswith("It is clear") for h in header)
    assert len(body) == 4
    column = next(i for i, h in enumerate(header) if "What should we change" in h)
    assert results.HELD_BACK in [r[column] for r in body]
    assert not any("hurt" in r[column] or "07700" in r[column] for r in body)
    assert body[0][2] == "Parent or carer" and body[0][3] == "Kingsbridge Vale"


def test_csv_cells_cannot_become_formulas(db_session):
    survey = full_survey(lead(db_session))
    respond(survey, q5='=HYPERLINK("http://evil.example")')
    text = results.csv_export(survey)
    assert "'=HYPERLINK" in text


def test_results_page_full_fragment_and_no_js(survey, pages, htmx_pages, db_session):
    make_user("manager@example.com", "sen_manager")
    sign_in(pages.client, "manager@example.com")
    url = f"/officers/surveys/{survey.id}/results"
    soup = pages.get(url)
    assert soup.h1.text.strip() == "Local Offer survey 2026"
    region = soup.find(id="survey-results")
    assert region["data-hx-get"] == url and "every" in region["data-hx-trigger"]
    assert "Responses: 4" in region.text
    assert "1 answer held back for the safeguarding lead" in region.text
    svg = region.find("svg", id="chart-1")
    assert svg["role"] == "img" and "Yes 3 (75.0%)" in svg.find("title").text
    table = svg.find_next("table")
    assert [td.text.strip() for td in table.find("tbody").find("tr").find_all(["th", "td"])] == ["Yes", "3", "75.0%"]
    # Filters work as a plain GET form without JavaScript.
    soup = pages.get(url + "?group=young_person&area=")
    assert "Responses: 1" in soup.find(id="survey-results").text
    # The htmx poll gets only the figures.
    htmx_pages.client = pages.client
    fragment = htmx_pages.get(url + "?group=young_person")
    assert not fragment.find("h1") and "Responses: 1" in fragment.text
    csv_response = pages.client.get(f"/officers/surveys/{survey.id}/results.csv")
    assert csv_response.status_code == 200 and csv_response.mimetype == "text/csv"
    assert "attachment" in csv_response.headers["Content-Disposition"]


def test_themes_tagging_counts_and_suggestions(survey, pages, db_session):
    lead_user = services.get_survey(survey.id)  # noqa: F841 - the survey fixture's lead can tag
    sign_in(pages.client, "lead@example.com")
    question = survey.questions[4]
    url = f"/officers/surveys/{survey.id}/questions/{question.id}/themes"
    soup = pages.get(url)
    assert soup.h1.text.strip() == "Themes for question 5"
    assert "transport" in soup.find(id="suggested-words").text
    assert "transport page" in soup.find(id="suggested-pairs").text
    assert "hurt" not in soup.text
    answer_id = soup.find("div", id=lambda i: i and i.startswith("answer-"))["id"].removeprefix("answer-")
    form = soup.find("form", action=f"/officers/surveys/{survey.id}/answers/{answer_id}/themes")
    prefix = form.find("input", {"type": "text"})["name"].removesuffix("-new_theme")
    token = form.find("input", {"name": "csrf_token"})["value"]
    response = pages.client.post(form["action"], data={"csrf_token": token, f"{prefix}-new_theme": "Transport"})
    assert response.status_code == 303
    found = results.results(survey).questions[4]
    assert found.themes == [("Transport", 1)]
    soup = pages.get(url)
    assert "Suggested themes: Transport" in soup.text


def test_question_summary_quotes_the_figures(survey):
    assert services.count_submitted(survey) == 4
    assert results.question_summary(survey.questions[2]) == "Average rating 4.0 out of 5 from 3 answers."
    assert results.question_summary(survey.questions[0]).startswith("Yes 75% , No 25%".replace(" ,", ","))
