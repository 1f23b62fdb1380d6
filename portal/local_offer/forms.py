"""Forms for publishing: editing a page, reviewing it, proposing a listing change, deciding on one."""

from __future__ import annotations

import re
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovDateInput,
    GovRadioInput,
    GovSelect,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    URL,
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from portal.auth.family_forms import GovDateField
from portal.local_offer import content as lo_content
from portal.local_offer import listings
from portal.local_offer.publishing import markdown_problems


def _choices(options: dict[str, Any]) -> list[SelectChoice]:
    return [SelectChoice(key, label) for key, label in options.items()]


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


def _words(value: str | None) -> list[str]:
    return [w.strip() for w in (value or "").split(",") if w.strip()]


def _lines(value: str | None) -> list[str]:
    return [line.strip() for line in (value or "").splitlines() if line.strip()]


TRANSLATED_FIELDS = ("title", "summary", "questions", "body_md")


class PageEditForm(FlaskForm):
    title = StringField(_l("Title"), description=_l("What a parent would search for. Keep it under 65 characters."),
                        filters=[_strip], validators=[DataRequired(message=_l("Enter a title")),
                                                      Length(max=200, message=_l("Title must be 200 characters or fewer"))],
                        widget=GovTextInput())  # fmt: skip
    summary = TextAreaField(_l("Summary"), description=_l("One or two sentences, shown in lists and search results."),
                            filters=[_strip], validators=[DataRequired(message=_l("Enter a summary")),
                                                          Length(max=400, message=_l("Summary must be 400 characters or fewer"))],
                            widget=GovTextArea())  # fmt: skip
    body_md = TextAreaField(_l("Page text"),
                            description=_l("Markdown: ## for headings, - for lists, [words](/address) for links, "
                                           "![what the picture shows](/address) for pictures."),
                            validators=[DataRequired(message=_l("Enter the page text")),
                                        Length(max=60000, message=_l("Page text must be 60,000 characters or fewer"))],
                            widget=GovTextArea())  # fmt: skip
    section = SelectField(_l("Section"), choices=_choices(lo_content.SECTIONS),
                          validators=[DataRequired(message=_l("Select a section"))], widget=GovSelect())  # fmt: skip
    audience = SelectMultipleField(_l("Who the page is for"), choices=_choices(lo_content.AUDIENCES),
                                   validators=[Optional()], widget=GovCheckboxesInput())  # fmt: skip
    age_min = IntegerField(_l("Youngest age"), validators=[InputRequired(message=_l("Enter the youngest age")),
                           NumberRange(0, 25, message=_l("Youngest age must be between 0 and 25"))],
                           widget=GovTextInput())  # fmt: skip
    age_max = IntegerField(_l("Oldest age"), validators=[InputRequired(message=_l("Enter the oldest age")),
                           NumberRange(0, 25, message=_l("Oldest age must be between 0 and 25"))],
                           widget=GovTextInput())  # fmt: skip
    needs = SelectMultipleField(_l("Areas of need the page is specially about"), choices=_choices(lo_content.NEEDS),
                                validators=[Optional()], widget=GovCheckboxesInput())  # fmt: skip
    tags = StringField(_l("Keywords"), description=_l("Words and abbreviations families use, separated by commas."),
                       filters=[_strip], validators=[Optional(), Length(max=1000)], widget=GovTextInput())  # fmt: skip
    questions = TextAreaField(_l("Questions the page answers"), description=_l("One on each line, in families' words."),
                              validators=[Optional(), Length(max=4000)], widget=GovTextArea())  # fmt: skip
    related = StringField(_l("Related pages"), description=_l("Addresses of 2 to 5 other pages, separated by commas."),
                          filters=[_strip], validators=[Optional(), Length(max=1000)], widget=GovTextInput())  # fmt: skip
    owner_team = StringField(_l("Team that looks after the page"), filters=[_strip],
                             validators=[DataRequired(message=_l("Enter the team that looks after the page")),
                                         Length(max=200)], widget=GovTextInput())  # fmt: skip
    owner_email = StringField(_l("E-mail for review reminders"), filters=[_strip],
                              validators=[Optional(), Email(message=_l("Enter an e-mail address, like name@example.com")),
                                          Length(max=255)], widget=GovTextInput())  # fmt: skip
    next_review_due = GovDateField(_l("Next review due"), description=_l("For example, 27 3 2027"), format="%d %m %Y",
                                   validators=[Optional()], widget=GovDateInput())  # fmt: skip

    def validate_body_md(self, field: TextAreaField) -> None:
        missing = markdown_problems(field.data or "")
        if missing:
            raise ValidationError(_l("Add alt text to every picture: write what it shows between [ and ]. "
                                     "Missing for: %(images)s", images=", ".join(missing)))  # fmt: skip
        if re.search(r"^#\s", field.data or "", re.M):
            raise ValidationError(_l("Start headings with ## (the title is the page's only main heading)"))

    def validate_age_max(self, field: IntegerField) -> None:
        if self.age_min.data is not None and field.data is not None and field.data < self.age_min.data:
            raise ValidationError(_l("Oldest age must be the same as or more than the youngest age"))

    def fill(self, values: dict[str, Any]) -> None:
        """Put a page's or version's values into the form (for GET)."""
        for name, value in values.items():
            if name not in self._fields:
                continue
            if name in ("tags", "related"):
                value = ", ".join(value or [])
            elif name == "questions":
                value = "\n".join(value or [])
            self[name].data = value

    def values(self, translation_of: dict[str, Any] | None = None) -> dict[str, Any]:
        """The version fields from the form; a translation takes everything else from the English page."""
        values: dict[str, Any] = dict(translation_of or {})
        for name in self._fields:
            if name in ("csrf_token", "action"):
                continue
            data = self[name].data
            if name in ("tags", "related"):
                data = _words(data)
            elif name == "questions":
                data = _lines(data)
            elif name == "body_md":
                data = (data or "").replace("\r\n", "\n").strip() + "\n"
            elif name == "owner_email":
                data = data or None
            values[name] = data
        return values


