"""The search and directory filter form (a GET form: no CSRF needed, nothing changes)."""

from __future__ import annotations

from typing import Any

from flask_babel import LazyString, ngettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCheckboxesInput, GovRadioInput, GovSelect, GovTextInput
from wtforms import IntegerField, RadioField, SelectField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import NumberRange, Optional, Regexp

from portal.local_offer.content import AUDIENCES, CATEGORIES, COSTS, NEEDS
from portal.search.services import RADII_MILES, SearchParams, clean_query

POSTCODE = r"^\s*[A-Za-z]{1,2}[0-9][A-Za-z0-9]?\s*([0-9][A-Za-z]{2})?\s*$"


def _within(miles: int) -> LazyString:
    """'Within 1 mile', 'Within 5 miles', translated when shown."""
    return LazyString(lambda: ngettext("Within %(num)d mile", "Within %(num)d miles", miles))


def _choices(pairs: Any) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


class SearchForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField(_l("Search the Local Offer"), widget=GovTextInput(), filters=[clean_query])
    kind = RadioField(
        _l("Show"),
        choices=_choices(
            [("", _l("Pages and services")), ("page", _l("Information pages")), ("service", _l("Services"))]
        ),
        default="",
        validators=[Optional()],
        widget=GovRadioInput(),
    )
    audience = RadioField(
        _l("Who is it for?"),
        choices=_choices([("", _l("Anyone")), *AUDIENCES.items()]),
        default="",
        validators=[Optional()],
        widget=GovRadioInput(),
    )
    age = IntegerField(
        _l("Age of the child or young person"),
        description=_l("A number from 0 to 25"),
        validators=[Optional(), NumberRange(min=0, max=25, message=_l("Enter an age from 0 to 25"))],
        widget=GovTextInput(),
    )
    need = SelectMultipleField(
        _l("Needs"), choices=_choices(NEEDS.items()), validators=[Optional()], widget=GovCheckboxesInput()
    )
    category = SelectMultipleField(
        _l("Type of service"),
        choices=_choices(CATEGORIES.items()),
        validators=[Optional()],
        widget=GovCheckboxesInput(),
    )
    cost = RadioField(
        _l("Cost"),
        choices=_choices([("", _l("Any cost")), *COSTS.items()]),
        default="",
        validators=[Optional()],
        widget=GovRadioInput(),
    )
    postcode = StringField(
        _l("Postcode"),
        description=_l("To find services near you, for example WX3 7QJ"),
        validators=[Optional(), Regexp(POSTCODE, message=_l("Enter a full postcode, like WX3 7QJ"))],
        widget=GovTextInput(),
    )
    radius = SelectField(
        _l("Distance"),
        choices=_choices((str(r), _within(r)) for r in RADII_MILES),
        default="10",
        validators=[Optional()],
        widget=GovSelect(),
    )
    page = IntegerField(validators=[Optional(), NumberRange(min=1, max=500)])

    def params(self, *, locale: str, kind: str | None = None) -> SearchParams:
        """The validated filters as search parameters (bad values are dropped, not fatal)."""
        data: dict[str, Any] = {k: v for k, v in self.data.items() if not self[k].errors}
        return SearchParams(
            q=data.get("q") or "",
            kind=kind or (data.get("kind") or None),
            audience=data.get("audience") or None,
            age=data.get("age"),
            needs=tuple(data.get("need") or ()),
            categories=tuple(data.get("category") or ()),
            cost=data.get("cost") or None,
            postcode=(data.get("postcode") or "").strip() or None,
            radius=int(data.get("radius") or 10),
            page=data.get("page") or 1,
            locale=locale,
        )

    def active_filters(self) -> bool:
        return any(self[name].data for name in ("kind", "audience", "age", "need", "category", "cost", "postcode"))
