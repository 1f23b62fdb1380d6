"""Complaint secret links expire, a fresh one can be asked for without learning whether a complaint exists, and
files a family removed or replaced (or that nothing refers to) do not stay on disk."""

from __future__ import annotations

import io
import os
import re
import time
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from portal.auth.privacy import purge
from portal.db import utcnow
from portal.feedback import complaints as svc
from portal.feedback.complaint_models import Complaint
from portal.notifications.models import OutboxMessage
from tests.feedback.test_complaints import PDF, fill_in, post, send
from tests.pages import PageClient, normalize_spaces, token_from

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32


@pytest.fixture(autouse=True)
def uploads(app, tmp_path):
    app.config["COMPLAINT_UPLOAD_DIR"] = str(tmp_path / "uploads")
    yield
    app.config.pop("COMPLAINT_UPLOAD_DIR", None)


def _sent_complaint(client, db_session, email="sam@example.com"):
    fill_in(client, email=email)
    _, data = send(client)
    complaint = db_session.scalar(select(Complaint).where(Complaint.idempotency_key == data["key"]))
    link = PageClient(client).get("/complaints/sent").find("a", string="Follow your complaint")["href"]
    return complaint, link.replace("http://localhost", "")


def _link_mails(db_session, to):
    return db_session.scalars(
        select(OutboxMessage).where(OutboxMessage.kind == "complaint_link", OutboxMessage.recipient == to)
    ).all()


def test_a_complaint_link_stops_working_when_it_expires(client, db_session):
    complaint, link = _sent_complaint(client, db_session)
    assert complaint.access_token_expires_at is not None
    assert PageClient(client).get(link).h1.text.strip().endswith(complaint.reference)
    complaint.access_token_expires_at = utcnow() - timedelta(minutes=1)
    db_session.flush()
    page = PageClient(client).get(link, status=404)
    assert normalize_spaces(page.h1.text) == "This link does not work"
    assert complaint.what_happened not in page.text
    assert page.find("a", string="Get a new link to your complaint")["href"] == "/complaints/new-link"
    # The file and the escalation behind an expired link are refused too.
    assert client.get(f"{link}/file").status_code == 404
    assert client.post(f"{link}/escalate", data={"reason": "x"}).status_code in (400, 404)
    # A wrong link gets exactly the same page.
    wrong = PageClient(client).get("/complaints/view/" + "x" * 32, status=404)
    assert normalize_spaces(wrong.h1.text) == "This link does not work"


def test_the_receipt_says_how_long_the_link_works(client, db_session):
    complaint, link = _sent_complaint(client, db_session)
    mail = db_session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "complaint_received"))
    assert link in mail.body and "works for 90 days" in mail.body
    assert "http://localhost/complaints/new-link" in mail.body
    # Sent before anyone confirmed the address: none of the sender's own words (not even the name) go in it.
    assert mail.body.startswith("Hello,") and "Sam Example" not in mail.body
    assert complaint.what_happened not in mail.body and complaint.reference in mail.body


def test_a_fresh_link_replaces_the_old_one(client, db_session):
    complaint, old_link = _sent_complaint(client, db_session)
    form = PageClient(client).get("/complaints/new-link")
    assert normalize_spaces(form.h1.text) == "Get a new link to your complaint"
    response = post(client, "/complaints/new-link", reference=complaint.reference.lower(), email="SAM@example.com")
    assert response.status_code == 303 and response.headers["Location"] == "/complaints/new-link/sent"
    (mail,) = _link_mails(db_session, "sam@example.com")
    new_link = re.search(r"http://localhost(/complaints/view/\S+)", mail.body).group(1)
    assert new_link != old_link
    assert complaint.reference in PageClient(client).get(new_link).h1.text
    PageClient(client).get(old_link, status=404)


@pytest.mark.parametrize(
    "reference, email",
    [("CMP-NOPE2345", "sam@example.com"), (None, "someone.else@example.com")],
    ids=["no such complaint", "wrong address"],
)
def test_asking_for_a_link_does_not_reveal_whether_a_complaint_exists(client, db_session, reference, email):
    complaint, _ = _sent_complaint(client, db_session)
    real = post(client, "/complaints/new-link", reference=complaint.reference, email="sam@example.com")
    fake = post(client, "/complaints/new-link", reference=reference or complaint.reference, email=email)
    assert real.status_code == fake.status_code == 303
    assert real.headers["Location"] == fake.headers["Location"]
    page = PageClient(client).get(fake.headers["Location"])
    assert "If the reference and e-mail address match a complaint" in page.text
    # Only the real owner's address got a message, and only one.
    assert len(_link_mails(db_session, "sam@example.com")) == 1
    assert not _link_mails(db_session, email) or email == "sam@example.com"


