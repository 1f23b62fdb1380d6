"""Administrators' screens: officer accounts, invitations and roles; the audit trail for managers too.

Every page here also needs the officer's second factor when TOTP_REQUIRED_FOR_OFFICERS is set
(totp.second_factor_required, under the access rule).
"""

from __future__ import annotations

from flask import Response, abort, current_app, flash, get_flashed_messages, redirect, render_template, request, url_for
from flask_babel import format_datetime, gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCheckboxesInput, GovSelect, GovTextInput
from wtforms import HiddenField, SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from portal.auth import services as auth
from portal.auth import totp
from portal.auth.forms import EMAIL_FORMAT
from portal.auth.models import Role
from portal.db import transactional
from portal.extensions import limiter
from portal.navigation import officer_link
from portal.officers import bp, services
from portal.platform.links import absolute_url
from portal.security import officer_required


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


# Forms (kept beside the admin views while portal/officers has no forms.py) -----------------------

officer_link(_l("Officer accounts and roles"), "officers.users", [Role.ADMIN],
             _l("Invite officers and change what they can do."), order=80)  # fmt: skip
officer_link(_l("Roles waiting for approval"), "officers.role_grants", [Role.ADMIN],
             _l("Approve or turn down roles another administrator asked for."), order=81)  # fmt: skip
officer_link(_l("Audit trail"), "officers.audit", [Role.ADMIN, Role.MANAGER],
             _l("Who looked at or changed family records, and when."), order=85)  # fmt: skip


class InviteOfficerForm(FlaskForm):
    display_name = StringField(_l("Full name"), filters=[_strip],
                               validators=[DataRequired(message=_l("Enter their full name")), Length(max=200)],
                               widget=GovTextInput())  # fmt: skip
    email = StringField(_l("Email address"), description=_l("Their work email address"), filters=[_strip],
                        validators=[DataRequired(message=_l("Enter their email address")), Email(message=EMAIL_FORMAT),
                                    Length(max=255)], widget=GovTextInput())  # fmt: skip
    roles = SelectMultipleField(_l("Roles"), description=_l("Select all that apply"),
                                validators=[DataRequired(message=_l("Select at least one role"))],
                                widget=GovCheckboxesInput())  # fmt: skip

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.roles.choices = services.role_choices()

    def validate_email(self, field: StringField) -> None:
        if field.data and services.email_taken(field.data):
            raise ValidationError(_l("There is already an account with this email address"))


class ChangeRolesForm(FlaskForm):
    roles = SelectMultipleField(_l("Roles"), description=_l("Select all that apply"),
                                validators=[DataRequired(message=_l("Select at least one role"))],
                                widget=GovCheckboxesInput())  # fmt: skip
    version = HiddenField()

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.roles.choices = services.role_choices()


class AuditFilterForm(FlaskForm):
    action = SelectField(_l("Action"), validators=[Optional()], validate_choice=False, widget=GovSelect())
    actor = StringField(_l("Who did it"), description=_l("All or part of their email address"), filters=[_strip],
                        validators=[Optional(), Length(max=255)], widget=GovTextInput())  # fmt: skip


# Views ------------------------------------------------------------------------------------------


@bp.get("/users")
@officer_required(Role.ADMIN)
@totp.second_factor_required
def users() -> str:
    """Officer accounts and their roles."""
    return render_template("officers/users.html", officers=services.list_officers(), role_names=services.role_names,
                           two_factor=totp.is_enabled, notices=get_flashed_messages(),
                           waiting=services.pending_grants())  # fmt: skip


@bp.route("/users/invite", methods=["GET", "POST"])
@officer_required(Role.ADMIN)
@totp.second_factor_required
@transactional
def invite_user() -> Response | str:
    """Invite an officer: an account with no password, and an e-mail with a link to choose one."""
    form = InviteOfficerForm()
    if request.method == "POST" and form.validate():
        try:
            user = services.invite_officer(actor=auth.current_user(), email=form.email.data,
                                           display_name=form.display_name.data, roles=form.roles.data)  # fmt: skip
        except services.OfficerExists:
            form.email.errors = [gettext("There is already an account with this email address")]
        else:
            services.send_invitation(
                user=user,
                link=absolute_url("auth.reset_password", token=auth.reset_token(user)),
                sign_in_link=absolute_url("auth.sign_in"),
                forgot_link=absolute_url("auth.forgot_password"),
                council=current_app.config["COUNCIL"],
            )
            flash(gettext("Invitation sent to %(email)s", email=user.email))
            _flash_waiting(services.pending_grants(user.id), user)
            return redirect(url_for("officers.users"), code=303)
    return render_template("officers/invite_user.html", form=form)


