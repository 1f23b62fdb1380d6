"""Files families send with a request or into their case: checked by content, scanned, stored outside the web root.

A file's type comes from its first bytes (and, for .docx, from the parts inside the zip), never from its name
or the browser's Content-Type. Files live in portal.storage (UPLOAD_DIR, or the database) under a random storage key; the name the family gave
is kept only to show back to them. When CLAMD_SOCKET or CLAMD_HOST is set every file goes through ClamAV's
INSTREAM command first, and an infected file is never written to disk.
"""

from __future__ import annotations

import hashlib
import io
import secrets
import socket
import struct
import zipfile
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select

from portal import storage
from portal.cases.models import CaseDocument
from portal.db import db

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DOC = "application/msword"
JPEG = "image/jpeg"
PNG = "image/png"
HEIC = "image/heic"
ALLOWED = (PDF, DOCX, DOC, JPEG, PNG, HEIC)
EXTENSIONS = {PDF: ".pdf", DOCX: ".docx", DOC: ".doc", JPEG: ".jpg", PNG: ".png", HEIC: ".heic"}

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the compound file header of Word 97-2003 documents
HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"}
CHUNK = 64 * 1024


class UploadError(Exception):
    """The file cannot be accepted; `code` says why (empty, too_big, wrong_type, infected, scan_unavailable)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class ScanResult:
    clean: bool
    signature: str | None = None


def sniff(data: bytes) -> str | None:
    """The file's real type from its content, or None when it is not one we accept."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if len(data) >= 12 and data[4:8] == b"ftyp" and data[8:12] in HEIF_BRANDS:
        return HEIC
    if data.startswith(OLE2):
        return DOC
    if data.startswith(b"PK\x03\x04"):
        # Any zip starts like this (and so do .xlsx and .jar files): only a Word document has word/document.xml.
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                if "word/document.xml" in archive.namelist():
                    return DOCX
        except zipfile.BadZipFile:
            return None
    return None


def max_bytes() -> int:
    return int(current_app.config.get("MAX_UPLOAD_MB", 10)) * 1024 * 1024


# ClamAV ----------------------------------------------------------------------------------------------------


def _clamd_address() -> tuple[int, str | tuple[str, int]] | None:
    path = current_app.config.get("CLAMD_SOCKET")
    if path:
        return socket.AF_UNIX, path
    host = current_app.config.get("CLAMD_HOST")
    if host:
        name, _, port = host.rpartition(":")
        return socket.AF_INET, (name or "127.0.0.1", int(port or 3310))
    return None


def scanner_configured() -> bool:
    return _clamd_address() is not None


def clamd_scan(data: bytes, *, timeout: float = 30.0) -> ScanResult:
    """Send the bytes to clamd with INSTREAM (length-prefixed chunks, then a zero length) and read its verdict.

    Raises:
        UploadError("scan_unavailable"): clamd is configured but cannot be reached or gives no clear answer.
    """
    address = _clamd_address()
    if address is None:
        raise UploadError("scan_unavailable")
    family, target = address
    try:
        with socket.socket(family, socket.SOCK_STREAM) as conn:
            conn.settimeout(timeout)
            conn.connect(target)
            conn.sendall(b"zINSTREAM\0")
            for start in range(0, len(data), CHUNK):
                chunk = data[start : start + CHUNK]
                conn.sendall(struct.pack("!I", len(chunk)) + chunk)
            conn.sendall(struct.pack("!I", 0))
            reply = b""
            while not reply.endswith(b"\0"):
                part = conn.recv(4096)
                if not part:
                    break
                reply += part
    except OSError as exc:
        raise UploadError("scan_unavailable") from exc
    answer = reply.rstrip(b"\0").decode("utf-8", "replace").strip()
    if answer.endswith(" OK"):
        return ScanResult(clean=True)
    if answer.endswith(" FOUND"):
        signature = answer.removeprefix("stream:").removesuffix("FOUND").strip()
        return ScanResult(clean=False, signature=signature)
    # "INSTREAM size limit exceeded. ERROR" and anything unexpected: do not accept what we could not check.
    raise UploadError("scan_unavailable")


# Storage ---------------------------------------------------------------------------------------------------


def safe_filename(name: str | None, content_type: str) -> str:
    """The family's name for the file, trimmed of any path, for showing back (never used on disk).

    Its extension always comes from the type detected in the content: a PDF named `letter.hta` or `letter.html`
    reaches a caseworker as `letter.pdf`, so it never opens as a program or a web page."""
    return download_name(name, EXTENSIONS[content_type])


def download_name(name: str | None, extension: str) -> str:
    """A safe name to download a file as: the uploader's first word(s) before any dot, plus `extension`."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    base = "".join(ch for ch in base if ch.isprintable() and ch not in '"<>;')
    stem = base.split(".", 1)[0].strip()[:150]
    return f"{stem or 'document'}{extension}"


def store(
    data: bytes,
    *,
    filename: str | None,
    uploaded_by: str | None,
    request_id: str | None = None,
    case_id: str | None = None,
    kind: str = "evidence",
    from_family: bool = True,
) -> CaseDocument:
    """Check, scan and keep one file; returns its record (flushed, not committed).

    Raises:
        UploadError: empty, too big, not a type we accept, infected, or the scanner is down.
    """
    if not data:
        raise UploadError("empty")
    if len(data) > max_bytes():
        raise UploadError("too_big")
    content_type = sniff(data)
    if content_type is None:
        raise UploadError("wrong_type")
    scan_status = "not_scanned"
    if scanner_configured():
        result = clamd_scan(data)
        if not result.clean:
            current_app.logger.warning("upload rejected: virus scanner found %s", result.signature)
            raise UploadError("infected")
        scan_status = "clean"
    storage_key = secrets.token_hex(24)
    storage.put(storage_key, data)
    document = CaseDocument(
        case_id=case_id,
        request_id=request_id,
        kind=kind,
        filename=safe_filename(filename, content_type),
        content_type=content_type,
        size=len(data),
        storage_key=storage_key,
        sha256=hashlib.sha256(data).hexdigest(),
        scan_status=scan_status,
        uploaded_by=uploaded_by,
        from_family=from_family,
    )
    db.session.add(document)
    db.session.flush()
    return document


def read(document: CaseDocument) -> bytes:
    """The stored bytes of a document.

    Raises:
        FileNotFoundError: the file is missing from storage.
    """
    return storage.get(document.storage_key)


def delete(document: CaseDocument) -> None:
    """Remove a document and its file (a family taking back a file from their unsent request)."""
    storage.remove(document.storage_key)
    db.session.delete(document)
    db.session.flush()


def documents_for_request(request_id: str) -> list[CaseDocument]:
    return list(
        db.session.scalars(
            select(CaseDocument).where(CaseDocument.request_id == request_id).order_by(CaseDocument.created_at)
        )
    )
