"""The safeguarding queue: who can see it, the exact words, acknowledging, recording what was done,
escalation, and keeping flagged words out of anonymised reports."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from portal.auth import services as auth
from portal.auth.models import AuditEvent, Role
from portal.db import utcnow
from portal.feedback import safeguarding
from portal.notifications.models import OutboxMessage
from portal.safeguarding.models import SafeguardingFlag
from portal.safeguarding.services import flagged_ids, is_flagged, screen_and_flag
from tests.pages import normalize_spaces, token_from

PASSWORD = "correct horse battery"
WORDS = "my stepdad hits me when mum is out"


def make(email, *roles):
    return auth.create_user(email=email, password=PASSWORD, roles=list(roles) or None, verified=True)


def sign_in(client, email):
    token = token_from(client.get("/account/sign-in"))
    response = client.post("/account/sign-in", data={"email": email, "password": PASSWORD, "csrf_token": token})
    assert response.status_code in (302, 303)


@pytest.fixture()
def lead(db_session):
    return make("lead@example.com", Role.SAFEGUARDING)


@pytest.fixture()
def lead_pages(pages, lead):
    sign_in(pages.client, "lead@example.com")
    return pages


def flag(words=WORDS, *, source="voice", source_id="s-1", raised=None, language="en"):
    found = screen_and_flag(words, source=source, source_id=source_id, language=language)
    assert found is not None
    if raised is not None:
        found.created_at = raised
        found.due_by = safeguarding.due_by_for(raised)
    return found


def actions(db_session, name):
    return db_session.scalars(select(AuditEvent).where(AuditEvent.action == name)).all()


# Screening and holding back ------------------------------------------------------------------------------


def test_screen_and_flag_keeps_the_exact_words_with_a_due_time(db_session):
    found = flag()
    assert found.text == WORDS and found.source == "voice" and found.status == "new"
    assert "abuse" in found.categories
    assert found.due_by is not None
    assert safeguarding.due_of(found) == safeguarding.due_by_for(found.created_at)
    assert screen_and_flag("We liked the new sensory room", source="voice", source_id="s-2") is None


def test_is_flagged_and_flagged_ids(db_session):
    flag(source_id="a")
    flag(source="complaint", source_id="b")
    assert is_flagged("voice", "a") and not is_flagged("voice", "b")
    assert flagged_ids("voice") == {"a"}
    assert flagged_ids("complaint") == {"b"}


def test_chat_report_never_shows_flagged_words(pages, db_session):
    from portal.chat import services as chat

    conversation = chat.start_conversation(locale="en")
    chat.handle_message(conversation, "i want to kill myself", locale="en")
    answer = next(m for m in conversation.messages if m.role == "assistant")
    chat.record_helpful(conversation, answer.id, False)
    # A second, ordinary question in the same (flagged) conversation is held back too.
    chat.handle_message(conversation, "zzzq unknown words", locale="en")
    report = chat.report(100)
    shown = " ".join(str(row) for row in report["Not answered"] + report["Marked not helpful"])
    assert "kill myself" not in shown
    assert "zzzq" not in shown
    assert report["Urgent (flagged to the safeguarding queue)"], "the flag itself is counted, without its words"
    assert "kill myself" not in " ".join(report["Urgent (flagged to the safeguarding queue)"])


def test_content_gaps_page_never_shows_flagged_words(pages, db_session):
    from portal.chat import services as chat

    conversation = chat.start_conversation(locale="en")
    chat.handle_message(conversation, "my dad hits me", locale="en")
    answer = next(m for m in conversation.messages if m.role == "assistant")
    chat.record_helpful(conversation, answer.id, False)
    make("editor@example.com", Role.EDITOR)
    sign_in(pages.client, "editor@example.com")
    soup = pages.get("/officers/content-gaps")
    assert "hits me" not in soup.text


# Access ---------------------------------------------------------------------------------------------------


def test_signed_out_visitors_go_to_sign_in(client, db_session):
    response = client.get("/officers/safeguarding")
    assert response.status_code == 303
    assert "/account/sign-in" in response.headers["Location"]


@pytest.mark.parametrize("role", [Role.PARENT, Role.YOUNG_PERSON, Role.PARTICIPATION, Role.CASEWORKER, Role.COMPLAINTS])
def test_others_cannot_see_the_queue_or_an_alert(client, db_session, role):
    found = flag()
    make("someone@example.com", role)
    sign_in(client, "someone@example.com")
    assert client.get("/officers/safeguarding").status_code == 403
    assert client.get(f"/officers/safeguarding/{found.id}").status_code == 403
    token = token_from(client.get("/account"))
    assert client.post(f"/officers/safeguarding/{found.id}/acknowledge", data={"csrf_token": token}).status_code == 403
    assert db_session.get(SafeguardingFlag, found.id).status == "new"


def test_administrators_see_the_queue(pages, db_session):
    make("admin@example.com", Role.ADMIN)
    sign_in(pages.client, "admin@example.com")
    assert pages.get("/officers/safeguarding").h1.text.strip() == "Safeguarding alerts"


# The queue ------------------------------------------------------------------------------------------------


def test_queue_shows_words_time_source_language_and_overdue_first(lead_pages, db_session):
    old = flag("no food in the house again", source="page_feedback", source_id="p-1",
               raised=datetime(2026, 11, 2, 10, 0, tzinfo=UTC))  # fmt: skip
    new = flag(WORDS, source="voice", source_id="v-1", language="cy")
    soup = lead_pages.get("/officers/safeguarding")
    rows = soup.select("#alerts tbody tr")
    assert len(rows) == 2
    first, second = (normalize_spaces(r.text) for r in rows)
    assert "no food in the house again" in first and "Overdue" in first and "Page feedback" in first
    assert "2 November 2026, 10:00" in first and "2 November 2026, 17:00" in first
    assert WORDS in second and "cy" in second and "Young person's space" in second
    assert soup.select_one("#overdue-warning")
    assert soup.select_one(f'a[href="/officers/safeguarding/{old.id}"]')
    assert soup.select_one(f'a[href="/officers/safeguarding/{new.id}"]')
    assert actions(db_session, "safeguarding.queue_viewed")


def test_officer_home_counts_open_alerts(lead_pages, db_session):
    flag()
    flag(source_id="s-2")
    soup = lead_pages.get("/officers")
    link = soup.find("a", href="/officers/safeguarding")
    assert link is not None
    assert "Open alerts: 2." in normalize_spaces(link.find_parent("li").text)


def test_alert_page_is_audited_and_shows_who_when_known(lead_pages, db_session):
    young = make("casey@example.com", Role.YOUNG_PERSON)
    found = screen_and_flag(WORDS, source="voice_unsafe", source_id=young.id)
    soup = lead_pages.get(f"/officers/safeguarding/{found.id}")
    assert soup.select_one("#flag-words").text.strip() == WORDS
    assert "casey@example.com" in soup.select_one("#flag-details").text
    events = actions(db_session, "safeguarding.flag_viewed")
    assert [e.object_id for e in events] == [found.id]


def test_acknowledge_then_record_and_close(lead_pages, lead, db_session):
    found = flag()
    client = lead_pages.client
    page = client.get(f"/officers/safeguarding/{found.id}")
    token = token_from(page)
    response = client.post(f"/officers/safeguarding/{found.id}/acknowledge", data={"csrf_token": token})
    assert response.status_code == 303
    db_session.refresh(found)
    assert found.status == "acknowledged" and found.acknowledged_by == "lead@example.com"
    assert actions(db_session, "safeguarding.acknowledged")

    # No referral needs a reason: the form comes back with the error.
    data = {"csrf_token": token, "action_taken": "Phoned the school DSL", "referral": "none", "close": "yes"}
    response = client.post(f"/officers/safeguarding/{found.id}/action", data=data)
    assert response.status_code == 200
    assert "Enter why no referral was made" in response.get_data(as_text=True)
    db_session.refresh(found)
    assert found.status == "acknowledged"

    data |= {"referral_reason": "School DSL already referred; checked with the MASH"}
    response = client.post(f"/officers/safeguarding/{found.id}/action", data=data)
    assert response.status_code == 303 and response.headers["Location"].endswith("/officers/safeguarding")
    db_session.refresh(found)
    assert found.status == "closed" and found.closed_at is not None
    assert found.referral == "none" and found.action_taken == "Phoned the school DSL"
    assert actions(db_session, "safeguarding.closed")
    closed = lead_pages.get("/officers/safeguarding?show=closed")
    assert "Closed" in closed.select_one("#alerts").text
    assert lead_pages.get("/officers/safeguarding").select_one("#no-alerts")


def test_recording_an_action_acknowledges_a_new_alert(lead_pages, db_session):
    found = flag()
    token = token_from(lead_pages.client.get(f"/officers/safeguarding/{found.id}"))
    data = {"csrf_token": token, "action_taken": "Referred", "referral": "social_care", "close": "no"}
    assert lead_pages.client.post(f"/officers/safeguarding/{found.id}/action", data=data).status_code == 303
    db_session.refresh(found)
    assert found.status == "acknowledged" and found.referral == "social_care" and found.actioned_by


def test_unknown_alert_is_404(lead_pages):
    lead_pages.get("/officers/safeguarding/no-such-flag", status=404)


# Escalation -----------------------------------------------------------------------------------------------


def outbox(db_session):
    return db_session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "safeguarding_escalation")).all()


def test_escalation_leads_then_administrators_once_each(app, db_session, lead):
    make("admin@example.com", Role.ADMIN)
    raised = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
    found = flag(raised=raised)
    due = safeguarding.due_of(found)
    with app.test_request_context("/"):
        assert safeguarding.escalate_overdue(now=due - timedelta(minutes=1)).emails == 0
        first = safeguarding.escalate_overdue(now=due + timedelta(minutes=1))
        assert (first.to_leads, first.to_admins, first.emails) == (1, 0, 1)
        assert safeguarding.escalate_overdue(now=due + timedelta(minutes=30)).emails == 0
        second = safeguarding.escalate_overdue(now=due + timedelta(hours=2, minutes=1))
        assert (second.to_leads, second.to_admins) == (0, 1)
        assert safeguarding.escalate_overdue(now=due + timedelta(hours=5)).emails == 0
    messages = outbox(db_session)
    assert sorted(m.recipient for m in messages) == ["admin@example.com", "lead@example.com"]
    for message in messages:
        assert WORDS not in message.body, "the e-mail never carries the words"
        # Absolute, from the configured address (issue 15: a relative link leads nowhere from an e-mail).
        assert f"{app.config['BASE_URL'].rstrip('/')}/officers/safeguarding/{found.id}" in message.body
    assert len(actions(db_session, "safeguarding.escalated")) == 2


def test_acknowledged_alerts_are_not_escalated(app, db_session, lead):
    found = flag(raised=datetime(2026, 11, 25, 10, 0, tzinfo=UTC))
    safeguarding.acknowledge(found, actor=lead)
    with app.test_request_context("/"):
        assert safeguarding.escalate_overdue(now=utcnow()).emails == 0


def test_escalate_command_is_idempotent(app, db_session, lead):
    from portal.feedback.safeguarding_commands import safeguarding_escalate

    found = flag(raised=datetime(2026, 11, 2, 10, 0, tzinfo=UTC))
    runner = app.test_cli_runner()
    first = runner.invoke(safeguarding_escalate)
    assert first.exit_code == 0, first.output
    assert "1 alert(s) sent to safeguarding leads" in first.output
    # Sent from a command, with no request to take an address from: the link is still absolute (issue 15).
    (message,) = outbox(db_session)
    assert f"{app.config['BASE_URL'].rstrip('/')}/officers/safeguarding/{found.id}" in message.body
    again = runner.invoke(safeguarding_escalate)
    assert "0 alert(s) sent to safeguarding leads" in again.output
    assert [m.recipient for m in outbox(db_session)] == ["lead@example.com"]


def test_a_new_flag_tells_the_safeguarding_leads_at_once_without_the_words(app, db_session):
    from sqlalchemy import select

    from portal.auth import services as auth
    from portal.auth.models import Role
    from portal.notifications.models import OutboxMessage
    from portal.safeguarding.services import screen_and_flag

    auth.create_user(email="lead.now@example.com", password="correct horse battery", roles=[Role.SAFEGUARDING],
                     verified=True)  # fmt: skip
    with app.test_request_context("/"):
        flag = screen_and_flag("my stepdad hits me when mum is out", source="page_feedback", source_id=None)
    assert flag is not None
    mails = db_session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "safeguarding_new")).all()
    assert [m.recipient for m in mails if m.recipient == "lead.now@example.com"] == ["lead.now@example.com"]
    mail = next(m for m in mails if m.recipient == "lead.now@example.com")
    assert f"/officers/safeguarding/{flag.id}" in mail.body
    assert "stepdad" not in mail.body and "hits" not in mail.body


def test_officer_pages_keep_developer_notes_and_markup_out_of_sight(pages, db_session):
    """Issue 15: the content-gaps <title> held markup; the safeguarding page showed a "(verify)" note."""
    make("gaps@example.com", Role.EDITOR)
    sign_in(pages.client, "gaps@example.com")
    soup = pages.get("/officers/content-gaps")
    assert "<" not in soup.title.text and soup.title.text.startswith("Content gaps")
    make("lead2@example.com", Role.SAFEGUARDING)
    sign_in(pages.client, "lead2@example.com")
    queue = pages.get("/officers/safeguarding")
    assert "(verify)" not in queue.text and "<" not in queue.title.text


# Why it was flagged, and "not a concern" (issue 12) ------------------------------------------------------

BURIED = ("Hello, I am writing about the taxi to school, which is late again. "
          "My daughter told me last night that her stepdad hits her when mum is out. "
          "Please can someone also check the pick-up time.")  # fmt: skip


def test_alert_page_and_queue_show_why_it_was_flagged(lead_pages, db_session):
    found = flag(BURIED, source="page_feedback", source_id="pf-1")
    soup = lead_pages.get(f"/officers/safeguarding/{found.id}")
    sentence = normalize_spaces(soup.select_one("#flag-sentence").text)
    assert "stepdad hits her" in sentence and "taxi" not in sentence
    assert "Abuse" in soup.select_one("#flag-details").text
    row = normalize_spaces(lead_pages.get("/officers/safeguarding").select_one("#alerts tbody tr").text)
    assert "stepdad hits her" in row and "Abuse" in row


def test_not_a_concern_needs_a_reason_then_closes_and_is_audited(lead_pages, db_session):
    found = flag()
    client = lead_pages.client
    token = token_from(client.get(f"/officers/safeguarding/{found.id}"))
    response = client.post(f"/officers/safeguarding/{found.id}/not-a-concern", data={"csrf_token": token, "reason": ""})
    assert response.status_code == 200 and "Enter why this is not a concern" in response.get_data(as_text=True)
    db_session.refresh(found)
    assert found.status == "new"
    data = {"csrf_token": token, "reason": "Words from a play the class is reading"}
    response = client.post(f"/officers/safeguarding/{found.id}/not-a-concern", data=data)
    assert response.status_code == 303 and response.headers["Location"].endswith("/officers/safeguarding")
    db_session.refresh(found)
    assert found.status == "closed" and found.not_concern_reason == "Words from a play the class is reading"
    assert actions(db_session, "safeguarding.not_a_concern")
    page = lead_pages.get(f"/officers/safeguarding/{found.id}")
    assert "Words from a play" in page.select_one("#flag-details").text
    assert page.select_one("#not-a-concern") is None
