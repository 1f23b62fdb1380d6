"""The filter panel is rendered once per language and form state, and never mixes them up."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from portal import fragment_cache


@pytest.fixture()
def cached(app):
    app.config["PAGE_CACHE"] = True
    fragment_cache.clear()
    yield
    app.config["PAGE_CACHE"] = False
    fragment_cache.clear()


def _checked(client, url: str) -> set[str]:
    soup = BeautifulSoup(client.get(url).get_data(as_text=True), "html.parser")
    return {i["value"] for i in soup.select("input[name=category][checked]")}


def _legend(client, url: str) -> str:
    soup = BeautifulSoup(client.get(url).get_data(as_text=True), "html.parser")
    return soup.select_one("fieldset legend").get_text(strip=True)


def test_each_filter_state_gets_its_own_panel(client, db_session, cached):
    assert _checked(client, "/search?q=speech&category=health") == {"health"}
    assert _checked(client, "/search?q=speech&category=education") == {"education"}
    assert _checked(client, "/search?q=other+words&category=health") == {"health"}
    assert _checked(client, "/search?q=speech") == set()
    assert len(fragment_cache._fragments) == 3  # the search words are not part of the panel's key


def test_each_language_gets_its_own_panel(client, db_session, cached):
    english = _legend(client, "/search?q=speech&lang=en")
    welsh = _legend(client, "/search?q=speech&lang=cy")
    assert english != welsh
    assert _legend(client, "/search?q=speech&lang=en") == english


def _links(client, url: str) -> tuple[BeautifulSoup, list[str]]:
    response = client.get(url)
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    return soup, [a["href"] for a in soup.select(".portal-language-nav a")]


def test_the_cached_layout_links_each_page_to_itself_in_every_language(client, db_session, cached):
    _, topic = _links(client, "/local-offer/annual-review")
    _, other = _links(client, "/local-offer/complaints?a=1&b=%3Cscript%3E")
    assert len(fragment_cache._layouts) >= 3, "header, banner and footer are kept"
    assert topic == ["/language/cy?next=%2Flocal-offer%2Fannual-review",
                     "/language/ur?next=%2Flocal-offer%2Fannual-review"]  # fmt: skip
    assert other[0] == "/language/cy?next=%2Flocal-offer%2Fcomplaints%3Fa%3D1%26b%3D%253Cscript%253E"
    assert "<script>" not in client.get("/local-offer/complaints?b=%3Cscript%3E").get_data(as_text=True)


def test_the_cached_layout_marks_the_right_section_and_language(client, db_session, cached):
    def current(url: str) -> tuple[str | None, str]:
        soup, _ = _links(client, url)
        active = soup.select_one(".govuk-service-navigation__item--active a")
        return (active.get_text(strip=True) if active else None), soup.select_one("[aria-current=true]")["lang"]

    assert current("/local-offer/annual-review") == ("Topics", "en")
    assert current("/local-offer/services") == ("Find services", "en")
    assert current("/local-offer/urgent-help") == ("Urgent help", "en")
    assert current("/search?q=speech") == ("Search", "en")
    assert current("/ask") == ("Ask a question", "en")
    assert current("/") == (None, "en")
    assert current("/local-offer/annual-review?lang=cy")[1] == "cy"
    assert current("/local-offer/annual-review?lang=en") == ("Topics", "en")


def test_the_cached_layout_holds_no_nonce_or_token(client, db_session, cached):
    client.get("/ask")
    client.get("/local-offer/annual-review")
    for html in [value for value, _size in fragment_cache._layouts._items.values()]:
        assert "nonce" not in html and "csrf" not in html.lower()
