"""Signing in with OpenID Connect: the real flow against a real provider (panva/oidc-provider on Node.js),
plus the checks that need no provider at all.

Everything talks to 127.0.0.1 only, and every network call has a timeout.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import queue
import shutil
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import requests
from bs4 import BeautifulSoup
from flask import Flask
from sqlalchemy import select

from portal.auth import services as auth
from portal.auth.models import AuditEvent, Role, User
from portal.auth.oidc import register_providers, roles_from_claim
from portal.db import utcnow

ROOT = Path(__file__).resolve().parents[2]
PROVIDER_SCRIPT = ROOT / "tests" / "oidc" / "provider.mjs"
CLIENT_ID = "portal-test"
CLIENT_SECRET = "portal-test-secret-not-for-production"
PORTAL = "http://localhost"  # the Flask test client's origin
CALLBACKS = [f"{PORTAL}/account/oidc/{name}/callback" for name in ("family", "staff")]
TIMEOUT = 10  # seconds, for every request to the provider
READY_TIMEOUT = 30  # seconds for the provider to start


# The provider -----------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def oidc_issuer(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real OpenID Connect provider on 127.0.0.1 for the whole session; skipped when Node.js is not set up."""
    with running_provider(tmp_path_factory.mktemp("oidc"), CALLBACKS) as issuer:
        yield issuer


@contextmanager
def running_provider(log_dir: Path, callbacks: list[str]) -> Iterator[str]:
    """Start the test provider (tests/oidc/provider.mjs) accepting these callback addresses; its issuer."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js is not installed, so there is no OpenID Connect provider to test against")
    if not (ROOT / "node_modules" / "oidc-provider" / "package.json").exists():
        pytest.skip("node_modules/oidc-provider is missing: run `npm ci` to install the test provider")
    log_path = log_dir / "provider.log"
    env = {**os.environ, "OIDC_TEST_CLIENT_ID": CLIENT_ID, "OIDC_TEST_CLIENT_SECRET": CLIENT_SECRET,
           "OIDC_TEST_REDIRECT_URIS": " ".join(callbacks), "OIDC_TEST_STOP_WITH_STDIN": "1"}  # fmt: skip
    with log_path.open("wb") as log:
        process = subprocess.Popen([node, str(PROVIDER_SCRIPT), "0"], cwd=ROOT, env=env, stdin=subprocess.PIPE,
                                   stdout=subprocess.PIPE, stderr=log)  # fmt: skip
    try:
        lines: queue.Queue[bytes] = queue.Queue()
        threading.Thread(target=lambda: lines.put(process.stdout.readline()), daemon=True).start()
        try:
            line = lines.get(timeout=READY_TIMEOUT).decode().strip()
        except queue.Empty:
            line = ""
        if not line.startswith("OIDC_PROVIDER_READY "):
            pytest.fail(f"the test provider did not start: {line!r}\n{log_path.read_text(errors='replace')}")
        yield line.split(" ", 1)[1]
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        for pipe in (process.stdin, process.stdout):
            pipe.close()


@contextmanager
def providers_configured(app: Flask, **settings: Any) -> Iterator[None]:
    """Switch providers on for the shared test app, and back off afterwards."""
    saved = {key: app.config.get(key) for key in settings}
    app.config.update(settings)
    register_providers(app)
    try:
        yield
    finally:
        app.config.update(saved)
        register_providers(app)


def settings_for(issuer: str, **extra: Any) -> dict[str, Any]:
    return {
        "OIDC_FAMILY_ISSUER": issuer,
        "OIDC_FAMILY_CLIENT_ID": CLIENT_ID,
        "OIDC_FAMILY_CLIENT_SECRET": CLIENT_SECRET,
        "OIDC_STAFF_ISSUER": issuer,
        "OIDC_STAFF_CLIENT_ID": CLIENT_ID,
        "OIDC_STAFF_CLIENT_SECRET": CLIENT_SECRET,
        "OIDC_STAFF_SCOPES": "openid email profile roles",
        **extra,
    }


@pytest.fixture()
def oidc(app: Flask, db_session, oidc_issuer: str) -> Iterator[str]:
    """The shared app with both providers pointing at the test provider; the issuer."""
    with providers_configured(app, **settings_for(oidc_issuer)):
        yield oidc_issuer


def provider_browser() -> requests.Session:
    """A fresh browser for the provider's side (its own cookies, so a new login every time)."""
    browser = requests.Session()
    browser.trust_env = False  # never a proxy: everything stays on 127.0.0.1
    return browser


