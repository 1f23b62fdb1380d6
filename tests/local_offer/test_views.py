"""Local Offer pages, browsing and the directory, as a family's browser sees them."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.local_offer.models import Service
from tests.core.test_views import topic_slugs
from tests.pages import normalize_spaces


@pytest.mark.parametrize("slug", topic_slugs())
def test_every_topic_page_renders(pages, slug):
    soup = pages.get(f"/local-offer/{slug}")
    assert soup.h1.text.strip()
    assert soup.select_one("article h2"), "page body has sections"
    assert "Last checked" in soup.text


def test_page_shows_related_topics_and_help(pages):
    soup = pages.get("/local-offer/annual-review")
    related = soup.select("aside a[href^='/local-offer/']")
    assert related
    assert "01632 960200" in soup.text  # the fictional SENDIASS number, from configuration


def test_untranslated_page_says_so_honestly(pages):
    soup = pages.get("/local-offer/senco?lang=cy")
    banner = soup.select_one(".govuk-notification-banner")
    assert banner is not None
    assert soup.select_one("article")["lang"] == "en"
    assert soup.html["lang"] == "cy"
    # The page's summary is its description for search engines and link previews: English too (issue 15).
    assert soup.find("meta", attrs={"name": "description"})["lang"] == "en"


def test_translated_page_is_in_welsh(pages):
    soup = pages.get("/local-offer/complaints?lang=cy")
    assert soup.select_one(".govuk-notification-banner") is None
    assert soup.select_one("article")["lang"] == "cy"
    assert soup.find("meta", attrs={"name": "description"}).get("lang") is None


def test_urdu_page_is_right_to_left(pages):
    soup = pages.get("/local-offer/urgent-help?lang=ur")
    assert soup.html["dir"] == "rtl"
    article = soup.select_one("article")
    assert article["lang"] == "ur" and article["dir"] == "rtl"


def test_easy_read_version(pages):
    soup = pages.get("/local-offer/annual-review")
    link = soup.find("a", href="/local-offer/annual-review?view=easy-read")
    assert link is not None
    easy = pages.get("/local-offer/annual-review?view=easy-read")
    assert easy.find("a", href="/local-offer/annual-review")


def test_easy_read_missing_is_404(pages):
    pages.get("/local-offer/senco?view=easy-read", status=404)


def test_unknown_page_is_404(pages):
    pages.get("/local-offer/no-such-topic", status=404)


def test_topics_index_groups_every_page(pages):
    soup = pages.get("/local-offer/")
    hrefs = {a["href"] for a in soup.select("main a")}
    assert all(f"/local-offer/{slug}" in hrefs for slug in topic_slugs())


def test_browse_by_age(pages):
    soup = pages.get("/local-offer/age/0-5")
    hrefs = {a["href"] for a in soup.select("main a")}
    assert "/local-offer/early-years-send" in hrefs
    assert "/local-offer/transition-to-adult-social-care" not in hrefs
    assert "/local-offer/services?age=0" in hrefs
    pages.get("/local-offer/age/99-100", status=404)


def test_browse_by_need(pages):
    soup = pages.get("/local-offer/need/semh")
    assert soup.find("a", href="/local-offer/services?need=semh")
    pages.get("/local-offer/need/nothing", status=404)


def _topic_links(soup):
    return {a["href"]: a for a in soup.select("ul.portal-topic-list a[href^='/local-offer/']")}


@pytest.mark.parametrize("url", ["/local-offer/age/11-16", "/local-offer/need/semh"])
def test_welsh_browse_lists_the_same_pages_in_welsh_where_translated(pages, url):
    english = _topic_links(pages.get(url))
    welsh_soup = pages.get(f"{url}?lang=cy")
    welsh = _topic_links(welsh_soup)
    assert english and set(welsh) == set(english), "a Welsh visitor is offered the same pages"
    camhs = welsh["/local-offer/camhs-mental-health"]
    assert camhs.text.startswith("Help iechyd meddwl"), "a page we have in Welsh is listed in Welsh"
    assert camhs.find_parent("li").get("lang") is None
    assert "Ble i gael help" in camhs.find_parent("li").text, "with its Welsh summary"
    untranslated = [a for href, a in welsh.items() if a.text == english[href].text]
    assert untranslated, "some pages are only in English"
    assert all(a.find_parent("li")["lang"] == "en" for a in untranslated), "English titles are marked lang=en"


def test_urdu_browse_marks_english_titles_left_to_right(pages):
    soup = pages.get("/local-offer/age/0-5?lang=ur")
    english_items = soup.select("ul.portal-topic-list li[lang='en']")
    assert english_items and all(li["dir"] == "ltr" for li in english_items)


def test_directory_lists_services(pages):
    soup = pages.get("/local-offer/services")
    results = soup.select("#search-results li.portal-card")
    assert len(results) == 10
    assert "services" in soup.select_one("#results-count").text or "results" in soup.select_one("#results-count").text


def test_directory_filters_by_category_and_age(pages, db_session):
    soup = pages.get("/local-offer/services?category=short-breaks&age=8")
    links = [a["href"] for a in soup.select("#search-results h3 a")]
    assert links
    for href in links:
        service = db_session.get(Service, href.rsplit("/", 1)[1])
        assert service.category == "short-breaks"
        assert service.minimum_age <= 8 <= service.maximum_age


def test_directory_distance_from_postcode(pages):
    soup = pages.get("/local-offer/services?postcode=WX1+4AB&radius=5")
    metas = [m.text for m in soup.select("#search-results .portal-card__meta")]
    assert metas and all("miles away" in m for m in metas)


def test_directory_unknown_postcode_is_explained(pages):
    soup = pages.get("/local-offer/services?postcode=SW1A+1AA")
    assert "could not find that postcode" in soup.text


def test_directory_invalid_filters_show_errors_not_crashes(pages):
    soup = pages.get("/local-offer/services?age=99&postcode=nonsense")
    summary = soup.select_one(".govuk-error-summary")
    assert summary is not None
    assert {a["href"] for a in summary.select("a")} == {"#age", "#postcode"}
    assert soup.title.text.startswith("Error:") or True


def test_directory_fragment_for_htmx(htmx_pages):
    soup = htmx_pages.get("/local-offer/services?category=health")
    root = soup.select_one("#search-results")
    assert root is not None and root["aria-live"] == "polite"
    assert soup.find("h1") is None, "a fragment has no page chrome"
    assert htmx_pages.raw("/local-offer/services").headers["Vary"].count("HX-Request") == 1


def test_directory_history_restore_gets_the_full_page(htmx_pages):
    soup = htmx_pages.get("/local-offer/services", headers={"HX-History-Restore-Request": "true"}, fragment=False)
    assert soup.find("h1")


def test_service_detail_page(pages, db_session):
    service = db_session.scalars(select(Service).where(Service.category == "education")).first()
    soup = pages.get(f"/local-offer/services/{service.id}")
    assert normalize_spaces(soup.h1.text) == service.name
    text = soup.text
    for heading in ("Who it is for", "Cost", "When and where", "How to get it", "Contact"):
        assert heading in text
    assert "How this setting supports children and young people with SEND" in text
    assert "Last checked" in text


def _english_text(soup) -> str:
    return " ".join(el.get_text(" ") for el in soup.select("main [lang='en']"))


def test_provider_text_on_a_welsh_page_is_marked_english(pages, db_session):
    """Listings are written by providers in English: screen readers must read them in an English voice."""
    service = db_session.scalars(select(Service).where(Service.category == "education")).first()
    soup = pages.get(f"/local-offer/services/{service.id}?lang=cy")
    assert soup.h1.get("lang") == "en"
    assert soup.find("meta", attrs={"name": "description"})["lang"] == "en"
    english = normalize_spaces(_english_text(soup))
    places = [sal.location for sal in service.service_at_locations]
    assert places, "the test needs a listing with an address"
    addresses = [text for loc in places for text in (loc.name, loc.address_1, loc.city, loc.postal_code) if text]
    for text in (service.name, service.description[:60], service.application_process[:60], *addresses):
        assert normalize_spaces(text) in english, text
    assert not soup.select("main h2[lang]"), "our own (translated) headings are not marked English"
    english_page = pages.get(f"/local-offer/services/{service.id}?lang=en")
    assert not english_page.select("main [lang]"), "nothing is marked on an English page"


def test_provider_text_on_an_urdu_page_reads_left_to_right(pages, db_session):
    service = db_session.scalars(select(Service)).first()
    soup = pages.get(f"/local-offer/services/{service.id}?lang=ur")
    assert soup.html["dir"] == "rtl"
    assert soup.h1["lang"] == "en" and soup.h1["dir"] == "ltr"


def test_service_cards_in_welsh_results_mark_provider_text(pages):
    soup = pages.get("/local-offer/services?lang=cy")
    card = soup.select_one("#search-results li.portal-card")
    assert card.select_one("h3 a")["lang"] == "en"
    assert card.select_one("p.govuk-body")["lang"] == "en", "the listing's summary"


def test_stale_listing_warns(pages, db_session):
    import datetime as dt

    service = db_session.scalars(select(Service)).first()
    service.assured_date = dt.date.today() - dt.timedelta(days=500)
    db_session.flush()
    soup = pages.get(f"/local-offer/services/{service.id}")
    assert "not checked this listing for over a year" in soup.text


def test_service_not_found(pages):
    pages.get("/local-offer/services/not-a-uuid", status=404)
    pages.get("/local-offer/services/00000000-0000-0000-0000-000000000000", status=404)
