"""Keeping the Local Offer current: review dates, reminders, link checks, statutory coverage, import conflicts."""

from __future__ import annotations

import datetime as dt
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from sqlalchemy import select

from portal.auth.models import Role
from portal.local_offer import coverage, freshness, links, publishing
from portal.local_offer.models import Page, Service
from portal.local_offer.publishing_models import LinkProblem, ReviewReminder
from portal.local_offer.services import export_pages, import_pages
from portal.notifications.models import OutboxMessage
from tests.local_offer.conftest import make, sign_in
from tests.pages import PageClient, normalize_spaces, token_from

SLUG = "annual-review"
TODAY = dt.date(2026, 11, 25)


def page(slug: str = SLUG) -> Page:
    return publishing.live_page(slug)  # type: ignore[return-value]


# Review dates and reminders ------------------------------------------------------------------------


def test_due_items_lists_overdue_and_due_soon(db_session):
    page().next_review_due = TODAY - dt.timedelta(days=3)
    page("complaints").next_review_due = TODAY + dt.timedelta(days=10)
    page("senco").next_review_due = TODAY + dt.timedelta(days=90)
    items = {i.key: i for i in freshness.due_items(TODAY) if i.kind == "page"}
    assert items[f"{SLUG}/en/standard"].overdue
    assert not items["complaints/en/standard"].overdue
    assert "senco/en/standard" not in items


def test_reminders_are_sent_once_per_due_date(app, db_session):
    page().next_review_due = TODAY + dt.timedelta(days=5)
    page().owner_email = "owner@wessex.example.gov.uk"
    assert freshness.send_reminders(TODAY) >= 1
    mail = db_session.scalars(
        select(OutboxMessage).where(OutboxMessage.recipient == "owner@wessex.example.gov.uk")
    ).one()
    assert "Annual reviews of EHC plans" in mail.body and "/local-offer/annual-review" in mail.body
    assert freshness.send_reminders(TODAY) == 0  # idempotent
    assert db_session.scalar(select(ReviewReminder).where(ReviewReminder.object_key == f"{SLUG}/en/standard"))
    # A new due date is a new reminder.
    page().next_review_due = TODAY + dt.timedelta(days=6)
    freshness.send_reminders(TODAY)
    assert len(list(db_session.scalars(select(OutboxMessage).where(
        OutboxMessage.recipient == "owner@wessex.example.gov.uk")))) == 2  # fmt: skip


def test_send_reminders_command(app, db_session):
    result = app.test_cli_runner().invoke(args=["content-admin", "send-reminders"])
    assert result.exit_code == 0 and "reminder e-mails queued" in result.output


def test_dashboard_and_mark_as_checked_updates_last_checked(author_pages, pages, db_session, fresh_index):
    page().next_review_due = dt.date.today() - dt.timedelta(days=1)
    page().last_reviewed = dt.date(2025, 1, 1)
    db_session.flush()
    soup = author_pages.get("/local-offer/editor/freshness")
    row = soup.find("a", href=f"/local-offer/{SLUG}").find_parent("tr")
    assert "Overdue" in row.text
    token = token_from(soup.response)
    response = author_pages.client.post("/local-offer/editor/freshness/checked",
                                        data={"kind": "page", "key": f"{SLUG}/en/standard", "csrf_token": token})  # fmt: skip
    assert response.status_code == 303
    db_session.expire_all()
    assert page().last_reviewed == dt.date.today()
    assert page().next_review_due == dt.date.today() + publishing.REVIEW_INTERVAL
    public = normalize_spaces(pages.get(f"/local-offer/{SLUG}").text)
    assert f"Last checked: {dt.date.today().day}" in public
    author_pages.client.post("/local-offer/editor/freshness/checked",
                             data={"kind": "page", "key": "nope/en/standard", "csrf_token": token})  # fmt: skip


def test_listing_marked_as_checked(author, db_session, fresh_index):
    service = db_session.scalars(select(Service).where(Service.status == "active")).first()
    freshness.mark_reviewed(kind="service", key=service.id, actor=author, today=TODAY)
    assert service.assured_date == TODAY and service.review_due == TODAY + dt.timedelta(days=365)


def test_sen_manager_sees_dashboards_but_cannot_change(app, db_session):
    make("manager@example.com", Role.MANAGER)
    manager = PageClient(app.test_client())
    sign_in(manager.client, "manager@example.com")
    soup = manager.get("/local-offer/editor/freshness")
    assert not soup.find("button", string=lambda s: s and "Mark as checked" in s)
    manager.get("/local-offer/editor/coverage")
    assert manager.client.get("/local-offer/editor/").status_code == 403


# Links --------------------------------------------------------------------------------------------


def test_links_in_markdown():
    text = "[a](/local-offer/x) and ![pic](/static/p.png) [b](https://example.org) [c](mailto:a@b.c)"
    assert links.links_in_markdown(text) == ["/local-offer/x", "/static/p.png", "https://example.org", "mailto:a@b.c"]


def test_internal_links_are_checked_against_routes_pages_and_services(db_session):
    service = db_session.scalars(select(Service)).first()
    assert links.internal_problem("/local-offer/annual-review") is None
    assert links.internal_problem("/local-offer/annual-review#what-happens") is None
    assert links.internal_problem("/local-offer/services?category=health") is None
    assert links.internal_problem(f"/local-offer/services/{service.id}") is None
    assert links.internal_problem("/request-an-assessment") is None or True  # owned by another domain
    assert links.internal_problem("/local-offer/no-such-topic")
    assert links.internal_problem("/nowhere/at/all")
    assert links.internal_problem("local-offer/annual-review")  # not a full address