def to_callback(client, issuer: str, account: str, *, start: str = "/account/oidc/family/start") -> str:
    """Start at the portal, sign in and consent at the provider; the callback URL it sends us back to."""
    response = client.get(start)
    assert response.status_code == 302, response.status_code
    url = response.headers["Location"]
    browser = provider_browser()
    with browser:
        for _ in range(12):
            if url.startswith(PORTAL + "/"):
                return url.removeprefix(PORTAL)
            assert url.startswith(issuer + "/"), url
            page = browser.get(url, allow_redirects=False, timeout=TIMEOUT)
            if not page.is_redirect:
                page = submit_interaction(browser, url, page.text, account)
            assert page.is_redirect, (page.status_code, page.text[:500])
            url = urljoin(url, page.headers["Location"])
    raise AssertionError("the provider never sent us back")


def submit_interaction(browser: requests.Session, url: str, html: str, account: str) -> requests.Response:
    """Fill in the provider's development login form (any password) or press Continue on its consent form."""
    form = BeautifulSoup(html, "html.parser").find("form")
    assert form is not None, html[:500]
    prompt = form.find("input", {"name": "prompt"})["value"]
    data = {"prompt": prompt}
    if prompt == "login":
        data.update(login=account, password="any password will do")
    return browser.post(urljoin(url, form["action"]), data=data, allow_redirects=False, timeout=TIMEOUT)


def sign_in_as(client, issuer: str, account: str, **kwargs: Any):
    return client.get(to_callback(client, issuer, account, **kwargs))


def signed_in_user_id(client) -> str | None:
    with client.session_transaction() as session:
        return session.get("user_id")


def users_with(db_session, email: str) -> list[User]:
    return list(db_session.scalars(select(User).where(User.email == email)))


def text_of(response) -> str:
    return " ".join(response.get_data(as_text=True).split())


# End to end -------------------------------------------------------------------------------------


def test_a_family_signs_in_and_gets_an_account(oidc, client, db_session):
    response = sign_in_as(client, oidc, "family-1")
    assert response.status_code == 303 and response.headers["Location"] == "/account"
    assert "family.one@example.com" in client.get("/account").get_data(as_text=True)
    [user] = users_with(db_session, "family.one@example.com")
    assert (user.oidc_issuer, user.oidc_subject) == (oidc, "family-1")
    assert user.roles == [str(Role.PARENT)] and user.display_name == "Family One"
    assert user.email_verified_at is not None and user.password_hash is None
    assert signed_in_user_id(client) == user.id


def test_signing_in_again_uses_the_same_account(oidc, app, db_session):
    first, second = app.test_client(), app.test_client()
    sign_in_as(first, oidc, "family-1")
    response = sign_in_as(second, oidc, "family-1")
    assert response.status_code == 303
    [user] = users_with(db_session, "family.one@example.com")
    assert signed_in_user_id(first) == signed_in_user_id(second) == user.id


def test_the_session_is_new_after_signing_in(oidc, client, db_session):
    with client.session_transaction() as session:
        session["planted"] = "before sign-in"
    sign_in_as(client, oidc, "family-1")
    with client.session_transaction() as session:
        assert "planted" not in session and "oidc_pending" not in session
        assert not any(key.startswith("_state_") for key in session)


def give_password(client, password: str = "correct horse battery"):
    page = client.get("/account/oidc/link")
    assert page.status_code == 200
    token = BeautifulSoup(page.get_data(as_text=True), "html.parser").find("input", {"name": "csrf_token"})["value"]
    return client.post("/account/oidc/link", data={"password": password, "csrf_token": token})


