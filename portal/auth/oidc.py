"""Signing in with OpenID Connect: GOV.UK One Login (or similar) for families, the council's directory for staff.

Authlib does the protocol: discovery, PKCE (S256), state, nonce, and the ID token's signature and claims.
This module decides who the person is here: the same (issuer, subject) signs in; otherwise an account with
the same verified e-mail address is linked; otherwise a new account is made. Nobody gets in without an
e-mail address their provider says is verified.
"""

from __future__ import annotations

import hmac
import logging
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from authlib.common.errors import AuthlibBaseError
from authlib.integrations.flask_client import FlaskOAuth2App
from flask import Flask, abort, current_app, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext
from joserfc.errors import JoseError
from requests import RequestException
from sqlalchemy import select

from portal.auth import bp, services, totp
from portal.auth.forms import TurnOffTwoFactorForm
from portal.auth.models import OFFICER_ROLES, Role, User
from portal.db import db, transactional, utcnow
from portal.extensions import limiter, oauth
from portal.i18n import get_locale, safe_next
from portal.security import public

log = logging.getLogger(__name__)

PROVIDER_NAMES = ("family", "staff")
EXTENSION_KEY = "portal.oidc"
PENDING_KEY = "oidc_pending"
PENDING_LIMIT = 3  # sign-ins started in other tabs that may still come back
HTTP_TIMEOUT = 10  # seconds, for every request to a provider
MAX_IDENTIFIER = 255  # the longest issuer, subject or e-mail address the user table holds

# What can go wrong talking to a provider: HTTP, OAuth errors, bad tokens, malformed replies.
PROVIDER_ERRORS = (AuthlibBaseError, JoseError, RequestException, ValueError, KeyError, RuntimeError)


@dataclass(frozen=True)
class Provider:
    """One configured OpenID Connect provider."""

    name: str
    issuer: str
    client_id: str
    client_secret: str
    scopes: str
    label: str
    role_claim: str = ""
    default_role: Role | None = None

    @property
    def for_staff(self) -> bool:
        return self.name == "staff"

    @property
    def metadata_url(self) -> str:
        return f"{self.issuer.rstrip('/')}/.well-known/openid-configuration"


@dataclass(frozen=True)
class Identity:
    """Who the provider says signed in, after every check has passed."""

    issuer: str
    subject: str
    email: str
    name: str = ""
    roles: list[Role] = field(default_factory=list)


class SignInRefused(Exception):
    """The sign-in cannot go ahead; `reason` picks the page that explains why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# Set-up -----------------------------------------------------------------------------------------


def providers_from_config(config: Mapping[str, Any]) -> dict[str, Provider]:
    """The providers with an issuer, client id and secret all set (the others are simply not offered).

    Raises:
        RuntimeError: OIDC_STAFF_DEFAULT_ROLE is not an officer role.
    """
    providers = {}
    for name in PROVIDER_NAMES:
        prefix = f"OIDC_{name.upper()}_"
        issuer, client_id, secret = (config.get(prefix + key) for key in ("ISSUER", "CLIENT_ID", "CLIENT_SECRET"))
        if not (issuer and client_id and secret):
            if issuer or client_id or secret:
                log.warning("OpenID Connect provider %r is not offered: set its issuer, client id and secret", name)
            continue
        default_role = None
        if name == "staff" and config.get("OIDC_STAFF_DEFAULT_ROLE"):
            default_role = _officer_role(config["OIDC_STAFF_DEFAULT_ROLE"])
            if default_role is None:
                raise RuntimeError("OIDC_STAFF_DEFAULT_ROLE must be one of: " + ", ".join(sorted(OFFICER_ROLES)))
        providers[name] = Provider(
            name=name,
            issuer=issuer,
            client_id=client_id,
            client_secret=secret,
            scopes=config.get(prefix + "SCOPES") or "openid email profile",
            label=(config.get("OIDC_FAMILY_NAME") or "GOV.UK One Login") if name == "family" else "",
            role_claim=(config.get("OIDC_STAFF_ROLE_CLAIM") or "roles") if name == "staff" else "",
            default_role=default_role,
        )
    return providers


def register_providers(app: Flask) -> None:
    """Register this app's configured providers with Authlib (create_app calls this; tests call it again)."""
    clients: dict[str, tuple[Provider, FlaskOAuth2App]] = {}
    for provider in providers_from_config(app.config).values():
        # Authlib's registry is one per process and caches clients by name. Each app keeps its own clients
        # (in app.extensions), so apps built with different settings, as tests build them, never share one.
        oauth._clients.pop(provider.name, None)
        client = oauth.register(
            provider.name,
            client_id=provider.client_id,
            client_secret=provider.client_secret,
            server_metadata_url=provider.metadata_url,
            client_kwargs={"scope": provider.scopes, "code_challenge_method": "S256", "default_timeout": HTTP_TIMEOUT},
        )
        clients[provider.name] = (provider, client)
    app.extensions[EXTENSION_KEY] = clients


