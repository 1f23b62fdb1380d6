"""Dangerous download names: the extension always comes from the detected type."""

from __future__ import annotations

import pytest

from portal.cases import uploads
from portal.feedback import complaints

PDF = b"%PDF-1.4\n%hostile\n"


@pytest.mark.parametrize("name", ["letter.hta", "letter.html", "letter.pdf.hta", "..\\\\letter.exe", "letter"])
def test_a_pdf_is_always_named_pdf(name):
    assert uploads.safe_filename(name, uploads.PDF) == "letter.pdf"


def test_complaint_uploads_get_the_detected_extension(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "UPLOAD_DIR", str(tmp_path))
    with app.app_context():
        stored = complaints.store_upload(PDF, "evidence.html")
    assert stored["name"] == "evidence.pdf"
    assert complaints._download_name("old.hta", "pdf") == "old.pdf"


def test_a_pdf_named_hta_reaches_the_caseworker_as_a_pdf_attachment(app, client, db_session, tmp_path, monkeypatch):
    """The attack: a file that starts with %PDF- but is named .hta (or .html) is uploaded by a family and opened by
    a caseworker. It is kept under a random key and downloaded as letter.pdf, an attachment, never sniffed."""
    from sqlalchemy import select

    from portal.auth import services as auth
    from portal.auth.models import Role
    from portal.cases.models import CaseDocument
    from tests.cases.test_requests import PASSWORD, answer, fill_in, make_parent, send, sign_in, start
    from tests.cases.test_uploads import TINY_PDF, _upload

    monkeypatch.setitem(app.config, "UPLOAD_DIR", str(tmp_path / "uploads"))
    monkeypatch.setitem(app.config, "CLAMD_SOCKET", None)
    monkeypatch.setitem(app.config, "CLAMD_HOST", None)
    sign_in(client, make_parent().email)
    request_id = start(client)
    answer(client, request_id, "who", {"requester_kind": "parent"})
    assert _upload(client, request_id, "letter.pdf.hta", TINY_PDF).status_code == 303
    fill_in(client, request_id)
    send(client, request_id)
    document = db_session.scalar(select(CaseDocument).where(CaseDocument.request_id == request_id))
    db_session.refresh(document)
    assert "hta" not in document.storage_key and document.storage_key.isalnum()
    caseworker = auth.create_user(email="cw@example.com", password=PASSWORD, roles=[Role.CASEWORKER], verified=True)
    staff = app.test_client()
    sign_in(staff, caseworker.email)
    response = staff.get(f"/officers/cases/{document.case_id}/documents/{document.id}")
    assert response.status_code == 200 and response.data == TINY_PDF
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment") and "letter.pdf" in disposition and ".hta" not in disposition
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.mimetype == "application/pdf"
