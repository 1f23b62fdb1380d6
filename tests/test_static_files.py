"""The layout's style sheet and scripts are linked at addresses that carry the file's fingerprint, and a browser
keeps a file asked for at that address for a year; any other address for it is checked again as before."""

from __future__ import annotations

import hashlib
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from portal.platform.static_files import YEAR, fingerprint, max_age

STATIC = Path(__file__).resolve().parents[1] / "portal" / "static"


def _layout_files(soup) -> list[str]:
    links = [tag["href"] for tag in soup.select("link[rel=stylesheet], link[rel=icon]")]
    return links + [tag["src"] for tag in soup.select("script[src]")]


def test_the_layout_links_each_file_at_its_fingerprint(pages):
    soup = pages.get("/local-offer/")
    files = _layout_files(soup)
    assert len(files) >= 4, files
    for address in files:
        parts = urlsplit(address)
        assert parts.path.startswith("/static/"), address
        content = (STATIC / parts.path.removeprefix("/static/")).read_bytes()
        assert parse_qs(parts.query)["v"] == [hashlib.sha256(content).hexdigest()[:12]], address


def test_a_fingerprinted_file_is_kept_for_a_year_and_any_other_address_is_checked_again(pages):
    address = next(a for a in _layout_files(pages.get("/local-offer/")) if "portal.css" in a)
    kept = pages.raw(address)
    assert kept.status_code == 200
    assert kept.cache_control.public and kept.cache_control.max_age == YEAR
    for other in ("/static/css/portal.css", "/static/css/portal.css?v=000000000000"):
        response = pages.raw(other)
        assert response.status_code == 200 and response.data == kept.data
        assert response.cache_control.max_age is None, other
        etag = response.headers["ETag"]
        assert pages.client.get(other, headers={"If-None-Match": etag}).status_code == 304


def test_a_changed_file_gets_a_new_fingerprint(tmp_path):
    (tmp_path / "site.css").write_text("body { color: #0b0c0c }")
    before = fingerprint(str(tmp_path), "site.css", fresh=True)
    (tmp_path / "site.css").write_text("body { color: #000 }")
    after = fingerprint(str(tmp_path), "site.css", fresh=True)
    assert before != after
    assert max_age(str(tmp_path), "site.css", after) == YEAR
    assert max_age(str(tmp_path), "site.css", before) is None
    assert max_age(str(tmp_path), "no-such.css", fingerprint(str(tmp_path), "no-such.css")) is None


def test_only_the_static_files_are_ever_kept_for_a_year(app):
    """send_file asks the app the same question for a family's documents: those are never given a max-age here."""
    folder = app.static_folder
    version = fingerprint(folder, "css/portal.css")
    with app.test_request_context(f"/your-case/1/documents/1?v={version}"):
        assert app.get_send_file_max_age("css/portal.css") is None
    with app.test_request_context(f"/static/css/portal.css?v={version}"):
        assert app.get_send_file_max_age("css/portal.css") == YEAR
