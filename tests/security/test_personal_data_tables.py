"""The data download is complete, table by table (issue 14: "the data download leaves out much of what the portal
holds about a person").

Every section of "Your data" names the tables it gives rows from (portal/platform/personal_data.py). The schema is
walked here: a table that can hold someone's data must be in a section of the download, or in LEFT_OUT below with
the reason. So a new table holding a person's data fails this test until someone decides where it goes.
"""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import Column, ForeignKey, MetaData, String, Table, Text, select

from portal.auth import family, privacy
from portal.auth import services as auth
from portal.auth.models import PasswordResetToken, RoleGrant, SignInThrottle, User, UserSession
from portal.cases import services as case_services
from portal.cases.models import (
    AssessmentRequest,
    CaseDocument,
    CaseException,
    CaseMessage,
    DraftComment,
    NotificationPreference,
)
from portal.chat.models import CallbackRequest
from portal.db import Base, utcnow
from portal.feedback.complaint_models import Complaint, ComplaintDraft, ComplaintEvent
from portal.feedback.voice_models import AllAboutMe, VoiceSubmission, YoungPersonDraft
from portal.local_offer.models import Service
from portal.local_offer.publishing_models import ListingProposal
from portal.notifications.models import OutboxMessage
from portal.platform import personal_data as registry
from portal.surveys.models import Survey, SurveyAnswer, SurveyAnswerTheme, SurveyQuestion, SurveyResponse, SurveyTheme
from tests.officers.test_admin import PASSWORD, sign_in
from tests.pages import PageClient, token_from

# Tables that can hold someone's data but are not in the download, each with the reason. -------------------------
_DIRECTORY = ("the published directory of services (Open Referral UK): organisations, their services, places and "
              "public contacts, published with the provider's agreement; about no family")  # fmt: skip
_OFFICERS_WORK = ("officers' work, with the id of the officer who did it: no family's data; an officer's own "
                  "access request is answered by the council from it and the audit trail")  # fmt: skip
LEFT_OUT: dict[str, str] = {
    "area": "local authority areas (reference data loaded from ONS): names of places, about no one",
    "postcode": "postcodes and where they are (reference data from the ONS postcode directory), about no one",
    "organization": _DIRECTORY,
    "service": _DIRECTORY,
    "contact": _DIRECTORY,
    "phone": _DIRECTORY,
    "location": _DIRECTORY,
    "language": _DIRECTORY + " (the languages a service is offered in)",
    "service_area": _DIRECTORY + " (the areas a service covers)",
    "taxonomy": _DIRECTORY + " (the categories services are filed under)",
    "taxonomy_term": _DIRECTORY + " (the categories services are filed under)",
    "page": "published Local Offer pages: the council's own words; the owner's address is a team's work address",
    "page_version": "drafts and versions of Local Offer pages: " + _OFFICERS_WORK,
    "review_reminder": "which page or listing is due for review, sent to its owner: " + _OFFICERS_WORK,
    "coverage_override": "an officer's note on the Local Offer checklist: " + _OFFICERS_WORK,
    "projection_assumptions": "the SEN manager's figures for the plans projection: " + _OFFICERS_WORK,
    "survey": "a survey as officers wrote it (title, introduction): " + _OFFICERS_WORK,
    "survey_question": "a survey's questions as officers wrote them; the answers are in the download",
    "survey_theme": "the themes officers made for a survey's free-text answers (words like 'transport'); the themes "
    "an answer is filed under are in the download with the answer",
    "yousaid_entry": "the council's published 'You said, we did' report: " + _OFFICERS_WORK,
    "yousaid_link": "links from 'You said, we did' to the evidence behind it (themes and counts): " + _OFFICERS_WORK,
    "yousaid_update": "progress notes on 'You said, we did': " + _OFFICERS_WORK,
    "page_feedback": "'Is this page useful?' answers: linked to no account, free text stored masked, so they cannot "
    "be found for a person",
    "chat_conversation": "conversations with the assistant are linked to no account (no name, no address; questions "
    "stored masked) and deleted after CHAT_RETENTION_DAYS",
    "chat_message": "conversations with the assistant are linked to no account (no name, no address; questions "
    "stored masked) and deleted after CHAT_RETENTION_DAYS",
    "search_gap": "searches that found nothing, masked and linked to no one, deleted after SEARCH_GAP_RETENTION_DAYS",
    "sign_in_throttle": "a keyed hash of an address and a source with a count of failed sign-ins: nothing a person "
    "could read, deleted SIGN_IN_RECORD_DAYS after it last changed",
    "stored_file": "the bytes of case documents (UPLOAD_STORAGE=database); each document is listed in the download "
    "under its case, and the family downloads the file itself from the case's page",
    "complaint_reminder": "that a reminder of an officer's deadline on a complaint was sent, and when: holds nothing "
    "the complainant told us or was told",
    "panel_record": "the SEN panel's recommendation to the council and the manager's sign-off: officers' advice, "
    "which can name other professionals, so it is given on a subject access request after an "
    "officer has reviewed it (DPA 2018 Sch. 2 para 16); the decisions are in the case's section",
    "safeguarding_flag": "a copy of words the person wrote elsewhere (in their sections of the download) that the "
    "screen flagged, with the safeguarding lead's notes; whether a concern was raised is not "
    "given automatically, because telling the wrong person could put a child at risk (DPA 2018 "
    "Sch. 3 Part 3): the safeguarding lead decides on a subject access request",
}

