"""What the family sees: the timeline, the draft plan window, messages, notifications, the calendar feed, access."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import func, select

from portal.auth import family
from portal.auth import services as auth
from portal.auth.models import Role
from portal.cases import notify
from portal.cases import services as case_services
from portal.cases import timeline as family_timeline
from portal.cases.models import CaseMessage, DraftComment, NotificationPreference
from portal.notifications.models import OutboxMessage
from tests.cases.test_requests import PASSWORD, make_parent, sign_in
from tests.pages import normalize_spaces, token_from


def _milestone(case, code):
    return next(m for m in case.milestones if m.code == code and m.status == "pending")


@pytest.fixture()
def worked_example(db_session):
    """The issue's worked example: received Tue 6 Jan 2026; draft served Tue 21 Apr 2026."""
    parent = make_parent()
    child = family.add_child(parent=parent, first_name="Milo", last_name="Example", date_of_birth=date(2017, 5, 2),
                             relationship="father", parental_responsibility=True)  # fmt: skip
    case = case_services.open_case(None, received_on=date(2026, 1, 6), reference="EHC-TESTCASE",
                                   child_name="Milo Example", child_id=child.id)  # fmt: skip
    case_services.complete_milestone(case, _milestone(case, "decision_to_assess"), on=date(2026, 2, 10),
                                     outcome="assess", user=None, expected_version=None,
                                     advisers=["Educational psychologist"])  # fmt: skip
    case_services.complete_milestone(case, _milestone(case, "advice_due"), on=date(2026, 3, 20), outcome=None,
                                     user=None, expected_version=None)  # fmt: skip
    case_services.complete_milestone(case, _milestone(case, "draft_plan"), on=date(2026, 4, 21), outcome="served",
                                     user=None, expected_version=None)  # fmt: skip
    db_session.flush()
    return parent, case


def test_timeline_shows_the_worked_example(worked_example):
    _, case = worked_example
    timeline = family_timeline.build(case, today=date(2026, 4, 25))
    due = {s.code: s.due for s in timeline.steps}
    assert due["decision_to_assess"] == date(2026, 2, 17)
    assert due["no_plan_decision"] == date(2026, 4, 28)
    assert due["final_plan"] == date(2026, 5, 26)
    assert due["draft_comment_window"] == date(2026, 5, 5)
    states = {s.code: s.state for s in timeline.steps}
    assert states["decision_to_assess"] == "done"
    assert states["no_plan_decision"] == "not_needed", "a draft was served, so no 'no plan' decision is due"
    assert timeline.window_open and timeline.draft_window.due == date(2026, 5, 5)
    assert timeline.next_step.code == "draft_comment_window"
    assert any(a.key == "comment" for a in timeline.actions)
    assert "sign_off" not in due


def test_your_case_page_shows_every_step_in_plain_words(client, worked_example, monkeypatch):
    parent, case = worked_example
    monkeypatch.setattr(family_timeline, "today_in_london", lambda now=None: date(2026, 4, 25))
    sign_in(client, parent.email)
    from tests.pages import PageClient

    soup = PageClient(client).get(f"/your-case/{case.id}")
    assert "Milo Example" in soup.h1.text
    steps = {li["data-code"]: li for li in soup.select("#timeline li[data-code]")}
    assert "17 February 2026" in steps["decision_to_assess"].text and "Done" in steps["decision_to_assess"].text
    assert "26 May 2026" in steps["final_plan"].text
    assert "5 May 2026" in steps["draft_comment_window"].text
    assert "Not needed" in steps["no_plan_decision"].text and "28 April 2026" in steps["no_plan_decision"].text
    next_up = normalize_spaces(soup.select_one("#what-happens-next").text)
    assert "Last day to comment on the draft plan" in next_up and "5 May 2026" in next_up
    actions = [normalize_spaces(a.text) for a in soup.select("#what-you-can-do a")]
    assert "Comment on the draft plan and ask for a school" in actions and "Make a complaint" in actions


