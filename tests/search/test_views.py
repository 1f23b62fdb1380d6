"""/search as a full page, as an htmx fragment and as a plain form without JavaScript."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from portal.local_offer.models import SearchGap


def test_empty_search_page(pages):
    soup = pages.get("/search")
    form = soup.select_one("main form")
    assert form["method"] == "get" and form["action"] == "/search"
    assert form["data-hx-get"] == "/search" and form["data-hx-target"] == "#search-results"
    assert soup.select_one("#search-results")["aria-live"] == "polite"


def test_results_without_javascript(pages):
    soup = pages.get("/search?q=respite")
    hits = soup.select("#search-results li.portal-card h3 a")
    assert hits[0]["href"] == "/local-offer/short-breaks-respite"
    assert soup.title.text.startswith("Search results for ‘respite’")
    assert soup.select("#search-results mark")


def test_results_as_htmx_fragment(htmx_pages):
    soup = htmx_pages.get("/search?q=respite")
    assert soup.find("h1") is None
    assert soup.select_one("#search-results li.portal-card")
    response = htmx_pages.raw("/search?q=respite")
    assert "HX-Request" in response.headers["Vary"]


def test_an_english_search_on_the_welsh_page_finds_the_english_only_page(pages, htmx_pages):
    """Issue 15, with and without JavaScript: the page we have only in English comes first, its title marked."""
    for client in (pages, htmx_pages):
        soup = client.get("/search?q=personal+budgets&lang=cy")
        first = soup.select_one("#search-results li.portal-card h3 a")
        assert first["href"] == "/local-offer/personal-budgets" and first.get("lang") == "en"


def test_did_you_mean(pages):
    soup = pages.get("/search?q=phisiotherapy")
    link = soup.select_one("#search-results a[href^='/search?q=']")
    assert link is not None and "physiotherapy" in link.text


def test_no_results_are_recorded(pages, db_session):
    soup = pages.get("/search?q=xylophonequartz")
    assert "No results found" in soup.text
    assert db_session.scalar(select(SearchGap).where(SearchGap.query == "xylophonequartz")).count == 1


def test_filters_and_pagination_links_keep_the_query(pages):
    soup = pages.get("/search?q=school&kind=service&page=2")
    nav = soup.select_one("nav.govuk-pagination")
    assert nav is not None
    hrefs = [a["href"] for a in nav.select("a")]
    assert all("q=school" in h and "kind=service" in h for h in hrefs)


def test_console_query_contract(app, db_session):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["search", "query", "respite", "--json", "--limit", "3"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["query"] == "respite"
    assert len(data["hits"]) == 3
    assert set(data["hits"][0]) == {"slug", "kind", "title", "url", "score"}
    assert data["hits"][0]["slug"] == "short-breaks-respite"


def test_risky_words_in_search_show_urgent_help_and_are_never_kept(pages, db_session):
    from sqlalchemy import select

    from portal.local_offer.models import SearchGap

    soup = pages.get("/search?q=my+dad+hits+me+zzqx")
    urgent = soup.select_one(".portal-urgent")
    assert urgent is not None and "999" in urgent.get_text() and "0800 1111" in urgent.get_text()
    assert urgent.find("a", href="/local-offer/urgent-help")
    assert db_session.scalars(select(SearchGap).where(SearchGap.query.contains("hits"))).all() == []


def test_ordinary_searches_show_no_urgent_help(pages, db_session):
    assert pages.get("/search?q=short+breaks").select_one(".portal-urgent") is None


def test_distances_use_the_right_plural(app):
    from portal.search.forms import _within

    with app.test_request_context("/"):
        assert (str(_within(1)), str(_within(5))) == ("Within 1 mile", "Within 5 miles")


def test_urgent_help_also_comes_in_the_htmx_fragment(htmx_pages, db_session):
    soup = htmx_pages.get("/search?q=my+daughter+has+run+away+and+we+cant+find+her", fragment=True)
    assert soup.select_one("#search-urgent-help")


def test_filters_sit_behind_a_filter_disclosure_so_results_come_first(pages):
    soup = pages.get("/search?q=respite")
    panel = soup.select_one("details#filters")
    assert panel is not None and panel.select_one("summary").get_text(strip=True) == "Filter"
    assert not panel.has_attr("open")  # closed until filters are used: a phone shows results first
    assert panel.select_one("input[name='age']") is not None
    assert panel.has_attr("data-portal-open-wide")


def test_filters_in_use_open_the_disclosure(pages):
    soup = pages.get("/search?q=respite&age=7")
    assert soup.select_one("details#filters").has_attr("open")


def test_urgent_help_is_not_first_for_an_ordinary_worry(pages):
    soup = pages.get("/search?q=my+child+struggles+with+reading")
    assert soup.select_one(".portal-urgent") is None
    first = soup.select("#search-results li.portal-card h3 a")[0]
    assert first["href"] != "/local-offer/urgent-help"


@pytest.mark.parametrize("query", ["childline number", "samaritans phone"])
def test_asking_for_a_helpline_the_urgent_page_gives_finds_that_page_first(pages, query):
    soup = pages.get(f"/search?q={query.replace(' ', '+')}")
    first = soup.select("#search-results li.portal-card h3 a")[0]
    assert first["href"] == "/local-offer/urgent-help"


def test_who_said_something_does_not_choose_the_page_but_asking_for_you_said_we_did_does(pages):
    soup = pages.get("/search?q=the+council+said+no+to+assessing+my+son+what+can+i+do")
    first = soup.select("#search-results li.portal-card h3 a")[0]
    assert first["href"] != "/local-offer/feedback-on-the-local-offer-you-said-we-did"
    soup = pages.get("/search?q=you+said+we+did")
    first = soup.select("#search-results li.portal-card h3 a")[0]
    assert first["href"] == "/local-offer/feedback-on-the-local-offer-you-said-we-did"


def test_run_together_words_are_found(pages):
    soup = pages.get("/search?q=shortbreaks")
    hrefs = [a["href"] for a in soup.select("#search-results li.portal-card h3 a")]
    assert "/local-offer/short-breaks-respite" in hrefs[:3]
