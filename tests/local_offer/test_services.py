"""Loading content, rendering Markdown safely, the directory data."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from portal.local_offer import services
from portal.local_offer.markdown import passages, render_markdown
from portal.local_offer.models import Organization, Page, Service


def test_markdown_is_sanitised():
    html = render_markdown(
        "## Hi\n\n<script>alert(1)</script>\n\n[click](javascript:alert(1)) "
        '<img src=x onerror="alert(1)">\n\n[ok](https://example.org)'
    )
    assert "<script" not in html and 'href="javascript' not in html and "<img" not in html
    assert '<h2 id="hi" class="govuk-heading-m">' in html or '<h2 class="govuk-heading-m" id="hi">' in html
    assert 'rel="noreferrer noopener"' in html


def test_passages_split_on_headings():
    parts = passages("Intro text.\n\n## First\n\nOne.\n\n## Second\n\nTwo [link](/x).\n")
    assert [p.heading for p in parts] == ["", "First", "Second"]
    assert parts[2].text == "Two link."
    assert parts[1].anchor == "first"


def test_import_is_idempotent(app, db_session):
    before = services.content_version()
    report = services.import_pages(app.config["CONTENT_DIR"])
    assert report.created == 0 and report.updated == 0 and report.unchanged > 40
    assert services.content_version() == before


def test_import_bumps_the_content_version_when_a_page_changes(app, db_session, tmp_path):
    import shutil

    shutil.copytree(app.config["CONTENT_DIR"], tmp_path / "content")
    target = tmp_path / "content" / "pages" / "en" / "senco.md"
    target.write_text(
        target.read_text().replace("## What to do next", "## New section\n\nNew words.\n\n## What to do next")
    )
    before = services.content_version()
    report = services.import_pages(tmp_path / "content")
    assert report.updated == 1
    assert services.content_version() == before + 1


def test_page_in_welsh_falls_back_to_english(db_session):
    view = services.get_page("senco", locale="cy")
    assert view.page.locale == "en" and view.fallback


def test_translated_page(db_session):
    view = services.get_page("complaints", locale="cy")
    assert view.page.locale == "cy" and view.translated and not view.fallback


def test_placeholders_are_filled(app, db_session):
    view = services.get_page("urgent-help", locale="en")
    html = services.page_html(view.page, app.config["COUNCIL"].placeholders())
    assert "{{" not in html
    assert app.config["COUNCIL"].front_door_phone in html


def test_demo_directory_is_large_and_varied(db_session):
    assert services.services_count() >= 250
    categories = dict(db_session.execute(select(Service.category, func.count()).group_by(Service.category)).all())
    for category in ("education", "health", "social-care", "short-breaks", "leisure", "childcare", "support-groups"):
        assert categories.get(category, 0) >= 5, category
    assert db_session.scalar(select(func.count()).select_from(Service).where(Service.in_area.is_(False))) > 0
    assert db_session.scalar(select(func.count()).select_from(Organization)) > 50


def test_demo_directory_is_deterministic():
    from portal_demo import directory as demo_directory

    assert demo_directory.generate(2026) == demo_directory.generate(2026)


def test_education_providers_answer_schedule_2_paragraph_5(db_session):
    schools = db_session.scalars(select(Service).where(Service.category == "education")).all()
    assert schools
    for school in schools:
        assert school.sch2_para5 and set("abcdefghij") <= set(school.sch2_para5), school.name


def test_staleness():
    today = dt.date(2026, 11, 25)
    assert services.is_stale(dt.date(2025, 11, 1), today)
    assert not services.is_stale(dt.date(2026, 6, 1), today)
    assert services.is_stale(None, today)


def test_export_round_trips(app, db_session, tmp_path):
    count = services.export_pages(tmp_path)
    assert count == db_session.scalar(select(func.count()).select_from(Page))
    report = services.import_pages(tmp_path)
    assert report.updated == 0 and report.created == 0
