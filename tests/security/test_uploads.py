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
