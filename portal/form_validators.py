"""Validators shared by officers' and families' forms."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import Field, Form, ValidationError

from portal.platform.clock import today_in_london


class NotInFuture:
    """A date recording something that has happened: today (London time) or earlier.

    The `past_event` flag lets tests and templates find every such field.
    """

    field_flags = {"past_event": True}

    def __init__(self, message: Any = None) -> None:
        self.message = message

    def __call__(self, form: Form, field: Field) -> None:
        if isinstance(field.data, date) and field.data > today_in_london():
            raise ValidationError(self.message or _l("The date must be today or in the past"))
