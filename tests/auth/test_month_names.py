"""Date boxes accept a month's name as people type it (GOV.UK's date input pattern), in English, Welsh and Urdu."""

from __future__ import annotations

import datetime as dt

import pytest
from werkzeug.datastructures import MultiDict

from portal.auth.family_forms import AddChildForm, month_number


@pytest.mark.parametrize(
    ("typed", "number"),
    [("3", "3"), ("March", "3"), ("mar", "3"), ("Sept", "9"), ("dec.", "12"), ("Mawrth", "3"), ("Rhagfyr", "12"),
     ("Mai", "5"), ("مارچ", "3")],
)  # fmt: skip
def test_month_names_become_numbers(app, typed, number):
    with app.app_context():
        assert month_number(typed) == number


def test_something_that_is_not_a_month_is_left_for_the_error_message(app):
    with app.app_context():
        assert month_number("Marchy") == "Marchy"


def test_a_date_of_birth_with_a_welsh_month_name(app):
    data = MultiDict([("first_name", "Robin"), ("last_name", "Test"), ("relationship", "parent"),
                      ("parental_responsibility", "yes"), ("date_of_birth", "27"), ("date_of_birth", "Mawrth"),
                      ("date_of_birth", "2015")])  # fmt: skip
    with app.test_request_context("/?lang=cy", method="POST"):
        form = AddChildForm(formdata=data, meta={"csrf": False})
        form.validate()
        assert not form.date_of_birth.errors
        assert form.date_of_birth.data == dt.date(2015, 3, 27)
