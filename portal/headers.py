"""Security headers: a nonce-based Content Security Policy and the rest of the baseline."""

from __future__ import annotations

import secrets

from flask import Flask, Response, request, session


def csp_nonce() -> str:
    """The nonce for this response's scripts, made on first use."""
    # Kept on the request, not on g: an app context can outlive (and be shared by) several requests.
    nonce = request.environ.get("portal.csp_nonce")
    if nonce is None:
        nonce = request.environ["portal.csp_nonce"] = secrets.token_urlsafe(18)
    return nonce


def init_security_headers(app: Flask) -> None:
    hsts_seconds = app.config.get("HSTS_SECONDS", 0)

    @app.after_request
    def _set_headers(response: Response) -> Response:
        nonce = csp_nonce()
        policy = [
            "default-src 'self'",
            f"script-src 'self' 'nonce-{nonce}'",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
            "base-uri 'none'",
            "object-src 'none'",
        ]
        if request.path.startswith("/api/"):
            # Open data: anyone may read it from any origin; nothing in it is executable.
            policy = ["default-src 'none'", "frame-ancestors 'none'"]
        response.headers["Content-Security-Policy"] = "; ".join(policy)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
        response.headers["Permissions-Policy"] = (
            "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
        )
        response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
        if session.get("user_id") or request.path.startswith(("/account", "/officers", "/your-case")):
            # Pages for someone signed in carry personal data: never kept by the browser or a shared cache.
            response.headers["Cache-Control"] = "no-store"
        if hsts_seconds:
            response.headers["Strict-Transport-Security"] = f"max-age={hsts_seconds}; includeSubDomains"
        return response
