"""Crisis and contact numbers can be rung with one tap: tel: links wherever a number is shown to families."""

from __future__ import annotations

from sqlalchemy import select

from portal.filters import link_phone_numbers, tel_href, tel_links
from portal.local_offer.markdown import render_markdown
from portal.local_offer.models import Phone, Service


def tel_targets(soup) -> set[str]:
    return {a["href"] for a in soup.select('a[href^="tel:"]')}


def test_uk_numbers_become_international_tel_addresses():
    assert tel_href("01632 960 123") == "tel:+441632960123"
    assert tel_href("999") == "tel:999"
    assert tel_href("116 123") == "tel:116123"


def test_numbers_in_text_become_links_but_not_years_prices_or_numbers_already_linked():
    html = link_phone_numbers(
        '<p>Call 999 or 0800 1111. Born 2011, costs £999. <a href="tel:01632960111">01632 960111</a></p>'
    )
    assert '<a class="govuk-link" href="tel:999"><bdi>999</bdi></a>' in html
    assert 'href="tel:08001111"' in html
    assert "Born 2011, costs £999." in html
    assert '<a href="tel:01632960111"><bdi>01632 960111</bdi></a>' in html


def test_the_filter_escapes_plain_text_first():
    assert str(tel_links("<b>999</b>")) == '&lt;b&gt;<a class="govuk-link" href="tel:999"><bdi>999</bdi></a>&lt;/b&gt;'


def test_content_pages_link_their_numbers():
    html = render_markdown("Call **999**. Samaritans: **116 123**.")
    assert 'href="tel:999"' in html and 'href="tel:116123"' in html


def test_urgent_help_has_tappable_crisis_numbers(pages):
    targets = tel_targets(pages.get("/local-offer/urgent-help"))
    assert {"tel:999", "tel:08001111", "tel:116123", "tel:111"} <= targets


def test_get_help_now_has_tappable_crisis_numbers(pages, app):
    council = app.config["COUNCIL"]
    targets = tel_targets(pages.get("/young-people/get-help-now"))
    assert {"tel:999", "tel:08001111", tel_href("0808 800 5000"), tel_href(council.front_door_phone)} <= targets


def test_a_listing_phone_number_is_a_link(pages, db_session):
    service = db_session.scalars(select(Service).join(Phone)).first()
    soup = pages.get(f"/local-offer/services/{service.id}")
    assert tel_href(service.phones[0].number) in tel_targets(soup)


def test_the_footer_number_is_a_link_on_every_page(pages, app):
    footer = pages.get("/").find("footer")
    assert tel_href(app.config["COUNCIL"].sen_team_phone) in tel_targets(footer)
