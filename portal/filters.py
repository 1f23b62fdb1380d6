"""Jinja filters: dates in Europe/London, plurals through Babel."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from flask import Flask
from flask_babel import format_date, ngettext
from markupsafe import Markup, escape


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


def without_empty_hint(params: dict[str, Any]) -> dict[str, Any]:
    """A GOV.UK macro's parameters without a hint that has nothing to say.

    The macros render any hint they are given and point aria-describedby at it, so a screen reader would be
    sent to an empty element.
    """
    hint = params.get("hint")
    if hint is not None and not str(hint.get("text") or hint.get("html") or "").strip():
        params = {key: value for key, value in params.items() if key != "hint"}
    return params


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


# Markup for GOV.UK macros' "html" parameters. Building it with `~` in a template goes wrong: once one
# piece is Markup (anything from _() or |e), Jinja escapes the plain-string pieces, tags included, so
# the visitor sees "<a class=..." as text. These helpers escape what they are given and nothing else.


def link(href: str, text: str, *, rel: str | None = None, classes: str = "govuk-link") -> Markup:
    """An <a> with its href and text escaped."""
    rel_attr = Markup(' rel="{}"').format(rel) if rel else ""
    return Markup('<a class="{}" href="{}"{}>{}</a>').format(classes, href, rel_attr, text)


def hidden(text: str) -> Markup:
    """Text only screen readers announce (GOV.UK's visually hidden span)."""
    return Markup('<span class="govuk-visually-hidden">{}</span>').format(text)


def with_hidden(text: str, more: str) -> Markup:
    """Visible text followed by words for screen readers: "Delete" + " question 3"."""
    return Markup('{}<span class="govuk-visually-hidden"> {}</span>').format(text, more)


def lines(items: object) -> Markup:
    """Items one a line."""
    return Markup("<br>").join(escape(item) for item in items)  # type: ignore[attr-defined]


_PHONE_CHARACTERS = re.compile(r"[^\d+]")


def tel_href(number: str) -> str:
    """A tel: address for a UK number as people write it: "01632 960 123" -> "tel:+441632960123"."""
    digits = _PHONE_CHARACTERS.sub("", number)
    if digits.startswith("0") and len(digits) >= 10:
        digits = "+44" + digits[1:]
    return f"tel:{digits}"


def phone_link(number: str) -> Markup:
    """A phone number a phone can ring with one tap."""
    return link(tel_href(number), number)


_PHONE = re.compile(
    r"(?<![\d>])(0\d{3,4} \d{3,6}(?: \d{3,4})?|\d{3} \d{3}(?! \d))(?![\d<])"
    r"|(?<![\d£$.,/-])(999|111)(?![\d%/-]|[.,]\d)"  # emergency and NHS 111
)


def link_phone_numbers(html: str) -> str:
    """Phone numbers in (safe) html become tap-to-call links, kept left-to-right inside right-to-left text.

    A family in a crisis on a phone should not have to copy digits. A number already inside a link only
    gets its <bdi>.
    """
    out, in_link = [], False
    for part in re.split(r"(<[^>]+>)", html):
        if part.startswith("<"):
            if re.match(r"<a[\s>]", part):
                in_link = True
            elif part.startswith("</a"):
                in_link = False
            out.append(part)
        elif in_link:
            out.append(_PHONE.sub(r"<bdi>\g<0></bdi>", part))
        else:
            out.append(
                _PHONE.sub(lambda m: f'<a class="govuk-link" href="{tel_href(m[0])}"><bdi>{m[0]}</bdi></a>', part)
            )
    return "".join(out)


def tel_links(text: str) -> Markup:
    """Jinja filter: {{ _("Call Childline on 0800 1111.") | tel_links }}; plain text is escaped first."""
    return Markup(link_phone_numbers(str(escape(text))))


def register(app: Flask) -> None:
    app.jinja_env.globals["link"] = link
    app.jinja_env.globals["hidden"] = hidden
    app.jinja_env.globals["with_hidden"] = with_hidden
    app.jinja_env.globals["phone_link"] = phone_link
    app.jinja_env.filters["lines"] = lines
    app.jinja_env.filters["tel_href"] = tel_href
    app.jinja_env.filters["tel_links"] = tel_links
    app.jinja_env.globals["password_params"] = password_params
    app.jinja_env.filters["long_date"] = long_date
    app.jinja_env.filters["age_range"] = age_range
    app.jinja_env.filters["count_services"] = count_services
    app.jinja_env.filters["error_list"] = error_list
    app.jinja_env.filters["without_empty_hint"] = without_empty_hint