def test_your_case_in_welsh(client, worked_example):
    parent, case = worked_example
    sign_in(client, parent.email)
    page = client.get(f"/your-case/{case.id}?lang=cy").get_data(as_text=True)
    assert '<html lang="cy"' in page
    assert "2026" in page


def test_late_steps_and_exceptions_are_explained(db_session, worked_example):
    _, case = worked_example
    case_services.record_exception(case, kind="personal_circumstances", milestone_code="final_plan",
                                   starts_on=date(2026, 5, 1), ends_on=None, evidence="Hospital letter",
                                   family_explanation="Milo was in hospital, so the advice came late.",
                                   user=None)  # fmt: skip
    timeline = family_timeline.build(case, today=date(2026, 6, 1))
    final = next(s for s in timeline.steps if s.code == "final_plan")
    assert final.state == "overdue" and final.state_label == "Late"
    assert [e.family_explanation for e in final.exceptions] == ["Milo was in hospital, so the advice came late."]
    assert any(a.key == "complain" for a in final.actions)


def test_exceptions_show_on_the_page_in_plain_words(client, db_session, worked_example, monkeypatch):
    parent, case = worked_example
    case_services.record_exception(case, kind="personal_circumstances", milestone_code="final_plan",
                                   starts_on=date(2026, 5, 1), ends_on=None, evidence="Hospital letter",
                                   family_explanation="Milo was in hospital, so the advice came late.",
                                   user=None)  # fmt: skip
    monkeypatch.setattr(family_timeline, "today_in_london", lambda now=None: date(2026, 6, 1))
    sign_in(client, parent.email)
    from tests.pages import PageClient

    soup = PageClient(client).get(f"/your-case/{case.id}")
    final = soup.select_one("#timeline li[data-code=final_plan]")
    text = normalize_spaces(final.text)
    assert "Late" in text and "Exceptional personal circumstances. Milo was in hospital" in text
    assert "The date above does not change." in text


def test_rules_marked_verify_say_so(client, db_session, worked_example):
    parent, case = worked_example
    m = _milestone(case, "final_plan")
    m.verify = True
    db_session.flush()
    sign_in(client, parent.email)
    page = client.get(f"/your-case/{case.id}").get_data(as_text=True)
    assert "(We are checking this date rule against the law.)" in page


def test_other_families_and_officers_get_404(app, client, db_session, worked_example):
    parent, case = worked_example
    make_parent("other@example.com")
    sign_in(client, "other@example.com")
    for path in ("", "/messages", "/documents", "/draft-plan"):
        assert client.get(f"/your-case/{case.id}{path}").status_code == 404, path
    assert "EHC-TESTCASE" not in client.get("/your-case").get_data(as_text=True)
    officer = auth.create_user(email="cw@example.com", password=PASSWORD, roles=[Role.CASEWORKER], verified=True)
    staff = app.test_client()
    sign_in(staff, officer.email)
    assert staff.get(f"/your-case/{case.id}").status_code == 404


def test_a_young_person_who_says_no_hides_the_case_from_a_parent(app, client, db_session):
    parent = make_parent()
    yp = auth.create_user(email="yp@example.com", password=PASSWORD, roles=[Role.YOUNG_PERSON], verified=True)
    child = family.add_child(parent=parent, first_name="Dee", last_name="Four", date_of_birth=date(2008, 1, 1),
                             relationship="mother", parental_responsibility=True)  # fmt: skip
    family.link_young_person(young_person=yp, child=child)
    case = case_services.open_case(None, received_on=date(2026, 1, 6), reference="EHC-TESTDEE0",
                                   child_name="Dee Four", child_id=child.id)  # fmt: skip
    family.set_parent_access(young_person=yp, parent_link_id=family.parent_links_for(yp)[0].id, allow=False)
    sign_in(client, parent.email)
    assert client.get(f"/your-case/{case.id}").status_code == 404


