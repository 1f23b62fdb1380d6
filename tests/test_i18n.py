"""The language contract: ?lang= sets the cookie, the cookie alone selects, lang and dir follow."""

from __future__ import annotations

import pytest


def test_lang_parameter_switches_and_sets_cookie(pages):
    soup = pages.get("/?lang=cy")
    assert soup.html["lang"] == "cy" and soup.html["dir"] == "ltr"
    cookie = soup.response.headers["Set-Cookie"]
    assert cookie.startswith("locale=cy") and "HttpOnly" in cookie


def test_cookie_alone_selects_the_language(app, pages):
    pages.client.set_cookie("locale", "cy")
    soup = pages.get("/local-offer/")
    assert soup.html["lang"] == "cy"


def test_right_to_left_language(pages):
    soup = pages.get("/?lang=ur")
    assert soup.html["lang"] == "ur" and soup.html["dir"] == "rtl"


def test_accept_language_is_used_without_a_cookie(pages):
    soup = pages.get("/", headers={"Accept-Language": "cy-GB,cy;q=0.9,en;q=0.5"})
    assert soup.html["lang"] == "cy"


def test_unknown_language_falls_back_to_english(pages):
    soup = pages.get("/?lang=xx")
    assert soup.html["lang"] == "en"


def test_welsh_interface_is_translated(pages):
    soup = pages.get("/?lang=cy")
    nav = soup.select_one(".govuk-service-navigation")
    assert "Find services" not in nav.text
    assert soup.select_one("a.govuk-skip-link").text.strip() != "Skip to main content"


def test_switch_page_keeps_the_user_on_the_same_page(client):
    response = client.get("/language/cy?next=/local-offer/annual-review")
    assert response.status_code == 303
    assert response.headers["Location"] == "/local-offer/annual-review"
    assert "locale=cy" in response.headers["Set-Cookie"]


@pytest.mark.parametrize("target", ["https://evil.example.com/", "//evil.example.com/x", "/\\evil.example.com"])
def test_switch_never_redirects_off_site(client, target):
    response = client.get("/language/cy", query_string={"next": target})
    assert response.headers["Location"] == "/"


def test_language_links_are_in_every_header(pages):
    soup = pages.get("/local-offer/annual-review")
    links = {a["hreflang"]: a["href"] for a in soup.select(".portal-language-nav a")}
    assert links["cy"] == "/language/cy?next=%2Flocal-offer%2Fannual-review"
    assert soup.select_one(".portal-language-nav [aria-current=true]").text.strip() == "English"


def test_date_inputs_label_day_month_and_year_in_welsh(app):
    from flask_wtf import FlaskForm
    from wtforms import DateField

    from portal.widgets import GovDateInput

    class BirthdayForm(FlaskForm):
        born = DateField("Date of birth", widget=GovDateInput())

    with app.test_request_context("/?lang=cy"):
        html = str(BirthdayForm(meta={"csrf": False}).born())
    assert "Diwrnod" in html and "Mis" in html and "Blwyddyn" in html
    assert ">Day<" not in html


def test_the_service_name_is_welsh_on_welsh_pages(pages):
    soup = pages.get("/?lang=cy")
    assert "Cynnig Lleol AAA" in soup.title.get_text() and "SEND Local Offer" not in soup.title.get_text()
    assert "Cynnig Lleol AAA" in soup.find("header").get_text()


def test_the_hidden_error_prefix_is_welsh_on_welsh_forms(app):
    """Every field error comes through GOV.UK's error message macro; ours says "Gwall:" on a Welsh page."""
    from flask import render_template_string

    source = (
        '{% from "govuk_frontend_jinja/components/error-message/macro.html" import govukErrorMessage %}'
        '{{ govukErrorMessage({"text": "Rhowch eich enw"}) }}'
    )
    with app.test_request_context("/?lang=cy", headers={"Cookie": "locale=cy"}):
        html = render_template_string(source)
    assert '<span class="govuk-visually-hidden">Gwall:</span>' in html
