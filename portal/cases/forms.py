"""Forms for the EHC needs assessment request journey and the family's case pages (one form per question page)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovFileInput,
    GovRadioInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import BooleanField, HiddenField, RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from portal.auth.family import RELATIONSHIPS
from portal.auth.family_forms import RELATIONSHIP_LABELS, GovDateField
from portal.widgets import GovDateInput

LONG_TEXT = 5000
POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$")


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


def _text(label: Any, *, required: Any = None, hint: Any = None, max_length: int = 200) -> StringField:
    validators = [DataRequired(message=required)] if required else [Optional()]
    return StringField(label, description=hint or "", filters=[_strip],
                       validators=[*validators, Length(max=max_length)], widget=GovTextInput())  # fmt: skip


def _area(label: Any, *, required: Any = None, hint: Any = None) -> TextAreaField:
    validators = [DataRequired(message=required)] if required else [Optional()]
    too_long = _l("Use %(num)d characters or fewer", num=LONG_TEXT)
    return TextAreaField(label, description=hint or "", filters=[_strip],
                         validators=[*validators, Length(max=LONG_TEXT, message=too_long)], widget=GovTextArea())  # fmt: skip


YES_NO = [SelectChoice("yes", _l("Yes")), SelectChoice("no", _l("No"))]

REQUESTER_LABELS = {
    "parent": _l("I am a parent or carer"),
    "young_person": _l("I am a young person aged 16 to 25, asking for myself"),
    "school": _l("I work for a school, college or nursery, and the family agrees"),
}

YEAR_GROUPS = {
    "not_at_school": _l("Not at school or nursery yet"),
    "nursery": _l("Nursery or pre-school"),
    "reception": _l("Reception"),
    **{f"year_{n}": _l("Year %(num)d", num=n) for n in range(1, 12)},
    "year_12_13": _l("Year 12 or 13, or college"),
    "post_19": _l("19 to 25"),
    "not_in_education": _l("Not in education now"),
}


class WhoForm(FlaskForm):
    requester_kind = RadioField(
        _l("Who is asking for the assessment?"),
        choices=[SelectChoice(k, v) for k, v in REQUESTER_LABELS.items()],
        validators=[InputRequired(message=_l("Select who is asking for the assessment"))],
        widget=GovRadioInput(),
    )


class RelationshipForm(FlaskForm):
    relationship = RadioField(
        _l("How are you related to the child or young person?"),
        choices=[SelectChoice(k, RELATIONSHIP_LABELS[k]) for k in RELATIONSHIPS],
        validators=[InputRequired(message=_l("Select how you are related to them"))],
        widget=GovRadioInput(),
    )


class SettingForm(FlaskForm):
    setting_name = _text(_l("Name of your school, college or nursery"),
                         required=_l("Enter the name of your school, college or nursery"))  # fmt: skip
    your_role = _text(_l("Your job"), required=_l("Enter your job"), hint=_l("For example, SENCO"))
    family_consent = BooleanField(
        _l("The parent, or the young person, knows about this request and agrees to it"),
        validators=[DataRequired(message=_l("You can only ask if the family agrees. Talk to them first."))],
        widget=GovCheckboxInput(),
    )


class ChildNameForm(FlaskForm):
    first_name = _text(_l("First name"), required=_l("Enter their first name"), max_length=100)
    last_name = _text(_l("Last name"), required=_l("Enter their last name"), max_length=100)


class ChildDobForm(FlaskForm):
    date_of_birth = GovDateField(_l("Date of birth"), description=_l("For example, 27 3 2015"), format="%d %m %Y",
                                 validators=[InputRequired(message=_l("Enter their date of birth as a real date"))],
                                 widget=GovDateInput())  # fmt: skip

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        if self.date_of_birth.process_errors:
            # WTForms' own "Not a valid date value" is not GOV.UK wording.
            self.date_of_birth.errors = [_l("Enter their date of birth as a real date")]
        return valid

    def validate_date_of_birth(self, field: GovDateField) -> None:
        today = dt.date.today()
        if field.data and field.data > today:
            raise ValidationError(_l("Date of birth must be in the past"))
        if field.data and (today.year - field.data.year) > 26:
            raise ValidationError(_l("An EHC needs assessment is for children and young people up to 25"))


class ChildAddressForm(FlaskForm):
    address_line_1 = _text(_l("Address line 1"), required=_l("Enter the first line of the address"))
    address_line_2 = _text(_l("Address line 2 (optional)"))
    town = _text(_l("Town or city"), required=_l("Enter the town or city"), max_length=100)
    postcode = StringField(_l("Postcode"), filters=[lambda v: v.strip().upper() if isinstance(v, str) else v],
                           validators=[DataRequired(message=_l("Enter the postcode")), Length(max=10)],
                           widget=GovTextInput())  # fmt: skip

    def validate_postcode(self, field: StringField) -> None:
        if field.data and not POSTCODE.match(field.data):
            raise ValidationError(_l("Enter a real postcode, like WX1 1AA"))


class SchoolForm(FlaskForm):
    school_name = _text(_l("School, college or nursery (optional)"),
                        hint=_l("Leave this empty if they do not go to one"))  # fmt: skip


class YearGroupForm(FlaskForm):
    year_group = RadioField(
        _l("Which school year are they in?"),
        choices=[SelectChoice(k, v) for k, v in YEAR_GROUPS.items()],
        validators=[InputRequired(message=_l("Select their school year"))],
        widget=GovRadioInput(),
    )


NEEDS_AREAS = ("communication", "cognition", "semh", "sensory")


class NeedsForm(FlaskForm):
    communication = _area(_l("Communication and interaction"),
                          hint=_l("For example, talking, understanding others, making friends"))  # fmt: skip
    cognition = _area(
        _l("Cognition and learning"), hint=_l("For example, reading, writing, remembering, learning new things")
    )
    semh = _area(_l("Social, emotional and mental health"),
                 hint=_l("For example, feelings, worries, behaviour, going to school"))  # fmt: skip
    sensory = _area(_l("Sensory and physical"),
                    hint=_l("For example, hearing, seeing, moving, noise, touch, eating, using the toilet"))  # fmt: skip

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        if valid and not any((getattr(self, name).data or "").strip() for name in NEEDS_AREAS):
            self.communication.errors = [_l("Tell us about at least one area where they need help")]
            return False
        return valid


class SupportForm(FlaskForm):
    support_now = _area(_l("What help do they get now?"), required=_l("Tell us what help they get now"),
                        hint=_l("At school and at home. Write 'none' if they get no help."))  # fmt: skip
    difference = _area(
        _l("What difference does this help make?"), required=_l("Tell us what difference the help makes")
    )


class ProfessionalsForm(FlaskForm):
    professionals = _area(_l("Professionals who know them (optional)"),
                          hint=_l("For example, a speech and language therapist, a doctor or an educational psychologist. "
                                  "Give their name and job if you know them."))  # fmt: skip


class ViewsForm(FlaskForm):
    child_views = _area(_l("What do they think and want? (optional)"),
                        hint=_l("Write what they have told you, in their words if you can."))  # fmt: skip


# The All about me questions, also printed beside the answers on the panel sheet.
ABOUT_ME_QUESTIONS = {
    "likes": _l("What I like and what I am good at"),
    "hard": _l("What I find hard"),
    "helps": _l("What helps me"),
    "wants": _l("What I want to happen"),
}


class AllAboutMeForm(FlaskForm):
    likes = _area(ABOUT_ME_QUESTIONS["likes"])
    hard = _area(ABOUT_ME_QUESTIONS["hard"])
    helps = _area(ABOUT_ME_QUESTIONS["helps"])
    wants = _area(ABOUT_ME_QUESTIONS["wants"])


class ConsentForm(FlaskForm):
    consent_school = RadioField(
        _l("Can we talk to their school, college or nursery about them?"),
        choices=YES_NO,
        validators=[InputRequired(message=_l("Select yes if we can talk to their school, college or nursery"))],
        widget=GovRadioInput(),
    )
    consent_professionals = RadioField(
        _l("Can we ask the professionals who know them for information?"),
        choices=YES_NO,
        validators=[InputRequired(message=_l("Select yes if we can ask the professionals for information"))],
        widget=GovRadioInput(),
    )


class UploadForm(FlaskForm):
    document = FileField(_l("Upload a file"), description=_l("PDF, Word or a photo (JPEG, PNG or HEIC), up to 10MB"),
                         widget=GovFileInput())  # fmt: skip


class SubmitForm(FlaskForm):
    submit_token = HiddenField()


class MessageForm(FlaskForm):
    submit_token = HiddenField()
    body = _area(_l("Your message"), required=_l("Enter your message"))


class DraftCommentForm(FlaskForm):
    submit_token = HiddenField()
    comments = _area(_l("Your comments on the draft plan"), required=_l("Enter your comments on the draft plan"),
                     hint=_l("Say what is right, what is missing and what you want changed."))  # fmt: skip
    school_requested = _text(_l("School, college or nursery you want named in the plan (optional)"),
                             hint=_l("You have the right to ask for a particular school, college or nursery."))  # fmt: skip
    wants_meeting = BooleanField(_l("I would like a meeting with my caseworker about the draft"),
                                 widget=GovCheckboxInput())  # fmt: skip


class PreferencesForm(FlaskForm):
    email_on_change = BooleanField(_l("E-mail me when something in my case changes"), widget=GovCheckboxInput())
    email_before_due = BooleanField(_l("E-mail me a week before a date in my case"), widget=GovCheckboxInput())


# Each step of the request journey: its form and its page heading.
STEP_FORMS: dict[str, type[FlaskForm]] = {
    "who": WhoForm,
    "relationship": RelationshipForm,
    "setting": SettingForm,
    "child_name": ChildNameForm,
    "child_dob": ChildDobForm,
    "child_address": ChildAddressForm,
    "school": SchoolForm,
    "year_group": YearGroupForm,
    "needs": NeedsForm,
    "support": SupportForm,
    "professionals": ProfessionalsForm,
    "views": ViewsForm,
    "all_about_me": AllAboutMeForm,
    "consent": ConsentForm,
}
