"""'Your data' and retention read what each domain registers (portal/platform/personal_data.py): the download
keeps its sections, their order and their contents, and retention names every kind of record it removes."""

from __future__ import annotations

import datetime as dt

import pytest

from portal.auth import family, privacy
from portal.auth import services as auth
from portal.cases.models import AssessmentRequest
from portal.feedback.complaint_models import Complaint
from portal.feedback.voice_models import AllAboutMe
from portal.surveys.models import Survey, SurveyResponse

WHEN = dt.datetime(2026, 3, 2, 10, 30, tzinfo=dt.UTC)
AT = "2026-03-02T10:30:00"  # SQLite gives the time back without its zone, PostgreSQL with it


def _naive(value):
    """The section with "+00:00" taken off every time, so the test means the same on both databases."""
    if isinstance(value, list):
        return [_naive(v) for v in value]
    if isinstance(value, dict):
        return {k: _naive(v) for k, v in value.items()}
    return value.removesuffix("+00:00") if isinstance(value, str) else value


@pytest.fixture()
def held(db_session):
    """One account with something in every domain that keeps personal data, and a second account's records."""
    user = auth.create_user(email="held@example.com", password="correct horse battery", verified=True)
    other = auth.create_user(email="other@example.com", password="correct horse battery", verified=True)
    family.add_child(parent=user, first_name="Ada", last_name="Held", date_of_birth=dt.date(2015, 3, 27),
                     relationship="mother", parental_responsibility=True)  # fmt: skip
    survey = Survey(slug="travel", title="School travel")
    db_session.add(survey)
    db_session.flush()
    for owner, ref in ((user, "1"), (other, "2")):
        db_session.add_all([
            AssessmentRequest(user_id=owner.id, reference=f"EHC-{ref}", status="submitted", answers={"why": "reading"},
                              submitted_at=WHEN, created_at=WHEN),
            Complaint(user_id=owner.id, reference=f"C-{ref}", idempotency_key=f"k-{ref}", about="ehc_process",
                      what_happened="late", outcome_wanted="a date", name="A Parent", stage=2, status="open",
                      stage_started_on=dt.date(2026, 3, 2), created_at=WHEN),
            AllAboutMe(owner_id=owner.id, subject_key="self", likes="trains", hopes="college", updated_at=WHEN),
            SurveyResponse(survey_id=survey.id, user_id=owner.id, token=f"t-{ref}", created_at=WHEN),
        ])  # fmt: skip
    db_session.flush()
    return user, survey


def test_export_keeps_every_section_in_order_with_the_same_contents(held):
    user, survey = held
    data = privacy.export_for(user)
    assert list(data) == [
        "exported_at", "controller", "account", "children", "activity", "data_requests", "sessions",
        "password_resets", "role_requests", "assessment_requests", "cases", "case_notifications", "complaints",
        "complaint_drafts", "all_about_me", "voice_submissions", "young_people_drafts", "survey_responses",
        "listing_proposals", "callback_requests", "emails",
    ]  # fmt: skip
    assert _naive(data["assessment_requests"]) == [{
        "reference": "EHC-1", "status": "submitted", "started": AT, "sent": AT,
        "answers": {"why": "reading"}, "documents": [],
    }]  # fmt: skip
    [complaint] = _naive(data["complaints"])
    assert {k: complaint[k] for k in ("reference", "status", "stage", "made", "what_happened", "outcome_wanted",
                                      "name")} == {"reference": "C-1", "status": "open", "stage": 2, "made": AT,
                                                   "what_happened": "late", "outcome_wanted": "a date",
                                                   "name": "A Parent"}  # fmt: skip
    assert _naive(data["all_about_me"]) == [{
        "about": "self", "updated": AT, "likes": "trains", "good_at": None, "helps_me": None,
        "find_hard": None, "want_known": None, "hopes": "college",
    }]  # fmt: skip
    assert _naive(data["survey_responses"]) == [
        {"survey": survey.id, "title": "School travel", "made": AT, "sent": None, "answers": []}
    ]
    assert [child["first_name"] for child in data["children"]] == ["Ada"]


def test_retention_names_every_kind_of_record_it_removes(app, db_session):
    removed = privacy.purge()
    assert set(removed) == {
        "conversations", "search_gaps", "outbox_messages", "callback_requests", "unverified_accounts",
        "anonymous_all_about_me", "complaint_drafts", "complaint_uploads", "young_people_drafts", "sign_in_records",
        "assessment_requests",
    }  # fmt: skip
    assert all(isinstance(count, int) for count in removed.values())
