"""Forms for building and answering surveys, and for You said, we did."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovCheckboxInput,
    GovRadioInput,
    GovSelect,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from portal.auth.family_forms import GovDateField
from portal.surveys import services
from portal.surveys.models import SurveyQuestion
from portal.surveys.yousaid import EXCLUSION_REASONS, STATUSES
from portal.widgets import GovDateInput


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


STATUS_LABELS = {
    "planned": _l("Planned"),
    "in_progress": _l("In progress"),
    "done": _l("Done"),
    "not_doing": _l("Not doing"),
}
EXCLUSION_LABELS = {
    "vexatious": _l("Vexatious (the regulations let us leave it out)"),
    "own_case": _l("About one person's own case (we deal with it through complaints or their caseworker)"),
}


class ActionForm(FlaskForm):
    """A button that changes something: only the CSRF token."""


# Building ------------------------------------------------------------------------------------


class SurveyForm(FlaskForm):
    title = StringField(_l("Title"), filters=[_strip], widget=GovTextInput(),
                        validators=[DataRequired(message=_l("Enter a title")), Length(max=200)])  # fmt: skip
    title_cy = StringField(_l("Title in Welsh (optional)"), filters=[_strip], widget=GovTextInput(),
                           validators=[Optional(), Length(max=200)])  # fmt: skip
    intro = TextAreaField(_l("Introduction"), filters=[_strip], widget=GovTextArea(),
                          description=_l("What the survey is about, who should answer and how long it takes."),
                          validators=[Optional(), Length(max=3000)])  # fmt: skip
    intro_cy = TextAreaField(_l("Introduction in Welsh (optional)"), filters=[_strip], widget=GovTextArea(),
                             validators=[Optional(), Length(max=3000)])  # fmt: skip
    slug = StringField(_l("Web address (optional)"), filters=[_strip], widget=GovTextInput(),
                       description=_l("Short words with hyphens, for example local-offer-2026. We make one from the "
                                      "title if you leave this empty."),
                       validators=[Optional(), Length(max=60)])  # fmt: skip
    opens_on = GovDateField(_l("Opening date (optional)"), description=_l("For example, 1 12 2026"), format="%d %m %Y",
                            validators=[Optional()], widget=GovDateInput())  # fmt: skip
    closes_on = GovDateField(_l("Closing date (optional)"), description=_l("For example, 31 1 2027"),
                             format="%d %m %Y", validators=[Optional()], widget=GovDateInput())  # fmt: skip
    anonymous = RadioField(
        _l("Who can answer?"),
        choices=[SelectChoice("yes", _l("Anyone, without signing in (answers are anonymous)")),
                 SelectChoice("no", _l("Only people who sign in: they can save and come back, and answer once"))],
        default="yes",
        validators=[InputRequired(message=_l("Select who can answer"))],
        widget=GovRadioInput(),
    )  # fmt: skip

    def validate_closes_on(self, field: GovDateField) -> None:
        if field.data and self.opens_on.data and field.data < self.opens_on.data:
            raise ValidationError(_l("The closing date must be on or after the opening date"))


class QuestionForm(FlaskForm):
    kind = RadioField(_l("Type of question"), choices=[SelectChoice(k, v) for k, v in services.KIND_LABELS.items()],
                      validators=[InputRequired(message=_l("Select the type of question"))],
                      widget=GovRadioInput())  # fmt: skip
    text = TextAreaField(_l("Question"), filters=[_strip], widget=GovTextArea(),
                         validators=[DataRequired(message=_l("Enter the question")), Length(max=1000)])  # fmt: skip
    text_cy = TextAreaField(_l("Question in Welsh (optional)"), filters=[_strip], widget=GovTextArea(),
                            validators=[Optional(), Length(max=1000)])  # fmt: skip
    help = TextAreaField(_l("Help text (optional)"), filters=[_strip], widget=GovTextArea(),
                         validators=[Optional(), Length(max=1000)])  # fmt: skip
    help_cy = TextAreaField(_l("Help text in Welsh (optional)"), filters=[_strip], widget=GovTextArea(),
                            validators=[Optional(), Length(max=1000)])  # fmt: skip
    easy_read = TextAreaField(_l("Easy read version of the question (optional)"), filters=[_strip],
                              description=_l("Short sentences and everyday words. People who choose easy read see this "
                                             "instead of the question."),
                              widget=GovTextArea(), validators=[Optional(), Length(max=1000)])  # fmt: skip
    easy_read_cy = TextAreaField(_l("Easy read version in Welsh (optional)"), filters=[_strip], widget=GovTextArea(),
                                 validators=[Optional(), Length(max=1000)])  # fmt: skip
    required = RadioField(_l("Must people answer this question?"),
                          choices=[SelectChoice("yes", _l("Yes")), SelectChoice("no", _l("No, it is optional"))],
                          default="yes", validators=[InputRequired(message=_l("Select yes or no"))],
                          widget=GovRadioInput())  # fmt: skip
    options = TextAreaField(_l("Answers to choose from"), filters=[_strip], widget=GovTextArea(),
                            description=_l("For single and multiple choice: one answer a line. For a rating scale "
                                           "(optional): the words for each point, lowest first, one a line."),
                            validators=[Optional(), Length(max=3000)])  # fmt: skip
    options_cy = TextAreaField(_l("Answers in Welsh (optional)"), filters=[_strip], widget=GovTextArea(),
                               description=_l("One a line, in the same order as the English."),
                               validators=[Optional(), Length(max=3000)])  # fmt: skip
    rows = TextAreaField(_l("Statements for the agree or disagree grid"), filters=[_strip], widget=GovTextArea(),
                         description=_l("One statement a line."),
                         validators=[Optional(), Length(max=3000)])  # fmt: skip
    rows_cy = TextAreaField(_l("Statements in Welsh (optional)"), filters=[_strip], widget=GovTextArea(),
                            description=_l("One a line, in the same order as the English."),
                            validators=[Optional(), Length(max=3000)])  # fmt: skip
    routing = TextAreaField(_l("Routing (optional)"), filters=[_strip], widget=GovTextArea(),
                            description=_l("Skip ahead based on the answer. One rule a line: the answer, then ->, "
                                           "then a later question number or end. For example: No -> 5"),
                            validators=[Optional(), Length(max=2000)])  # fmt: skip

    def validate_options(self, field: TextAreaField) -> None:
        if (
            self.kind.data in ("single", "multiple")
            and len([x for x in (field.data or "").splitlines() if x.strip()]) < 2
        ):
            raise ValidationError(_l("Enter at least 2 answers to choose from, one a line"))
        if self.kind.data in services.RATING_POINTS:
            try:
                services.parse_rating_labels(self.kind.data, field.data or "")
            except ValueError as problem:
                raise ValidationError(problem.args[0]) from problem

    def validate_rows(self, field: TextAreaField) -> None:
        if self.kind.data == "likert" and not (field.data or "").strip():
            raise ValidationError(_l("Enter at least 1 statement, one a line"))


# Answering ----------------------------------------------------------------------------------


class StartForm(FlaskForm):
    easy_read = BooleanField(_l("Show me easy read questions where there are some"), widget=GovCheckboxInput())


class AboutYouForm(FlaskForm):
    respondent_group = RadioField(
        _l("Are you answering as a…"),
        choices=[SelectChoice(k, v) for k, v in services.GROUPS],
        validators=[InputRequired(message=_l("Select who you are answering as"))],
        widget=GovRadioInput(),
    )
    area = SelectField(
        _l("Which part of Wessex do you live or work in?"),
        choices=[],
        validators=[DataRequired(message=_l("Select an area, or I'd rather not say"))],
        widget=GovSelect(),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.area.choices = [SelectChoice("", _l("Choose an area"))] + [SelectChoice(k, v) for k, v in services.areas()]


def answer_form(question: SurveyQuestion, locale: str, **kwargs: Any) -> FlaskForm:
    """A form for one question, with the fields its kind needs ('answer', or one 'row_<value>' per statement)."""
    required = question.required

    class AnswerForm(FlaskForm):
        pass

    choices = [SelectChoice(k, v) for k, v in services.choices_for(question, locale)]
    if question.kind == "text":
        validators = [Length(max=5000, message=_l("Your answer must be 5,000 characters or fewer"))]
        validators.insert(0, DataRequired(message=_l("Enter your answer")) if required else Optional())
        AnswerForm.answer = TextAreaField("", filters=[_strip], validators=validators, widget=GovTextArea())
    elif question.kind == "multiple":
        validators = [DataRequired(message=_l("Select at least one answer"))] if required else [Optional()]
        AnswerForm.answer = SelectMultipleField("", choices=choices, validators=validators,
                                                widget=GovCheckboxesInput())  # fmt: skip
    elif question.kind == "likert":
        for row in question.rows:
            validators = (
                [InputRequired(message=_l("Select an answer for each statement"))] if required else [Optional()]
            )
            setattr(AnswerForm, f"row_{row['value']}", RadioField(services.option_label(row, locale), choices=choices,
                    validators=validators, widget=GovRadioInput()))  # fmt: skip
    else:
        validators = [InputRequired(message=_l("Select an answer"))] if required else [Optional()]
        AnswerForm.answer = RadioField("", choices=choices, validators=validators, widget=GovRadioInput())
    return AnswerForm(**kwargs)


def form_value(question: SurveyQuestion, form: FlaskForm) -> tuple[Any, str | None]:
    """(value, text) to store from a validated answer form."""
    if question.kind == "text":
        return None, form.answer.data or None
    if question.kind == "likert":
        return {row["value"]: getattr(form, f"row_{row['value']}").data or None for row in question.rows}, None
    if question.kind == "multiple":
        return list(form.answer.data or []), None
    data = form.answer.data
    return (data if data not in ("", "None") else None), None


def form_defaults(question: SurveyQuestion, value: Any, text: str | None) -> dict[str, Any]:
    if question.kind == "text":
        return {"answer": text or ""}
    if question.kind == "likert":
        return {f"row_{k}": v for k, v in (value or {}).items()}
    return {"answer": value}


# Results and themes -------------------------------------------------------------------------


class ResultsFilterForm(FlaskForm):
    class Meta:
        csrf = False

    group = SelectField(_l("Respondent group"), choices=[SelectChoice("", _l("Everyone"))]
                        + [SelectChoice(k, v) for k, v in services.GROUPS], validators=[Optional()],
                        widget=GovSelect())  # fmt: skip
    area = SelectField(_l("Area"), choices=[], validators=[Optional()], widget=GovSelect())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.area.choices = [SelectChoice("", _l("All areas"))] + [SelectChoice(k, v) for k, v in services.areas()]


class TagForm(FlaskForm):
    themes = SelectMultipleField(_l("Themes"), choices=[], validators=[Optional()], widget=GovCheckboxesInput())
    new_theme = StringField(_l("Or add a new theme"), filters=[_strip], widget=GovTextInput(),
                            validators=[Optional(), Length(max=80)])  # fmt: skip


# You said, we did ---------------------------------------------------------------------------


class EntryForm(FlaskForm):
    title = StringField(_l("Short title"), filters=[_strip], widget=GovTextInput(),
                        description=_l("For example: Clearer information about school transport"),
                        validators=[DataRequired(message=_l("Enter a short title")), Length(max=200)])  # fmt: skip
    title_cy = StringField(_l("Short title in Welsh (optional)"), filters=[_strip], widget=GovTextInput(),
                           validators=[Optional(), Length(max=200)])  # fmt: skip
    you_said = TextAreaField(_l("You said"), filters=[_strip], widget=GovTextArea(),
                             description=_l("What families told us, in their words where you can. No names, no "
                                            "details that could identify anyone."),
                             validators=[DataRequired(message=_l("Enter what families said")),
                                         Length(max=4000)])  # fmt: skip
    you_said_cy = TextAreaField(_l("You said, in Welsh (optional)"), filters=[_strip], widget=GovTextArea(),
                                validators=[Optional(), Length(max=4000)])  # fmt: skip
    we_did = TextAreaField(_l("We did (or will do)"), filters=[_strip], widget=GovTextArea(),
                           description=_l("Our response, and what we will change."),
                           validators=[DataRequired(message=_l("Enter what the council will do")),
                                       Length(max=4000)])  # fmt: skip
    we_did_cy = TextAreaField(_l("We did, in Welsh (optional)"), filters=[_strip], widget=GovTextArea(),
                              validators=[Optional(), Length(max=4000)])  # fmt: skip
    owner = StringField(_l("Who owns this"), filters=[_strip], widget=GovTextInput(),
                        description=_l("A team or job title, not a person's name. For example: Local Offer team"),
                        validators=[DataRequired(message=_l("Enter who owns this")), Length(max=200)])  # fmt: skip
    due_date = GovDateField(_l("By when (optional)"), description=_l("For example, 31 3 2027"), format="%d %m %Y",
                            validators=[Optional()], widget=GovDateInput())  # fmt: skip
    year = IntegerField(_l("Year"), widget=GovTextInput(),
                        description=_l("The year of the report this belongs in."),
                        validators=[InputRequired(message=_l("Enter the year, like 2026")),
                                    NumberRange(min=2014, max=2100, message=_l("Enter a year from 2014"))])  # fmt: skip
    theme = StringField(_l("Theme"), filters=[_strip], widget=GovTextInput(),
                        description=_l("For example: Transport, Information, Short breaks"),
                        validators=[DataRequired(message=_l("Enter a theme")), Length(max=80)])  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.year.data is None and not self.is_submitted():
            self.year.data = date.today().year


class ProgressForm(FlaskForm):
    status = RadioField(_l("Status"), choices=[SelectChoice(s, STATUS_LABELS[s]) for s in STATUSES],
                        validators=[InputRequired(message=_l("Select a status"))], widget=GovRadioInput())  # fmt: skip
    note = TextAreaField(_l("Progress update"), filters=[_strip], widget=GovTextArea(),
                         description=_l("What has happened. If you are not doing it, say why: families will see it."),
                         validators=[DataRequired(message=_l("Enter a progress update")),
                                     Length(max=3000)])  # fmt: skip
    note_cy = TextAreaField(_l("Progress update in Welsh (optional)"), filters=[_strip], widget=GovTextArea(),
                            validators=[Optional(), Length(max=3000)])  # fmt: skip


class ExcludeForm(FlaskForm):
    reason = RadioField(_l("Why leave this comment out?"),
                        choices=[SelectChoice(r, EXCLUSION_LABELS[r]) for r in EXCLUSION_REASONS],
                        validators=[InputRequired(message=_l("Select why you are leaving it out"))],
                        widget=GovRadioInput())  # fmt: skip
    note = TextAreaField(_l("Reason"), filters=[_strip], widget=GovTextArea(),
                         validators=[DataRequired(message=_l("Enter the reason")), Length(max=1000)])  # fmt: skip


class LinkForm(FlaskForm):
    kind = HiddenField(validators=[DataRequired()])
    ref = HiddenField(validators=[DataRequired()])
