"""Security headers: a nonce-based Content Security Policy and the rest of the baseline."""

from __future__ import annotations

import secrets

from flask import Flask, Request, Response, request, session
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface


def csp_nonce() -> str:
    """The nonce for this response's scripts, made on first use."""
    # Kept on the request, not on g: an app context can outlive (and be shared by) several requests.
    nonce = request.environ.get("portal.csp_nonce")
    if nonce is None:
        nonce = request.environ["portal.csp_nonce"] = secrets.token_urlsafe(18)
    return nonce


def add_vary(response: Response, *names: str) -> None:
    """Add header names to Vary unless already there (as response.vary.add, without parsing it into a set and back)."""
    current = response.headers.get("Vary")
    if not current:
        response.headers["Vary"] = ", ".join(names)
        return
    present = {part.strip().lower() for part in current.split(",")}
    missing = [name for name in names if name.lower() not in present]
    if missing:
        response.headers["Vary"] = ", ".join([current, *missing])


_PAGE_POLICY = ("default-src 'self'; script-src 'self' 'nonce-{}'; style-src 'self'; img-src 'self' data:; "
                "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; "
                "object-src 'none'")  # fmt: skip
# Open data: anyone may read it from any origin; nothing in it is executable.
_API_POLICY = "default-src 'none'; frame-ancestors 'none'"
_BASELINE = (
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
)


def init_security_headers(app: Flask) -> None:
    app.session_interface = CookieSessionInterface()
    hsts = f"max-age={app.config['HSTS_SECONDS']}; includeSubDomains" if app.config.get("HSTS_SECONDS", 0) else None

    @app.after_request
    def _set_headers(response: Response) -> Response:
        headers = response.headers
        if request.path.startswith("/api/"):
            headers["Content-Security-Policy"] = _API_POLICY
        else:
            headers["Content-Security-Policy"] = _PAGE_POLICY.format(csp_nonce())
        for name, value in _BASELINE:
            headers[name] = value
        if session.get("user_id") or request.path.startswith(("/account", "/officers", "/your-case")):
            # Pages for someone signed in carry personal data: never kept by the browser or a shared cache.
            headers["Cache-Control"] = "no-store"
        if hsts:
            headers["Strict-Transport-Security"] = hsts
        return response


class CookieSessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, but a request without the cookie (most anonymous visitors) gets its empty
    session without building the signing serializer first."""

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        if not app.secret_key or request.cookies.get(self.get_cookie_name(app)):
            return super().open_session(app, request)
        return self.session_class()