def configured_providers() -> list[Provider]:
    return [provider for provider, _client in current_app.extensions.get(EXTENSION_KEY, {}).values()]


def _provider_or_404(name: str) -> tuple[Provider, FlaskOAuth2App]:
    found = current_app.extensions.get(EXTENSION_KEY, {}).get(name)
    if found is None:
        abort(404)
    return found


def _officer_role(value: object) -> Role | None:
    try:
        role = Role(str(value).strip())
    except ValueError:
        return None
    return role if role in OFFICER_ROLES else None


def roles_from_claim(value: object) -> list[Role]:
    """Officer roles named in a role claim (a list, or a space- or comma-separated string); others are ignored."""
    if isinstance(value, str):
        value = value.replace(",", " ").split()
    if not isinstance(value, list | tuple):
        return []
    roles = [role for role in map(_officer_role, value) if role is not None]
    return list(dict.fromkeys(roles))


# Talking to the provider ------------------------------------------------------------------------


def _metadata(provider: Provider, client: FlaskOAuth2App) -> dict[str, Any]:
    """The provider's discovery document, which must name the issuer we were configured with (OIDC Discovery 4.3).

    Raises:
        SignInRefused: the provider cannot be reached or its document is wrong.
    """
    try:
        metadata = client.load_server_metadata()
    except PROVIDER_ERRORS as error:
        log.warning("OpenID Connect %s: discovery failed (%s)", provider.name, type(error).__name__)
        raise SignInRefused("unavailable") from error
    if str(metadata.get("issuer", "")).rstrip("/") != provider.issuer.rstrip("/"):
        log.warning("OpenID Connect %s: discovery names a different issuer", provider.name)
        raise SignInRefused("unavailable")
    return metadata


def begin(provider: Provider, client: FlaskOAuth2App, *, next_url: str) -> ResponseReturnValue:
    """A redirect to the provider, remembering the state, nonce and PKCE verifier in the (signed) session.

    Raises:
        SignInRefused: the provider cannot be reached.
    """
    _metadata(provider, client)
    state, nonce = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    redirect_uri = url_for("auth.oidc_callback", provider=provider.name, _external=True)
    try:
        response = client.authorize_redirect(redirect_uri, state=state, nonce=nonce)
    except PROVIDER_ERRORS as error:
        log.warning("OpenID Connect %s: could not start (%s)", provider.name, type(error).__name__)
        raise SignInRefused("unavailable") from error
    pending = dict(session.get(PENDING_KEY) or {})
    pending[state] = {"provider": provider.name, "nonce": nonce, "next": next_url}
    session[PENDING_KEY] = dict(list(pending.items())[-PENDING_LIMIT:])
    return response


def _take_pending(state: str) -> dict[str, str] | None:
    pending = dict(session.get(PENDING_KEY) or {})
    found = pending.pop(state, None)
    session[PENDING_KEY] = pending
    return found if isinstance(found, dict) else None


