"""The functions other domains call: entry_choices, link_source, entries_linked_to."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.auth import services as auth
from portal.auth.models import AuditEvent, Role
from portal.surveys import yousaid
from portal.surveys.sources import Candidate, register_source, source
from portal.surveys.yousaid_models import YouSaidLink


@pytest.fixture()
def officer(db_session):
    return auth.create_user(email="lead@example.com", password="correct horse battery",
                            roles=[Role.PARTICIPATION], verified=True)  # fmt: skip


@pytest.fixture()
def test_source(app):
    if source("test_source") is None:
        register_source("test_source", "Test source", lambda limit: [Candidate("test_source", "r1", "Said one")])
    return "test_source"


def test_link_is_idempotent_audited_and_found(db_session, officer, test_source):
    entry = yousaid.create_entry(user=officer, title="Clearer transport pages", year=2026, theme="Transport")
    assert (entry.id, "Clearer transport pages (2026)") in yousaid.entry_choices()
    yousaid.link_source(entry.id, test_source, "r1", officer)
    yousaid.link_source(entry.id, test_source, "r1", officer)
    links = db_session.scalars(select(YouSaidLink).where(YouSaidLink.entry_id == entry.id)).all()
    assert len(links) == 1 and links[0].title == "Said one"
    assert yousaid.entries_linked_to(test_source, "r1") == [entry]
    assert yousaid.entries_linked_to(test_source, "other") == []
    actions = db_session.scalars(select(AuditEvent.action).where(AuditEvent.object_id == entry.id)).all()
    assert actions.count("yousaid.link") == 1


def test_link_refuses_unknown_entries_and_sources(db_session, officer, test_source):
    with pytest.raises(yousaid.EntryNotFound):
        yousaid.link_source("missing", test_source, "r1", officer)
    entry = yousaid.create_entry(user=officer, title="T", year=2026)
    with pytest.raises(ValueError):
        yousaid.link_source(entry.id, "no_such_source", "r1", officer)


def test_excluded_links_do_not_count(db_session, officer, test_source):
    entry = yousaid.create_entry(user=officer, title="T", year=2026)
    yousaid.link_source(entry.id, test_source, "r1", officer)
    link = entry.links[0] if entry.links else db_session.scalar(select(YouSaidLink))
    with pytest.raises(ValueError):
        yousaid.set_excluded(link, user=officer, excluded=True, reason="bad", note="x")
    yousaid.set_excluded(link, user=officer, excluded=True, reason="own_case", note="About one child's plan")
    assert yousaid.entries_linked_to(test_source, "r1") == []


def test_our_sources_are_registered(app):
    from portal.surveys.sources import sources

    kinds = {s.kind for s in sources()}
    assert {"survey_question", "survey_theme", "chat_gap"} <= kinds


def test_unanswered_chat_questions_are_a_masked_source(db_session, officer):
    from portal.chat.models import ChatConversation, ChatMessage

    conversation = ChatConversation(locale="en")
    db_session.add(conversation)
    db_session.flush()
    for n, text in enumerate(["Can I get a blue badge for a scooter?", "Can I get a blue badge for a scooter?",
                              "Email jo@example.com about parking"]):  # fmt: skip
        db_session.add(ChatMessage(conversation_id=conversation.id, position=n, role="user", text=text,
                                   intent="out_of_scope"))  # fmt: skip
    db_session.flush()
    found = yousaid.chat_gap_candidates(10)
    titles = {c.title: c for c in found}
    assert titles["Can I get a blue badge for a scooter?"].detail == "Asked 2 times"
    assert not any("jo@example.com" in c.title for c in found)
    entry = yousaid.create_entry(user=officer, title="Blue badges", year=2026)
    gap = titles["Can I get a blue badge for a scooter?"]
    yousaid.link_source(entry.id, "chat_gap", gap.ref, officer)
    assert yousaid.entries_linked_to("chat_gap", gap.ref) == [entry]
    assert entry.links[0].title == "Can I get a blue badge for a scooter?"