# What makes a table one that can hold someone's data.
PERSON_TABLES = frozenset({"user_account", "child", "ehc_case"})
PERSONAL_WORDS = frozenset({"email", "name", "phone", "address", "text", "body", "message", "comment", "comments"})
USER_COLUMNS = frozenset({"user_id", "owner_id", "actor_id", "author_id"})


def _refers_to_a_user(column: Column) -> bool:
    """An account id kept without a foreign key (who made it, who decided it)."""
    return column.name in USER_COLUMNS or column.name.endswith(("_by", "_by_id"))


def why_personal(metadata: MetaData) -> dict[str, list[str]]:
    """Each table that can hold someone's data -> what says so: a link (a foreign key, however indirect, or an
    account id) to a person, their child or a case, or columns named like personal details."""
    reasons: dict[str, list[str]] = {}
    linked = set(PERSON_TABLES)
    for table in metadata.tables.values():
        users = [c.name for c in table.columns if _refers_to_a_user(c)]
        if users:
            linked.add(table.name)
            reasons.setdefault(table.name, []).append(f"account id in {', '.join(users)}")
    changed = True
    while changed:
        changed = False
        for table in metadata.tables.values():
            targets = sorted({fk.column.table.name for fk in table.foreign_keys} & linked - {table.name})
            if targets and table.name not in linked:
                linked.add(table.name)
                changed = True
            if targets:
                reasons.setdefault(table.name, [])
                note = f"linked to {', '.join(targets)}"
                if note not in reasons[table.name]:
                    reasons[table.name].append(note)
    for table in metadata.tables.values():
        named = [c.name for c in table.columns if set(c.name.split("_")) & PERSONAL_WORDS]
        if named:
            reasons.setdefault(table.name, []).append(f"columns {', '.join(named)}")
    for name in PERSON_TABLES & set(metadata.tables):
        reasons.setdefault(name, []).append("a person, their child or a case")
    return reasons


def uncovered(metadata: MetaData) -> dict[str, list[str]]:
    covered = set(registry.exported_tables()) | set(LEFT_OUT)
    return {name: why for name, why in why_personal(metadata).items() if name not in covered}


def test_every_table_that_can_hold_someones_data_is_in_the_download_or_left_out_with_a_reason(app):
    missing = uncovered(Base.metadata)
    assert not missing, (
        "These tables can hold someone's data but no section of 'Your data' gives them and LEFT_OUT does not say "
        "why not. Register them with a section (register_personal_data(..., tables=...)) or add them to LEFT_OUT "
        f"with the reason: {missing}"
    )


