"""axe-core on the pages added for issues 14 and 15 that the page-type list cannot reach by address alone:
linking an OpenID Connect sign-in to an existing account, changing your password or e-mail address, and the
administrators' roles waiting for approval. English and Welsh, each with its error state."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from portal.auth import services as auth
from portal.db import db
from tests.auth.test_oidc import providers_configured, running_provider, settings_for
from tests.e2e.test_accessibility import violations

DEMO_PASSWORD = "wessex-demo-only-2026"


@pytest.fixture(scope="module")
def oidc_on_live_server(live_app, live_server, tmp_path_factory) -> Iterator[str]:
    """The test provider, sending people back to the live server; the live app configured to use it."""
    callbacks = [f"{live_server}/account/oidc/{name}/callback" for name in ("family", "staff")]
    with running_provider(tmp_path_factory.mktemp("oidc-e2e"), callbacks) as issuer:
        with live_app.app_context():
            if auth.find_user("local.parent@example.com") is None:
                auth.create_user(email="local.parent@example.com", password=DEMO_PASSWORD, verified=True)
                db.session.commit()
        with providers_configured(live_app, **settings_for(issuer)):
            yield issuer


def sign_in(tab, live_server, email):
    tab.goto(f"{live_server}/account/sign-in")
    tab.fill("#email", email)
    tab.fill("#password", DEMO_PASSWORD)
    tab.locator("#sign-in-submit").click()
    tab.wait_for_url(re.compile(r".*/(account|officers)$"))


def test_linking_an_identity_to_an_existing_account_has_no_violations(browser, live_server, oidc_on_live_server):
    context = browser.new_context()
    tab = context.new_page()
    try:
        tab.goto(f"{live_server}/account/oidc/family/start")
        # The provider's development login and consent pages (not ours: not checked).
        tab.wait_for_url(re.compile(re.escape(oidc_on_live_server) + ".*"))
        tab.fill("input[name=login]", "linked-1")
        tab.fill("input[name=password]", "any password will do")
        tab.locator("button[type=submit]").first.click()
        for _ in range(3):
            if tab.url.startswith(f"{live_server}/account/oidc/link"):
                break
            tab.wait_for_load_state()
            if tab.url.startswith(oidc_on_live_server):
                tab.locator("button[type=submit]").first.click()
        tab.wait_for_url(f"{live_server}/account/oidc/link")
        for lang in ("en", "cy"):
            tab.goto(f"{live_server}/account/oidc/link?lang={lang}")
            assert tab.locator("html").get_attribute("lang") == lang
            assert tab.locator("#password").count() == 1
            assert violations(tab) == []
            tab.fill("#password", "not the password")
            tab.locator("#link-submit").click()
            tab.locator(".govuk-error-summary").wait_for()
            assert violations(tab) == []
    finally:
        context.close()


def test_changing_your_password_and_email_address_has_no_violations(page, live_server):
    sign_in(page, live_server, "parent.two@example.com")
    for lang in ("en", "cy"):
        page.goto(f"{live_server}/account?lang={lang}")
        assert violations(page) == []
        page.goto(f"{live_server}/account/change-password?lang={lang}")
        assert violations(page) == []
        page.locator("#change-password-submit").click()
        page.locator(".govuk-error-summary").wait_for()
        assert violations(page) == []
        page.goto(f"{live_server}/account/change-email?lang={lang}")
        assert violations(page) == []
        page.locator("#change-email-submit").click()
        page.locator(".govuk-error-summary").wait_for()
        assert violations(page) == []
        page.goto(f"{live_server}/account/change-email/confirm/not-a-real-token?lang={lang}")
        assert violations(page) == []


def test_roles_waiting_for_approval_has_no_violations(page, live_app, live_server):
    from portal.officers import services

    with live_app.app_context():
        admin = auth.find_user("admin@example.com")
        grantee = auth.find_user("participation@example.com")
        services.request_grant(actor=admin, user=grantee, role="complaints_officer")
        db.session.commit()
    sign_in(page, live_server, "admin@example.com")
    for path in ("/officers/users/role-requests", "/officers/users"):
        for lang in ("en", "cy"):
            page.goto(f"{live_server}{path}?lang={lang}")
            assert violations(page) == [], path
    page.goto(f"{live_server}/officers/users/role-requests")
    assert page.locator("[id^=reject-]").count() >= 1, "a waiting request is on the page"