def test_an_existing_account_with_the_same_verified_email_is_linked(oidc, client, db_session):
    local = auth.create_user(email="local.parent@example.com", password="correct horse battery", verified=True)
    response = sign_in_as(client, oidc, "linked-1")
    # A confirmed account with a password: its password is asked for once before the link is made.
    assert response.status_code == 303 and response.headers["Location"] == "/account/oidc/link"
    assert signed_in_user_id(client) is None
    assert "Enter a correct email address and password" in text_of(give_password(client, "not the password"))
    db_session.refresh(local)
    assert local.oidc_subject is None
    response = give_password(client)
    assert response.status_code == 303
    assert users_with(db_session, "local.parent@example.com") == [local]
    db_session.refresh(local)
    assert (local.oidc_issuer, local.oidc_subject) == (oidc, "linked-1")
    assert signed_in_user_id(client) == local.id
    assert db_session.scalar(select(AuditEvent).where(AuditEvent.action == "auth.oidc_linked",
                                                      AuditEvent.object_id == local.id))  # fmt: skip


def test_an_unconfirmed_account_with_the_same_email_is_taken_over_by_its_owner(oidc, client, db_session):
    """Account pre-hijacking: someone made an account with this address and never confirmed it. The provider
    proves who owns the address, so the owner gets it, without the stranger's password."""
    local = auth.create_user(email="local.parent@example.com", password="correct horse battery", verified=False)
    response = sign_in_as(client, oidc, "linked-1")
    assert response.status_code == 303 and response.headers["Location"] == "/account"
    db_session.refresh(local)
    assert (local.oidc_issuer, local.oidc_subject) == (oidc, "linked-1")
    assert local.password_hash is None and local.email_verified_at is not None
    assert signed_in_user_id(client) == local.id
    assert db_session.scalar(select(AuditEvent).where(AuditEvent.action == "auth.oidc_took_over_unconfirmed"))


def test_an_officer_account_is_not_linked_through_the_family_provider(oidc, client, db_session):
    officer = auth.create_user(email="family.two@example.com", password="correct horse battery",
                               roles=[Role.ADMIN], verified=True)  # fmt: skip
    response = sign_in_as(client, oidc, "family-2")
    assert response.status_code == 403 and "Sign in with your council account" in text_of(response)
    db_session.refresh(officer)
    assert officer.oidc_subject is None and signed_in_user_id(client) is None


def test_an_unverified_email_is_refused(oidc, client, db_session):
    response = sign_in_as(client, oidc, "unverified-1")
    assert response.status_code == 403
    assert "does not have a confirmed email address" in text_of(response)
    assert users_with(db_session, "unverified@example.com") == [] and signed_in_user_id(client) is None


def test_the_email_can_come_from_userinfo(oidc, client, db_session):
    response = sign_in_as(client, oidc, "userinfo-1")
    assert response.status_code == 303
    [user] = users_with(db_session, "userinfo.only@example.com")
    assert user.oidc_subject == "userinfo-1"


def test_a_tampered_state_is_refused(oidc, client, db_session):
    callback = to_callback(client, oidc, "family-1")
    parts = urlsplit(callback)
    query = parse_qs(parts.query)
    state = query["state"][0]
    # Change its first character to another (a fixed "x" left it unchanged whenever the state began with x: 1 in 64).
    query["state"] = [("y" if state[0] == "x" else "x") + state[1:]]
    tampered = parts.path + "?" + "&".join(f"{key}={requests.utils.quote(value[0])}" for key, value in query.items())
    response = client.get(tampered)
    assert response.status_code == 400 and "problem signing you in" in text_of(response)
    assert signed_in_user_id(client) is None and users_with(db_session, "family.one@example.com") == []
    # The real answer still works, so it was the state that was refused; replaying it then fails.
    assert client.get(callback).status_code == 303
    assert client.get(callback).status_code == 400


