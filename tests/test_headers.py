"""The security headers are set on every response, replacing whatever a view put there under the same name."""

from __future__ import annotations

import pytest
from flask import Response
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import BadSignature

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


def test_session_cookies_written_before_and_under_an_old_key_are_still_read(app):
    ours = app.session_interface
    data = {"csrf_token": "ab" * 20, "chat_conversation": "c" * 36}
    flask_written = SecureCookieSessionInterface().get_signing_serializer(app).dumps(data)
    assert flask_written.startswith("."), "Flask's own cookie is compressed"
    assert ours.get_signing_serializer(app).loads(flask_written) == data
    written = ours.get_signing_serializer(app).dumps(data)
    assert (
        not written.startswith(".")
        and SecureCookieSessionInterface().get_signing_serializer(app).loads(written) == data
    )

    original, fallbacks = app.secret_key, app.config.get("SECRET_KEY_FALLBACKS")
    try:
        app.config["SECRET_KEY_FALLBACKS"] = [original]
        app.secret_key = "a-new-secret-for-this-test-only-" + "y" * 32
        rotated = ours.get_signing_serializer(app)
        assert rotated.loads(written) == data, "a cookie signed with the previous key is still read"
        fresh = rotated.dumps(data)
    finally:
        app.secret_key, app.config["SECRET_KEY_FALLBACKS"] = original, fallbacks
    with pytest.raises(BadSignature):
        ours.get_signing_serializer(app).loads(fresh)
