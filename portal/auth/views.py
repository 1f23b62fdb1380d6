"""Signing in and out (with a second factor for those who set one up), creating an account, verifying an
e-mail address, resetting a password."""

from __future__ import annotations

from flask import Response, current_app, get_flashed_messages, redirect, render_template, request, url_for
from flask_babel import lazy_gettext

from portal.auth import account_changes, bp, services, totp
from portal.auth.forms import (
    CreateAccountForm,
    ForgotPasswordForm,
    ResetPasswordForm,
    SecurityCodeForm,
    SetUpTwoFactorForm,
    SignInForm,
    TurnOffTwoFactorForm,
)
from portal.db import transactional
from portal.extensions import limiter
from portal.i18n import get_locale, safe_next
from portal.notifications.services import queue_email
from portal.platform.links import absolute_url
from portal.security import login_required, public


def _send_verification(user: services.User) -> None:
    link = absolute_url("auth.verify_email", token=services.verification_token(user))
    queue_email(to=user.email, kind="verify_email", subject=lazy_gettext("Confirm your email address"),
                template="verify_email", locale=user.locale, link=link, council=current_app.config["COUNCIL"])  # fmt: skip


@bp.route("/sign-in", methods=["GET", "POST"])
@public
@limiter.limit("10 per minute; 100 per hour", methods=["POST"])
@transactional
def sign_in() -> Response | str:
    """Sign in with an e-mail address and password."""
    form = SignInForm(next=request.args.get("next", ""))
    if request.method == "POST" and form.validate():
        try:
            user = totp.check_password(form.email.data, form.password.data, source=request.remote_addr or "")
        except services.EmailNotConfirmed as error:
            # Only someone who knows the password gets here: a fresh link is what they asked for.
            unconfirmed = services.find_user(form.email.data)
            if unconfirmed is not None:
                _send_verification(unconfirmed)
            form.password.errors = [str(error)]
        except services.AuthError as error:
            form.password.errors = [str(error)]
        else:
            return _after_password(user, remember=bool(form.remember.data), next_url=form.next.data)
    timed_out = request.method == "GET" and request.args.get("timed_out") == "1"
    return render_template("auth/sign_in.html", form=form, timed_out=timed_out), 200


def _after_password(user: services.User, *, remember: bool = False, next_url: str | None = None) -> Response:
    """The password was right: ask for a code, or sign in (and on to set one up, if an officer must)."""
    next_url = safe_next(next_url) if next_url else services.landing_for(user)
    if totp.is_enabled(user):
        totp.begin_sign_in(user, remember=remember, next_url=next_url)
        return redirect(url_for("auth.sign_in_code"), code=303)
    services.log_in(user, remember=remember)
    if totp.setup_required(user):
        return totp.require_setup(next_url)
    return redirect(next_url, code=303)


@bp.route("/sign-in/code", methods=["GET", "POST"])
@public
@limiter.limit("10 per minute; 100 per hour", methods=["POST"])
@transactional
def sign_in_code() -> Response | str:
    """The second step of signing in: the code from an authenticator app. Nobody is signed in until it is right."""
    try:
        pending = totp.pending_sign_in()
    except totp.SignInTimedOut:
        return redirect(url_for("auth.sign_in", timed_out=1), code=303)
    if pending is None:
        return redirect(url_for("auth.sign_in"), code=303)
    form = SecurityCodeForm()
    locked = False
    if request.method == "POST" and form.validate():
        try:
            totp.complete_sign_in(pending, form.code.data)
        except services.AccountLocked as error:
            form.code.errors = [str(error)]
            locked = True
        except services.AuthError as error:
            form.code.errors = [str(error)]
        else:
            return redirect(safe_next(pending.next_url), code=303)
    return render_template("auth/sign_in_code.html", form=form, locked=locked)


@bp.post("/sign-out")
@public
@transactional
def sign_out() -> Response:
    services.log_out()
    return redirect(url_for("core.home"), code=303)


@bp.post("/sign-out-everywhere")
@login_required
@transactional
def sign_out_everywhere() -> Response:
    """End every session of this account, on every device (this one too)."""
    user = services.current_user()
    services.end_sessions(user, reason="signed_out_everywhere")
    services.log_out()
    return redirect(url_for("auth.sign_in"), code=303)


@bp.route("/create", methods=["GET", "POST"])
@public
@limiter.limit("5 per minute; 30 per hour", methods=["POST"])
@transactional
def create_account() -> Response | str:
    """A family account: sign in to follow a request or case (young people 16+ can have their own)."""
    form = CreateAccountForm()
    if request.method == "POST" and form.validate():
        existing = services.find_user(form.email.data)
        if existing is None:
            user = services.create_user(email=form.email.data, password=form.password.data,
                                        display_name=form.display_name.data, locale=get_locale())  # fmt: skip
            _send_verification(user)
        else:
            # Say the same thing either way, and do the same work (one argon2 hash), so nobody can find out
            # who has an account from the answer or from how long it takes.
            services.hash_password(form.password.data)
            queue_email(to=existing.email, kind="account_exists", subject=lazy_gettext("You already have an account"),
                        template="account_exists", locale=existing.locale, council=current_app.config["COUNCIL"],
                        link=absolute_url("auth.forgot_password"))  # fmt: skip
        return redirect(url_for("auth.check_email"), code=303)
    return render_template("auth/create_account.html", form=form)


