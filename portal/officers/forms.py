"""Forms for the officers' own screens."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovTextArea
from wtforms import RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from portal.auth.family_forms import GovDateField
from portal.chat.callbacks import OUTCOME_LABELS
from portal.form_validators import NotInFuture
from portal.widgets import GovDateInput


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


class ContactOutcomeForm(FlaskForm):
    """What happened when the SEN team got in touch with someone who asked."""

    outcome = RadioField(_l("What happened?"), choices=[SelectChoice(k, v) for k, v in OUTCOME_LABELS.items()],
                         validators=[InputRequired(message=_l("Select what happened"))],
                         widget=GovRadioInput())  # fmt: skip
    done_on = GovDateField(_l("When did you get in touch?"), description=_l("For example, 27 3 2026"),
                           format="%d %m %Y",
                           validators=[InputRequired(message=_l("Enter the date you got in touch as a real date")),
                                       NotInFuture(_l("The date you got in touch must be today or in the past"))],
                           widget=GovDateInput())  # fmt: skip
    note = TextAreaField(_l("Note for the team (optional)"), filters=[_strip], widget=GovTextArea(),
                         description=_l("The family does not see this note."),
                         validators=[Optional(), Length(max=2000)])  # fmt: skip
