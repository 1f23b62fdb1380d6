"""Forms for page feedback and complaints (family journey and officer screens)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from govuk_frontend_wtf.wtforms_widgets import (
    GovFileInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import HiddenField, RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional, Regexp, ValidationError

from portal.auth.family_forms import GovDateField
from portal.form_validators import NotInFuture
from portal.widgets import GovDateInput

PHONE = r"^[0-9 +()-]{10,20}$"


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


# Page feedback ----------------------------------------------------------------------------------------

THEME_CHOICES = [
    SelectChoice("content", _l("What the page says: something is missing, wrong or out of date, or a service we need is not there")),
    SelectChoice("accessibility", _l("Using the page: it is hard to read, understand, find or use")),
    SelectChoice("development", _l("How the council writes and checks the Local Offer, and how families are involved")),
    SelectChoice("other", _l("Something else")),
]  # fmt: skip


class PageFeedbackForm(FlaskForm):
    """One form for "Yes", "No" and "Report a problem"; the view shows the fields that fit."""

    path = HiddenField()
    useful = HiddenField()  # "yes", "no" or "" (a problem report)
    key = HiddenField()  # idempotency token
    theme = RadioField(_l("What is your feedback about?"), choices=THEME_CHOICES, validators=[Optional()],
                       widget=GovRadioInput())  # fmt: skip
    doing = TextAreaField(_l("What were you doing?"), filters=[_strip],
                          validators=[Optional(), Length(max=1000, message=_l("What you were doing must be 1,000 characters or fewer"))],
                          widget=GovTextArea())  # fmt: skip
    comment = TextAreaField(_l("What went wrong?"), filters=[_strip],
                            validators=[Optional(), Length(max=1200, message=_l("Your comment must be 1,200 characters or fewer"))],
                            widget=GovTextArea())  # fmt: skip
    # A honeypot: hidden from people (display: none), bots fill it in.
    website = StringField(_l("Leave this blank"), validators=[Optional()], widget=GovTextInput())

    def validate(self, extra_validators: dict | None = None) -> bool:
        valid = super().validate(extra_validators)
        # "Yes" needs nothing more; "No" and a problem report need some words.
        if valid and self.useful.data != "yes" and not (self.comment.data or self.doing.data):
            self.comment.errors = [
                _l("Tell us how we could make this page better")
                if self.useful.data == "no"
                else _l("Tell us what went wrong")
            ]
            return False
        return valid


class ActionedForm(FlaskForm):
    actioned = HiddenField(default="yes")


class LinkEntryForm(FlaskForm):
    entry = SelectField(_l("'You said, we did' entry"), choices=[],
                        validators=[DataRequired(message=_l("Select an entry"))], widget=GovSelect())  # fmt: skip


# Complaints: the family's journey ---------------------------------------------------------------------

ABOUT_CHOICES = [
    SelectChoice("ehc_decision", _l("A decision about an EHC needs assessment or plan that you disagree with")),
    SelectChoice("ehc_process", _l("How we handled an EHC needs assessment, plan or annual review")),
    SelectChoice("school", _l("Something a school, nursery or college did or decided")),
    SelectChoice("health", _l("An NHS health service, like therapy, a hospital or your doctor")),
    SelectChoice("social_care", _l("Children's social care, including short breaks")),
    SelectChoice("transport", _l("Home to school transport")),
    SelectChoice("communication", _l("How we talked to you or treated you")),
    SelectChoice("local_offer", _l("Information on the Local Offer")),
    SelectChoice("other", _l("Something else the council did")),
]  # fmt: skip


class AboutForm(FlaskForm):
    about = RadioField(_l("What is your complaint about?"), choices=ABOUT_CHOICES,
                       validators=[InputRequired(message=_l("Select what your complaint is about"))],
                       widget=GovRadioInput())  # fmt: skip


class WhatHappenedForm(FlaskForm):
    what_happened = TextAreaField(
        _l("What happened?"),
        description=_l("Tell us what went wrong, when it happened and who was involved. You can write as much or as little as you like."),
        filters=[_strip],
        validators=[DataRequired(message=_l("Tell us what happened")),
                    Length(max=5000, message=_l("What happened must be 5,000 characters or fewer"))],
        widget=GovTextArea(),
    )  # fmt: skip


class OutcomeForm(FlaskForm):
    outcome_wanted = TextAreaField(
        _l("What would you like us to do to put things right?"),
        description=_l("For example, an apology, an explanation, a decision made again, or a change to how we do things."),
        filters=[_strip],
        validators=[DataRequired(message=_l("Tell us what you would like us to do")),
                    Length(max=2000, message=_l("Your answer must be 2,000 characters or fewer"))],
        widget=GovTextArea(),
    )  # fmt: skip


class CaseForm(FlaskForm):
    """Link to a case: a select of the signed-in person's own cases, or a reference typed in."""

    case = SelectField(_l("Is this about one of your cases?"), choices=[], validators=[Optional()], widget=GovSelect())
    case_reference = StringField(
        _l("Case or letter reference (optional)"),
        description=_l("You can find this at the top of letters from us. Leave it blank if you do not know it."),
        filters=[_strip],
        validators=[Optional(), Length(max=60, message=_l("The reference must be 60 characters or fewer"))],
        widget=GovTextInput(),
    )


