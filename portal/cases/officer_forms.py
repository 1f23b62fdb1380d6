"""Forms for officers' case screens: milestones, exceptions, the SEN panel, messages and projection assumptions."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovRadioInput,
    GovSelect,
    GovTextArea,
    GovTextInput,
)
from wtforms import BooleanField, DecimalField, HiddenField, IntegerField, RadioField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from portal.auth.family_forms import GovDateField
from portal.cases.models import ExceptionKind
from portal.form_validators import NotInFuture
from portal.widgets import GovDateInput

LONG_TEXT = 5000


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


def _area(label: Any, *, required: Any = None, hint: Any = None, max_length: int = LONG_TEXT) -> TextAreaField:
    validators = [DataRequired(message=required)] if required else [Optional()]
    return TextAreaField(label, description=hint or "", filters=[_strip],
                         validators=[*validators, Length(max=max_length)], widget=GovTextArea())  # fmt: skip


def _date(label: Any, *, required: Any = None, past: Any = None) -> GovDateField:
    """A day, month and year field; `past` is the error for a date after today (for events that have happened)."""
    validators: list[Any] = [InputRequired(message=required)] if required else [Optional()]
    if past:
        validators.append(NotInFuture(past))
    return GovDateField(label, description=_l("For example, 27 3 2026"), format="%d %m %Y", validators=validators,
                        widget=GovDateInput())  # fmt: skip


OUTCOME_LABELS: dict[str, Any] = {
    "assess": _l("Assess: we will carry out an EHC needs assessment"),
    "not_assess": _l("Not assess: we will not carry out an assessment"),
    "issue": _l("Issue a plan"),
    "not_issue": _l("Not issue a plan"),
    "served": _l("Draft plan served on the family"),
    "issued": _l("Final plan issued"),
    "maintain": _l("Keep the plan as it is"),
    "amend": _l("Amend the plan"),
    "cease": _l("Stop (cease) the plan"),
    "held": _l("Panel held"),
    "agreed": _l("Agreed"),
    "not_agreed": _l("Not agreed"),
    "done": _l("Done"),
}

EXCEPTION_LABELS: dict[str, Any] = {
    ExceptionKind.SCHOOL_CLOSURE: _l("The school or college was closed for 4 weeks or more"),
    ExceptionKind.PERSONAL_CIRCUMSTANCES: _l("Exceptional personal circumstances of the child or parent"),
    ExceptionKind.ABSENT_FROM_AREA: _l("The child or parent was away from the area for 4 weeks or more"),
    ExceptionKind.MISSED_APPOINTMENT: _l("An appointment for advice was missed"),
}

# The law a case runs under, in words (deadlines.RuleSet.name -> label).
RULE_SET_LABELS: dict[str, Any] = {
    "england-send-2014": _l("Children and Families Act 2014 and SEND Regulations 2014"),
}

RECOMMENDATION_LABELS: dict[str, Any] = {
    "assess": _l("Assess"),
    "not_assess": _l("Do not assess"),
    "issue": _l("Issue a plan"),
    "not_issue": _l("Do not issue a plan"),
    "defer": _l("Defer: more information needed"),
}


class MilestoneForm(FlaskForm):
    """Record that a milestone happened: when, with what outcome. Carries the version it was shown."""

    completed_on = _date(_l("When did it happen?"), required=_l("Enter the date it happened as a real date"),
                         past=_l("The date it happened must be today or in the past"))  # fmt: skip
    outcome = RadioField(_l("Outcome"), choices=[], validators=[InputRequired(message=_l("Select an outcome"))],
                         widget=GovRadioInput())  # fmt: skip
    advisers = _area(_l("Who was asked for advice?"),
                     hint=_l("One adviser on each line, for example: Educational psychologist"), max_length=2000)  # fmt: skip
    note = _area(_l("Note for officers (optional)"), hint=_l("The family does not see this note."))
    version = HiddenField()

    def set_outcomes(self, outcomes: tuple[str, ...]) -> None:
        self.outcome.choices = [SelectChoice(o, OUTCOME_LABELS.get(o, o)) for o in outcomes]
        if len(outcomes) == 1 and not self.outcome.data:
            self.outcome.data = outcomes[0]


class ExceptionForm(FlaskForm):
    kind = RadioField(_l("What kind of exception is it?"),
                      choices=[SelectChoice(k.value, EXCEPTION_LABELS[k]) for k in ExceptionKind],
                      validators=[InputRequired(message=_l("Select the kind of exception"))],
                      widget=GovRadioInput())  # fmt: skip
    milestone_code = SelectField(_l("Which time limit does it affect?"), choices=[], validate_choice=False,
                                 validators=[DataRequired(message=_l("Select the time limit it affects"))],
                                 widget=GovSelect())  # fmt: skip
    starts_on = _date(_l("When did it start?"), required=_l("Enter the start date as a real date"),
                      past=_l("The start date must be today or in the past"))  # fmt: skip
    ends_on = _date(_l("When did it end? (optional)"), past=_l("The end date must be today or in the past"))
    evidence = _area(_l("Evidence"), required=_l("Enter the evidence"),
                     hint=_l("For example: letter from the school dated 20 July, saved in the case file"))  # fmt: skip
    family_explanation = _area(
        _l("Explanation for the family"),
        required=_l("Enter the explanation for the family"),
        hint=_l("Plain words, using 'you'. The family sees this on their case page."),
    )
    approve = BooleanField(_l("I am an SEN manager and I approve this exception"), widget=GovCheckboxInput())


class ApproveExceptionForm(FlaskForm):
    """A button only: approving needs nothing but the CSRF token."""


class PanelForm(FlaskForm):
    question = RadioField(_l("What did the panel consider?"),
                          choices=[SelectChoice("assess", _l("Whether to assess")),
                                   SelectChoice("issue", _l("Whether to issue a plan"))],
                          validators=[InputRequired(message=_l("Select what the panel considered"))],
                          widget=GovRadioInput())  # fmt: skip
    panel_on = _date(_l("Date of the panel"), required=_l("Enter the date of the panel as a real date"),
                     past=_l("The date of the panel must be today or in the past"))  # fmt: skip
    recommendation = RadioField(_l("What did the panel recommend?"),
                                choices=[SelectChoice(k, v) for k, v in RECOMMENDATION_LABELS.items()],
                                validators=[InputRequired(message=_l("Select the panel's recommendation"))],
                                widget=GovRadioInput())  # fmt: skip
    reasons = _area(_l("The panel's reasons"), required=_l("Enter the panel's reasons"))


class SignOffForm(FlaskForm):
    decision = RadioField(_l("Do you agree with the panel's recommendation?"),
                          choices=[SelectChoice("agreed", _l("Yes, I agree")), SelectChoice("not_agreed", _l("No"))],
                          validators=[InputRequired(message=_l("Select whether you agree"))],
                          widget=GovRadioInput())  # fmt: skip


class ReplyForm(FlaskForm):
    body = _area(_l("Reply to the family"), required=_l("Enter your message"))
    submit_token = HiddenField()


class ProjectionForm(FlaskForm):
    """Blank means 'use what the data shows'."""

    requests_per_month = DecimalField(
        _l("New requests each month (optional)"),
        description=_l("Leave blank to use the average of the last 12 months."),
        validators=[Optional(), NumberRange(min=0, max=100000, message=_l("Enter a number from 0 to 100,000"))],
        widget=GovTextInput(),
    )
    conversion_rate = DecimalField(
        _l("Share of requests that lead to a plan, as a percentage (optional)"),
        description=_l("Leave blank to use what happened to requests received in the last 3 years."),
        validators=[Optional(), NumberRange(min=0, max=100, message=_l("Enter a percentage from 0 to 100"))],
        widget=GovTextInput(),
    )
    ceasing_per_month = DecimalField(
        _l("Plans ending each month (optional)"),
        description=_l("Leave blank to use the average of the last 12 months."),
        validators=[Optional(), NumberRange(min=0, max=100000, message=_l("Enter a number from 0 to 100,000"))],
        widget=GovTextInput(),
    )


class PhaseTransferForm(FlaskForm):
    """Add the reg 18 deadline for a move between phases of education (the case's version guards the change)."""

    transfer_year = IntegerField(
        _l("Year of the move"),
        description=_l("The calendar year the child or young person moves, for example 2027"),
        validators=[
            InputRequired(message=_l("Enter the year of the move")),
            NumberRange(min=2015, max=2100, message=_l("Enter a year from 2015 to 2100")),
        ],
        widget=GovTextInput(),
    )
    transfer = RadioField(
        _l("What kind of move is it?"),
        choices=[
            SelectChoice("school", _l("Between schools, for example primary to secondary (before 15 February)")),
            SelectChoice("post16", _l("From secondary school to post-16 (before 31 March)")),
        ],
        validators=[InputRequired(message=_l("Select the kind of move"))],
        widget=GovRadioInput(),
    )
    version = HiddenField()
