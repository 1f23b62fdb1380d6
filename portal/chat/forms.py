"""Forms for the assistant: a question, 'Was this helpful?', and 'Ask us to contact you'."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCheckboxInput, GovRadioInput, GovTextArea, GovTextInput
from wtforms import BooleanField, HiddenField, RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional, Regexp

PHONE = r"^[0-9 +()-]{10,20}$"


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


class AskForm(FlaskForm):
    class Meta:
        # Every post to /ask is checked by the app-wide CSRFProtect before the view runs (the pages send the
        # token from csrf_token(), never this form's own field), so the form does not sign a token of its own on
        # every question only to throw it away.
        csrf = False

    message = TextAreaField(
        _l("Your question"),
        description=_l("For example: How do I ask for an EHC needs assessment?"),
        filters=[_strip],
        validators=[
            DataRequired(message=_l("Enter your question")),
            Length(max=500, message=_l("Your question must be 500 characters or fewer")),
        ],
        widget=GovTextArea(),
    )
    easy_read = BooleanField(_l("Use easy read answers"), widget=GovCheckboxInput())


class HelpfulForm(FlaskForm):
    helpful = RadioField(
        _l("Was this helpful?"),
        choices=[SelectChoice("yes", _l("Yes")), SelectChoice("no", _l("No"))],
        validators=[InputRequired(message=_l("Select yes or no"))],
        widget=GovRadioInput(),
    )


class CallbackForm(FlaskForm):
    name = StringField(
        _l("Your name"),
        filters=[_strip],
        validators=[DataRequired(message=_l("Enter your name")), Length(max=200)],
        widget=GovTextInput(),
    )
    phone = StringField(
        _l("Phone number"),
        description=_l("For example, 01632 960 001 or 07700 900 982"),
        filters=[_strip],
        validators=[Optional(), Regexp(PHONE, message=_l("Enter a phone number, like 01632 960 001"))],
        widget=GovTextInput(),
    )
    email = StringField(
        _l("Email address"),
        filters=[_strip],
        validators=[
            Optional(),
            Email(message=_l("Enter an email address in the correct format, like name@example.com")),
        ],
        widget=GovTextInput(),
    )
    preferred_time = RadioField(
        _l("When is best to contact you?"),
        choices=[
            SelectChoice("morning", _l("Morning")),
            SelectChoice("afternoon", _l("Afternoon")),
            SelectChoice("any", _l("Any time")),
        ],
        default="any",
        validators=[Optional()],
        widget=GovRadioInput(),
    )
    about = TextAreaField(
        _l("What would you like to talk about?"),
        description=_l("Do not include your child's name or any medical details. We will ask when we call."),
        filters=[_strip],
        validators=[DataRequired(message=_l("Tell us what you would like to talk about")), Length(max=1000)],
        widget=GovTextArea(),
    )
    idempotency_key = HiddenField()

    def validate(self, extra_validators: dict | None = None) -> bool:
        ok = super().validate(extra_validators)
        if not self.phone.data and not self.email.data and not self.phone.errors and not self.email.errors:
            self.phone.errors = [
                *self.phone.errors,
                _l("Enter a phone number or an email address so we can contact you"),
            ]
            ok = False
        return ok