class ContactForm(FlaskForm):
    name = StringField(_l("Your name"), filters=[_strip],
                       validators=[DataRequired(message=_l("Enter your name")), Length(max=200)], widget=GovTextInput())  # fmt: skip
    email = StringField(_l("Email address"), description=_l("We will send you a reference number and our reply"),
                        filters=[_strip],
                        validators=[Optional(), Email(message=_l("Enter an email address in the correct format, like name@example.com"))],
                        widget=GovTextInput())  # fmt: skip
    phone = StringField(_l("Phone number (optional)"), filters=[_strip],
                        validators=[Optional(), Regexp(PHONE, message=_l("Enter a phone number, like 01632 960 001"))],
                        widget=GovTextInput())  # fmt: skip
    contact_by = RadioField(_l("How should we contact you?"),
                            choices=[SelectChoice("email", _l("Email")), SelectChoice("phone", _l("Phone")),
                                     SelectChoice("post", _l("Letter"))],
                            validators=[InputRequired(message=_l("Select how we should contact you"))],
                            widget=GovRadioInput())  # fmt: skip
    address = TextAreaField(_l("Postal address"), filters=[_strip],
                            validators=[Optional(), Length(max=500)], widget=GovTextArea())  # fmt: skip

    def validate(self, extra_validators: dict | None = None) -> bool:
        valid = super().validate(extra_validators)
        # What is needed depends on how they want to hear from us (Optional() stops field validators early).
        how = self.contact_by.data
        if not self.email.data and how != "post" and not self.email.errors:
            self.email.errors = [_l("Enter your email address so we can send you our reply")]
        if how == "phone" and not self.phone.data and not self.phone.errors:
            self.phone.errors = [_l("Enter a phone number")]
        if how == "post" and not self.address.data:
            self.address.errors = [_l("Enter your postal address")]
        return valid and not (self.email.errors or self.phone.errors or self.address.errors)


class AdjustmentsForm(FlaskForm):
    adjustments = TextAreaField(
        _l("Do you need us to do anything differently to help you? (optional)"),
        description=_l("For example, large print, easy read, an interpreter, a phone call instead of letters, or someone to help you."),
        filters=[_strip],
        validators=[Optional(), Length(max=1000, message=_l("Your answer must be 1,000 characters or fewer"))],
        widget=GovTextArea(),
    )  # fmt: skip


class UploadForm(FlaskForm):
    upload = FileField(_l("Upload a file (optional)"),
                       description=_l("One PDF, Word document or photo (JPEG, PNG or HEIC), up to 5MB"),
                       widget=GovFileInput())  # fmt: skip
    remove = HiddenField()


class SubmitComplaintForm(FlaskForm):
    key = HiddenField(validators=[DataRequired()])
    submit = SubmitField(_l("Send complaint"), widget=GovSubmitInput())


class EscalateForm(FlaskForm):
    reason = TextAreaField(_l("Why are you still unhappy?"), filters=[_strip],
                           validators=[DataRequired(message=_l("Tell us why you are still unhappy")), Length(max=3000)],
                           widget=GovTextArea())  # fmt: skip


class NewLinkForm(FlaskForm):
    """Ask for a fresh secret link: the reference and the e-mail address given with the complaint."""

    reference = StringField(_l("Complaint reference"), description=_l("It starts with CMP-, like CMP-AB12CD34"),
                            filters=[_strip],
                            validators=[DataRequired(message=_l("Enter your complaint reference")), Length(max=20)],
                            widget=GovTextInput())  # fmt: skip
    email = StringField(_l("Email address"), description=_l("The one you gave us with your complaint"),
                        filters=[_strip],
                        validators=[DataRequired(message=_l("Enter your email address")), Length(max=255),
                                    Email(message=_l("Enter an email address in the correct format, like name@example.com"))],
                        widget=GovTextInput())  # fmt: skip