def finish(provider: Provider, client: FlaskOAuth2App) -> tuple[Identity, str]:
    """Check the provider's answer, exchange the code, verify the ID token; the identity and where to go next.

    Raises:
        SignInRefused: the person cancelled, the answer does not match the sign-in we started, the
            provider failed, or the account has no verified e-mail address.
    """
    state = request.args.get("state", "")
    pending = _take_pending(state)
    if request.args.get("error"):
        client.framework.clear_state_data(session, state)
        log.info("OpenID Connect %s: the provider returned error %r", provider.name, request.args["error"][:40])
        raise SignInRefused("cancelled" if request.args["error"] == "access_denied" else "failed")
    if pending is None or pending.get("provider") != provider.name:
        raise SignInRefused("failed")
    metadata = _metadata(provider, client)
    # RFC 9207: when the provider names itself in the answer, it must be the one we asked (mix-up defence).
    if "iss" in request.args and request.args["iss"] != metadata["issuer"]:
        raise SignInRefused("failed")
    try:
        token = client.authorize_access_token()  # checks state, sends the PKCE verifier, verifies the ID token
    except PROVIDER_ERRORS as error:
        log.warning("OpenID Connect %s: sign-in failed (%s)", provider.name, type(error).__name__)
        raise SignInRefused("failed") from error
    claims = dict(token.get("userinfo") or {})
    if not claims or not hmac.compare_digest(str(claims.get("nonce", "")).encode(), pending["nonce"].encode()):
        raise SignInRefused("failed")
    if "email" not in claims or "email_verified" not in claims:
        claims = _with_userinfo(provider, client, token, claims)
    email = claims.get("email")
    if not isinstance(email, str) or "@" not in email or claims.get("email_verified") not in (True, "true"):
        raise SignInRefused("unverified_email")
    if max(len(str(claims["iss"])), len(str(claims["sub"])), len(email)) > MAX_IDENTIFIER:
        raise SignInRefused("failed")
    identity = Identity(
        issuer=str(claims["iss"]),
        subject=str(claims["sub"]),
        email=services.normalise_email(email),
        name=str(claims.get("name") or "")[:200],
        roles=roles_from_claim(claims.get(provider.role_claim)) if provider.for_staff else [],
    )
    return identity, safe_next(pending["next"]) if pending.get("next") else ""


def _with_userinfo(
    provider: Provider, client: FlaskOAuth2App, token: dict[str, Any], claims: dict[str, Any]
) -> dict[str, Any]:
    """Some providers (GOV.UK One Login among them) give the e-mail address only at the userinfo endpoint."""
    try:
        extra = dict(client.userinfo(token=token))
    except PROVIDER_ERRORS as error:
        log.warning("OpenID Connect %s: userinfo failed (%s)", provider.name, type(error).__name__)
        raise SignInRefused("failed") from error
    if extra.get("sub") != claims.get("sub"):  # OIDC Core 5.3.2: it must be the same person
        raise SignInRefused("failed")
    return {**extra, **claims}


# Who the person is here -------------------------------------------------------------------------


def find_linked_user(issuer: str, subject: str) -> User | None:
    return db.session.scalar(select(User).where(User.oidc_issuer == issuer, User.oidc_subject == subject))


class PasswordNeeded(Exception):
    """A confirmed local account with a password: its owner gives that password once before the link is made."""

    def __init__(self, user: User) -> None:
        super().__init__(user.id)
        self.user = user


def user_for(provider: Provider, identity: Identity) -> User:
    """The account this identity signs in to: already linked, linked now by e-mail, or new.

    Raises:
        SignInRefused: the account is disabled, or cannot be linked safely, or a new staff account
            would have no officer role.
        PasswordNeeded: a confirmed account with a password: ask for it before linking.
    """
    user = find_linked_user(identity.issuer, identity.subject)
    if user is not None:
        if user.disabled:
            raise SignInRefused("disabled")
        return user
    user = services.find_user(identity.email)
    if user is not None:
        _link(provider, identity, user)
        return user
    return _create(provider, identity)


