"""'Ask us to contact you': the family's date, the SEN team's queue, clock, outcome, audit and reminders."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from portal.auth import services as auth
from portal.auth.models import AuditEvent, Role
from portal.chat import callbacks
from portal.chat import services as chat
from portal.chat.models import CallbackRequest
from portal.notifications.models import OutboxMessage
from portal.platform.clock import today_in_london
from tests.pages import normalize_spaces, token_from

PASSWORD = "correct horse battery"


def sign_in(client, email, *roles):
    auth.create_user(email=email, password=PASSWORD, roles=list(roles), verified=True, display_name="Cass Worker")
    token = token_from(client.get("/account/sign-in"))
    client.post("/account/sign-in", data={"email": email, "password": PASSWORD, "csrf_token": token})


def ask(name="Rhiannon Example", about="Help with an EHC request", key=None):
    return chat.request_callback(name=name, phone="01632 960123", email=None, preferred_time="morning",
                                 about=about, locale="en", conversation_id=None, idempotency_key=key)  # fmt: skip


@pytest.mark.parametrize(("received", "due"), [
    (date(2026, 12, 18), date(2026, 12, 22)),  # Friday: Mon 21 (1), Tue 22 (2)
    (date(2026, 12, 24), date(2026, 12, 30)),  # Christmas Eve: 25 and 28 are bank holidays; Tue 29 (1), Wed 30 (2)
    (date(2026, 11, 7), date(2026, 11, 10)),  # Saturday: Mon 9 (1), Tue 10 (2)
])  # fmt: skip
def test_two_working_days_with_bank_holidays(received, due):
    assert callbacks.due_for(received) == due


def test_the_family_is_told_the_date(pages, db_session):
    soup = pages.get("/ask/contact")
    data = {"name": "Sam Example", "phone": "01632 960999", "about": "EHCP help", "preferred_time": "any",
            "csrf_token": token_from(soup.response),
            "idempotency_key": soup.find("input", {"name": "idempotency_key"})["value"]}  # fmt: skip
    assert pages.client.post("/ask/contact", data=data).status_code == 303
    saved = db_session.scalar(select(CallbackRequest).where(CallbackRequest.name == "Sam Example"))
    assert saved.received_on == today_in_london() and saved.due_on == callbacks.due_for(saved.received_on)
    done = pages.get("/ask/contact/done")
    from portal.filters import long_date

    assert long_date(saved.due_on) in normalize_spaces(done.select_one(".govuk-panel").text)


def test_receipt_is_the_london_date(db_session, monkeypatch):
    from portal.platform import clock

    monkeypatch.setattr(clock, "now_utc", lambda: datetime(2026, 7, 6, 23, 30, tzinfo=UTC))
    assert ask(name="Night Owl").received_on == date(2026, 7, 7)


def test_queue_detail_outcome_and_audit(pages, db_session):
    late = ask(name="Late Request")
    late.received_on, late.due_on = date(2026, 1, 5), date(2026, 1, 7)
    fresh = ask(name="Fresh Request")
    db_session.flush()
    sign_in(pages.client, "cw@example.com", Role.CASEWORKER)
    home = pages.get("/officers")
    assert home.find("a", href="/officers/contact-requests")
    queue = pages.get("/officers/contact-requests")
    names = [a.text for a in queue.select("#contact-requests tbody a")]
    assert names == ["Late Request", "Fresh Request"]
    assert "Overdue" in normalize_spaces(queue.select("#contact-requests tbody tr")[0].text)
    url = f"/officers/contact-requests/{fresh.id}"
    detail = pages.get(url)
    assert "01632 960123" in detail.text
    assert db_session.scalar(select(AuditEvent).where(AuditEvent.action == "callback.read",
                                                       AuditEvent.object_id == fresh.id))  # fmt: skip
    tomorrow = today_in_london() + timedelta(days=1)
    response = pages.client.post(url, data={"csrf_token": token_from(detail.response), "outcome": "contacted",
                                            "done_on": [str(tomorrow.day), str(tomorrow.month), str(tomorrow.year)]})  # fmt: skip
    assert response.status_code == 200
    assert "The date you got in touch must be today or in the past" in response.get_data(as_text=True)
    today = today_in_london()
    response = pages.client.post(url, data={"csrf_token": token_from(detail.response), "outcome": "contacted",
                                            "done_on": [str(today.day), str(today.month), str(today.year)],
                                            "note": "Talked through the request form."})  # fmt: skip
    assert response.status_code == 303
    db_session.expire_all()
    saved = db_session.get(CallbackRequest, fresh.id)
    assert (saved.status, saved.outcome, saved.done_on) == ("done", "contacted", today)
    assert db_session.scalar(select(AuditEvent).where(AuditEvent.action == "callback.outcome",
                                                       AuditEvent.object_id == fresh.id))  # fmt: skip
    done = pages.get("/officers/contact-requests?show=done")
    assert [a.text for a in done.select("#contact-requests tbody a")] == ["Fresh Request"]
    assert "We spoke to them or wrote back" in pages.get(url).select_one("main").text


def test_other_officers_cannot_see_the_queue(client, db_session):
    sign_in(client, "editor@example.com", Role.EDITOR)
    assert client.get("/officers/contact-requests").status_code == 403


def test_reminder_before_and_alert_after_each_once(app, db_session):
    request = ask(name="Clock Test")
    request.received_on, request.due_on = date(2026, 12, 18), date(2026, 12, 22)
    db_session.flush()
    with app.test_request_context("/"):
        assert callbacks.remind(today=date(2026, 12, 18)) == 0  # due in 2 working days: on track
        assert callbacks.remind(today=date(2026, 12, 21)) == 1  # due tomorrow: reminder
        assert callbacks.remind(today=date(2026, 12, 22)) == 0  # already reminded
        assert callbacks.remind(today=date(2026, 12, 23)) == 1  # overdue: alert
        assert callbacks.remind(today=date(2026, 12, 24)) == 0
    # In the order they were queued (PostgreSQL returns rows in no particular order without ORDER BY).
    mails = db_session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "callback_reminder")
                               .order_by(OutboxMessage.created_at)).all()  # fmt: skip
    assert [m.subject.split(":")[0] for m in mails] == ["Due soon", "Overdue"]
    assert all("/officers/contact-requests/" in m.body and "Clock Test" not in m.subject for m in mails)


def test_remind_command(app, db_session):
    request = ask(name="Command Test")
    request.received_on, request.due_on = date(2026, 1, 5), date(2026, 1, 7)
    db_session.flush()
    result = app.test_cli_runner().invoke(args=["chat", "contact-remind", "--today", "2026-01-08"])
    assert result.exit_code == 0, result.output
    assert "1 reminder(s) and alert(s) queued" in result.output