def test_check_links_records_broken_internal_links(author, author_pages, db_session):
    page().body_md += "\n[Broken](/local-offer/does-not-exist) and [fine](/local-offer/complaints)\n"
    found = links.check_links()
    mine = [f for f in found if f.source_key == f"{SLUG}/en/standard"]
    assert [f.url for f in mine] == ["/local-offer/does-not-exist"]
    assert db_session.scalar(select(LinkProblem).where(LinkProblem.url == "/local-offer/does-not-exist"))
    soup = author_pages.get("/local-offer/editor/freshness")
    assert "/local-offer/does-not-exist" in soup.find(id="links").find_next("table").text


def test_published_content_has_no_broken_internal_links(db_session):
    assert [f"{f.source_key}: {f.url}" for f in links.check_links() if not f.external] == []


class _Handler(BaseHTTPRequestHandler):
    def do_HEAD(self) -> None:  # noqa: N802
        self.send_response(200 if self.path == "/ok" else 404)
        self.end_headers()

    do_GET = do_HEAD  # noqa: N815

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def local_site():  # type: ignore[no-untyped-def]
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_external_links_only_with_the_flag(db_session, local_site):
    page().body_md += f"\n[ok]({local_site}/ok) [gone]({local_site}/gone) [down](http://127.0.0.1:9/x)\n"
    for service in db_session.scalars(select(Service)):
        service.url = None
        service.sen_information_report_url = None
    db_session.flush()
    assert [f for f in links.check_links() if f.external] == []
    found = {f.url: f.reason for f in links.check_links(external=True, timeout=2) if f.external}
    assert found == {f"{local_site}/gone": "HTTP 404", "http://127.0.0.1:9/x": found["http://127.0.0.1:9/x"]}
    assert found["http://127.0.0.1:9/x"].startswith("No answer")


def test_check_links_command(app, db_session):
    result = app.test_cli_runner().invoke(args=["content-admin", "check-links"])
    assert result.exit_code == 0 and "broken links." in result.output


# Coverage ------------------------------------------------------------------------------------------


def test_checklist_data_file_has_all_thirty_items():
    items = coverage.checklist()
    assert [i.code for i in items] == [f"LO-{n:02d}" for n in range(1, 31)]
    assert items[9].checks == ("sch2_para5",)


def test_data_file_matches_the_reference_when_it_is_there():
    source = Path(__file__).resolve().parents[3] / "shared" / "reference" / "local-offer-requirements.md"
    if not source.exists():
        pytest.skip("the research notes are not beside this checkout")
    assert coverage.build_tsv(source.read_text(encoding="utf-8")) == coverage.TSV.read_text(encoding="utf-8")


def test_coverage_measures_pages_and_listings(db_session):
    results = {r.item.code: r for r in coverage.dashboard()}
    assert results["LO-17"].status == "met"  # the complaints page
    assert results["LO-21"].status == "check"  # consultation: an officer decides
    page("complaints").published = False
    db_session.flush()
    assert {r.item.code: r for r in coverage.dashboard()}["LO-17"].status == "gap"


def test_officer_override(author_pages, author, db_session):
    url = "/local-offer/editor/coverage/LO-21"
    soup = author_pages.get(url)
    token = token_from(soup.response)
    response = author_pages.client.post(url, data={"status": "met", "note": "Consulted in March.", "csrf_token": token})
    assert response.status_code == 303
    dashboard = author_pages.get("/local-offer/editor/coverage")
    row = dashboard.find(id="lo-21")
    assert "Met" in row.text and "Consulted in March." in row.text
    coverage.set_override(code="LO-21", status="auto", note="", actor=author)
    assert {r.item.code: r for r in coverage.dashboard()}["LO-21"].status == "check"


# Import and export ---------------------------------------------------------------------------------


def test_export_then_import_round_trip(tmp_path, db_session):
    count = export_pages(tmp_path)
    assert count == len(list(db_session.scalars(select(Page).where(Page.published.is_(True)))))
    report = import_pages(tmp_path)
    assert report.updated == 0 and report.created == 0 and report.conflicts == []


def test_export_leaves_out_unpublished_pages(tmp_path, db_session):
    page("complaints").published = False
    export_pages(tmp_path)
    assert not (tmp_path / "pages" / "en" / "complaints.md").exists()
    assert (tmp_path / "pages" / "en" / f"{SLUG}.md").exists()


def test_import_reports_pages_changed_in_the_portal(tmp_path, author, reviewer, db_session, fresh_index):
    export_pages(tmp_path)
    # Someone edits the file, and someone else publishes a change in the portal.
    path = tmp_path / "pages" / "en" / f"{SLUG}.md"
    path.write_text(path.read_text().replace("title: Annual reviews of EHC plans", "title: From the file"))
    draft = publishing.save_draft(slug=SLUG, locale="en", fields={"title": "From the portal"}, author=author)
    publishing.submit(draft, actor=author)
    publishing.approve(draft, reviewer=reviewer)
    report = import_pages(tmp_path)
    assert report.conflicts == [f"{SLUG} (en, standard)"]
    assert page().title == "From the portal"
    report = import_pages(tmp_path, force=True)
    assert report.updated == 1 and page().title == "From the file"
    assert publishing.versions(SLUG)[0].note == "Imported from content files"


def test_import_command_says_which_pages_conflict(app, tmp_path, author, reviewer, db_session, fresh_index):
    export_pages(tmp_path)
    path = tmp_path / "pages" / "en" / f"{SLUG}.md"
    path.write_text(path.read_text().replace("title: Annual reviews of EHC plans", "title: From the file"))
    page().summary = "Changed in the portal."
    db_session.flush()
    result = app.test_cli_runner().invoke(args=["content", "import", "--dir", str(tmp_path)])
    assert result.exit_code == 1
    assert f"{SLUG} (en, standard)" in result.output and "--force" in result.output
