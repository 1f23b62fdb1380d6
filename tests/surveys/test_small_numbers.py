"""Small numbers: groups of fewer than 5 people show as "fewer than 5" in charts, tables and the CSV."""

from __future__ import annotations

import csv
import io

import pytest

from portal.surveys import results
from tests.pages import normalize_spaces
from tests.surveys.helpers import full_survey, lead, sign_in
from tests.surveys.test_results import respond


@pytest.fixture()
def survey(db_session):
    """Seven responses: 6 say Yes to question 1, 1 says No; 6 parents and 1 young person."""
    survey = full_survey(lead(db_session))
    for _ in range(6):
        respond(survey, q3="4")
    respond(survey, q1="o2", group="young_person", area="X07000003")
    return survey


def test_counts_under_5_are_suppressed(survey):
    found = results.results(survey)
    q1 = found.questions[0]
    assert [(o.label, o.count, o.suppressed) for o in q1.options] == [("Yes", 6, False), ("No", None, True)]
    assert q1.options[1].percent is None
    likert = found.questions[3].likert[0]
    assert all(c.suppressed or c.count >= 5 or c.count == 0 for c in likert.counts)
    assert [o.suppressed for o in likert.summary] == [False, False] or likert.summary[0].count == 6


def test_a_filter_that_leaves_fewer_than_5_shows_nothing(survey):
    found = results.results(survey, group="young_person")
    assert found.suppressed and found.questions == []
    text = results.csv_export(survey, group="young_person")
    assert "fewer than 5" in text and "sallow" not in text.lower()


def test_csv_does_not_name_a_group_under_5(survey):
    rows = list(csv.reader(io.StringIO(results.csv_export(survey))))
    groups = [row[2] for row in rows[1:]]
    assert groups.count("Parent or carer") == 6
    assert groups.count("fewer than 5") == 1 and "Young person" not in groups


def test_results_page_shows_fewer_than_5(survey, pages, db_session):
    sign_in(pages.client, "lead@example.com")
    soup = pages.get(f"/officers/surveys/{survey.id}/results")
    section = soup.select_one("#result-q1").find_parent("section")
    text = normalize_spaces(section.text)
    assert "fewer than 5" in text
    chart = section.select_one("svg title").text
    assert "No fewer than 5" in chart and "No 1" not in chart
    filtered = pages.get(f"/officers/surveys/{survey.id}/results?group=young_person")
    assert filtered.select_one("#results-suppressed")


def test_you_said_we_did_quotes_no_small_figures(db_session):
    survey = full_survey(lead(db_session))
    respond(survey, q3="2")
    assert results.question_summary(survey.questions[2]).startswith("Fewer than 5 answers")