@bp.get("/check-your-email")
@public
def check_email() -> str:
    return render_template("auth/check_email.html")


@bp.get("/verify/<token>")
@public
@transactional
def verify_email(token: str) -> Response | str:
    user = services.verify_email(token)
    if user is None:
        return render_template("auth/link_expired.html"), 400  # type: ignore[return-value]
    return render_template("auth/email_verified.html")


@bp.route("/forgot-password", methods=["GET", "POST"])
@public
@limiter.limit("5 per minute; 20 per hour", methods=["POST"])
@transactional
def forgot_password() -> Response | str:
    form = ForgotPasswordForm()
    if request.method == "POST" and form.validate():
        user = services.find_user(form.email.data)
        # Staff who sign in through the council's directory never get a local password.
        if user is not None and not user.disabled and not services.signs_in_through_directory(user):
            link = absolute_url("auth.reset_password", token=services.reset_token(user))
            queue_email(to=user.email, kind="reset_password", subject=lazy_gettext("Reset your password"),
                        template="reset_password", locale=user.locale, link=link,
                        council=current_app.config["COUNCIL"])  # fmt: skip
        return redirect(url_for("auth.check_email"), code=303)
    return render_template("auth/forgot_password.html", form=form)


@bp.route("/reset/<token>", methods=["GET", "POST"])
@public
@limiter.limit("10 per minute", methods=["POST"])
@transactional
def reset_password(token: str) -> Response | str:
    user = services.user_for_reset(token)
    if user is None:
        return render_template("auth/link_expired.html"), 400  # type: ignore[return-value]
    form = ResetPasswordForm()
    if request.method == "POST" and form.validate():
        # Uses the link up, confirms the address and ends every session (a copied cookie stops working).
        services.reset_password(token, form.password.data)
        # A new password is not a second factor: someone with a code set up still has to give one.
        return _after_password(user)
    return render_template("auth/reset_password.html", form=form)


@bp.get("")
@login_required
def account() -> str:
    """Your account: who you are signed in as."""
    user = services.current_user()
    from portal.navigation import account_links_for

    return render_template("auth/account.html", user=user, two_factor=totp.is_enabled(user),
                           links=account_links_for(user.roles), officer=user.is_officer,
                           change_password=account_changes.may_change_password(user),
                           change_email=account_changes.may_change_email(user), notices=get_flashed_messages())  # fmt: skip


@bp.route("/two-factor", methods=["GET", "POST"])
@login_required
@transactional
def two_factor() -> Response | str:
    """Set up two-factor authentication with an authenticator app, or see that it is on."""
    user = services.current_user()
    if totp.is_enabled(user):
        return render_template("auth/two_factor.html", user=user, may_turn_off=totp.may_turn_off(user))
    form = SetUpTwoFactorForm()
    ask_password = totp.needs_password_to_enable(user)
    if request.method == "POST" and form.validate():
        try:
            totp.enable(user, code=form.code.data, password=form.password.data)
        except (totp.PasswordRefused, services.AccountLocked) as error:
            form.password.errors = [str(error)]
        except (totp.ReauthenticationRequired, totp.CodeRefused) as error:
            form.code.errors = [str(error)]
        else:
            next_url = totp.setup_next_url()
            return redirect(safe_next(next_url) if next_url else url_for("auth.two_factor"), code=303)
    secret = totp.setup_secret(user)
    return render_template("auth/two_factor_set_up.html", form=form, secret=totp.grouped(secret),
                           ask_password=ask_password,
                           reauthenticate=user.password_hash is None and not services.recently_authenticated(),
                           uri=totp.provisioning_uri(user, secret), required=totp.setup_was_required())  # fmt: skip


@bp.route("/two-factor/turn-off", methods=["GET", "POST"])
@login_required
@transactional
def turn_off_two_factor() -> Response | str:
    """Turn off two-factor authentication, after giving the current password."""
    user = services.current_user()
    if not totp.is_enabled(user) or not totp.may_turn_off(user):
        return redirect(url_for("auth.two_factor"), code=303)
    form = TurnOffTwoFactorForm()
    if request.method == "POST" and form.validate():
        try:
            totp.disable(user, password=form.password.data)
        except services.AuthError as error:
            form.password.errors = [str(error)]
        else:
            return redirect(url_for("auth.two_factor"), code=303)
    return render_template("auth/turn_off_two_factor.html", form=form)
