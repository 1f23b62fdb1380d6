"""Uploads: type from content, size limit, storage outside the web root, ClamAV over INSTREAM, who may download."""

from __future__ import annotations

import io
import socket
import struct
import threading
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import select

from portal.auth import services as auth
from portal.auth.models import AuditEvent, Role
from portal.cases import uploads
from portal.cases.models import CaseDocument
from tests.cases.test_requests import PASSWORD, answer, fill_in, make_parent, send, sign_in, start
from tests.pages import token_from

TINY_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 10 10]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
WINDOWS_EXE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"This program cannot be run"
)
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


def docx_bytes(*, word: bool = True) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        if word:
            archive.writestr("word/document.xml", "<w:document/>")
        else:
            archive.writestr("xl/workbook.xml", "<workbook/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (TINY_PDF, uploads.PDF),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, uploads.PNG),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 20, uploads.JPEG),
        (b"\x00\x00\x00\x18ftypheic" + b"\x00" * 20, uploads.HEIC),
        (uploads.OLE2 + b"\x00" * 40, uploads.DOC),
        (docx_bytes(), uploads.DOCX),
        (docx_bytes(word=False), None),  # a spreadsheet is a zip too, but not a Word document
        (b"PK\x03\x04not really a zip", None),
        (WINDOWS_EXE, None),
        (b"<html><script>alert(1)</script>", None),
    ],
)
def test_type_comes_from_the_content(data, expected):
    assert uploads.sniff(data) == expected


class FakeClamd:
    """A clamd stand-in on loopback: reads one INSTREAM and answers like ClamAV does."""

    def __init__(self, family: int = socket.AF_INET, path: str | None = None) -> None:
        self.server = socket.socket(family, socket.SOCK_STREAM)
        if family == socket.AF_INET:
            self.server.bind(("127.0.0.1", 0))
            self.address = f"127.0.0.1:{self.server.getsockname()[1]}"
        else:
            self.server.bind(path)
            self.address = path
        self.server.listen(5)
        self.received: list[bytes] = []
        self.commands: list[bytes] = []
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _read_exact(self, conn: socket.socket, n: int) -> bytes:
        data = b""
        while len(data) < n:
            part = conn.recv(n - len(data))
            if not part:
                raise ConnectionError
            data += part
        return data

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            with conn:
                command = b""
                while not command.endswith(b"\0"):
                    command += conn.recv(1)
                self.commands.append(command)
                body = b""
                while True:
                    (length,) = struct.unpack("!I", self._read_exact(conn, 4))
                    if length == 0:
                        break
                    body += self._read_exact(conn, length)
                self.received.append(body)
                verdict = b"stream: Eicar-Test-Signature FOUND\0" if b"EICAR" in body else b"stream: OK\0"
                conn.sendall(verdict)

    def close(self) -> None:
        self.server.close()


@pytest.fixture()
def upload_dir(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "UPLOAD_DIR", str(tmp_path / "uploads"))
    monkeypatch.setitem(app.config, "CLAMD_SOCKET", None)
    monkeypatch.setitem(app.config, "CLAMD_HOST", None)
    return tmp_path / "uploads"


@pytest.fixture()
def clamd(app, monkeypatch, upload_dir):
    server = FakeClamd()
    monkeypatch.setitem(app.config, "CLAMD_HOST", server.address)
    yield server
    server.close()


def test_store_keeps_the_file_under_a_random_name(db_session, upload_dir):
    document = uploads.store(TINY_PDF, filename="../../etc/report.pdf", uploaded_by=None)
    assert document.content_type == uploads.PDF and document.size == len(TINY_PDF)
    assert document.filename == "report.pdf", "no path from the uploader's name"
    stored = Path(upload_dir) / document.storage_key
    assert stored.read_bytes() == TINY_PDF
    assert "report" not in document.storage_key and len(document.storage_key) == 48
    assert document.scan_status == "not_scanned"


