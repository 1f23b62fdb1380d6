"""A parent's journeys through the Local Offer, with JavaScript and without."""

from __future__ import annotations

import re


def test_parent_searches_with_live_results(page, live_server):
    page.goto(f"{live_server}/search")
    page.fill("#q", "respite")
    first = page.locator("#search-results li.portal-card h3 a").first
    first.wait_for()
    assert first.get_attribute("href") == "/local-offer/short-breaks-respite"
    page.wait_for_url(re.compile(r"q=respite"))
    first.click()
    assert page.locator("h1").inner_text().startswith("Short breaks")


def test_filters_update_results_without_a_reload(page, live_server):
    page.goto(f"{live_server}/local-offer/services")
    page.evaluate("window.__marker = 1")
    page.get_by_label("Health", exact=True).check()
    page.wait_for_url(re.compile(r"category=health"))
    assert page.evaluate("window.__marker") == 1, "htmx swapped the results in place"
    assert page.locator("#search-results li.portal-card").count() > 0


def test_search_without_javascript(nojs_page, live_server):
    nojs_page.goto(f"{live_server}/")
    nojs_page.fill("#home-search-q", "CAHMS")
    nojs_page.click("text=Search >> nth=0") if False else nojs_page.locator("main form[role=search] button").click()
    nojs_page.wait_for_url(re.compile(r"/search\?q=CAHMS"))
    assert nojs_page.locator("#search-results li.portal-card h3 a").first.get_attribute("href") == (
        "/local-offer/camhs-mental-health"
    )


def test_directory_filters_without_javascript(nojs_page, live_server):
    nojs_page.goto(f"{live_server}/local-offer/services")
    nojs_page.get_by_label("Short breaks", exact=True).check()
    nojs_page.fill("#postcode", "WX3 7QJ")
    nojs_page.locator("#filters-submit").click()
    nojs_page.wait_for_url(re.compile(r"category=short-breaks"))
    assert "miles away" in nojs_page.locator("#search-results").inner_text()


def test_home_to_any_topic_in_two_clicks(page, live_server):
    page.goto(f"{live_server}/")
    page.get_by_role("link", name=re.compile("^Annual reviews", re.I)).first.click()
    assert "annual-review" in page.url


def test_language_switch_keeps_the_page(page, live_server):
    page.goto(f"{live_server}/local-offer/complaints")
    page.locator(".portal-language-nav a[hreflang=cy]").click()
    page.wait_for_url(re.compile(r"/local-offer/complaints$"))
    assert page.locator("html").get_attribute("lang") == "cy"
    page.goto(f"{live_server}/local-offer/annual-review")
    assert page.locator("html").get_attribute("lang") == "cy", "the cookie remembers the choice"