def _link(provider: Provider, identity: Identity, user: User, *, password_given: bool = False) -> None:
    if user.disabled:
        raise SignInRefused("disabled")
    if user.oidc_subject is not None:
        raise SignInRefused("signs_in_another_way")
    # Officers sign in through the council's directory, with its own controls, never a public provider.
    if user.is_officer and not provider.for_staff:
        raise SignInRefused("officer_account")
    if user.email_verified_at is None:
        # Anyone can make an account with someone else's address (account pre-hijacking). Nobody ever proved
        # they own this one; the provider just did. So the address's owner takes it over: the local password
        # goes, and anyone signed in to it (they cannot be, as unconfirmed accounts cannot sign in) is ended.
        user.password_hash = None
        user.email_verified_at = utcnow()
        services.end_sessions(user, reason="oidc_took_over_unconfirmed")
        services.audit(actor=user, action="auth.oidc_took_over_unconfirmed", object_type="user", object_id=user.id,
                       provider=provider.name)  # fmt: skip
    elif user.password_hash is not None and not password_given:
        raise PasswordNeeded(user)
    user.oidc_issuer, user.oidc_subject = identity.issuer, identity.subject
    db.session.flush()
    services.audit(actor=user, action="auth.oidc_linked", object_type="user", object_id=user.id,
                   provider=provider.name)  # fmt: skip


# Linking to a confirmed account: its password, once -----------------------------------------------

LINK_KEY = "oidc_link"
LINK_MAX_AGE = 10 * 60  # seconds between the provider's answer and the password


def remember_link(provider: Provider, identity: Identity, user: User, next_url: str) -> None:
    """Keep, in the (signed) session, the identity waiting to be linked; nobody is signed in yet."""
    locale = session.get("locale")
    session.clear()
    if locale:
        session["locale"] = locale
    session[LINK_KEY] = {"provider": provider.name, "issuer": identity.issuer, "subject": identity.subject,
                         "email": identity.email, "user_id": user.id, "next": next_url,
                         "at": utcnow().timestamp()}  # fmt: skip


def pending_link() -> tuple[Provider, Identity, User, str] | None:
    """The identity waiting for its account's password, or None (none, too old, or no longer linkable)."""
    state = session.get(LINK_KEY)
    if not isinstance(state, dict) or utcnow().timestamp() - float(state.get("at", 0)) > LINK_MAX_AGE:
        session.pop(LINK_KEY, None)
        return None
    found = current_app.extensions.get(EXTENSION_KEY, {}).get(state.get("provider"))
    user = db.session.get(User, state.get("user_id"))
    if found is None or user is None or user.email != state.get("email"):
        session.pop(LINK_KEY, None)
        return None
    identity = Identity(issuer=state["issuer"], subject=state["subject"], email=state["email"])
    return found[0], identity, user, str(state.get("next") or "")


def confirm_link(password: str) -> tuple[User, str]:
    """The account's password is right: link the identity; the account and where to go next.

    Raises:
        SignInRefused: nothing is waiting, or it can no longer be linked.
        services.AuthError: the password is wrong (or too many tries from here).
    """
    waiting = pending_link()
    if waiting is None:
        raise SignInRefused("failed")
    provider, identity, user, next_url = waiting
    services.authenticate(user.email, password, source=request.remote_addr or "")
    _link(provider, identity, user, password_given=True)
    session.pop(LINK_KEY, None)
    return user, next_url


def _create(provider: Provider, identity: Identity) -> User:
    if provider.for_staff:
        roles = identity.roles or ([provider.default_role] if provider.default_role else [])
        if not roles:
            raise SignInRefused("no_role")
    else:
        roles = [Role.PARENT]
    user = services.create_user(email=identity.email, password=None, display_name=identity.name, roles=roles,
                                verified=True, locale=get_locale())  # fmt: skip
    user.oidc_issuer, user.oidc_subject = identity.issuer, identity.subject
    db.session.flush()
    if user.is_officer:
        services.audit(actor=None, action="auth.oidc_created", object_type="user", object_id=user.id,
                       provider=provider.name, roles=sorted(user.roles))  # fmt: skip
    return user


# Pages ------------------------------------------------------------------------------------------