def edit_form(*, translation: bool, formdata: Any = None) -> PageEditForm:
    """The page form; a translation has only the words that are translated."""
    form = PageEditForm(formdata=formdata)
    if translation:
        for name in list(form._fields):
            if name not in (*TRANSLATED_FIELDS, "csrf_token"):
                del form[name]
    return form


class ReviewForm(FlaskForm):
    decision = RadioField(_l("Your decision"), choices=[SelectChoice("approve", _l("Approve and publish")),
                                                       SelectChoice("send_back", _l("Send back with comments"))],
                          validators=[InputRequired(message=_l("Select approve or send back"))],
                          widget=GovRadioInput())  # fmt: skip
    comment = TextAreaField(_l("Comments for the author"), filters=[_strip],
                            validators=[Length(max=2000, message=_l("Comments must be 2,000 characters or fewer"))],
                            widget=GovTextArea())  # fmt: skip
    publish_date = GovDateField(_l("Publish on (optional)"), format="%d %m %Y",
                                description=_l("Leave empty to publish now. For example, 27 3 2027"),
                                validators=[Optional()], widget=GovDateInput())  # fmt: skip
    publish_time = StringField(_l("At what time (optional)"), description=_l("24-hour clock, UK time. For example, 09:00"),
                               filters=[_strip], validators=[Optional()], widget=GovTextInput())  # fmt: skip

    def validate_comment(self, field: TextAreaField) -> None:
        if self.decision.data == "send_back" and not field.data:
            raise ValidationError(_l("Say what needs to change"))

    def validate_publish_time(self, field: StringField) -> None:
        if field.data and not re.fullmatch(r"([01]?\d|2[0-3]):[0-5]\d", field.data):
            raise ValidationError(_l("Enter a time like 09:00 or 17:30"))
        if field.data and not self.publish_date.data:
            raise ValidationError(_l("Enter the date as well as the time"))


