"""CSRF on form and htmx posts, and rate limits on public writes."""

from __future__ import annotations

import re

from tests.conftest import build_app, load_everything
from tests.pages import token_from


def test_htmx_post_needs_the_csrf_header(client):
    page = client.get("/ask")
    assert client.post("/ask", data={"message": "what is respite"}, headers={"HX-Request": "true"}).status_code == 400
    ok = client.post("/ask", data={"message": "what is respite"},
                     headers={"HX-Request": "true", "X-CSRFToken": token_from(page)})  # fmt: skip
    assert ok.status_code == 200


def test_body_carries_the_token_for_htmx(client):
    html = client.get("/ask").get_data(as_text=True)
    assert re.search(r"data-hx-headers='\{\"X-CSRFToken\": \"[^\"]+\"\}'", html)


def test_form_posts_without_a_token_are_refused(client):
    for path, data in (("/account/sign-in", {"email": "a@example.com", "password": "x"}),
                       ("/ask", {"message": "What is a short break?"}),
                       ("/ask/contact", {"name": "A", "phone": "01632 960000", "about": "x"}),
                       ("/account/create", {"email": "a@example.com"})):  # fmt: skip
        assert client.post(path, data=data).status_code == 400, path


def test_sign_in_is_rate_limited(tmp_path):
    from portal.extensions import limiter

    was_enabled = limiter.enabled  # one limiter serves every app in the run: leave it as it was found
    app = build_app(tmp_path, sqlite_only=True, RATELIMIT_ENABLED=True)
    app.config["RATELIMIT_ENABLED"] = True
    try:
        load_everything(app)
        client = app.test_client()
        statuses = []
        for _ in range(12):
            token = token_from(client.get("/account/sign-in"))
            response = client.post(
                "/account/sign-in", data={"email": "x@example.com", "password": "wrong", "csrf_token": token}
            )
            statuses.append(response.status_code)
    finally:
        limiter.enabled = was_enabled
    assert statuses[:10] == [200] * 10
    assert statuses[10] == 429
