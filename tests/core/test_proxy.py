"""Forwarded headers are believed only when the settings say a proxy is in front."""

from __future__ import annotations

from werkzeug.test import Client
from werkzeug.wrappers import Request, Response

from portal import create_app

HEADERS = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "send.wessex.example", "X-Forwarded-For": "203.0.113.9"}


@Request.application
def _echo(request: Request) -> Response:
    return Response(f"{request.scheme}://{request.host} {request.remote_addr}")


def _seen_by_app(**overrides: object) -> str:
    """What the Flask app would see as scheme, host and client, behind the middleware the settings install."""
    app = create_app("test", **overrides)
    wsgi = app.wsgi_app
    if hasattr(wsgi, "app"):  # ProxyFix wraps Flask's own wsgi_app: put the echo where Flask would be
        wsgi.app = _echo
    else:
        wsgi = _echo
    return Client(wsgi).get("/", headers=HEADERS).get_data(as_text=True)


def test_forwarded_headers_ignored_without_a_trusted_proxy():
    assert _seen_by_app() == "http://localhost None"  # the bare WSGI test client sends no REMOTE_ADDR


def test_forwarded_headers_used_behind_one_trusted_proxy():
    assert _seen_by_app(TRUSTED_PROXIES=1) == "https://send.wessex.example 203.0.113.9"


def test_an_oversized_upload_is_refused_with_a_page_that_says_why(tmp_path):
    from bs4 import BeautifulSoup

    from tests.conftest import build_app

    app = build_app(tmp_path, sqlite_only=True, MAX_CONTENT_LENGTH=1024)
    response = app.test_client().post("/account/sign-in", data={"email": "x" * 4096})
    assert response.status_code == 413
    heading = BeautifulSoup(response.get_data(as_text=True), "html.parser").h1.get_text(strip=True)
    assert heading == "The file is too big"