# Each refusal: its heading, what to do next, and the status code.
PROBLEMS: dict[str, tuple[Any, Any, int]] = {
    "cancelled": (
        lazy_gettext("You did not finish signing in"),
        lazy_gettext("You can try again, or sign in with your email address and password."),
        400,
    ),
    "failed": (
        lazy_gettext("Sorry, there is a problem signing you in"),
        lazy_gettext("Try signing in again."),
        400,
    ),
    "unavailable": (
        lazy_gettext("Sorry, there is a problem signing you in"),
        lazy_gettext("Try again later, or sign in with your email address and password."),
        502,
    ),
    "unverified_email": (
        lazy_gettext("Confirm your email address first"),
        lazy_gettext(
            "The account you signed in with does not have a confirmed email address. Confirm it there, then try again."
        ),
        403,
    ),
    "signs_in_another_way": (
        lazy_gettext("You cannot sign in this way"),
        lazy_gettext("Your account with this email address signs in another way. Sign in the way you did before."),
        403,
    ),
    "officer_account": (
        lazy_gettext("You cannot sign in this way"),
        lazy_gettext("This email address belongs to a council officer. Sign in with your council account."),
        403,
    ),
    "no_role": (
        lazy_gettext("Your council account cannot use this service yet"),
        lazy_gettext("Your council account has not been given a role here. Ask your manager to arrange one."),
        403,
    ),
    "disabled": (
        lazy_gettext("You cannot sign in this way"),
        lazy_gettext("This account has been closed."),
        403,
    ),
}


def problem_page(reason: str) -> ResponseReturnValue:
    heading, advice, status = PROBLEMS.get(reason, PROBLEMS["failed"])
    return render_template("auth/oidc_problem.html", heading=heading, advice=advice), status


@bp.context_processor
def _sign_in_options() -> dict[str, Any]:
    """The providers offered on the sign-in page."""
    return {"oidc_providers": configured_providers()}


@bp.get("/oidc/<provider>/start")
@public
def oidc_start(provider: str) -> ResponseReturnValue:
    """Go to the identity provider to sign in."""
    configured, client = _provider_or_404(provider)
    try:
        # No page asked for: the callback picks the landing page once it knows who signed in.
        asked = request.args.get("next")
        return begin(configured, client, next_url=safe_next(asked) if asked else "")
    except SignInRefused as refusal:
        return problem_page(refusal.reason)


@bp.get("/oidc/<provider>/callback")
@public
@limiter.limit("20 per minute; 200 per hour")
@transactional
def oidc_callback(provider: str) -> ResponseReturnValue:
    """Back from the identity provider: check its answer, then sign in (with the second factor, if set up)."""
    configured, client = _provider_or_404(provider)
    try:
        identity, next_url = finish(configured, client)
        user = user_for(configured, identity)
    except SignInRefused as refusal:
        return problem_page(refusal.reason)
    except PasswordNeeded as needed:
        remember_link(configured, identity, needed.user, next_url)
        return redirect(url_for("auth.oidc_link"), code=303)
    return _signed_in(user, next_url)


def _signed_in(user: User, next_url: str) -> ResponseReturnValue:
    next_url = next_url or services.landing_for(user)
    if totp.is_enabled(user):
        totp.begin_sign_in(user, remember=False, next_url=next_url)
        return redirect(url_for("auth.sign_in_code"), code=303)
    services.log_in(user)
    if totp.setup_required(user):
        return totp.require_setup(next_url)
    return redirect(next_url, code=303)


@bp.route("/oidc/link", methods=["GET", "POST"])
@public
@limiter.limit("10 per minute; 100 per hour", methods=["POST"])
@transactional
def oidc_link() -> ResponseReturnValue:
    """You already have an account with this address: give its password once, and both ways sign you in."""
    waiting = pending_link()
    if waiting is None:
        return redirect(url_for("auth.sign_in"), code=303)
    provider, _identity, user, _next = waiting
    form = TurnOffTwoFactorForm()
    if request.method == "POST" and form.validate():
        try:
            user, next_url = confirm_link(form.password.data)
        except SignInRefused as refusal:
            return problem_page(refusal.reason)
        except services.AuthError as error:
            form.password.errors = [str(error)]
        else:
            return _signed_in(user, safe_next(next_url))
    return render_template("auth/oidc_link.html", form=form, provider=provider, email=user.email)
