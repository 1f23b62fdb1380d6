"""Text responses are gzipped when the browser accepts it, without breaking ETags or files."""

from __future__ import annotations

import gzip

import pytest

from portal.compression import accepts_gzip

GZIP = {"Accept-Encoding": "gzip, deflate, br"}


@pytest.mark.parametrize(
    ("header", "ok"),
    [
        ("gzip", True),
        ("gzip, br", True),
        ("br;q=1, gzip;q=0.5", True),
        ("gzip;q=0", False),
        ("*", True),
        ("identity", False),
        ("", False),
        ("gzip;q=nonsense", False),
    ],  # fmt: skip
)
def test_accept_encoding(header, ok):
    assert accepts_gzip(header) is ok


def test_page_is_gzipped_when_accepted_and_varies_on_it(client):
    plain = client.get("/local-offer/annual-review")
    packed = client.get("/local-offer/annual-review", headers=GZIP)
    assert "Content-Encoding" not in plain.headers
    assert packed.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed.headers["Vary"] and "Accept-Encoding" in plain.headers["Vary"]
    html = gzip.decompress(packed.get_data()).decode()
    assert "<h1" in html and len(packed.get_data()) < len(plain.get_data()) / 2


def test_json_feed_keeps_a_matching_etag(client):
    plain = client.get("/api/oruk/services")
    packed = client.get("/api/oruk/services", headers=GZIP)
    assert packed.headers["Content-Encoding"] == "gzip"
    assert packed.headers["ETag"] != plain.headers["ETag"], "a different representation, a different tag"
    assert gzip.decompress(packed.get_data()) == plain.get_data()
    again = client.get("/api/oruk/services", headers={**GZIP, "If-None-Match": packed.headers["ETag"]})
    assert again.status_code == 304 and "Content-Encoding" not in again.headers


def test_files_and_small_responses_pass_through(client):
    static = client.get("/static/css/portal.css", headers=GZIP)
    assert "Content-Encoding" not in static.headers
    static.close()
    health = client.get("/healthz", headers=GZIP)
    assert "Content-Encoding" not in health.headers
