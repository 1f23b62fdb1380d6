"""The complaint journey, the complainant's view, officers' queue and actions, reminders and the themes report."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from sqlalchemy import select

from portal.auth import services as auth
from portal.auth.models import AuditEvent, Role
from portal.feedback import complaints as svc
from portal.feedback.complaint_models import Complaint, ComplaintReminder
from portal.notifications.models import OutboxMessage
from tests.pages import PageClient, normalize_spaces, token_from

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def uploads(app, tmp_path):
    app.config["COMPLAINT_UPLOAD_DIR"] = str(tmp_path / "uploads")
    yield
    app.config.pop("COMPLAINT_UPLOAD_DIR", None)


@pytest.fixture()
def request_ctx(app, db_session):
    """Services that queue e-mails build links, which needs a request context."""
    with app.test_request_context("/"):
        yield


def sign_in(client, email, roles):
    user = auth.create_user(email=email, password="correct horse battery", roles=roles, verified=True)
    token = token_from(client.get("/account/sign-in"))
    client.post("/account/sign-in", data={"email": email, "password": "correct horse battery", "csrf_token": token})
    return user


def post(client, url, **data):
    token = token_from(client.get(url))
    return client.post(url, data={"csrf_token": token, **data})


def fill_in(client, *, about="ehc_process", email="sam@example.com", upload=None):
    """Answer every question; returns the check page response."""
    assert post(client, "/complaints/about", about=about).status_code == 303
    post(client, "/complaints/what-happened", what_happened="The annual review was 3 months late.")
    post(client, "/complaints/outcome", outcome_wanted="An apology and the review done.")
    post(client, "/complaints/your-case", case_reference="")
    post(client, "/complaints/contact", name="Sam Example", email=email, phone="", contact_by="email")
    post(client, "/complaints/help-you-need", adjustments="Large print please")
    if upload is not None:
        token = token_from(client.get("/complaints/upload"))
        response = client.post("/complaints/upload", data={"csrf_token": token, "upload": upload},
                               content_type="multipart/form-data")  # fmt: skip
        assert response.status_code in (200, 303)
    return client.get("/complaints/check")


def send(client):
    check = client.get("/complaints/check")
    key = re.search(r'name="key"[^>]*value="([^"]+)"', check.get_data(as_text=True)).group(1)
    data = {"csrf_token": token_from(check), "key": key}
    return client.post("/complaints/check", data=data), data


def test_start_page(pages):
    soup = pages.get("/complaints")
    assert normalize_spaces(soup.h1.text) == "Make a complaint"
    assert soup.find("a", class_="govuk-button--start")["href"] == "/complaints/about"


def test_about_page_is_one_question_with_routes(pages):
    soup = pages.get("/complaints/about")
    legend = soup.find("legend")
    assert legend.find("h1") and "What is your complaint about?" in legend.text
    values = [i["value"] for i in soup.find_all("input", {"name": "about"})]
    assert values[:3] == ["ehc_decision", "ehc_process", "school"] and "health" in values


def test_about_needs_an_answer(client, pages):
    response = post(client, "/complaints/about")
    assert response.status_code == 200
    assert "Select what your complaint is about" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("about", "heading", "words"),
    [
        (
            "ehc_decision",
            "You can appeal this decision",
            "within 2 months of the decision letter, or 1 month after the mediation certificate",
        ),
        ("school", "Complain to the school or college first", "complaints policy"),
        ("health", "Complain to the NHS", "integrated care board"),
    ],
)
def test_routing_explains_and_still_lets_them_go_on(client, about, heading, words):
    response = post(client, "/complaints/about", about=about)
    assert response.headers["Location"] == f"/complaints/better-route/{about}"
    soup = PageClient(client).get(response.headers["Location"])
    assert normalize_spaces(soup.h1.text) == heading
    assert words in normalize_spaces(soup.text)
    assert soup.find("a", string=re.compile("Continue with my complaint"))["href"] == "/complaints/what-happened"


def test_questions_without_a_draft_go_back_to_the_start(client):
    assert client.get("/complaints/what-happened").headers["Location"] == "/complaints/about"
    assert client.get("/complaints/check").headers["Location"] == "/complaints/about"


def test_every_question_page_is_valid(client, db_session):
    post(client, "/complaints/about", about="transport")
    pages = PageClient(client)
    for url, label in [("/complaints/what-happened", "What happened?"),
                       ("/complaints/outcome", "What would you like us to do to put things right?"),
                       ("/complaints/help-you-need", "Do you need us to do anything differently to help you? (optional)")]:  # fmt: skip
        soup = pages.get(url)
        assert normalize_spaces(soup.h1.text) == label
    assert normalize_spaces(pages.get("/complaints/contact").h1.text) == "How can we contact you?"
    assert normalize_spaces(pages.get("/complaints/your-case").h1.text) == "Is this about your case?"
    assert pages.get("/complaints/upload").find("input", {"type": "file"})


def test_contact_needs_email_unless_by_post(client, db_session):
    post(client, "/complaints/about", about="transport")
    response = post(client, "/complaints/contact", name="Sam", email="", contact_by="email")
    assert "Enter your email address so we can send you our reply" in response.get_data(as_text=True)
    response = post(client, "/complaints/contact", name="Sam", email="", contact_by="post", address="")
    assert "Enter your postal address" in response.get_data(as_text=True)


def test_full_journey_anonymous(client, db_session):
    check = fill_in(client)
    soup = PageClient(client).get("/complaints/check")
    assert normalize_spaces(soup.h1.text) == "Check your answers before sending your complaint"
    assert "The annual review was 3 months late." in soup.text
    response, data = send(client)
    assert response.headers["Location"] == "/complaints/sent"
    complaint = db_session.scalar(select(Complaint).where(Complaint.idempotency_key == data["key"]))
    assert complaint is not None and complaint.status == "new" and complaint.user_id is None
    assert complaint.stage_started_on == date.today()
    sent = PageClient(client).get("/complaints/sent")
    assert complaint.reference in sent.find(class_="govuk-panel").text
    link = sent.find("a", string="Follow your complaint")["href"]
    mail = db_session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "complaint_received",
                                                         OutboxMessage.recipient == "sam@example.com"))  # fmt: skip
    assert complaint.reference in mail.subject and link in mail.body
    # The secret link shows the complaint to anyone holding it, and nothing else does.
    view = PageClient(client).get(link.replace("http://localhost", ""))
    assert complaint.reference in view.h1.text
    PageClient(client).get("/complaints/view/not-the-token", status=404)
    assert check.status_code == 200


def test_double_submit_makes_one_complaint(client, db_session):
    fill_in(client)
    response, data = send(client)
    again = client.post("/complaints/check", data=data)
    assert again.status_code == 303 and again.headers["Location"] == "/complaints/sent"
    assert len(db_session.scalars(select(Complaint).where(Complaint.idempotency_key == data["key"])).all()) == 1


def test_submit_is_idempotent_in_the_service(db_session, request_ctx):
    draft = svc.start_draft(user=None)
    svc.save_answers(draft, about="other", what_happened="x", outcome_wanted="y", contact_by="post", name="A")
    first = svc.submit(draft, key="same-key", user=None, locale="en")
    second = svc.submit(draft, key="same-key", user=None, locale="en")
    assert first.created and not second.created and first.complaint.id == second.complaint.id


def test_signed_in_family_sees_own_complaints_only(client, app, db_session):
    owner = sign_in(client, "owner@example.com", [Role.PARENT])
    fill_in(client, email="owner@example.com")
    send(client)
    complaint = db_session.scalar(select(Complaint).where(Complaint.user_id == owner.id))
    mine = PageClient(client).get("/complaints/yours")
    assert mine.find("a", string=complaint.reference)
    PageClient(client).get(f"/complaints/yours/{complaint.reference}")
    other = app.test_client()
    sign_in(other, "other@example.com", [Role.PARENT])
    assert other.get(f"/complaints/yours/{complaint.reference}").status_code == 404
    assert other.get(f"/complaints/yours/{complaint.reference}/file").status_code == 404
    assert other.get("/complaints/yours/CMP-NOPE").status_code == 404


def test_contact_question_is_filled_in_for_a_signed_in_parent(client, db_session):
    user = sign_in(client, "prefilled@example.com", [Role.PARENT])
    user.display_name = "Priya Parent"
    db_session.flush()
    post(client, "/complaints/about", about="ehc_process")
    soup = PageClient(client).get("/complaints/contact")
    assert soup.find("input", {"name": "name"})["value"] == "Priya Parent"
    assert soup.find("input", {"name": "email"})["value"] == "prefilled@example.com"
    # What they change is kept: a saved blank e-mail (replies by post) is not filled in again.
    post(client, "/complaints/contact", name="Priya P", email="", contact_by="post", address="1 High Street")
    again = PageClient(client).get("/complaints/contact")
    assert again.find("input", {"name": "name"})["value"] == "Priya P"
    assert again.find("input", {"name": "email"}).get("value", "") == ""


def test_contact_question_is_empty_for_a_visitor_who_is_not_signed_in(client, db_session):
    post(client, "/complaints/about", about="ehc_process")
    soup = PageClient(client).get("/complaints/contact")
    assert not soup.find("input", {"name": "name"}).get("value")
    assert not soup.find("input", {"name": "email"}).get("value")


def test_case_select_offers_only_the_users_cases(client, db_session):
    from portal.auth.family import add_child
    from portal.cases.models import Case

    user = sign_in(client, "withcase@example.com", [Role.PARENT])
    child = add_child(parent=user, first_name="Robin", last_name="Test", date_of_birth=date(2016, 1, 1),
                      relationship="parent", parental_responsibility=True)  # fmt: skip
    db_session.add(Case(reference="EHC-MINE1", child_id=child.id, child_name="Robin Test", received_on=date(2026, 9, 1),
                        rule_set="2014"))  # fmt: skip
    db_session.add(
        Case(reference="EHC-OTHER", child_name="Someone Else", received_on=date(2026, 9, 1), rule_set="2014")
    )
    db_session.flush()
    post(client, "/complaints/about", about="ehc_process")
    soup = PageClient(client).get("/complaints/your-case")
    options = [o["value"] for o in soup.find("select", {"name": "case"}).find_all("option")]
    assert "EHC-MINE1" in options and "EHC-OTHER" not in options
    response = post(client, "/complaints/your-case", case="EHC-OTHER")
    assert response.status_code == 200  # not a valid choice
    assert post(client, "/complaints/your-case", case="EHC-MINE1").status_code == 303


def test_upload_checked_by_content_and_downloadable_by_owner_only(client, app, db_session):
    owner = sign_in(client, "uploader@example.com", [Role.PARENT])
    check = fill_in(client, email="uploader@example.com", upload=(io.BytesIO(PDF), "letter.pdf"))
    assert "letter.pdf" in check.get_data(as_text=True)
    send(client)
    complaint = db_session.scalar(select(Complaint).where(Complaint.user_id == owner.id))
    assert complaint.attachment["type"] == "pdf"
    download = client.get(f"/complaints/yours/{complaint.reference}/file")
    assert download.status_code == 200 and download.data == PDF
    assert download.headers["Content-Type"] == "application/pdf"


def test_upload_rejects_a_text_file_named_pdf(client, db_session):
    post(client, "/complaints/about", about="other")
    token = token_from(client.get("/complaints/upload"))
    response = client.post("/complaints/upload", content_type="multipart/form-data",
                           data={"csrf_token": token, "upload": (io.BytesIO(b"just text"), "fake.pdf")})  # fmt: skip
    assert response.status_code == 200
    assert "must be a PDF, a Word document, or a JPEG, PNG or HEIC photo" in response.get_data(as_text=True)


# The start of a photo from an iPhone camera: an ISO media file whose brand says HEIC.
HEIC_PHOTO = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64


def test_upload_accepts_an_iphone_photo(client, db_session):
    owner = sign_in(client, "iphone@example.com", [Role.PARENT])
    post(client, "/complaints/about", about="other")
    form = PageClient(client).get("/complaints/upload")
    assert "HEIC" in form.select_one(".govuk-hint").text, "the hint says which photos we take"
    assert "image/heic" in form.find("input", {"type": "file"})["accept"]
    check = fill_in(client, email="iphone@example.com", upload=(io.BytesIO(HEIC_PHOTO), "IMG_0001.HEIC"))
    assert "IMG_0001.heic" in check.get_data(as_text=True)
    send(client)
    complaint = db_session.scalar(select(Complaint).where(Complaint.user_id == owner.id))
    assert complaint.attachment["type"] == "heic"
    download = client.get(f"/complaints/yours/{complaint.reference}/file")
    assert download.status_code == 200 and download.data == HEIC_PHOTO
    assert download.headers["Content-Type"] == "image/heic"


def test_sniff():
    assert svc.sniff(b"\x89PNG\r\n\x1a\nxxxx") == "png"
    assert svc.sniff(b"\xff\xd8\xff\xe0xxxx") == "jpg"
    assert svc.sniff(b"MZ\x90\x00") is None


def _submitted(db_session, *, email="fam@example.com", about="ehc_process", user=None, started=None):
    draft = svc.start_draft(user=user)
    svc.save_answers(draft, about=about, what_happened="Late review", outcome_wanted="Apology", contact_by="email",
                     name="Fam", email=email)  # fmt: skip
    result = svc.submit(draft, key=f"k-{email}-{about}", user=user, locale="en", today=started)
    return result


def test_officer_queue_triage_acknowledge_respond_escalate_and_ombudsman(client, app, db_session, request_ctx):
    result = _submitted(db_session)
    complaint = result.complaint
    db_session.flush()
    officer = sign_in(client, "gus@example.com", [Role.COMPLAINTS])
    pages = PageClient(client)
    queue = pages.get("/officers/complaints")
    assert queue.find("a", string=complaint.reference)
    detail = pages.get(f"/officers/complaints/{complaint.id}")
    assert complaint.reference in detail.h1.text
    assert db_session.scalar(select(AuditEvent).where(AuditEvent.action == "complaint.read",
                                                       AuditEvent.object_id == complaint.id))  # fmt: skip
    token = token_from(detail.response)
    url = f"/officers/complaints/{complaint.id}"
    assert client.post(f"{url}/triage", data={"csrf_token": token, "category": "ehc_process", "team": "SEND casework",
                                              "procedure": "corporate", "assigned_to": officer.id}).status_code == 303  # fmt: skip
    assert client.post(f"{url}/acknowledge", data={"csrf_token": token, "message": "We have it."}).status_code == 303
    too_long = client.post(f"{url}/extend", data={"csrf_token": token, "days": "11", "reason": "Waiting for records"})
    assert too_long.status_code == 200 and "You can add up to 10 working days" in too_long.get_data(as_text=True)
    assert client.post(f"{url}/extend", data={"csrf_token": token, "days": "5", "reason": "Records"}).status_code == 303
    templated = pages.get(f"{url}?template=apology&template=findings")
    assert "I am sorry that this happened" in templated.find("textarea", {"name": "body"}).text
    assert client.post(f"{url}/respond", data={"csrf_token": token, "outcome": "upheld",
                                               "body": "We are sorry."}).status_code == 303  # fmt: skip
    db_session.expire_all()
    complaint = db_session.get(Complaint, complaint.id)
    assert complaint.status == "responded" and complaint.extension_days == 5 and complaint.assigned_to == officer.id
    stage1 = [e for e in complaint.events if e.kind == "response"][0]
    assert "ask for stage 2" in stage1.body and "Ombudsman" not in stage1.body
    extended = [e for e in complaint.events if e.kind == "extended"][0]
    assert "Local Government and Social Care Ombudsman" in extended.body  # Code 6.5
    # The complainant escalates through the secret link.
    family = app.test_client()
    link = f"/complaints/view/{result.token}"
    view = PageClient(family).get(link)
    assert view.find("textarea", {"name": "reason"})
    response = family.post(f"{link}/escalate", data={"csrf_token": token_from(view.response), "reason": "Still late"})
    assert response.status_code == 303
    db_session.expire_all()
    complaint = db_session.get(Complaint, complaint.id)
    assert complaint.stage == 2 and complaint.status == "escalated" and complaint.acknowledged_on is None
    assert client.post(f"{url}/respond", data={"csrf_token": token, "outcome": "partly_upheld",
                                               "body": "Final answer."}).status_code == 303  # fmt: skip
    db_session.expire_all()
    complaint = db_session.get(Complaint, complaint.id)
    final = [e for e in complaint.events if e.kind == "response" and e.stage == 2][0]
    assert complaint.status == "closed" and "Local Government and Social Care Ombudsman" in final.body
    mails = db_session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "complaint_response")).all()
    assert any("Local Government and Social Care Ombudsman" in m.body for m in mails)
    assert not svc.can_escalate(complaint)
    assert PageClient(family).get(link).find("textarea", {"name": "reason"}) is None


def test_statutory_procedure_has_three_stages(db_session, request_ctx):
    officer = auth.create_user(email="o@example.com", password=None, roles=[Role.COMPLAINTS])
    complaint = _submitted(db_session, about="social_care").complaint
    svc.triage(complaint, user=officer, category="social_care", team=None, procedure="statutory", assigned_to=None)
    svc.respond(complaint, user=officer, outcome="not_upheld", body="Stage 1")
    svc.escalate(complaint, reason="No", actor=None)
    svc.respond(complaint, user=officer, outcome="not_upheld", body="Stage 2")
    assert not svc.is_final(complaint) or complaint.stage == 3
    svc.escalate(complaint, reason="Panel please", actor=None)
    assert complaint.stage == 3 and svc.is_final(complaint)
    event = svc.respond(complaint, user=officer, outcome="not_upheld", body="Panel")
    assert "Ombudsman" in event.body and complaint.status == "closed"


def test_signposted_complaint_is_closed_with_a_note(db_session, request_ctx):
    officer = auth.create_user(email="o2@example.com", password=None, roles=[Role.COMPLAINTS])
    complaint = _submitted(db_session, about="health").complaint
    svc.triage(complaint, user=officer, category="health", team=None, procedure="signposted", assigned_to=None,
               note="Please contact the ICB.")  # fmt: skip
    assert complaint.status == "signposted" and svc.clocks(complaint) == []
    assert [e.body for e in svc.shared_events(complaint) if e.kind == "signposted"] == ["Please contact the ICB."]


def test_families_cannot_use_the_officer_queue(client, db_session):
    sign_in(client, "fam2@example.com", [Role.PARENT])
    assert client.get("/officers/complaints").status_code == 403
    assert client.get("/officers/complaints/report.csv").status_code == 403


def test_remind_sends_each_reminder_once(app, db_session, request_ctx):
    complaint = _submitted(db_session, email="r@example.com", started=date(2026, 12, 18)).complaint
    first = svc.remind(today=date(2026, 12, 24))  # acknowledgement due Tue 29: due soon
    again = svc.remind(today=date(2026, 12, 24))
    later = svc.remind(today=date(2026, 12, 30))  # now overdue: an alert
    assert first >= 1 and again == 0 and later >= 1
    keys = db_session.scalars(select(ComplaintReminder.key).where(ComplaintReminder.complaint_id == complaint.id)).all()
    assert any(":acknowledge:due_soon:2026-12-29" in k for k in keys)
    assert any(":acknowledge:overdue:2026-12-29" in k for k in keys)


def test_remind_command(app, db_session, request_ctx):
    _submitted(db_session, email="cmd@example.com", started=date(2026, 12, 18))
    result = app.test_cli_runner().invoke(args=["feedback", "complaints-remind", "--today", "2026-12-30"])
    assert result.exit_code == 0, result.output
    assert "reminder(s) queued" in result.output


def test_report_and_csv(client, db_session, request_ctx):
    from portal.chat.services import raise_flag

    ok = _submitted(db_session, email="a@example.com").complaint
    flagged = _submitted(db_session, email="b@example.com", about="transport").complaint
    raise_flag(source="complaint", source_id=flagged.id, text="x", language="en")
    db_session.flush()
    sign_in(client, "rep@example.com", [Role.ADMIN])
    soup = PageClient(client).get("/officers/complaints/report")
    assert normalize_spaces(soup.h1.text) == "Complaints themes report"
    assert [c.text for c in soup.find_all("caption")][:2] == ["By category", "By team"]
    csv_text = client.get("/officers/complaints/report.csv").get_data(as_text=True)
    assert csv_text.splitlines()[0].startswith("reference,received,category")
    assert ok.reference in csv_text and flagged.reference not in csv_text
    assert "a@example.com" not in csv_text
    refs = {c.ref for c in svc.theme_candidates(20)}
    assert "complaint_theme:ehc_process" in refs


def test_old_drafts_and_their_files_are_purged(db_session):
    from datetime import timedelta

    from portal.db import utcnow
    from portal.feedback.complaint_models import ComplaintDraft

    stored = svc.store_upload(PDF, "old.pdf")
    draft = svc.start_draft(user=None)
    svc.save_answers(draft, about="other", attachment=stored)
    draft.updated_at = utcnow() - timedelta(days=40)
    db_session.flush()
    fresh = svc.start_draft(user=None)
    assert svc.purge_drafts(30) >= 1
    assert db_session.get(ComplaintDraft, fresh.id) is not None
    assert not svc.upload_path(stored).exists()


def test_demo_seed_is_idempotent(db_session, request_ctx):
    from portal_demo import complaints as demo_complaints

    auth.create_user(email="complaints@example.com", password=None, roles=[Role.COMPLAINTS])
    auth.create_user(email="parent.one@example.com", password=None, roles=[Role.PARENT])
    assert demo_complaints.seed(today=date(2026, 11, 25)) == 4
    assert demo_complaints.seed(today=date(2026, 11, 25)) == 0
    closed = db_session.scalar(select(Complaint).where(Complaint.idempotency_key == "demo-4"))
    assert closed.status == "responded" and closed.outcome == "partly_upheld"


def test_posts_without_a_csrf_token_are_refused(client, db_session):
    for path, data in (("/feedback/page", {"path": "/local-offer/annual-review", "useful": "no", "comment": "x"}),
                       ("/complaints/about", {"about": "other"}),
                       ("/complaints/check", {"key": "abc"})):  # fmt: skip
        assert client.post(path, data=data).status_code == 400, path


def test_stage_3_response_on_the_last_lawful_day_is_on_time(db_session, request_ctx):
    officer = auth.create_user(email="panel@example.com", password=None, roles=[Role.COMPLAINTS])
    complaint = _submitted(db_session, email="p3@example.com", about="social_care", started=date(2026, 7, 1)).complaint
    svc.triage(complaint, user=officer, category="social_care", team=None, procedure="statutory", assigned_to=None)
    svc.respond(complaint, user=officer, outcome="not_upheld", body="Stage 1", today=date(2026, 7, 10))
    svc.escalate(complaint, reason="No", actor=None, today=date(2026, 7, 13))
    svc.respond(complaint, user=officer, outcome="not_upheld", body="Stage 2", today=date(2026, 8, 14))
    svc.escalate(complaint, reason="Panel please", actor=None, today=date(2026, 9, 1))
    svc.record_review_panel(complaint, user=officer, panel_on=date(2026, 10, 13), report_on=date(2026, 10, 20),
                            today=date(2026, 10, 21))  # fmt: skip
    event = svc.respond(complaint, user=officer, outcome="not_upheld", body="Panel", today=date(2026, 11, 10))
    assert event.on_time is True
    assert db_session.scalar(select(AuditEvent).where(AuditEvent.action == "complaint.review_panel",
                                                       AuditEvent.object_id == complaint.id))  # fmt: skip


def test_review_panel_dates_cannot_be_in_the_future(client, db_session, request_ctx):
    from datetime import timedelta

    from portal.platform.clock import today_in_london

    officer = sign_in(client, "panel2@example.com", [Role.COMPLAINTS])
    complaint = _submitted(db_session, email="p4@example.com", about="social_care").complaint
    svc.triage(complaint, user=officer, category="social_care", team=None, procedure="statutory", assigned_to=None)
    complaint.stage, complaint.status = 3, "escalated"
    db_session.flush()
    url = f"/officers/complaints/{complaint.id}"
    page = PageClient(client).get(url)
    assert page.find("form", action=f"{url}/review-panel")
    tomorrow = today_in_london() + timedelta(days=1)
    response = client.post(f"{url}/review-panel", data={"csrf_token": token_from(page.response),
                           "panel_on": [str(tomorrow.day), str(tomorrow.month), str(tomorrow.year)]})  # fmt: skip
    assert response.status_code == 200
    assert "The date the panel met must be today or in the past" in response.get_data(as_text=True)
    assert complaint.panel_on is None
    today = today_in_london()
    response = client.post(f"{url}/review-panel", data={"csrf_token": token_from(page.response),
                           "panel_on": [str(today.day), str(today.month), str(today.year)]})  # fmt: skip
    assert response.status_code == 303
    db_session.expire_all()
    assert db_session.get(Complaint, complaint.id).panel_on == today


def test_receipt_date_is_the_london_date(db_session, request_ctx, monkeypatch):
    """Sent at 00:30 BST on 7 July 2026 (23:30 UTC on the 6th): received on 7 July."""
    from datetime import UTC, datetime

    from portal.platform import clock

    monkeypatch.setattr(clock, "now_utc", lambda: datetime(2026, 7, 6, 23, 30, tzinfo=UTC))
    complaint = _submitted(db_session, email="night@example.com").complaint
    assert complaint.stage_started_on == date(2026, 7, 7)


def test_acknowledgement_email_gives_one_reply_date(client, db_session, request_ctx):
    from portal.filters import long_date
    from portal.platform.clock import today_in_london

    complaint = _submitted(db_session, email="once@example.com").complaint
    officer = sign_in(client, "ack@example.com", [Role.COMPLAINTS])
    svc.triage(complaint, user=officer, category="ehc_process", team=None, procedure="corporate", assigned_to=None)
    db_session.flush()
    url = f"/officers/complaints/{complaint.id}"
    page = PageClient(client).get(url)
    message = page.find("textarea", {"name": "message"}).text
    assert not re.search(r"\d", message), message  # the default message carries no date of its own
    assert client.post(f"{url}/acknowledge", data={"csrf_token": token_from(page.response),
                                                   "message": message}).status_code == 303  # fmt: skip
    mail = db_session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "complaint_update",
                                                          OutboxMessage.recipient == "once@example.com")).one()  # fmt: skip
    dates = re.findall(r"\d{1,2} [A-Z][a-z]+ \d{4}", mail.body)
    db_session.expire_all()
    complaint = db_session.get(Complaint, complaint.id)
    assert complaint.acknowledged_on == today_in_london()
    assert dates == [long_date(svc.response_due(complaint))]


def test_what_they_wrote_keeps_its_language_on_the_page(client, db_session, request_ctx):
    """Issue 15: words someone typed are marked with the language they are in when it is not the page's."""
    client.get("/complaints?lang=cy")
    post(client, "/complaints/about", about="ehc_process")
    post(
        client,
        "/complaints/what-happened",
        what_happened="The annual review was three months late and we were not told why.",
    )
    post(client, "/complaints/outcome", outcome_wanted="Mae'r adolygiad yn hwyr ac rydw i eisiau ymddiheuriad.")
    post(client, "/complaints/your-case", case_reference="")
    post(client, "/complaints/contact", name="Sam Example", email="sam@example.com", phone="", contact_by="email")
    post(client, "/complaints/help-you-need", adjustments="")
    check = PageClient(client).get("/complaints/check")
    assert check.find("html")["lang"] == "cy"
    values = {normalize_spaces(v.get_text()): v for v in check.select(".govuk-summary-list__value")}
    english = next(v for text, v in values.items() if text.startswith("The annual review"))
    welsh = next(v for text, v in values.items() if text.startswith("Mae'r adolygiad"))
    assert english.find(attrs={"lang": "en"}) is not None
    assert welsh.find(attrs={"lang": True}) is None, "Welsh on a Welsh page: nothing to add"

    draft = svc.start_draft(user=None)
    svc.save_answers(draft, about="ehc_process", what_happened="Mae'r adolygiad blynyddol yn hwyr ac nid oes neb wedi dweud pam.",
                     outcome_wanted="zzqx", contact_by="email", name="Fam", email="cy@example.com")  # fmt: skip
    complaint = svc.submit(draft, key="k-cy", user=None, locale="cy").complaint
    db_session.flush()
    client.get("/language/en")
    sign_in(client, "gwen@example.com", [Role.COMPLAINTS])
    detail = PageClient(client).get(f"/officers/complaints/{complaint.id}?lang=en")
    paragraphs = {normalize_spaces(p.get_text()): p for p in detail.select("p.portal-outbox-body")}
    assert paragraphs["Mae'r adolygiad blynyddol yn hwyr ac nid oes neb wedi dweud pam."].get("lang") == "cy"
    assert paragraphs["zzqx"].get("lang") is None, "no evidence, no claim"
