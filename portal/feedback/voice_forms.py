"""Forms of the young person's space: one question a page, each with words a young person can read."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCheckboxesInput, GovRadioInput, GovTextArea
from wtforms import HiddenField, RadioField, SelectMultipleField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from portal.feedback.voice import CHOICES, FEELINGS, MAX_TEXT


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


class FeelingForm(FlaskForm):
    feeling = RadioField(
        _l("How do you feel about school?"),
        choices=[SelectChoice(str(value), words) for value, _symbol, words in FEELINGS],
        validators=[InputRequired(message=_l("Pick a face"))],
        widget=GovRadioInput(),
    )


class ChoicesForm(FlaskForm):
    choices = SelectMultipleField(
        _l("What would help you at school?"),
        description=_l("Pick as many as you like. You can skip this."),
        choices=[SelectChoice(key, words) for key, _symbol, words in CHOICES],
        validators=[Optional()],
        widget=GovCheckboxesInput(),
    )


class TellUsForm(FlaskForm):
    text = TextAreaField(
        _l("Do you want to tell us more?"),
        description=_l("You can skip this."),
        filters=[_strip],
        validators=[Optional(), Length(max=MAX_TEXT, message=_l("Use 1000 letters or fewer"))],
        widget=GovTextArea(),
    )


class SendForm(FlaskForm):
    idempotency_key = HiddenField()


class UnsafeForm(FlaskForm):
    """'I don't feel safe': nothing to fill in, so it works in one press."""

    page = HiddenField()


class StatementStepForm(FlaskForm):
    answer = TextAreaField(
        "",
        filters=[_strip],
        validators=[Optional(), Length(max=MAX_TEXT, message=_l("Use 1000 letters or fewer"))],
        widget=GovTextArea(),
    )


class WhoForm(FlaskForm):
    subject = RadioField(
        _l("Who is this about?"),
        choices=[],
        validators=[InputRequired(message=_l("Pick who this is about"))],
        widget=GovRadioInput(),
    )


class SaveStatementForm(FlaskForm):
    idempotency_key = HiddenField()
