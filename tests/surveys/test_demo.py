"""The demo data: a survey with about 150 responses and a few You said, we did entries, made once."""

from __future__ import annotations

from portal.auth import services as auth
from portal.auth.models import Role
from portal.surveys import results, services, yousaid
from portal_demo import surveys as demo


def test_seed_demo_makes_a_survey_with_responses_once(db_session):
    auth.create_user(email="participation@example.com", password="correct horse battery",
                     roles=[Role.PARTICIPATION], verified=True)  # fmt: skip
    summary = demo.seed_demo()
    assert "150 responses" in summary
    survey = services.published_survey(demo.SLUG)
    found = results.results(survey)
    assert found.responses == 150
    assert found.questions[2].mean is not None
    assert dict(found.questions[4].themes).get("Transport", 0) > 0
    assert len(yousaid.list_entries(published_only=True)) == 4
    assert demo.seed_demo() == ""