def test_messages_are_sent_once(client, db_session, worked_example):
    parent, case = worked_example
    sign_in(client, parent.email)
    page = client.get(f"/your-case/{case.id}/messages")
    token = re.search(r'name="submit_token" type="hidden" value="([^"]+)"', page.get_data(as_text=True)).group(1)
    data = {"csrf_token": token_from(page), "submit_token": token, "body": "When is the panel?"}
    assert client.post(f"/your-case/{case.id}/messages", data=data).status_code == 303
    assert client.post(f"/your-case/{case.id}/messages", data=data).status_code == 303
    count = db_session.scalar(select(func.count(CaseMessage.id)).where(CaseMessage.case_id == case.id))
    assert count == 1
    case_services.officer_reply(case, body="The panel meets next week.",
                                user=auth.create_user(email="cw@example.com", password=PASSWORD,
                                                      roles=[Role.CASEWORKER], verified=True),
                                submit_token=None)  # fmt: skip
    text = client.get(f"/your-case/{case.id}/messages").get_data(as_text=True)
    assert "When is the panel?" in text and "The panel meets next week." in text and "Your caseworker" in text
    reply = db_session.scalar(select(CaseMessage).where(CaseMessage.from_family.is_(False)))
    db_session.refresh(reply)
    assert reply.read_at is not None, "opening the page marks the caseworker's message read"
    empty = client.post(f"/your-case/{case.id}/messages", data={**data, "submit_token": "new-token", "body": ""})
    assert empty.status_code == 200 and "Enter your message" in empty.get_data(as_text=True)


def _comment(client, case, body="Section F needs speech therapy hours.", school="Kingsbridge Academy"):
    page = client.get(f"/your-case/{case.id}/draft-plan")
    html = page.get_data(as_text=True)
    token = re.search(r'name="submit_token" type="hidden" value="([^"]+)"', html)
    csrf = token_from(page if token else client.get(f"/your-case/{case.id}/messages"))
    data = {"csrf_token": csrf, "submit_token": token.group(1) if token else "t" * 30,
            "comments": body, "school_requested": school}  # fmt: skip
    return client.post(f"/your-case/{case.id}/draft-plan", data=data), data


def test_draft_plan_comments_within_the_window(client, db_session, worked_example, monkeypatch):
    parent, case = worked_example
    monkeypatch.setattr(family_timeline, "today_in_london", lambda now=None: date(2026, 5, 5))
    sign_in(client, parent.email)
    page = client.get(f"/your-case/{case.id}/draft-plan").get_data(as_text=True)
    assert "until the end of 5 May 2026" in page
    response, data = _comment(client, case)
    assert response.status_code == 303
    client.post(f"/your-case/{case.id}/draft-plan", data=data)  # pressed twice
    comments = db_session.scalars(select(DraftComment).where(DraftComment.case_id == case.id)).all()
    assert len(comments) == 1 and comments[0].school_requested == "Kingsbridge Academy"


def test_draft_plan_window_closed(client, db_session, worked_example, monkeypatch):
    parent, case = worked_example
    monkeypatch.setattr(family_timeline, "today_in_london", lambda now=None: date(2026, 5, 6))
    sign_in(client, parent.email)
    page = client.get(f"/your-case/{case.id}/draft-plan").get_data(as_text=True)
    assert "The time to comment on the draft ended on 5 May 2026" in page
    assert "You can still contact your caseworker" in page and 'id="send-comments"' not in page
    _comment(client, case)
    assert db_session.scalar(select(func.count(DraftComment.id)).where(DraftComment.case_id == case.id)) == 0


def test_milestone_changes_are_e_mailed_unless_turned_off(db_session, worked_example):
    parent, case = worked_example
    mails = db_session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "case_milestone_changed")).all()
    assert {m.recipient for m in mails} == {parent.email}, "A2's service told the family through notify"
    assert all("Milo" not in m.body for m in mails), "no child's name in e-mails"
    assert "EHC-TESTCASE" in mails[-1].body and "/your-case/" in mails[-1].body
    prefs = family_timeline.preferences_for(parent)
    prefs.email_on_change = False
    db_session.flush()
    assert notify.milestone_changed(case, _milestone(case, "final_plan")) == 0