@bp.route("/users/<user_id>/roles", methods=["GET", "POST"])
@officer_required(Role.ADMIN)
@totp.second_factor_required
@transactional
def change_roles(user_id: str) -> Response | str:
    """Change an officer's roles; refused if someone else changed the account since the form was shown."""
    officer = services.get_officer(user_id)
    if officer is None:
        abort(404)
    form = ChangeRolesForm()
    if request.method == "POST" and form.validate():
        try:
            changed = services.change_roles(actor=auth.current_user(), user=officer, roles=form.roles.data,
                                            version=form.version.data or "")  # fmt: skip
        except services.StaleRecord:
            form.roles.errors = [gettext("Someone else changed this account while you were looking at it. "
                                         "Check its roles below, then save again.")]  # fmt: skip
            form.roles.data = services.officer_roles(officer)
            form.version.data = services.version_of(officer)
        except services.OwnAdministratorRole:
            form.roles.errors = [gettext("You cannot remove your own administrator role")]
        except services.OwnRoleGrant:
            form.roles.errors = [gettext("You cannot give yourself a role. Ask another administrator to do it.")]
        else:
            if changed.changed:
                flash(gettext("Roles changed for %(email)s", email=officer.email))
            if changed.requested:
                _flash_waiting(services.pending_grants(officer.id), officer)
            return redirect(url_for("officers.users"), code=303)
    elif request.method == "GET":
        form.roles.data = services.officer_roles(officer)
        form.version.data = services.version_of(officer)
    return render_template("officers/change_roles.html", form=form, officer=officer, two_factor=totp.is_enabled(officer),
                           is_self=auth.current_user().id == officer.id, waiting=services.pending_grants(officer.id),
                           role_names=services.role_names, powerful=services.role_names(_powerful()),
                           only_admin=len(services.administrators()) < 2)  # fmt: skip


def _powerful() -> list[str]:
    return [str(role) for role in services.POWERFUL_ROLES]


def _flash_waiting(waiting: list[services.PendingGrant], officer: object) -> None:
    names = ", ".join(services.role_names([grant.role for grant in waiting]))
    if names:
        flash(gettext("Waiting for another administrator to approve: %(roles)s for %(email)s", roles=names,
                      email=getattr(officer, "email", "")))  # fmt: skip


@bp.get("/users/role-requests")
@officer_required(Role.ADMIN)
@totp.second_factor_required
def role_grants() -> str:
    """Powerful roles one administrator asked for, waiting for a different one to approve or turn down."""
    return render_template("officers/role_grants.html", grants=services.pending_grants(), me=auth.current_user(),
                           role_names=services.role_names, notices=get_flashed_messages(with_categories=True),
                           only_admin=len(services.administrators()) < 2, days=services.GRANT_DAYS,
                           role_codes=services.role_choices(),
                           format_datetime=format_datetime)  # fmt: skip


@bp.post("/users/role-requests/<grant_id>/<decision>")
@officer_required(Role.ADMIN)
@totp.second_factor_required
@limiter.limit("20 per minute; 200 per hour")
@transactional
def decide_role_grant(grant_id: str, decision: str) -> Response:
    """Approve or turn down (withdraw, for the one who asked) a waiting role; the page says what happened."""
    if decision not in ("approve", "reject"):
        abort(404)
    actor = auth.current_user()
    try:
        if decision == "approve":
            grant = services.approve_grant(actor=actor, grant_id=grant_id)
            message = gettext("Approved. They now have the role: %(role)s. We have e-mailed them.",
                              role=", ".join(services.role_names([grant.role])))  # fmt: skip
        else:
            grant = services.reject_grant(actor=actor, grant_id=grant_id)
            message = gettext("Turned down: %(role)s. Nothing has changed on their account.",
                              role=", ".join(services.role_names([grant.role])))  # fmt: skip
        category = "success"
    except services.GrantNotPending:
        message, category = gettext("That request was already decided, withdrawn, or has expired."), "problem"
    except services.SameAdministrator:
        message, category = gettext("You asked for this role, so a different administrator must approve it."), "problem"
    except services.OwnRoleGrant:
        message, category = gettext("This role is for you, so a different administrator must decide."), "problem"
    flash(message, category)
    return redirect(url_for("officers.role_grants"), code=303)


class ResetTwoFactorForm(FlaskForm):
    reason = StringField(_l("Why are you resetting it?"),
                         description=_l("For example: lost phone, confirmed by phone call with their manager"),
                         widget=GovTextInput(),
                         validators=[DataRequired(message=_l("Enter why you are resetting it")), Length(max=300)])  # fmt: skip


@bp.route("/users/<user_id>/reset-two-factor", methods=["GET", "POST"])
@officer_required(Role.ADMIN)
@totp.second_factor_required
@transactional
def reset_two_factor(user_id: str) -> Response | str:
    """Clear an officer's lost second factor, with a reason; they set up a new one when they next sign in."""
    officer = services.get_officer(user_id)
    if officer is None or not totp.is_enabled(officer):
        abort(404)
    actor = auth.current_user()
    if actor is None or actor.id == officer.id:
        abort(403)  # your own: use the two-factor page in your account, with a code
    form = ResetTwoFactorForm()
    if request.method == "POST" and form.validate():
        totp.reset_by_administrator(actor=actor, user=officer, reason=form.reason.data)
        flash(gettext("Two-factor authentication reset for %(email)s. They will set it up again when they next "
                      "sign in.", email=officer.email))  # fmt: skip
        return redirect(url_for("officers.users"), code=303)
    return render_template("officers/reset_two_factor.html", form=form, officer=officer)


@bp.get("/audit")
@officer_required(Role.MANAGER, Role.ADMIN)
@totp.second_factor_required
def audit() -> str:
    """The latest audit events, filtered by action and by who did them."""
    form = AuditFilterForm(request.args, meta={"csrf": False})
    form.action.choices = [("", gettext("All actions"))] + [(a, a) for a in services.audit_actions()]
    form.validate()
    result = services.audit_page(action=form.action.data or "", actor=form.actor.data or "",
                                 page=request.args.get("page", 1, type=int))  # fmt: skip
    filters = {"action": form.action.data or None, "actor": form.actor.data or None}
    return render_template("officers/audit.html", form=form, result=result, filters=filters,
                           format_datetime=format_datetime)  # fmt: skip