def test_a_new_table_holding_someones_data_is_noticed(app):
    """The check itself: tables added tomorrow, linked to an account, to a case, or named like personal details."""
    metadata = MetaData()
    for table in Base.metadata.sorted_tables:
        table.to_metadata(metadata)
    Table("pet_note", metadata, Column("id", String(36), primary_key=True),
          Column("owner", ForeignKey("user_account.id")))  # fmt: skip
    Table(
        "case_visit", metadata, Column("id", String(36), primary_key=True), Column("case_id", ForeignKey("ehc_case.id"))
    )
    Table(
        "visit_log", metadata, Column("id", String(36), primary_key=True), Column("visit", ForeignKey("case_visit.id"))
    )
    Table("enquiry", metadata, Column("id", String(36), primary_key=True), Column("caller_phone", String(40)),
          Column("words", Text))  # fmt: skip
    Table("colour", metadata, Column("id", String(36), primary_key=True), Column("hex", String(7)))
    assert set(uncovered(metadata)) == {"pet_note", "case_visit", "visit_log", "enquiry"}


def test_the_left_out_list_names_real_tables_that_the_download_does_not_give(app):
    tables = set(Base.metadata.tables)
    assert set(LEFT_OUT) <= tables, f"no such tables: {set(LEFT_OUT) - tables}"
    assert not set(LEFT_OUT) & set(registry.exported_tables()), "a table is either in the download or left out"
    assert all(len(reason) > 40 for reason in LEFT_OUT.values()), "each table left out says why"
    named = {t for entry in registry.registered() for t in entry.tables}
    assert named <= tables, f"sections name tables that do not exist: {named - tables}"


def test_every_table_a_retention_rule_empties_is_in_the_download_or_left_out(app):
    """Retention and the download read the same list: a rule deleting rows the download forgot fails here."""
    purged = set(registry.purged_tables())
    assert purged <= set(registry.exported_tables()) | set(LEFT_OUT), purged - set(registry.exported_tables())


# One row in every table of the download, for one person ----------------------------------------------------------

WHEN = dt.datetime(2031, 7, 19, 9, 30, tzinfo=dt.UTC)
TOKEN = "Zq8vN2pX4kR7tY1wE5uI9oP3aS6dF0gH"


