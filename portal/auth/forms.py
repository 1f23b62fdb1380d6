"""Sign in, create an account, reset a password."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCheckboxInput, GovPasswordInput, GovTextInput
from wtforms import BooleanField, HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from portal.auth import services, totp


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


EMAIL_FORMAT = _l("Enter an email address in the correct format, like name@example.com")


class SignInForm(FlaskForm):
    email = StringField(_l("Email address"), filters=[_strip],
                        validators=[DataRequired(message=_l("Enter your email address")), Email(message=EMAIL_FORMAT)],
                        widget=GovTextInput())  # fmt: skip
    password = PasswordField(_l("Password"), validators=[DataRequired(message=_l("Enter your password"))],
                             widget=GovPasswordInput())  # fmt: skip
    remember = BooleanField(_l("Keep me signed in on this device for 30 days"), widget=GovCheckboxInput())
    next = HiddenField()


class NewPasswordMixin:
    # The signed-in person's address, where the form has no e-mail field (changing a password).
    account_email = ""

    def validate_password(self, field: PasswordField) -> None:
        email = getattr(self, "email", None)
        address = email.data if email else self.account_email
        problems = services.password_problems(field.data or "", email=address or "")
        if problems:
            raise ValidationError(str(problems[0]))


class CreateAccountForm(NewPasswordMixin, FlaskForm):
    display_name = StringField(_l("Your name"), filters=[_strip],
                               validators=[DataRequired(message=_l("Enter your name")), Length(max=200)],
                               widget=GovTextInput())  # fmt: skip
    email = StringField(_l("Email address"), filters=[_strip],
                        validators=[DataRequired(message=_l("Enter your email address")), Email(message=EMAIL_FORMAT)],
                        widget=GovTextInput())  # fmt: skip
    password = PasswordField(_l("Create a password"),
                             description=_l("Use 10 characters or more. Three random words work well."),
                             validators=[DataRequired(message=_l("Enter a password"))], widget=GovPasswordInput())  # fmt: skip
    confirm = PasswordField(_l("Type the password again"),
                            validators=[DataRequired(message=_l("Enter the password again")),
                                        EqualTo("password", message=_l("The passwords do not match"))],
                            widget=GovPasswordInput())  # fmt: skip


class ForgotPasswordForm(FlaskForm):
    email = StringField(_l("Email address"), filters=[_strip],
                        validators=[DataRequired(message=_l("Enter your email address")), Email(message=EMAIL_FORMAT)],
                        widget=GovTextInput())  # fmt: skip


class ResetPasswordForm(NewPasswordMixin, FlaskForm):
    password = PasswordField(_l("New password"), description=_l("Use 10 characters or more. Three random words work well."),
                             validators=[DataRequired(message=_l("Enter a password"))], widget=GovPasswordInput())  # fmt: skip
    confirm = PasswordField(_l("Type the password again"),
                            validators=[DataRequired(message=_l("Enter the password again")),
                                        EqualTo("password", message=_l("The passwords do not match"))],
                            widget=GovPasswordInput())  # fmt: skip


class SecurityCodeForm(FlaskForm):
    """A 6-digit code from an authenticator app, for signing in and for setting one up."""

    code = StringField(_l("Security code"), description=_l("The 6-digit code your authenticator app shows now"),
                       validators=[DataRequired(message=_l("Enter the security code"))], widget=GovTextInput())  # fmt: skip

    def validate_code(self, field: StringField) -> None:
        code = totp.normalise_code(field.data)
        if len(code) != totp.DIGITS or not code.isdigit():
            raise ValidationError(_l("The security code must be 6 numbers"))


class SetUpTwoFactorForm(SecurityCodeForm):
    """The code from the app, and the password again when the sign-in was not in the last few minutes."""

    password = PasswordField(_l("Your password"), description=_l("To check it is really you"),
                             widget=GovPasswordInput())  # fmt: skip


class TurnOffTwoFactorForm(FlaskForm):
    password = PasswordField(_l("Your password"), validators=[DataRequired(message=_l("Enter your password"))],
                             widget=GovPasswordInput())  # fmt: skip


class ChangePasswordForm(NewPasswordMixin, FlaskForm):
    current = PasswordField(_l("Current password"), validators=[DataRequired(message=_l("Enter your current password"))],
                            widget=GovPasswordInput())  # fmt: skip
    password = PasswordField(_l("New password"), description=_l("Use 10 characters or more. Three random words work well."),
                             validators=[DataRequired(message=_l("Enter a new password"))], widget=GovPasswordInput())  # fmt: skip
    confirm = PasswordField(_l("Type the new password again"),
                            validators=[DataRequired(message=_l("Enter the new password again")),
                                        EqualTo("password", message=_l("The passwords do not match"))],
                            widget=GovPasswordInput())  # fmt: skip


class ChangeEmailForm(FlaskForm):
    new_email = StringField(_l("New email address"), filters=[_strip],
                            validators=[DataRequired(message=_l("Enter your new email address")),
                                        Email(message=EMAIL_FORMAT), Length(max=255)],
                            widget=GovTextInput())  # fmt: skip
    password = PasswordField(_l("Your password"), description=_l("To check it is really you"),
                             validators=[DataRequired(message=_l("Enter your password"))], widget=GovPasswordInput())  # fmt: skip


class ConfirmForm(FlaskForm):
    """A button and a CSRF token: links in e-mails only show a page, the button makes the change."""