# Complaints: officers --------------------------------------------------------------------------------

PROCEDURE_CHOICES = [
    SelectChoice("corporate", _l("Council complaints procedure (2 stages, LGSCO Complaint Handling Code)")),
    SelectChoice("statutory", _l("Children's social care statutory procedure (3 stages)")),
    SelectChoice("signposted", _l("Not for us: signposted elsewhere")),
]

TEAM_CHOICES = [
    SelectChoice("", _l("Choose a team")),
    SelectChoice("SEND casework", _l("SEND casework")),
    SelectChoice("SEND transport", _l("SEND transport")),
    SelectChoice("Children's social care", _l("Children's social care")),
    SelectChoice("Local Offer", _l("Local Offer")),
    SelectChoice("Other", _l("Other")),
]


class TriageForm(FlaskForm):
    category = SelectField(_l("Category"), choices=list(ABOUT_CHOICES),
                           validators=[DataRequired(message=_l("Select a category"))], widget=GovSelect())  # fmt: skip
    team = SelectField(_l("Team"), choices=TEAM_CHOICES, validators=[Optional()], widget=GovSelect())
    procedure = RadioField(_l("Procedure"), choices=PROCEDURE_CHOICES,
                           validators=[InputRequired(message=_l("Select a procedure"))], widget=GovRadioInput())  # fmt: skip
    assigned_to = SelectField(_l("Assign to"), choices=[], validators=[Optional()], widget=GovSelect())
    note = TextAreaField(_l("Signposting note to the complainant (only when signposted)"), filters=[_strip],
                         validators=[Optional(), Length(max=3000)], widget=GovTextArea())  # fmt: skip


class AcknowledgeForm(FlaskForm):
    message = TextAreaField(_l("Acknowledgement message"), filters=[_strip],
                            validators=[DataRequired(message=_l("Enter the acknowledgement message")), Length(max=3000)],
                            widget=GovTextArea())  # fmt: skip


class ReviewPanelForm(FlaskForm):
    """Statutory stage 3: when the review panel met and when its report arrived (events that have happened)."""

    panel_on = GovDateField(_l("When did the review panel meet?"), description=_l("For example, 27 3 2026"),
                            format="%d %m %Y",
                            validators=[InputRequired(message=_l("Enter the date the panel met as a real date")),
                                        NotInFuture(_l("The date the panel met must be today or in the past"))],
                            widget=GovDateInput())  # fmt: skip
    report_on = GovDateField(_l("When did you get the panel's report? (optional)"),
                             description=_l("Leave empty until the report arrives. For example, 3 4 2026"),
                             format="%d %m %Y",
                             validators=[Optional(),
                                         NotInFuture(_l("The date of the report must be today or in the past"))],
                             widget=GovDateInput())  # fmt: skip

    def validate_report_on(self, field: GovDateField) -> None:
        if field.data and self.panel_on.data and field.data < self.panel_on.data:
            raise ValidationError(_l("The date of the report must be the same as or after the date the panel met"))


class ExtendForm(FlaskForm):
    days = StringField(_l("Extra working days"), filters=[_strip],
                       validators=[DataRequired(message=_l("Enter the number of extra working days")),
                                   Regexp(r"^\d{1,2}$", message=_l("Enter a whole number of working days"))],
                       widget=GovTextInput())  # fmt: skip
    reason = TextAreaField(_l("Reason (the complainant will see this)"), filters=[_strip],
                           validators=[DataRequired(message=_l("Enter the reason for the extension")), Length(max=2000)],
                           widget=GovTextArea())  # fmt: skip


OUTCOME_CHOICES = [
    SelectChoice("upheld", _l("Upheld")),
    SelectChoice("partly_upheld", _l("Partly upheld")),
    SelectChoice("not_upheld", _l("Not upheld")),
    SelectChoice("resolved", _l("Resolved early")),
]


class RespondForm(FlaskForm):
    outcome = RadioField(_l("Outcome"), choices=OUTCOME_CHOICES,
                         validators=[InputRequired(message=_l("Select the outcome"))], widget=GovRadioInput())  # fmt: skip
    body = TextAreaField(_l("Response"), filters=[_strip],
                         validators=[DataRequired(message=_l("Enter the response")), Length(max=20000)],
                         widget=GovTextArea())  # fmt: skip