def test_deadline_reminders_once(app, db_session, worked_example):
    parent, case = worked_example
    assert notify.remind_due_soon(today=date(2026, 4, 30)) == 1  # the comment window ends on 5 May
    mail = db_session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "case_deadline_near")).one()
    assert "Last day to comment on the draft plan" in mail.body and "5 May 2026" in mail.body
    assert notify.remind_due_soon(today=date(2026, 5, 1)) == 0, "each date is reminded once"


def test_preferences_page_saves(client, db_session, worked_example):
    parent, _ = worked_example
    sign_in(client, parent.email)
    page = client.get("/your-case/notifications")
    response = client.post("/your-case/notifications", data={"csrf_token": token_from(page), "email_on_change": "y"})
    assert response.status_code == 303
    prefs = db_session.scalar(select(NotificationPreference).where(NotificationPreference.user_id == parent.id))
    db_session.refresh(prefs)
    assert prefs.email_on_change is True and prefs.email_before_due is False


def _calendar_url(client) -> str:
    html = client.get("/your-case/notifications").get_data(as_text=True)
    return re.search(r'id="calendar-link" type="text" readonly value="http://localhost(/your-case/calendar/[^"]+)"',
                     html).group(1)  # fmt: skip


def test_calendar_feed_is_rfc5545(client, db_session, worked_example):
    parent, case = worked_example
    sign_in(client, parent.email)
    url = _calendar_url(client)
    anonymous = client.application.test_client()
    response = anonymous.get(url)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/calendar")
    body = response.get_data()
    assert body.startswith(b"BEGIN:VCALENDAR\r\n") and body.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in body.replace(b"\r\n", b""), "every line ends with CRLF"
    lines = body.split(b"\r\n")
    assert all(len(line) <= 75 for line in lines), "lines are folded at 75 octets"
    unfolded = body.replace(b"\r\n ", b"").decode().replace("\r\n", "\n")
    assert unfolded.count("BEGIN:VEVENT") == unfolded.count("END:VEVENT") >= 3
    assert "DTSTART;VALUE=DATE:20260526" in unfolded  # final plan
    assert "DTSTART;VALUE=DATE:20260505" in unfolded  # end of the comment window
    assert re.search(r"^UID:[0-9a-f-]{36}@", unfolded, re.M) and re.search(r"^DTSTAMP:\d{8}T\d{6}Z$", unfolded, re.M)
    assert "Milo" not in unfolded, "the feed names no child"


def test_calendar_link_rotates_and_wrong_tokens_404(client, db_session, worked_example):
    parent, _ = worked_example
    sign_in(client, parent.email)
    old = _calendar_url(client)
    page = client.get("/your-case/notifications")
    client.post("/your-case/calendar/new-link", data={"csrf_token": token_from(page)})
    new = _calendar_url(client)
    assert new != old
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200
    assert client.get("/your-case/calendar/not-the-right-token-at-all-123.ics").status_code == 404


def test_ical_folding_counts_octets_not_characters():
    line = "SUMMARY:" + "Cymraeg â ŵ ŷ " * 12
    folded = family_timeline._fold(line)
    parts = folded.split("\r\n")
    assert all(len(p.encode()) <= 75 for p in parts) and all(p.startswith(" ") for p in parts[1:])
    assert "".join(p[1:] if i else p for i, p in enumerate(parts)) == line


def test_your_case_is_on_your_account(client, db_session, worked_example):
    parent, case = worked_example
    sign_in(client, parent.email)
    account = client.get("/account").get_data(as_text=True)
    assert 'href="/your-case"' in account
    listing = client.get("/your-case").get_data(as_text=True)
    assert "EHC-TESTCASE" in listing and f"/your-case/{case.id}" in listing


