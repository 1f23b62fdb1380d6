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