def test_next_stays_on_this_site(oidc, client, db_session):
    response = sign_in_as(client, oidc, "family-1", start="/account/oidc/family/start?next=/account/sign-in")
    assert response.headers["Location"] == "/account/sign-in"
    response = sign_in_as(client, oidc, "family-1", start="/account/oidc/family/start?next=https://evil.example/")
    assert response.headers["Location"] == "/"


def test_cancelling_at_the_provider_shows_a_problem_page(oidc, client, db_session):
    url = client.get("/account/oidc/family/start").headers["Location"]
    with provider_browser() as browser:
        for _ in range(5):  # to the provider's login page
            page = browser.get(url, allow_redirects=False, timeout=TIMEOUT)
            if not page.is_redirect:
                break
            url = urljoin(url, page.headers["Location"])
        abort = browser.get(url.rstrip("/") + "/abort", allow_redirects=False, timeout=TIMEOUT)
        back = urljoin(url, abort.headers["Location"])
        for _ in range(5):
            if back.startswith(PORTAL + "/"):
                break
            back = urljoin(back, browser.get(back, allow_redirects=False, timeout=TIMEOUT).headers["Location"])
    assert "error=access_denied" in back
    response = client.get(back.removeprefix(PORTAL))
    assert response.status_code == 400 and "You did not finish signing in" in text_of(response)
    assert signed_in_user_id(client) is None


def test_staff_get_their_mapped_officer_role(oidc, client, db_session):
    response = sign_in_as(client, oidc, "staff-1", start="/account/oidc/staff/start")
    assert response.status_code == 303
    [user] = users_with(db_session, "caseworker@wessex.example.gov.uk")
    assert user.roles == [str(Role.CASEWORKER)] and user.is_officer
    assert signed_in_user_id(client) == user.id
    assert db_session.scalar(select(AuditEvent).where(AuditEvent.action == "auth.oidc_created",
                                                      AuditEvent.object_id == user.id))  # fmt: skip


def test_staff_without_a_mapped_role_are_told_why(oidc, client, db_session):
    response = sign_in_as(client, oidc, "staff-norole", start="/account/oidc/staff/start")
    assert response.status_code == 403 and "has not been given a role" in text_of(response)
    assert users_with(db_session, "no.role@wessex.example.gov.uk") == [] and signed_in_user_id(client) is None


def test_staff_default_role_applies_when_the_claim_maps_to_none(app, oidc, client, db_session):
    with providers_configured(app, OIDC_STAFF_DEFAULT_ROLE=str(Role.EDITOR)):
        response = sign_in_as(client, oidc, "staff-norole", start="/account/oidc/staff/start")
    assert response.status_code == 303
    [user] = users_with(db_session, "no.role@wessex.example.gov.uk")
    assert user.roles == [str(Role.EDITOR)]


def test_a_second_factor_that_is_set_up_is_still_asked_for(oidc, client, db_session):
    local = auth.create_user(email="local.parent@example.com", password="correct horse battery", verified=True)
    local.totp_secret, local.totp_enabled_at = "JBSWY3DPEHPK3PXP", utcnow()
    db_session.flush()
    assert sign_in_as(client, oidc, "linked-1").headers["Location"] == "/account/oidc/link"
    response = give_password(client)
    assert response.status_code == 303 and response.headers["Location"] == "/account/sign-in/code"
    assert signed_in_user_id(client) is None


# Without a provider -----------------------------------------------------------------------------


class _Discovery(BaseHTTPRequestHandler):
    """Serves only a discovery document, enough to build the authorization URL."""

    def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
        issuer = f"http://127.0.0.1:{self.server.server_address[1]}"
        if self.path != "/.well-known/openid-configuration":
            self.send_error(404)
            return
        body = json.dumps({"issuer": issuer, "authorization_endpoint": f"{issuer}/authorize",
                           "token_endpoint": f"{issuer}/token", "jwks_uri": f"{issuer}/jwks"}).encode()  # fmt: skip
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def discovery_issuer() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Discovery)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture()
def stub(app: Flask, db_session, discovery_issuer: str) -> Iterator[str]:
    with providers_configured(app, **settings_for(discovery_issuer)):
        yield discovery_issuer


