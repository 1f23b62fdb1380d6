"""The factory, the blueprints and the security headers."""

from __future__ import annotations

import re

import pytest

from portal import config as portal_config
from portal import create_app
from portal.config import ProdConfig


def test_blueprints_registered(app):
    assert {"core", "local_offer", "search", "i18n"} <= set(app.blueprints)


def test_production_refuses_to_start_without_a_secret(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(ProdConfig())


def test_production_refuses_sqlite_unless_allowed(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("RATELIMIT_ENABLED", "0")  # the limiter is shared by every app in this process
    monkeypatch.delenv("DATABASE_URL", raising=False)
    with pytest.raises(RuntimeError, match="PostgreSQL"):
        create_app(ProdConfig())


def test_security_headers(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert re.search(r"script-src 'self' 'nonce-[\w-]{20,}'", csp)
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert "style-src 'self'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"


def test_nonce_changes_every_response(client):
    first = client.get("/").headers["Content-Security-Policy"]
    second = client.get("/").headers["Content-Security-Policy"]
    assert first != second


def test_production_refuses_to_start_without_redis(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("RATELIMIT_ENABLED", "0")  # the limiter is shared by every app in this process
    monkeypatch.setenv("ALLOW_SQLITE_IN_PRODUCTION", "1")
    monkeypatch.setenv("BASE_URL", "https://localhost")
    monkeypatch.delenv("REDIS_URL", raising=False)
    with pytest.raises(RuntimeError, match="REDIS_URL"):
        create_app(ProdConfig())


def test_hsts_and_secure_cookies_in_production(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("RATELIMIT_ENABLED", "0")  # the limiter is shared by every app in this process
    monkeypatch.setenv("BASE_URL", "https://localhost")
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/7")
    config = ProdConfig()
    config.DATABASE_URL = f"sqlite:///{tmp_path / 'p.db'}"
    monkeypatch.setenv("ALLOW_SQLITE_IN_PRODUCTION", "1")
    app = create_app(config)
    with app.app_context():
        from portal.cli import upgrade_database

        upgrade_database()
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    response = app.test_client().get("/language/cy?next=/")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_htmx_is_configured_without_eval(pages):
    soup = pages.get("/")
    config = soup.find("meta", attrs={"name": "htmx-config"})["content"]
    assert '"allowEval":false' in config
    assert '"includeIndicatorStyles":false' in config
    assert '"selfRequestsOnly":true' in config


def test_healthcheck(client):
    response = client.get("/healthz")
    assert response.json == {"status": "ok"}


def test_test_config_is_not_production():
    assert portal_config.TestConfig().DEMO_DATA is True


def test_page_cache_serves_the_same_page_with_a_fresh_nonce(app, client):
    from portal import page_cache

    app.config["PAGE_CACHE"] = True
    page_cache.clear()
    try:
        first = client.get("/local-offer/annual-review")
        second = client.get("/local-offer/annual-review")
        assert "X-Page-Cache" not in first.headers and second.headers["X-Page-Cache"] == "hit"
        nonce1 = re.search(r"'nonce-([^']+)'", first.headers["Content-Security-Policy"]).group(1)
        nonce2 = re.search(r"'nonce-([^']+)'", second.headers["Content-Security-Policy"]).group(1)
        assert nonce1 != nonce2
        assert f'nonce="{nonce2}"' in second.get_data(as_text=True)
        assert nonce1 not in second.get_data(as_text=True)
        welsh = client.get("/local-offer/annual-review?lang=cy")
        assert "X-Page-Cache" not in welsh.headers, "each language is its own copy"
    finally:
        app.config["PAGE_CACHE"] = False
        page_cache.clear()


def test_readiness_checks_the_database_and_the_search_index(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "checks": {"database": "ok", "search_index": "ok"}}
    assert response.headers["Cache-Control"] == "no-store"


def test_a_node_without_its_search_index_is_not_ready(app, client, tmp_path):
    app.config["SEARCH_INDEX_DIR"], old = str(tmp_path / "empty"), app.config["SEARCH_INDEX_DIR"]
    try:
        response = client.get("/readyz")
    finally:
        app.config["SEARCH_INDEX_DIR"] = old
    assert response.status_code == 503
    assert response.json["checks"]["search_index"] == "failing"


def test_readiness_checks_redis_when_configured(app, client):
    app.config["REDIS_URL"] = "redis://127.0.0.1:1/0"  # nothing listens there
    try:
        response = client.get("/readyz")
    finally:
        app.config["REDIS_URL"] = None
    assert response.status_code == 503 and response.json["checks"]["redis"] == "failing"
