"""Forms of the safeguarding queue: acknowledge, record what was done, or mark "not a concern"."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovTextArea
from wtforms import RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length

REFERRAL_LABELS = {
    "social_care": _l("Referred to children's social care"),
    "police": _l("Referred to the police"),
    "social_care_and_police": _l("Referred to children's social care and the police"),
    "none": _l("No referral"),
}


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


class AcknowledgeForm(FlaskForm):
    """Only the CSRF token: pressing the button is the acknowledgement."""


class ActionForm(FlaskForm):
    action_taken = TextAreaField(
        _l("What was done"),
        description=_l("For example: phoned the family, spoke to the school's designated safeguarding lead."),
        filters=[_strip],
        validators=[DataRequired(message=_l("Enter what was done")), Length(max=5000)],
        widget=GovTextArea(),
    )
    referral = RadioField(
        _l("Referral"),
        choices=[SelectChoice(key, label) for key, label in REFERRAL_LABELS.items()],
        validators=[InputRequired(message=_l("Select the referral made, or no referral"))],
        widget=GovRadioInput(),
    )
    referral_reason = TextAreaField(
        _l("Reason for no referral, or the referral reference"),
        filters=[_strip],
        validators=[Length(max=2000)],
        widget=GovTextArea(),
    )

    def validate_referral_reason(self, field: TextAreaField) -> None:
        from wtforms.validators import ValidationError

        if self.referral.data == "none" and not field.data:
            raise ValidationError(_l("Enter why no referral was made"))


class NotAConcernForm(FlaskForm):
    """The lead decides the words are not a safeguarding concern, and says why."""

    reason = TextAreaField(
        _l("Why this is not a concern"),
        description=_l("For example: a line from a film, or a worry about a form, not about a person. "
                       "Your reason and the words, with names and numbers taken out, may help the screen learn."),
        filters=[_strip],
        validators=[DataRequired(message=_l("Enter why this is not a concern")), Length(max=2000)],
        widget=GovTextArea(),
    )  # fmt: skip
