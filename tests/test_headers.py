"""The security headers are set on every response, replacing whatever a view put there under the same name."""

from __future__ import annotations

from flask import Response

from portal.headers import put_headers


def test_put_headers_appends_new_names_and_replaces_existing_ones_whatever_their_case():
    response = Response("x")
    response.headers.add("x-frame-options", "SAMEORIGIN")
    response.headers.add("X-Frame-Options", "ALLOW-FROM https://example.org")
    put_headers(response, [("X-Frame-Options", "DENY"), ("Referrer-Policy", "no-referrer")])
    assert response.headers.getlist("X-Frame-Options") == ["DENY"]
    assert response.headers.getlist("Referrer-Policy") == ["no-referrer"]
    assert response.headers["Content-Type"].startswith("text/html")


def test_every_page_gets_one_policy_with_a_fresh_nonce_and_the_baseline(client):
    first, second = client.get("/healthz"), client.get("/local-offer/")
    assert first.headers.getlist("Content-Security-Policy") and len(second.headers.getlist("X-Frame-Options")) == 1
    policies = {r.headers["Content-Security-Policy"] for r in (client.get("/local-offer/"), second)}
    assert len(policies) == 2, "each page has its own nonce"
    assert second.headers["X-Content-Type-Options"] == "nosniff" and "Cache-Control" not in second.headers