@pytest.fixture()
def everything(app, db_session):
    """A parent with a row in each table the download covers, and a second family's rows that must not show."""
    user = auth.create_user(email="held.all@example.com", password=PASSWORD, display_name="Rowan Heldall",
                            verified=True)  # fmt: skip
    other = auth.create_user(email="someone.else@example.com", password=PASSWORD, verified=True)
    child = family.add_child(parent=user, first_name="Wren", last_name="Heldall", date_of_birth=dt.date(2016, 5, 9),
                             relationship="grandmother", parental_responsibility=True)  # fmt: skip
    request = AssessmentRequest(user_id=user.id, reference="EHC-REQMARK1", status="submitted", child_id=child.id,
                                answers={"why": "words in the request form"}, submitted_at=WHEN)  # fmt: skip
    db_session.add(request)
    db_session.flush()
    case = case_services.open_case(None, received_on=dt.date(2026, 1, 6), reference="EHC-CASEMARK",
                                   child_name="Wren Heldall", child_id=child.id)  # fmt: skip
    db_session.add_all([
        UserSession(user_id=user.id, key_hash="a" * 64, expires_at=WHEN, remember=True),
        PasswordResetToken(user_id=user.id, token_hash="b" * 64, expires_at=WHEN + dt.timedelta(days=35)),
        RoleGrant(user_id=user.id, role="content_editor", expires_at=WHEN),
        CaseDocument(request_id=request.id, filename="sent-with-the-request.pdf", content_type="application/pdf",
                     size=1234, storage_key="c0ffee01", sha256="0" * 64),
        CaseDocument(case_id=case.id, filename="decision-letter.pdf", content_type="application/pdf", size=4321,
                     storage_key="c0ffee02", sha256="1" * 64, from_family=False),
        CaseException(case_id=case.id, kind="school_closure", starts_on=dt.date(2026, 2, 2), evidence="head's letter",
                      family_explanation="The school was shut by the floods"),
        CaseMessage(case_id=case.id, author_id=user.id, from_family=True, body="Can we meet after half term?"),
        DraftComment(case_id=case.id, author_id=user.id, comments="Please name Riverside School",
                     school_requested="Riverside School"),
        NotificationPreference(user_id=user.id, email_on_change=False, email_before_due=True),
        AllAboutMe(owner_id=user.id, subject_key="self", likes="steam trains"),
        VoiceSubmission(user_id=user.id, feeling=4, choices=["quiet_place"], text="lunchtimes are noisy"),
        YoungPersonDraft(key_hash="d" * 64, kind="voice", user_id=user.id, data={"text": "half written thoughts"},
                         expires_at=WHEN),
        ComplaintDraft(user_id=user.id, answers={"what_happened": "a complaint not sent yet"}),
        CallbackRequest(user_id=user.id, name="Rowan on the phone", phone="01632 960123", about="transport forms"),
        OutboxMessage(recipient="Held.All@example.com", subject="Reset your password", kind="password_reset",
                      body=f"Follow http://localhost/account/reset/{TOKEN} within an hour."),
        OutboxMessage(recipient=other.email, subject="Not for Rowan", kind="password_reset", body="other"),
        AllAboutMe(owner_id=other.id, subject_key="self", likes="someone else's words"),
    ])  # fmt: skip
    complaint = Complaint(user_id=user.id, reference="C-MARK0001", idempotency_key="k-mark", about="ehc_process",
                          what_happened="the bus never came", outcome_wanted="a bus", name="Rowan Heldall",
                          stage_started_on=dt.date(2026, 3, 2))  # fmt: skip
    complaint.events = [
        ComplaintEvent(kind="response", stage=1, body="Our answer to you", shared=True),
        ComplaintEvent(kind="note", stage=1, body="officer-only working note", shared=False),
    ]
    survey = Survey(slug="travel-marker", title="School travel survey")
    db_session.add_all([complaint, survey])
    db_session.flush()
    question = SurveyQuestion(survey_id=survey.id, position=1, kind="text", text="What would make travel better?")
    response = SurveyResponse(survey_id=survey.id, user_id=user.id, token="t-mark", submitted_at=WHEN)
    theme = SurveyTheme(survey_id=survey.id, name="Buses")
    db_session.add_all([question, response, theme])
    db_session.flush()
    answer = SurveyAnswer(response_id=response.id, question_id=question.id, text="more buses after school")
    db_session.add(answer)
    db_session.flush()
    service = db_session.scalar(select(Service).order_by(Service.name).limit(1))
    db_session.add_all([
        SurveyAnswerTheme(answer_id=answer.id, theme_id=theme.id),
        ListingProposal(service_id=service.id, proposer_id=user.id, proposer_name="Rowan the volunteer",
                        proposer_email=user.email, changes={"description": "open on Saturdays"}),
    ])  # fmt: skip
    privacy.request_deletion(user, "moving to another area")
    db_session.flush()
    return user, service


# table -> (section, in the JSON, in the readable page's section)
EXPECTED = {
    "user_account": ("account", "held.all@example.com", "held.all@example.com"),
    "child": ("children", "Wren", "Wren"),
    "family_link": ("children", "grandmother", "grandmother"),
    "audit_event": ("activity", "privacy.deletion_requested", "privacy.deletion_requested"),
    "data_request": ("data_requests", "moving to another area", "moving to another area"),
    "user_session": ("sessions", "2031-07-19", "19 July 2031"),
    "password_reset_token": ("password_resets", "2031-08-23", "23 August 2031"),
    "role_grant": ("role_requests", "content_editor", "content_editor"),
    "assessment_request": ("assessment_requests", "EHC-REQMARK1", "EHC-REQMARK1"),
    "case_document": ("cases", "decision-letter.pdf", "decision-letter.pdf"),
    "ehc_case": ("cases", "EHC-CASEMARK", "EHC-CASEMARK"),
    "case_milestone": ("cases", "2026-02-17", "17 February 2026"),  # the 6-week decision from 6 January
    "case_exception": ("cases", "The school was shut by the floods", "The school was shut by the floods"),
    "case_message": ("cases", "Can we meet after half term?", "Can we meet after half term?"),
    "draft_comment": ("cases", "Please name Riverside School", "Please name Riverside School"),
    "case_notification_preference": ("case_notifications", '"email_on_change": false', "Email when something"),
    "complaint": ("complaints", "the bus never came", "the bus never came"),
    "complaint_event": ("complaints", "Our answer to you", "Our answer to you"),
    "complaint_draft": ("complaint_drafts", "a complaint not sent yet", "Last changed"),  # answers: JSON only
    "all_about_me": ("all_about_me", "steam trains", "steam trains"),
    "voice_submission": ("voice_submissions", "lunchtimes are noisy", "lunchtimes are noisy"),
    "young_person_draft": ("young_people_drafts", "half written thoughts", "voice"),  # answers: JSON only
    "survey_response": ("survey_responses", "School travel survey", "School travel survey"),
    "survey_answer": ("survey_responses", "more buses after school", "more buses after school"),
    "survey_answer_theme": ("survey_responses", "Buses", "Buses"),
    "listing_proposal": ("listing_proposals", "Rowan the volunteer", "Rowan the volunteer"),
    "callback_request": ("callback_requests", "Rowan on the phone", "Rowan on the phone"),
    "outbox_message": ("emails", "Reset your password", "Reset your password"),
}