def test_remind_due_command(app, db_session, worked_example, monkeypatch):
    from portal.cases.request_commands import remind_due

    parent, case = worked_example
    monkeypatch.setattr(notify, "today_in_london", lambda now=None: date(2026, 5, 20))
    result = app.test_cli_runner().invoke(remind_due, ["--days", "7"])
    assert result.exit_code == 0, result.output
    assert "1 reminders queued" in result.output  # the final plan, due 26 May
    mail = db_session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "case_deadline_near")).one()
    assert "We send you the final EHC plan" in mail.body and "http://localhost/your-case/" in mail.body


def test_officer_download_checks_the_document_belongs_to_the_case(app, db_session, worked_example, tmp_path,
                                                                   monkeypatch):  # fmt: skip
    from portal.cases import uploads

    monkeypatch.setitem(app.config, "UPLOAD_DIR", str(tmp_path))
    _, case = worked_example
    other = case_services.open_case(None, received_on=date(2026, 2, 2), reference="EHC-TESTOTHR", child_name="X Y")
    document = uploads.store(b"%PDF-1.4 tiny", filename="plan.pdf", uploaded_by=None, case_id=case.id,
                             kind="draft_plan", from_family=False)  # fmt: skip
    officer = auth.create_user(email="cw@example.com", password=PASSWORD, roles=[Role.CASEWORKER], verified=True)
    staff = app.test_client()
    sign_in(staff, officer.email)
    assert staff.get(f"/officers/cases/{other.id}/documents/{document.id}").status_code == 404
    assert staff.get(f"/officers/cases/{case.id}/documents/{document.id}").status_code == 200


def test_decision_e_mail_says_what_was_decided(db_session, worked_example):
    parent, case = worked_example
    mails = db_session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "case_milestone_changed")).all()
    bodies = [normalize_spaces(m.body) for m in mails]
    assert any("We decided to carry out an EHC needs assessment." in b for b in bodies)
    assert any("We have sent you the draft EHC plan to comment on." in b for b in bodies)
    refusal = case_services.open_case(None, received_on=date(2026, 1, 6), reference="EHC-TESTNO",
                                      child_name="Milo Example", child_id=case.child_id)  # fmt: skip
    case_services.complete_milestone(refusal, _milestone(refusal, "decision_to_assess"), on=date(2026, 2, 10),
                                     outcome="not_assess", user=None, expected_version=None)  # fmt: skip
    db_session.flush()
    mail = db_session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "case_milestone_changed",
                                                          OutboxMessage.body.contains("EHC-TESTNO"))).all()  # fmt: skip
    assert any("We decided not to carry out an EHC needs assessment" in m.body and "appeal" in m.body for m in mail)


def test_the_cached_timeline_shows_every_change_at_once(app, client, db_session, worked_example, monkeypatch):
    """The timeline is rendered once per version of the case; a change by an officer, or a new day, shows at once."""
    from portal import fragment_cache
    from tests.pages import PageClient

    parent, case = worked_example
    today = [date(2026, 4, 25)]
    monkeypatch.setattr(family_timeline, "today_in_london", lambda now=None: today[0])
    monkeypatch.setitem(app.config, "PAGE_CACHE", True)
    fragment_cache.clear()
    sign_in(client, parent.email)
    pages = PageClient(client)

    def step(code: str) -> str:
        soup = pages.get(f"/your-case/{case.id}")
        return normalize_spaces(soup.select_one(f"#timeline li[data-code={code}]").text)

    assert "Due by 5 May 2026" in step("draft_comment_window")
    assert step("draft_comment_window") == step("draft_comment_window")
    kept = [key for key in fragment_cache._fragments._items if key[0] == "case-page"]
    assert len(kept) == 1, "the second visit used the rendered timeline"

    today[0] = date(2026, 5, 6)
    assert "Date passed" in step("draft_comment_window"), "a new day can change a step's state"

    case_services.complete_milestone(case, _milestone(case, "final_plan"), on=date(2026, 4, 30), outcome="issued",
                                     user=None, expected_version=None)  # fmt: skip
    db_session.flush()
    assert "Done on 30 April 2026" in step("final_plan")

    case_services.record_exception(case, kind="personal_circumstances", milestone_code=None,
                                   starts_on=date(2026, 4, 1), ends_on=None, evidence="Hospital letter",
                                   family_explanation="Milo was in hospital for a week.", user=None)  # fmt: skip
    db_session.flush()
    assert "Milo was in hospital for a week." in pages.get(f"/your-case/{case.id}").text

    welsh = client.get(f"/your-case/{case.id}?lang=cy").get_data(as_text=True)
    assert "Date passed" not in welsh, "each language has its own copy"


