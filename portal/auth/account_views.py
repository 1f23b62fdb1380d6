"""Your account: change your password, change your e-mail address (local accounts)."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext

from portal.auth import account_changes, bp, services
from portal.auth.forms import ChangeEmailForm, ChangePasswordForm, ConfirmForm
from portal.db import transactional
from portal.extensions import limiter
from portal.security import login_required, public


@bp.route("/change-password", methods=["GET", "POST"])
@login_required
@limiter.limit("5 per minute; 20 per hour", methods=["POST"])
@transactional
def change_password() -> Response | str:
    """A new password: the current one first; other devices are signed out."""
    user = services.current_user()
    if not account_changes.may_change_password(user):
        abort(404)
    form = ChangePasswordForm()
    form.account_email = user.email
    if form.validate_on_submit():
        try:
            account_changes.change_password(user, current=form.current.data, new=form.password.data)
        except services.AuthError as error:
            form.current.errors = [str(error)]
        else:
            flash(gettext("Your password has been changed. We have signed you out on your other devices."))
            return redirect(url_for("auth.account"), code=303)
    return render_template("auth/change_password.html", form=form)


@bp.route("/change-email", methods=["GET", "POST"])
@login_required
@limiter.limit("5 per minute; 20 per hour", methods=["POST"])
@transactional
def change_email() -> Response | str:
    """Ask to use a new e-mail address: the password first, then a link sent to the new address."""
    user = services.current_user()
    if not account_changes.may_change_email(user):
        abort(404)
    form = ChangeEmailForm()
    if form.validate_on_submit():
        try:
            account_changes.request_email_change(user, new_email=form.new_email.data, password=form.password.data)
        except services.AuthError as error:
            form.password.errors = [str(error)]
        except account_changes.SameAddress:
            form.new_email.errors = [gettext("This is already your email address. Enter a different one")]
        else:
            new_email = services.normalise_email(form.new_email.data)
            flash(gettext("We have sent a link to %(email)s. Open it within 24 hours to confirm your new address. "
                          "Until then, we will keep using your current one.", email=new_email))  # fmt: skip
            return redirect(url_for("auth.account"), code=303)
    return render_template("auth/change_email.html", form=form, current=user.email)


@bp.route("/change-email/confirm/<token>", methods=["GET", "POST"])
@public
@limiter.limit("10 per minute", methods=["POST"])
@transactional
def confirm_email_change(token: str) -> Response | str:
    """The link sent to a new address: a page with a button, so a mail scanner opening it changes nothing."""
    change = account_changes.pending_email_change(token)
    if change is None:
        return render_template("auth/email_change_link_expired.html"), 400  # type: ignore[return-value]
    form = ConfirmForm()
    if form.validate_on_submit():
        account_changes.confirm_email_change(token, signed_in_as=services.current_user())
        return render_template("auth/email_changed.html", signed_in=services.current_user() is not None)
    return render_template("auth/confirm_email_change.html", form=form, new_email=change.new_email)