def _section_text(soup: BeautifulSoup, name: str) -> str:
    heading = soup.find("h2", id=f"section-{name.replace('_', '-')}")
    assert heading is not None, f"no section {name} in the readable download"
    parts = []
    for sibling in heading.find_next_siblings():
        if sibling.name == "h2":
            break
        parts.append(sibling.get_text(" "))
    return " ".join(" ".join(parts).split())


def test_the_download_gives_a_row_of_every_table_it_covers(app, client, everything):
    assert set(EXPECTED) == set(registry.exported_tables()), "each table of the download has a row in this test"
    sign_in(client, "held.all@example.com")
    data = json.loads(client.get("/account/your-data/download.json").get_data(as_text=True))
    page = PageClient(client).get("/account/your-data/download")
    for table, (section, in_json, in_page) in EXPECTED.items():
        assert table in next(e.tables for e in registry.registered() if e.name == section and e.export)
        assert in_json in json.dumps(data[section], ensure_ascii=False), f"{table}: not in the JSON download"
        assert in_page in _section_text(page, section), f"{table}: not in the readable download"
    everything_said = json.dumps(data, ensure_ascii=False) + page.get_text(" ")
    for not_theirs in ("someone else's words", "Not for Rowan", "officer-only working note", "head's letter"):
        assert not_theirs not in everything_said
    # The download is a file people keep: a reset link in it would open the account while the link works.
    assert TOKEN not in everything_said and "[redacted]" in json.dumps(data["emails"])


def test_every_field_of_the_download_has_a_label_or_is_kept_to_the_json(app, everything):
    user, _ = everything
    data = privacy.export_for(user)
    for entry in registry.registered():
        if entry.export is None:
            continue
        records = [data[entry.name]] if isinstance(data[entry.name], dict) else data[entry.name]
        stack = list(records)
        while stack:
            record = stack.pop()
            for key, value in record.items():
                assert key in entry.labels, f"{entry.name}: no label for {key!r} in the readable download"
                if isinstance(value, list) and entry.labels[key] is not None:
                    stack.extend(v for v in value if isinstance(v, dict))


def test_a_parent_whose_access_was_withdrawn_does_not_get_the_case_in_the_download(app, client, everything):
    user, _ = everything
    [link] = family.children_of(user)[0].links
    young = auth.create_user(email="wren@example.com", password=PASSWORD, verified=True)
    family.link_young_person(young_person=young, child=link.child)
    link.child.date_of_birth = dt.date(2008, 1, 1)
    family.set_parent_access(young_person=young, parent_link_id=link.id, allow=False)
    sign_in(client, "held.all@example.com")
    data = json.loads(client.get("/account/your-data/download.json").get_data(as_text=True))
    assert data["cases"] == []
    assert [c["you_can_see_records"] for c in data["children"]] == [False]