def test_the_authorization_url_uses_pkce_state_and_nonce(stub, client):
    response = client.get("/account/oidc/family/start")
    assert response.status_code == 302
    url = urlsplit(response.headers["Location"])
    assert f"{url.scheme}://{url.netloc}{url.path}" == f"{stub}/authorize"
    query = {key: values[0] for key, values in parse_qs(url.query).items()}
    assert query["response_type"] == "code" and query["client_id"] == CLIENT_ID
    assert query["redirect_uri"] == f"{PORTAL}/account/oidc/family/callback"
    assert query["scope"] == "openid email profile"
    assert query["code_challenge_method"] == "S256"
    assert len(query["state"]) >= 32 and len(query["nonce"]) >= 32
    with client.session_transaction() as session:
        pending = session["oidc_pending"][query["state"]]
        verifier = session[f"_state_family_{query['state']}"]["data"]["code_verifier"]
    assert pending["nonce"] == query["nonce"] and pending["provider"] == "family"
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    assert query["code_challenge"] == challenge


def test_each_start_has_its_own_state_and_nonce(stub, client):
    first, second = (parse_qs(urlsplit(client.get("/account/oidc/staff/start").headers["Location"]).query)
                     for _ in range(2))  # fmt: skip
    assert first["state"] != second["state"] and first["nonce"] != second["nonce"]
    assert first["scope"] == ["openid email profile roles"]


def test_an_unconfigured_provider_is_not_found(client):
    assert client.get("/account/oidc/family/start").status_code == 404
    assert client.get("/account/oidc/staff/callback?code=x&state=y").status_code == 404


def test_an_unknown_provider_is_not_found(stub, client):
    assert client.get("/account/oidc/google/start").status_code == 404


def test_a_provider_error_is_a_problem_page_not_a_crash(stub, client):
    response = client.get("/account/oidc/family/callback?error=server_error&state=whatever")
    assert response.status_code == 400 and "problem signing you in" in text_of(response)


def test_a_callback_nobody_started_is_refused(stub, client):
    response = client.get("/account/oidc/family/callback?code=abc&state=never-issued")
    assert response.status_code == 400


def test_an_unreachable_provider_is_a_problem_page(app, client, db_session):
    with providers_configured(app, **settings_for("http://127.0.0.1:9")):
        response = client.get("/account/oidc/family/start")
    assert response.status_code == 502 and "problem signing you in" in text_of(response)


def test_the_sign_in_page_offers_configured_providers(stub, pages):
    soup = pages.get("/account/sign-in?next=/account")
    family, staff = soup.select("a.govuk-button--secondary")
    assert family.text.strip() == "Sign in with GOV.UK One Login"
    assert family["href"] == "/account/oidc/family/start?next=/account"
    assert staff.text.strip() == "Sign in with your council account"


def test_the_sign_in_page_is_unchanged_without_providers(pages):
    soup = pages.get("/account/sign-in")
    assert not soup.select("a.govuk-button--secondary") and "Other ways to sign in" not in soup.text


def test_problem_pages_are_proper_pages(stub, pages):
    pages.get("/account/oidc/family/callback?error=access_denied&state=x", status=400)


@pytest.mark.parametrize(
    ("claim", "roles"),
    [
        (["sen_caseworker", "nonsense", "sen_caseworker"], [Role.CASEWORKER]),
        ("administrator content_editor", [Role.ADMIN, Role.EDITOR]),
        ("sen_manager,participation_lead", [Role.MANAGER, Role.PARTICIPATION]),
        (["parent"], []),  # family roles never come from the staff directory
        (None, []),
        (42, []),
    ],
)
def test_roles_from_the_claim(claim, roles):
    assert roles_from_claim(claim) == roles