def test_asking_for_a_link_needs_both_answers(client, db_session):
    response = post(client, "/complaints/new-link", reference="", email="not an address")
    soup = BeautifulSoup(response.get_data(as_text=True), "html5lib")
    assert response.status_code == 200 and soup.title.text.startswith("Error:")
    errors = [normalize_spaces(a.text) for a in soup.select(".govuk-error-summary a")]
    assert errors == [
        "Enter your complaint reference",
        "Enter an email address in the correct format, like name@example.com",
    ]


def test_updates_to_someone_not_signed_in_say_how_to_get_a_new_link(client, db_session, app):
    complaint, _ = _sent_complaint(client, db_session)
    with app.test_request_context("/"):
        svc._email(complaint, "complaint_update", "About your complaint", body="We are looking at it.")
    mail = db_session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "complaint_update")).one()
    assert "http://localhost/complaints/new-link" in mail.body


# Files ---------------------------------------------------------------------------------------------------


def _upload(client, content, name):
    token = token_from(client.get("/complaints/upload"))
    return client.post("/complaints/upload", data={"csrf_token": token, "upload": (io.BytesIO(content), name)},
                       content_type="multipart/form-data")  # fmt: skip


def _files(app):
    folder = app.config["COMPLAINT_UPLOAD_DIR"]
    return sorted(os.listdir(folder)) if os.path.isdir(folder) else []


def test_a_replaced_or_removed_upload_is_deleted(client, db_session, app):
    fill_in(client)
    assert _upload(client, PDF, "first.pdf").status_code == 303
    first = _files(app)
    assert len(first) == 1
    assert _upload(client, PNG, "second.png").status_code == 303
    second = _files(app)
    assert len(second) == 1 and second != first
    token = token_from(client.get("/complaints/upload"))
    assert client.post("/complaints/upload", data={"csrf_token": token, "remove": "1"}).status_code == 303
    assert _files(app) == []


def test_retention_deletes_files_nothing_refers_to(client, db_session, app):
    fill_in(client)
    _upload(client, PDF, "kept.pdf")
    kept = _files(app)
    folder = app.config["COMPLAINT_UPLOAD_DIR"]
    stray = os.path.join(folder, "0" * 32)
    with open(stray, "wb") as handle:
        handle.write(PDF)
    recent = os.path.join(folder, "1" * 32)
    with open(recent, "wb") as handle:
        handle.write(PDF)
    old = time.time() - 3 * 24 * 3600
    os.utime(stray, (old, old))
    os.utime(os.path.join(folder, kept[0]), (old, old))
    with app.test_request_context("/"):
        removed = purge()
    assert removed["complaint_uploads"] == 1
    # The draft's file stays, and so does a file too new to judge (it may be on its way into a draft).
    assert _files(app) == sorted([kept[0], "1" * 32])


def test_complaint_uploads_are_scanned_when_clamd_is_configured(client, db_session, app, monkeypatch):
    """What the README says about ClamAV holds for complaint files too: scanned, and an infected one refused."""
    from tests.cases.test_uploads import FakeClamd

    server = FakeClamd()
    monkeypatch.setitem(app.config, "CLAMD_SOCKET", None)
    monkeypatch.setitem(app.config, "CLAMD_HOST", server.address)
    try:
        fill_in(client)
        response = _upload(client, PDF + b"EICAR", "letter.pdf")
        assert response.status_code == 200
        assert "The selected file contains a virus" in response.get_data(as_text=True)
        assert _files(app) == []
        assert _upload(client, PDF, "letter.pdf").status_code == 303
        assert len(_files(app)) == 1 and len(server.received) == 2
    finally:
        server.close()
    # Configured but unreachable: refused, never accepted unscanned.
    monkeypatch.setitem(app.config, "CLAMD_HOST", "127.0.0.1:1")
    response = _upload(client, PNG, "photo.png")
    assert "We could not check the file for viruses" in response.get_data(as_text=True)
