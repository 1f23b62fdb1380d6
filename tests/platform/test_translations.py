"""Interface text looked up once per request (portal/platform/translations.py) still follows the language."""

from __future__ import annotations

from flask import render_template_string
from flask_babel import force_locale, gettext, lazy_gettext, refresh

from portal.extensions import babel
from portal.platform.translations import RequestDomain

MENU = "Skip to main content"


def test_the_default_domain_keeps_this_requests_translations(app):
    assert isinstance(babel.domain_instance, RequestDomain)


def test_gettext_and_templates_follow_the_page_language(app):
    with app.test_request_context("/?lang=cy"):
        welsh = gettext(MENU)
        assert welsh and welsh != MENU
        assert render_template_string("{{ _(text) }}", text=MENU) == welsh
        assert str(lazy_gettext(MENU)) == welsh
    with app.test_request_context("/?lang=en"):
        assert gettext(MENU) == MENU
        assert render_template_string("{{ _(text) }}", text=MENU) == MENU


def test_a_forced_language_is_used_inside_and_the_page_language_after(app):
    with app.test_request_context("/?lang=cy"):
        welsh = gettext(MENU)
        with force_locale("en"):
            assert gettext(MENU) == MENU
            assert render_template_string("{{ _(text) }}", text=MENU) == MENU
            with force_locale("ur"):
                urdu = gettext(MENU)
                assert urdu not in (MENU, welsh)
                assert render_template_string("{{ _(text) }}", text=MENU) == urdu
        assert gettext(MENU) == welsh
        assert render_template_string("{{ _(text) }}", text=MENU) == welsh


def test_plural_forms_come_from_the_same_translations(app):
    with app.test_request_context("/?lang=cy"):
        rendered = render_template_string("{{ ngettext('%(num)d service', '%(num)d services', 3) }}")
        with force_locale("en"):
            assert render_template_string("{{ ngettext('%(num)d service', '%(num)d services', 3) }}") == "3 services"
        assert rendered != "3 services" and rendered.startswith("3")


def test_a_refreshed_locale_is_looked_up_again(app):
    with app.test_request_context("/?lang=cy"):
        welsh = gettext(MENU)
        refresh()
        assert gettext(MENU) == welsh
