"""The Local Offer content itself: every topic exists, is well formed, and keeps the house rules."""

from __future__ import annotations

import re

import pytest

from portal.config import ROOT
from portal.local_offer.content import SECTIONS, parse_file, read_content
from tests.core.test_views import topic_slugs

CONTENT = ROOT / "content"
EASY_READ_REQUIRED = [
    "what-is-send", "ehc-needs-assessment-request", "annual-review", "preparation-for-adulthood",
    "post-16-education-and-college", "mental-capacity-and-decisions-at-16", "complaints", "urgent-help",
]  # fmt: skip
ALLOWED_ROUTES = re.compile(
    r"^/(local-offer/[a-z0-9-]+|local-offer/services(\?[a-z=&-]+)?|local-offer/?|request-an-assessment|complaints|ask|search)$"
)
PLACEHOLDERS = {
    "council_name", "sen_team_phone", "sen_team_email", "sendiass_name", "sendiass_phone", "sendiass_email",
    "front_door_phone", "out_of_hours_phone", "pcf_name", "complaints_email", "complaints_phone",
    "local_offer_email", "mediation_service_name",
}  # fmt: skip


def english_pages():
    return {p.slug: p for p in read_content(CONTENT) if p.locale == "en" and p.variant == "standard"}


def test_every_topic_has_an_english_page():
    have = english_pages()
    assert [s for s in topic_slugs() if s not in have] == []


@pytest.mark.parametrize("slug", topic_slugs())
def test_page_follows_the_content_rules(slug):
    page = english_pages()[slug]
    body_words = len(page.body.split())
    assert 300 <= body_words <= 900, f"{slug}: {body_words} words"
    assert page.meta["section"] in SECTIONS
    assert len(page.meta["summary"]) <= 200
    assert 5 <= len(page.meta.get("questions") or []) <= 8
    assert "## What to do next" in page.body, "every page ends with what to do next"
    assert not re.search(r"^# ", page.body, re.M), "the title is the only h1"
    for key in ("owner_team", "last_reviewed", "next_review_due", "audience", "tags", "related"):
        assert page.meta.get(key), f"{slug}: {key} missing"


def test_related_pages_and_links_exist():
    pages = english_pages()
    problems = []
    for page_file in read_content(CONTENT):
        for rel in page_file.meta.get("related") or []:
            if rel not in pages:
                problems.append(f"{page_file.path.name}: related {rel}")
        for link in re.findall(r"\]\((/[^)\s]*)\)", page_file.body):
            path = link.split("#")[0]
            if not ALLOWED_ROUTES.match(path):
                problems.append(f"{page_file.path.name}: link {link}")
            elif (
                path.startswith("/local-offer/")
                and path.count("/") == 2
                and not path.startswith("/local-offer/services")
            ):
                if path.removeprefix("/local-offer/") not in pages:
                    problems.append(f"{page_file.path.name}: no page {path}")
        for name in re.findall(r"\{\{\s*([a-z_]+)\s*\}\}", page_file.body):
            if name not in PLACEHOLDERS:
                problems.append(f"{page_file.path.name}: placeholder {name}")
    assert not problems, problems


def test_easy_read_versions_exist():
    easy = {p.slug for p in read_content(CONTENT) if p.variant == "easy-read"}
    assert set(EASY_READ_REQUIRED) <= easy


def test_at_least_ten_welsh_pages_and_an_urdu_page():
    files = read_content(CONTENT)
    assert len({p.slug for p in files if p.locale == "cy"}) >= 10
    assert any(p.locale == "ur" for p in files)


def test_national_numbers_are_exact():
    urgent = english_pages()["urgent-help"].body
    assert "999" in urgent and "0800 1111" in urgent and "111" in urgent


def test_time_limits_match_the_statutory_reference():
    timeline = english_pages()["ehc-assessment-process-timeline"].body.lower()
    for phrase in ("6 weeks", "16 weeks", "20 weeks", "15 days"):
        assert phrase in timeline, phrase
    assert "working days" not in timeline.split("20 weeks")[0][-200:], "the 20 weeks are calendar weeks"


def test_parse_file_rejects_a_bad_slug(tmp_path):
    bad = tmp_path / "wrong-name.md"
    bad.write_text("---\nslug: other\ntitle: T\n---\nbody\n")
    with pytest.raises(ValueError, match="does not match"):
        parse_file(bad, locale="en", variant="standard")