def test_limits(app, db_session, upload_dir, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_UPLOAD_MB", 1)
    with pytest.raises(uploads.UploadError) as too_big:
        uploads.store(TINY_PDF + b"0" * (1024 * 1024), filename="big.pdf", uploaded_by=None)
    assert too_big.value.code == "too_big"
    with pytest.raises(uploads.UploadError) as empty:
        uploads.store(b"", filename="empty.pdf", uploaded_by=None)
    assert empty.value.code == "empty"


def test_clamd_over_tcp_passes_clean_files_and_stops_viruses(db_session, clamd, upload_dir):
    document = uploads.store(TINY_PDF, filename="report.pdf", uploaded_by=None)
    assert document.scan_status == "clean"
    assert clamd.commands[0] == b"zINSTREAM\0" and clamd.received[0] == TINY_PDF
    infected = TINY_PDF + EICAR
    with pytest.raises(uploads.UploadError) as found:
        uploads.store(infected, filename="report.pdf", uploaded_by=None)
    assert found.value.code == "infected"
    assert len(list(Path(upload_dir).iterdir())) == 1, "the infected file was never written"


def test_clamd_over_a_unix_socket(app, db_session, upload_dir, monkeypatch, tmp_path):
    path = str(tmp_path / "clamd.sock")
    server = FakeClamd(socket.AF_UNIX, path)
    monkeypatch.setitem(app.config, "CLAMD_SOCKET", path)
    try:
        assert uploads.clamd_scan(b"hello" * 30000).clean, "large files go in several chunks"
        assert server.received[0] == b"hello" * 30000
        result = uploads.clamd_scan(EICAR)
        assert not result.clean and result.signature == "Eicar-Test-Signature"
    finally:
        server.close()


def test_scanner_down_means_no_upload(app, db_session, upload_dir, monkeypatch):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setitem(app.config, "CLAMD_HOST", f"127.0.0.1:{port}")
    with pytest.raises(uploads.UploadError) as down:
        uploads.store(TINY_PDF, filename="report.pdf", uploaded_by=None)
    assert down.value.code == "scan_unavailable"


def _upload(client, request_id, name, data):
    token = token_from(client.get(f"/request-an-assessment/{request_id}/reports"))
    return client.post(f"/request-an-assessment/{request_id}/reports",
                       data={"csrf_token": token, "document": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")  # fmt: skip


def test_upload_page_rejects_an_exe_named_pdf_and_accepts_a_real_pdf(client, db_session, upload_dir):
    parent = make_parent()
    sign_in(client, parent.email)
    request_id = start(client)
    answer(client, request_id, "who", {"requester_kind": "parent"})
    bad = _upload(client, request_id, "report.pdf", WINDOWS_EXE)
    assert bad.status_code == 200
    assert "must be a PDF, a Word document" in bad.get_data(as_text=True)
    good = _upload(client, request_id, "report.pdf", TINY_PDF)
    assert good.status_code == 303
    page = client.get(f"/request-an-assessment/{request_id}/reports").get_data(as_text=True)
    assert "report.pdf" in page
    docs = db_session.scalars(select(CaseDocument).where(CaseDocument.request_id == request_id)).all()
    assert len(docs) == 1 and docs[0].content_type == uploads.PDF
    # Remove it again.
    token = token_from(client.get(f"/request-an-assessment/{request_id}/reports"))
    client.post(f"/request-an-assessment/{request_id}/reports", data={"csrf_token": token, "remove": docs[0].id})
    assert db_session.scalars(select(CaseDocument).where(CaseDocument.request_id == request_id)).all() == []


def test_only_the_family_and_caseworkers_can_download(app, client, db_session, upload_dir):
    parent = make_parent()
    sign_in(client, parent.email)
    request_id = start(client)
    answer(client, request_id, "who", {"requester_kind": "parent"})
    _upload(client, request_id, "report.pdf", TINY_PDF)
    fill_in(client, request_id)
    send(client, request_id)
    document = db_session.scalar(select(CaseDocument).where(CaseDocument.request_id == request_id))
    db_session.refresh(document)
    assert document.case_id, "the request's files move into the case"
    url = f"/your-case/{document.case_id}/documents/{document.id}"
    response = client.get(url)
    assert response.status_code == 200 and response.data == TINY_PDF
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.mimetype == "application/pdf"

    other = app.test_client()
    make_parent("other@example.com")
    sign_in(other, "other@example.com")
    assert other.get(url).status_code == 404
    assert other.get(f"/your-case/{document.case_id}/documents").status_code == 404

    officer_url = f"/officers/cases/{document.case_id}/documents/{document.id}"
    caseworker = auth.create_user(email="cw@example.com", password=PASSWORD, roles=[Role.CASEWORKER], verified=True)
    staff = app.test_client()
    sign_in(staff, caseworker.email)
    assert staff.get(url).status_code == 404, "officers never use the family's routes"
    downloaded = staff.get(officer_url)
    assert downloaded.status_code == 200 and downloaded.data == TINY_PDF
    events = db_session.scalars(select(AuditEvent).where(AuditEvent.action == "case.document_downloaded")).all()
    assert [e.actor_id for e in events] == [caseworker.id]

    editor = auth.create_user(email="ed@example.com", password=PASSWORD, roles=[Role.EDITOR], verified=True)
    other_staff = app.test_client()
    sign_in(other_staff, editor.email)
    assert other_staff.get(officer_url).status_code == 403


def test_complaint_uploads_are_scanned_by_the_same_clamd(app, db_session, clamd, tmp_path, monkeypatch):
    """Complaints take files too: the same content check and virus scan apply."""
    from portal.feedback import complaints

    monkeypatch.setitem(app.config, "COMPLAINT_UPLOAD_DIR", str(tmp_path / "complaint-uploads"))
    kept = complaints.store_upload(TINY_PDF, "letter.pdf")
    assert kept["type"] == "pdf" and clamd.received[-1] == TINY_PDF
    with pytest.raises(complaints.UploadRejected):
        complaints.store_upload(TINY_PDF + b"EICAR", "letter.pdf")
    nobody = socket.socket()
    nobody.bind(("127.0.0.1", 0))
    monkeypatch.setitem(app.config, "CLAMD_HOST", f"127.0.0.1:{nobody.getsockname()[1]}")
    nobody.close()  # a port with nothing listening
    with pytest.raises(complaints.UploadRejected):
        complaints.store_upload(TINY_PDF, "letter.pdf")  # configured but unreachable: refused, not let through


def test_uploads_can_live_in_the_database_so_every_node_reads_them(app, db_session, monkeypatch, tmp_path):
    monkeypatch.setitem(app.config, "UPLOAD_STORAGE", "database")
    monkeypatch.setitem(app.config, "UPLOAD_DIR", str(tmp_path / "never-used"))
    document = uploads.store(TINY_PDF, filename="report.pdf", uploaded_by=None)
    from portal.storage_models import StoredFile

    assert db_session.get(StoredFile, document.storage_key).data == TINY_PDF
    assert uploads.read(document) == TINY_PDF
    assert not (tmp_path / "never-used").exists(), "nothing was written to this machine's disk"
    uploads.delete(document)
    assert db_session.get(StoredFile, document.storage_key) is None
