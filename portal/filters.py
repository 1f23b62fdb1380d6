"""Jinja filters: dates in Europe/London, plurals through Babel."""

from __future__ import annotations

import datetime as dt

from flask import Flask
from flask_babel import format_date, ngettext


def long_date(value: dt.date | dt.datetime | str | None) -> str:
    """'5 May 2026' in the visitor's language."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = dt.date.fromisoformat(value[:10])
    return format_date(value, "d MMMM yyyy")


def age_range(low: int, high: int) -> str:
    from flask_babel import gettext

    if low <= 0 and high >= 25:
        return gettext("All ages, 0 to 25")
    return gettext("Ages %(low)d to %(high)d", low=low, high=high)


def count_services(n: int) -> str:
    return ngettext("%(num)d service", "%(num)d services", n)


def error_list(errors: dict[str, list[str]], form: object) -> list[dict[str, str]]:
    """A form's errors for the GOV.UK error summary, each linking to its field."""
    items = []
    for name, messages in errors.items():
        if messages:
            items.append({"text": str(messages[0]), "href": f"#{getattr(form, name).id}"})
    return items


def password_params(autocomplete: str) -> dict[str, str]:
    """Parameters for GOV.UK's password input, with its show/hide button in the visitor's language."""
    from flask_babel import gettext

    return {
        "autocomplete": autocomplete,
        "showPasswordText": gettext("Show"),
        "hidePasswordText": gettext("Hide"),
        "showPasswordAriaLabelText": gettext("Show password"),
        "hidePasswordAriaLabelText": gettext("Hide password"),
        "passwordShownAnnouncementText": gettext("Your password is visible"),
        "passwordHiddenAnnouncementText": gettext("Your password is hidden"),
    }


def register(app: Flask) -> None:
    app.jinja_env.globals["password_params"] = password_params
    app.jinja_env.filters["long_date"] = long_date
    app.jinja_env.filters["age_range"] = age_range
    app.jinja_env.filters["count_services"] = count_services
    app.jinja_env.filters["error_list"] = error_list