def test_a_kept_case_page_is_not_built_again_until_the_case_changes(app, client, db_session, worked_example,
                                                                      monkeypatch):  # fmt: skip
    """A second visit shows the rendered copy without building the timeline; a change to the case (here the
    child's name, as an officer corrects it) is a new copy at once."""
    from portal import fragment_cache
    from tests.pages import PageClient

    parent, case = worked_example
    monkeypatch.setitem(app.config, "PAGE_CACHE", True)
    fragment_cache.clear()
    sign_in(client, parent.email)
    pages = PageClient(client)
    first = pages.get(f"/your-case/{case.id}")
    built = []
    real_build = family_timeline.build
    monkeypatch.setattr(family_timeline, "build", lambda *a, **k: built.append(1) or real_build(*a, **k))
    again = pages.get(f"/your-case/{case.id}")
    assert not built, "the kept copy was shown without building the timeline"
    assert normalize_spaces(again.select_one("#timeline").text) == normalize_spaces(first.select_one("#timeline").text)

    case.child_name = "Milo Renamed"
    db_session.flush()
    renamed = pages.get(f"/your-case/{case.id}")
    assert "Milo Renamed" in renamed.select_one("h1").text and built == [1]
    fragment_cache.clear()


def test_a_cached_timeline_is_only_shown_on_its_own_case(app, client, db_session, worked_example):
    from portal import fragment_cache

    parent, case = worked_example
    app.config["PAGE_CACHE"] = True
    try:
        fragment_cache.clear()
        sign_in(client, parent.email)
        assert client.get(f"/your-case/{case.id}").status_code == 200
        other, stranger = make_parent("someone.else@example.com"), app.test_client()
        sign_in(stranger, other.email)
        assert stranger.get(f"/your-case/{case.id}").status_code == 404, "the access check comes before the cache"
    finally:
        app.config["PAGE_CACHE"] = False
        fragment_cache.clear()


def test_the_case_page_loads_the_person_and_checks_access_in_one_query_each(app, client, worked_example):
    from sqlalchemy import event

    from portal.db import db

    parent, case = worked_example
    sign_in(client, parent.email)
    assert client.get(f"/your-case/{case.id}").status_code == 200
    statements: list[str] = []

    def on_statement(_conn, _cursor, statement, _params, _context, _many) -> None:
        if statement.startswith(("SELECT", "INSERT", "UPDATE", "DELETE")):
            statements.append(" ".join(statement.split()))

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", on_statement)
    try:
        assert client.get(f"/your-case/{case.id}").status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", on_statement)
    person = [s for s in statements if "user_session" in s or "FROM user_account" in s]
    assert len(person) == 1 and "user_session" in person[0] and "user_account" in person[0], person
    access = [s for s in statements if "family_link" in s]
    assert len(access) == 1 and "FROM ehc_case" in access[0], "the case is read with its access check"
    assert not [s for s in statements if not s.startswith("SELECT")], "reading a case writes nothing"
    # The person, the case, its milestones and its exceptions; nothing else (tests check the content version on
    # every request; production every few seconds).
    assert len([s for s in statements if "FROM content_version" not in s]) == 4, statements
