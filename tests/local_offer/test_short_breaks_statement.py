"""The short breaks services statement (Breaks for Carers of Disabled Children Regulations 2011) is published,
linked from the short breaks page and found by the words families use."""

from __future__ import annotations

import pytest


def test_the_statement_is_a_page_in_english_and_welsh(pages):
    soup = pages.get("/local-offer/short-breaks-services-statement")
    assert "short breaks services statement" in soup.h1.get_text().lower()
    assert "Breaks for Carers of Disabled Children Regulations 2011" in soup.get_text()
    welsh = pages.get("/local-offer/short-breaks-services-statement?lang=cy")
    assert welsh.find("article")["lang"] == "cy"
    assert "Datganiad" in welsh.h1.get_text()


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_the_short_breaks_page_links_to_it(pages, lang):
    soup = pages.get(f"/local-offer/short-breaks-respite?lang={lang}")
    assert soup.find("article").find("a", href="/local-offer/short-breaks-services-statement")


@pytest.mark.parametrize("words", ["short breaks statement", "respite statement"])
def test_search_finds_it(pages, words):
    soup = pages.get(f"/search?q={words.replace(' ', '+')}")
    results = [a["href"] for a in soup.select("#search-results a[href^='/local-offer/']")]
    assert "/local-offer/short-breaks-services-statement" in results[:3], results[:5]
