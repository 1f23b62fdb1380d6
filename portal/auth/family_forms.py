"""Forms for a family's children and their data rights."""

from __future__ import annotations

import datetime as dt

from babel import Locale
from flask import current_app, has_app_context
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSelect, GovTextArea, GovTextInput
from wtforms import DateField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from portal.auth.family import RELATIONSHIPS
from portal.widgets import GovDateInput

RELATIONSHIP_LABELS = {
    "mother": _l("Mother"), "father": _l("Father"), "parent": _l("Parent"), "step-parent": _l("Step-parent"),
    "foster carer": _l("Foster carer"), "kinship carer": _l("Kinship carer (for example a grandparent)"),
    "guardian": _l("Guardian"), "carer": _l("Other carer"),
}  # fmt: skip


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


def month_number(text: str) -> str:
    """A month as people type it: "3", "March", "mar", "Mawrth" (Welsh) or the Urdu name -> "3".

    GOV.UK's date pattern asks services to accept month names; names in English and every interface language
    are read, whole or by their first three letters. Anything else is returned as typed, for the usual error.
    """
    cleaned = text.strip().rstrip(".").casefold()
    if not cleaned or cleaned.isdigit():
        return text.strip()
    languages = ("en", *current_app.config.get("LANGUAGES", ())) if has_app_context() else ("en",)
    for code in languages:
        locale = Locale.parse(code)
        for width in ("wide", "abbreviated"):
            for number, name in locale.months["format"][width].items():
                name = name.casefold().rstrip(".")
                if cleaned == name or (len(cleaned) >= 3 and width == "wide" and name.startswith(cleaned)):
                    return str(number)
    return text.strip()


class GovDateField(DateField):
    """A date from the GOV.UK day, month and year boxes; missing boxes count as empty, not as a crash."""

    def process_formdata(self, valuelist: list[str]) -> None:
        values = (list(valuelist) + ["", "", ""])[:3]
        self.raw_data = values
        if not any(v.strip() for v in values):
            self.data = None
            return
        day, month, year = (v.strip() for v in values)
        super().process_formdata([" ".join((day, month_number(month), year))])


class AddChildForm(FlaskForm):
    first_name = StringField(_l("First name"), filters=[_strip],
                             validators=[DataRequired(message=_l("Enter their first name")), Length(max=100)],
                             widget=GovTextInput())  # fmt: skip
    last_name = StringField(_l("Last name"), filters=[_strip],
                            validators=[DataRequired(message=_l("Enter their last name")), Length(max=100)],
                            widget=GovTextInput())  # fmt: skip
    date_of_birth = GovDateField(_l("Date of birth"), description=_l("For example, 27 3 2015"), format="%d %m %Y",
                              validators=[InputRequired(message=_l("Enter their date of birth as a real date"))],
                              widget=GovDateInput())  # fmt: skip
    relationship = SelectField(_l("How are you related to them?"),
                               choices=[SelectChoice(k, RELATIONSHIP_LABELS[k]) for k in RELATIONSHIPS],
                               validators=[DataRequired(message=_l("Select how you are related to them"))],
                               widget=GovSelect())  # fmt: skip
    parental_responsibility = RadioField(
        _l("Do you have parental responsibility for them?"),
        description=_l("Parental responsibility means the legal rights and duties a parent has. Tell us what you believe; we do not check this now."),
        choices=[SelectChoice("yes", _l("Yes")), SelectChoice("no", _l("No")), SelectChoice("unsure", _l("I'm not sure"))],
        validators=[InputRequired(message=_l("Select yes, no or I'm not sure"))],
        widget=GovRadioInput(),
    )  # fmt: skip

    def validate_date_of_birth(self, field: DateField) -> None:
        today = dt.date.today()
        if field.data and field.data > today:
            raise ValidationError(_l("Date of birth must be in the past"))
        if field.data and (today.year - field.data.year) > 26:
            raise ValidationError(_l("The portal is for children and young people up to 25"))


class DeletionForm(FlaskForm):
    reason = TextAreaField(_l("Tell us why (optional)"), filters=[_strip], validators=[Optional(), Length(max=1000)],
                           widget=GovTextArea())  # fmt: skip
