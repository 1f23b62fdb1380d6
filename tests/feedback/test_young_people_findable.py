"""The young people's space can be found, and "I don't feel safe" is one step from every page."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "url", ["/", "/local-offer/", "/search", "/ask", "/local-offer/services", "/cookies", "/account/sign-in"]
)
def test_every_page_links_to_the_space_and_to_i_dont_feel_safe(pages, url):
    soup = pages.get(url)
    nav = soup.find("nav", class_="govuk-service-navigation__wrapper") or soup.find(class_="govuk-service-navigation")
    assert nav.find("a", href="/young-people"), f"{url}: no Young people in the navigation"
    not_safe = soup.find("a", id="footer-not-safe")
    assert not_safe["href"] == "/young-people#unsafe-button" and "feel safe" in not_safe.get_text()


def test_the_space_starts_with_the_i_dont_feel_safe_button(pages):
    soup = pages.get("/young-people")
    button = soup.find(id="unsafe-button")
    assert button.name == "button" and "feel safe" in button.get_text()


def test_the_home_page_speaks_to_young_people(pages):
    assert pages.get("/").find("a", id="home-young-people")["href"] == "/young-people"


@pytest.mark.parametrize("slug", ["urgent-help", "post-16-education-and-college", "post-16-travel",
                                  "supported-internships-and-employment", "preparation-for-adulthood"])  # fmt: skip
def test_urgent_help_and_post_16_pages_link_to_the_space(pages, slug):
    soup = pages.get(f"/local-offer/{slug}")
    assert soup.find("a", id="young-people-space")["href"] == "/young-people"
    assert soup.find("a", href="/young-people/get-help-now")


def test_a_page_for_parents_only_has_no_young_peoples_box(pages):
    assert not pages.get("/local-offer/senco").find(id="young-people-space")
