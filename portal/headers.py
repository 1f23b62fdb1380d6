"""Security headers: a nonce-based Content Security Policy and the rest of the baseline."""

from __future__ import annotations

import secrets
from typing import Any

from flask import Flask, Request, Response, request, session
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from itsdangerous import Serializer, URLSafeTimedSerializer
from itsdangerous.encoding import base64_encode


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


def put_headers(response: Response, pairs: list[tuple[str, str]]) -> None:
    """Set these headers (as response.headers[name] = value each), looking through the response's headers once
    rather than once for each of them: a name not there yet is appended, one that is there is replaced."""
    headers = response.headers
    present = {name.lower() for name in headers.keys()}  # noqa: SIM118 - Headers iterates as (name, value) pairs
    for name, value in pairs:
        if name.lower() in present:
            headers[name] = value
        else:
            headers.add(name, value)


def init_security_headers(app: Flask) -> None:
    app.session_interface = CookieSessionInterface()
    hsts = f"max-age={app.config['HSTS_SECONDS']}; includeSubDomains" if app.config.get("HSTS_SECONDS", 0) else None
    baseline = [*_BASELINE, *([("Strict-Transport-Security", hsts)] if hsts else [])]
    private = ("/account", "/officers", "/your-case")

    @app.after_request
    def _set_headers(response: Response) -> Response:
        path = request.path
        policy = _API_POLICY if path.startswith("/api/") else _PAGE_POLICY.format(csp_nonce())
        pairs = [("Content-Security-Policy", policy), *baseline]
        # "in" does not mark the session as read (the locale hook adds Vary: Cookie to every response anyway).
        if ("user_id" in session and session["user_id"]) or path.startswith(private):
            # Pages for someone signed in carry personal data: never kept by the browser or a shared cache.
            pairs.append(("Cache-Control", "no-store"))
        put_headers(response, pairs)
        return response


class CookieSessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, but a request without the cookie (most anonymous visitors) gets its empty
    session without building the signing serializer first, and the serializer is built once per secret key
    (Flask builds a new one to read and another to write the cookie on every request)."""

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        if not app.secret_key or request.cookies.get(self.get_cookie_name(app)):
            return super().open_session(app, request)
        return self.session_class()

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        if not app.secret_key:
            return None
        keys = (app.secret_key, tuple(app.config.get("SECRET_KEY_FALLBACKS") or ()))
        kept = app.extensions.get("portal.session_serializer")
        if kept is None or kept[0] != keys:
            serializer = SessionCookieSerializer(
                [*keys[1], keys[0]],  # itsdangerous signs with the last key and also accepts the others
                salt=self.salt,
                serializer=self.serializer,
                signer_kwargs={"key_derivation": self.key_derivation, "digest_method": self.digest_method},
            )
            kept = app.extensions["portal.session_serializer"] = (keys, serializer)
        return kept[1]


class SessionCookieSerializer(URLSafeTimedSerializer):
    """Flask's cookie serializer, writing the cookie without first trying to zlib-compress it.

    The session holds ids and random tokens, which hardly compress, and setting up zlib for each cookie written
    was a measurable part of answering a question. A compressed cookie (one written before) is still read.
    """

    def dump_payload(self, obj: Any) -> bytes:
        return base64_encode(Serializer.dump_payload(self, obj))