def test_a_call_back_asked_for_signed_in_is_linked_to_the_account(app, client, db_session):
    user = auth.create_user(email="caller@example.com", password=PASSWORD, verified=True)

    def ask(name):
        page = client.get("/ask/contact")
        key = re.search(r'name="idempotency_key" type="hidden" value="([^"]+)"|name="idempotency_key" value="([^"]+)"',
                        page.get_data(as_text=True))  # fmt: skip
        return client.post("/ask/contact", data={
            "csrf_token": token_from(page), "name": name, "email": "caller@example.com", "about": "school transport",
            "preferred_time": "morning", "idempotency_key": key.group(1) or key.group(2),
        })  # fmt: skip

    assert ask("Before signing in").status_code == 303
    sign_in(client, "caller@example.com")
    assert ask("After signing in").status_code == 303
    owners = dict(db_session.execute(select(CallbackRequest.name, CallbackRequest.user_id)).all())
    assert owners == {"Before signing in": None, "After signing in": user.id}
    data = json.loads(client.get("/account/your-data/download.json").get_data(as_text=True))
    assert [c["name"] for c in data["callback_requests"]] == ["After signing in"]


# Retention covers the same tables --------------------------------------------------------------------------------


def test_an_unverified_account_goes_with_everything_hanging_off_it(app, db_session):
    stale = auth.create_user(email="never.confirmed@example.com", password=PASSWORD)
    stale.created_at = utcnow() - dt.timedelta(days=app.config["UNVERIFIED_ACCOUNT_DAYS"] + 1)
    db_session.add_all([
        PasswordResetToken(user_id=stale.id, token_hash="e" * 64, expires_at=utcnow() + dt.timedelta(hours=1)),
        UserSession(user_id=stale.id, key_hash="f" * 64, expires_at=utcnow() + dt.timedelta(hours=1)),
        YoungPersonDraft(key_hash="9" * 64, kind="voice", user_id=stale.id, data={},
                         expires_at=utcnow() + dt.timedelta(hours=1)),
    ])  # fmt: skip
    db_session.flush()
    assert privacy.purge()["unverified_accounts"] == 1
    db_session.expire_all()
    assert db_session.get(User, stale.id) is None
    for model in (PasswordResetToken, UserSession, YoungPersonDraft):
        assert db_session.scalars(select(model).where(model.user_id == stale.id)).all() == [], model.__tablename__


def test_sign_in_records_are_forgotten_after_sign_in_record_days(app, db_session):
    user = auth.create_user(email="records@example.com", password=PASSWORD, verified=True)
    old = utcnow() - dt.timedelta(days=app.config["SIGN_IN_RECORD_DAYS"] + 1)
    soon = utcnow() + dt.timedelta(hours=1)
    db_session.add_all([
        UserSession(user_id=user.id, key_hash="1" * 64, expires_at=old),
        UserSession(user_id=user.id, key_hash="2" * 64, expires_at=soon + dt.timedelta(days=60), revoked_at=old),
        UserSession(user_id=user.id, key_hash="3" * 64, expires_at=soon),
        PasswordResetToken(user_id=user.id, token_hash="4" * 64, expires_at=old),
        PasswordResetToken(user_id=user.id, token_hash="5" * 64, expires_at=soon),
        SignInThrottle(key_hash="6" * 64, failures=7, blocked_until=old, updated_at=old),
        SignInThrottle(key_hash="7" * 64, failures=2),
    ])  # fmt: skip
    db_session.flush()
    assert privacy.purge()["sign_in_records"] == 4
    assert [s.key_hash[0] for s in db_session.scalars(select(UserSession).where(UserSession.user_id == user.id))] == [
        "3"
    ]
    assert [t.token_hash[0] for t in db_session.scalars(select(PasswordResetToken))] == ["5"]
    assert [t.key_hash[0] for t in db_session.scalars(select(SignInThrottle))] == ["7"]


def test_data_purge_also_closes_assessment_request_drafts_past_draft_days(app, db_session):
    user = auth.create_user(email="drafter@example.com", password=PASSWORD, verified=True)
    draft = AssessmentRequest(user_id=user.id, status="draft", answers={"why": "unsent words"},
                              expires_at=utcnow() - dt.timedelta(minutes=1))  # fmt: skip
    db_session.add(draft)
    db_session.flush()
    assert privacy.purge()["assessment_requests"] == 1
    assert draft.status == "expired" and draft.answers == {}