class EmptyForm(FlaskForm):
    """A form with only its CSRF token (for one-button actions)."""


class ReviewedForm(FlaskForm):
    kind = HiddenField()
    key = HiddenField()


class CoverageForm(FlaskForm):
    status = RadioField(_l("Your judgement"), choices=[SelectChoice("auto", _l("Work it out from the pages and listings")),
                                                      SelectChoice("met", _l("Met")), SelectChoice("partly", _l("Partly met")),
                                                      SelectChoice("gap", _l("Gap"))],
                        validators=[InputRequired(message=_l("Select a judgement"))], widget=GovRadioInput())  # fmt: skip
    note = TextAreaField(_l("Why (optional)"), filters=[_strip], validators=[Optional(), Length(max=1000)],
                         widget=GovTextArea())  # fmt: skip


def proposal_form(service_is_school: bool, *, formdata: Any = None) -> FlaskForm:
    """A form for one listing: its fields, plus the Schedule 2 paragraph 5 answers for schools and colleges."""

    class ProposalForm(FlaskForm):
        key = HiddenField()
        proposer_name = StringField(_l("Your name"), filters=[_strip],
                                    validators=[DataRequired(message=_l("Enter your name")), Length(max=200)],
                                    widget=GovTextInput())  # fmt: skip
        proposer_email = StringField(_l("Your e-mail address"), description=_l("We will tell you what we decide."),
                                     filters=[_strip],
                                     validators=[DataRequired(message=_l("Enter your e-mail address")),
                                                 Email(message=_l("Enter an e-mail address, like name@example.com")),
                                                 Length(max=255)], widget=GovTextInput())  # fmt: skip
        # A honeypot: hidden from people (the `hidden` attribute), bots fill it in.
        fax_number = StringField(_l("Leave this blank"), validators=[Optional()], widget=GovTextInput())
        status = RadioField(listings.FIELDS["status"], choices=_choices(listings.STATUSES),
                            validators=[InputRequired(message=_l("Select open or temporarily closed"))],
                            widget=GovRadioInput())  # fmt: skip

    long_text = {"description", "alert", "eligibility_description", "application_process", "fees_description"}
    for name, label in listings.FIELDS.items():
        if name == "status" or (name.startswith("sch2_") and not service_is_school):
            continue
        if name == "sen_information_report_url" and not service_is_school:
            continue
        if name in long_text or name.startswith("sch2_"):
            field = TextAreaField(
                label, filters=[_strip], validators=[Optional(), Length(max=4000)], widget=GovTextArea()
            )
        elif name == "name":
            field = StringField(label, filters=[_strip], validators=[DataRequired(message=_l("Enter the name")),
                                                                     Length(max=255)], widget=GovTextInput())  # fmt: skip
        elif name == "email":
            field = StringField(label, filters=[_strip], widget=GovTextInput(),
                                validators=[Optional(), Email(message=_l("Enter an e-mail address, like name@example.com"))])  # fmt: skip
        else:
            field = StringField(label, filters=[_strip], widget=GovTextInput(),
                                validators=[Optional(), Length(max=500),
                                            URL(message=_l("Enter a web address that starts with https://"))])  # fmt: skip
        setattr(ProposalForm, name, field)
    return ProposalForm(formdata=formdata)


class DecisionForm(FlaskForm):
    decision = RadioField(_l("Your decision"), choices=[SelectChoice("approve", _l("Approve: change the live listing")),
                                                       SelectChoice("reject", _l("Reject"))],
                          validators=[InputRequired(message=_l("Select approve or reject"))],
                          widget=GovRadioInput())  # fmt: skip
    reason = TextAreaField(_l("Reason (the person who asked is told)"), filters=[_strip],
                           validators=[Length(max=2000)], widget=GovTextArea())  # fmt: skip

    def validate_reason(self, field: TextAreaField) -> None:
        if self.decision.data == "reject" and not field.data:
            raise ValidationError(_l("Give a reason for rejecting the change"))
