"""Home page and information pages."""

from __future__ import annotations

import csv

import pytest

from portal.config import ROOT
from tests.pages import normalize_spaces

TOPICS = ROOT.parent / "shared" / "local-offer-topics.tsv"


def topic_slugs() -> list[str]:
    if TOPICS.exists():
        with TOPICS.open() as handle:
            return [row["slug"] for row in csv.DictReader(handle, delimiter="\t")]
    return sorted(p.stem for p in (ROOT / "content" / "pages" / "en").glob("*.md"))


def test_home_links_to_every_topic_in_one_click(pages):
    soup = pages.get("/")
    hrefs = {a["href"] for a in soup.select("main a[href]")}
    missing = [slug for slug in topic_slugs() if f"/local-offer/{slug}" not in hrefs]
    assert not missing, f"topics not linked from the home page: {missing}"
    assert "/local-offer/services" in hrefs


def test_home_page_heading_and_urgent_help(pages):
    soup = pages.get("/")
    assert normalize_spaces(soup.h1.text) == "Help for children and young people with SEND"
    urgent = soup.select_one(".portal-urgent")
    assert "999" in urgent.text
    assert urgent.find("a", href="/local-offer/urgent-help")


def test_home_browses_by_age_and_need(pages):
    soup = pages.get("/")
    hrefs = {a["href"] for a in soup.select("main a[href]")}
    assert {"/local-offer/age/0-5", "/local-offer/age/16-25", "/local-offer/need/semh"} <= hrefs


def test_home_has_a_no_javascript_search_form(pages):
    form = pages.get("/").select_one("main form[role=search]")
    assert form["method"] == "get" and form["action"] == "/search"
    assert form.find("input", {"name": "q"})


@pytest.mark.parametrize(
    ("url", "heading"),
    [
        ("/accessibility", "Accessibility statement for the Wessex County Council Local Offer"),
        ("/privacy", "Privacy notice"),
        ("/cookies", "Cookies"),
        ("/contact", "Contact the SEND team"),
        ("/request-an-assessment", "Ask for an EHC needs assessment"),
        ("/complaints", "Make a complaint"),
    ],
)
def test_information_pages(pages, url, heading):
    soup = pages.get(url)
    assert normalize_spaces(soup.h1.text) == heading


def test_footer_offers_information_another_way(pages):
    footer = pages.get("/").find("footer")
    assert "01632 960100" in footer.text
    assert footer.find("a", href="/accessibility")
    assert footer.find("a", href="/privacy")
    assert footer.find("a", href="/cookies")


def test_no_crown_or_govuk_logotype(pages):
    soup = pages.get("/")
    assert not soup.select(".govuk-header__logotype, .govuk-footer__crown, .govuk-footer__copyright-logo")
    assert "Crown copyright" not in soup.text
    assert "Wessex County Council" in soup.select_one(".portal-masthead").text


def test_not_found_page(pages):
    soup = pages.get("/no-such-page", status=404)
    assert normalize_spaces(soup.h1.text) == "Page not found"
    assert soup.title.text.startswith("Page not found")
