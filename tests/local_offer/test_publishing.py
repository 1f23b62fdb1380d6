"""Publishing Local Offer pages: editing with preview, review by a second person, versions, diffs, scheduling."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select

from portal.auth.models import AuditEvent
from portal.local_offer import publishing
from portal.local_offer.publishing_models import PageVersion, VersionStatus
from portal.search import services as search
from tests.pages import normalize_spaces, token_from

SLUG = "annual-review"
EDIT_URL = f"/local-offer/editor/pages/{SLUG}/en"


def form_data(soup, **changes: str) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """What a browser would send from the edit form, with some fields changed."""
    form = soup.find("form", method="post")
    data: dict[str, object] = {}
    for field in form.find_all(["input", "textarea", "select"]):
        name = field.get("name")
        if not name or field.get("type") == "submit":
            continue
        if field.name == "textarea":
            data[name] = field.text
        elif field.name == "select":
            chosen = field.find("option", selected=True) or field.find("option")
            data[name] = chosen.get("value") if chosen else ""
        elif field.get("type") == "checkbox":
            if field.has_attr("checked"):
                data.setdefault(name, []).append(field["value"])  # type: ignore[union-attr]
        elif name in data:  # the day, month and year boxes share one name
            previous = data[name]
            data[name] = [*(previous if isinstance(previous, list) else [previous]), field.get("value", "")]
        else:
            data[name] = field.get("value", "")
    data.update(changes)
    return data


def save(client, url: str, soup, action: str = "save", **changes: str):  # type: ignore[no-untyped-def]
    return client.post(url, data={**form_data(soup, **changes), "action": action})


def draft_via_form(author_pages, body_extra: str = "A new sentence about reviews.", action: str = "submit"):  # type: ignore[no-untyped-def]
    soup = author_pages.get(EDIT_URL)
    body = soup.find("textarea", {"name": "body_md"}).text + "\n" + body_extra + "\n"
    response = save(author_pages.client, EDIT_URL, soup, action=action, body_md=body)
    assert response.status_code == 303, re.findall(r"error-message.*?</p>", response.get_data(as_text=True), re.S)
    version_id = response.headers["Location"].rsplit("/", 1)[-1]
    from portal.db import db

    db.session.expire_all()
    return publishing.get_version(version_id)


# The edit page ------------------------------------------------------------------------------------


def test_edit_page_has_front_matter_as_fields(author_pages):
    soup = author_pages.get(EDIT_URL)
    assert soup.h1.text.strip() == "Edit Annual reviews of EHC plans"
    assert soup.find("input", {"name": "title"})["value"] == "Annual reviews of EHC plans"
    assert "at least every 12 months" in soup.find("textarea", {"name": "summary"}).text
    assert soup.find("select", {"name": "section"}).find("option", selected=True)["value"] == "plans"
    assert soup.find("input", {"name": "owner_team"})["value"]
    for name in ("audience", "needs"):
        assert soup.find("input", {"name": name, "type": "checkbox"})
    assert soup.find("input", id="next_review_due-day")["name"] == "next_review_due"
    buttons = {b.get("value"): b.text.strip() for b in soup.find_all("button")}
    assert buttons["preview"] == "Preview" and buttons["submit"] == "Save and send for review"
    textarea = soup.find("textarea", {"name": "body_md"})
    assert textarea["data-hx-post"] == EDIT_URL and textarea["data-hx-target"] == "#preview"


def test_preview_without_javascript_shows_the_page_and_saves_nothing(author_pages, db_session):
    soup = author_pages.get(EDIT_URL)
    response = save(author_pages.client, EDIT_URL, soup, action="preview", body_md="## Hello\n\nA **bold** preview.\n")
    assert response.status_code == 200
    from bs4 import BeautifulSoup

    page = BeautifulSoup(response.get_data(as_text=True), "html5lib")
    preview = page.find(id="preview")
    assert preview.find("h2", string="Hello") and preview.find("strong", string="bold")
    assert page.find("h1")  # the whole page
    assert publishing.versions(SLUG) == []


def test_preview_fragment_for_htmx(author_pages):
    soup = author_pages.get(EDIT_URL)
    data = {**form_data(soup, body_md="## Live\n\nTyping shows here.\n"), "action": "preview"}
    response = author_pages.client.post(EDIT_URL, data=data, headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<h1" not in html and "<html" not in html
    assert "Typing shows here." in html and 'id="preview-live"' in html
    assert "HX-Request" in response.headers.get("Vary", "")


MALICIOUS = """## Safe heading

<script>alert('x')</script>

<img src=x onerror=alert(1)>

[click me](javascript:alert(1))

<iframe src="https://evil.example"></iframe>

<p style="position:fixed">styled</p>

![a picture](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)

[data link](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)
"""


def _assert_neutralised(html: str) -> None:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html5lib")
    assert not soup.find("script", string=re.compile("alert")), "script survived"
    assert not soup.find("iframe")
    for tag in soup.find_all(True):
        for attribute, value in tag.attrs.items():
            assert not attribute.startswith("on"), f"event handler survived: {tag}"
            if attribute in ("href", "src"):
                assert not str(value).lower().startswith(("javascript:", "data:")), f"unsafe url: {tag}"
        if tag.find_parent(id="preview") or tag.find_parent("article"):
            assert "style" not in tag.attrs


def test_malicious_markdown_is_neutralised_in_preview(author_pages):
    soup = author_pages.get(EDIT_URL)
    response = save(author_pages.client, EDIT_URL, soup, action="preview", body_md=MALICIOUS)
    _assert_neutralised(response.get_data(as_text=True))
    fragment = author_pages.client.post(EDIT_URL, data={**form_data(soup, body_md=MALICIOUS), "action": "preview"},
                                        headers={"HX-Request": "true"})  # fmt: skip
    _assert_neutralised(fragment.get_data(as_text=True))


def test_malicious_markdown_is_neutralised_when_published(author, reviewer, pages, db_session, fresh_index):
    draft = publishing.save_draft(slug=SLUG, locale="en", fields={"body_md": MALICIOUS}, author=author)
    publishing.submit(draft, actor=author)
    publishing.approve(draft, reviewer=reviewer)
    soup = pages.get(f"/local-offer/{SLUG}", typed_markup=True)  # the raw html is shown as the text it is
    assert soup.find("h2", string="Safe heading")
    _assert_neutralised(str(soup))


def test_images_need_alt_text(author_pages, db_session):
    soup = author_pages.get(EDIT_URL)
    body = soup.find("textarea", {"name": "body_md"}).text + "\n![](/static/images/favicon.svg)\n"
    response = save(author_pages.client, EDIT_URL, soup, body_md=body)
    assert response.status_code == 200
    from bs4 import BeautifulSoup

    page = BeautifulSoup(response.get_data(as_text=True), "html5lib")
    summary = page.find(class_="govuk-error-summary")
    assert "Add alt text to every picture" in summary.text
    assert summary.find("a")["href"] == "#body_md"
    assert page.title.text.startswith("Error:")
    assert publishing.versions(SLUG) == []


def test_a_hash_heading_is_refused(author_pages):
    soup = author_pages.get(EDIT_URL)
    response = save(author_pages.client, EDIT_URL, soup, body_md="# Another title\n\nText.\n")
    assert "Start headings with ##" in response.get_data(as_text=True)


# The workflow -----------------------------------------------------------------------------------


def test_draft_review_publish_by_a_second_person(author_pages, reviewer_pages, author, reviewer, db_session,
                                                 fresh_index):  # fmt: skip
    version = draft_via_form(author_pages, "Zebrafinch reviews happen every spring.")
    assert version.status == VersionStatus.IN_REVIEW.value
    assert version.number == 2  # version 1 is the page as it was
    assert publishing.versions(SLUG)[-1].status == VersionStatus.PUBLISHED.value
    # Not live yet.
    assert "Zebrafinch" not in author_pages.get(f"/local-offer/{SLUG}").text

    # The author cannot approve their own change: no form, and a POST is refused.
    soup = author_pages.get(f"/local-offer/editor/versions/{version.id}/review")
    assert "you cannot approve them" in soup.text
    assert not soup.find("input", {"name": "decision"})
    token = token_from(author_pages.raw(EDIT_URL))
    author_pages.client.post(f"/local-offer/editor/versions/{version.id}/review",
                             data={"decision": "approve", "csrf_token": token})  # fmt: skip
    db_session.expire_all()
    assert publishing.get_version(version.id).status == VersionStatus.IN_REVIEW.value

    # The second editor sees what changed, with words (not only colour) on the changed lines.
    soup = reviewer_pages.get(f"/local-offer/editor/versions/{version.id}/review")
    added = [row for row in soup.find_all("tr") if "Zebrafinch" in row.text]
    assert added and "Added" in added[0].text and added[0].find("ins")
    token = token_from(reviewer_pages.raw(f"/local-offer/editor/versions/{version.id}/review"))
    response = reviewer_pages.client.post(f"/local-offer/editor/versions/{version.id}/review",
                                          data={"decision": "approve", "csrf_token": token})  # fmt: skip
    assert response.status_code == 303
    db_session.expire_all()
    assert publishing.get_version(version.id).status == VersionStatus.PUBLISHED.value
    public = reviewer_pages.get(f"/local-offer/{SLUG}")
    assert "Zebrafinch reviews happen every spring." in public.text
    assert f"Last checked: {dt.date.today().day}" in normalize_spaces(public.text)
    # Found by search at once, through the service and on the search page.
    hits = search.search(search.SearchParams(q="zebrafinch"), record_gaps=False).hits
    assert [h.slug for h in hits] == [SLUG]
    assert reviewer_pages.get("/search?q=zebrafinch").find("a", href=f"/local-offer/{SLUG}")
    actions = set(db_session.scalars(select(AuditEvent.action).where(AuditEvent.object_id == version.id)))
    assert {"publishing.submitted", "publishing.published"} <= actions


def test_send_back_with_comments_then_resubmit(author_pages, reviewer_pages, db_session):
    version = draft_via_form(author_pages)
    token = token_from(reviewer_pages.raw(f"/local-offer/editor/versions/{version.id}/review"))
    url = f"/local-offer/editor/versions/{version.id}/review"
    response = reviewer_pages.client.post(url, data={"decision": "send_back", "comment": "", "csrf_token": token})
    assert response.status_code == 200 and "Say what needs to change" in response.get_data(as_text=True)
    response = reviewer_pages.client.post(url, data={"decision": "send_back", "comment": "Explain AR.",
                                                     "csrf_token": token})  # fmt: skip
    assert response.status_code == 303
    db_session.expire_all()
    assert publishing.get_version(version.id).status == VersionStatus.SENT_BACK.value
    soup = author_pages.get(EDIT_URL)
    assert "Explain AR." in soup.text
    # The comment with characters html escapes, on each page that shows it: as typed, never as entities (issue 15).
    db_session.expire_all()
    publishing.get_version(version.id).review_comment = 'Say "EHC" & explain it.'
    db_session.flush()
    for page in (author_pages.get(EDIT_URL), reviewer_pages.get(f"/local-offer/editor/versions/{version.id}")):
        assert 'Say "EHC" & explain it.' in page.get_text(), "the comment is shown as typed"
    again = draft_via_form(author_pages, "AR means annual review.")
    assert again.id == version.id and again.status == VersionStatus.IN_REVIEW.value


def test_service_rules(author, reviewer, db_session, fresh_index):
    draft = publishing.save_draft(slug=SLUG, locale="en", fields={"title": "Annual reviews"}, author=author)
    with pytest.raises(publishing.PublishingError):
        publishing.approve(draft, reviewer=reviewer)  # not in review yet
    publishing.submit(draft, actor=author)
    with pytest.raises(publishing.PublishingError):
        publishing.save_draft(slug=SLUG, locale="en", fields={"title": "Changed in review"}, author=author)
    with pytest.raises(publishing.SelfApproval):
        publishing.approve(draft, reviewer=author)
    publishing.approve(draft, reviewer=reviewer)
    assert publishing.live_page(SLUG).title == "Annual reviews"
    statuses = [v.status for v in publishing.versions(SLUG)]
    assert statuses == [VersionStatus.PUBLISHED.value, VersionStatus.SUPERSEDED.value]


def test_anyone_who_wrote_part_of_a_version_cannot_approve_it(author, reviewer, db_session, fresh_index):
    from portal.auth.models import Role
    from tests.local_offer.conftest import make

    third = make("third@example.com", Role.ADMIN)
    draft = publishing.save_draft(slug=SLUG, locale="en", fields={"title": "First words"}, author=author)
    publishing.save_draft(slug=SLUG, locale="en", fields={"summary": "Then another editor's words."}, author=reviewer)
    publishing.submit(draft, actor=reviewer)
    for person in (author, reviewer):
        with pytest.raises(publishing.SelfApproval):
            publishing.approve(draft, reviewer=person)
    publishing.approve(draft, reviewer=third)
    assert draft.status == VersionStatus.PUBLISHED.value


def test_scheduled_publishing(author, reviewer, app, db_session, fresh_index):
    draft = publishing.save_draft(slug=SLUG, locale="en", fields={"summary": "Scheduled summary."}, author=author)
    publishing.submit(draft, actor=author)
    now = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)
    publishing.approve(draft, reviewer=reviewer, publish_at=now + dt.timedelta(hours=2), now=now)
    assert draft.status == VersionStatus.SCHEDULED.value
    assert publishing.live_page(SLUG).summary != "Scheduled summary."
    assert publishing.publish_due(now + dt.timedelta(hours=1)) == []
    assert publishing.publish_due(now + dt.timedelta(hours=3)) == [draft]
    assert publishing.live_page(SLUG).summary == "Scheduled summary."
    assert publishing.publish_due(now + dt.timedelta(hours=4)) == []  # idempotent


def test_publish_due_command(author, reviewer, app, db_session):
    draft = publishing.save_draft(slug=SLUG, locale="en", fields={"summary": "Due by command."}, author=author)
    publishing.submit(draft, actor=author)
    publishing.approve(draft, reviewer=reviewer, publish_at=publishing.utcnow() + dt.timedelta(days=2))
    db_session.flush()
    result = app.test_cli_runner().invoke(args=["content-admin", "publish-due"])
    assert result.exit_code == 0 and "0 scheduled pages published." in result.output


def test_schedule_through_the_review_form(author_pages, reviewer_pages, db_session):
    version = draft_via_form(author_pages)
    url = f"/local-offer/editor/versions/{version.id}/review"
    token = token_from(reviewer_pages.raw(url))
    day = dt.date.today() + dt.timedelta(days=3)
    data = {"decision": "approve", "publish_date": [str(day.day), str(day.month), str(day.year)],
            "publish_time": "07:30", "csrf_token": token}  # fmt: skip
    assert reviewer_pages.client.post(url, data=data).status_code == 303
    db_session.expire_all()
    scheduled = publishing.get_version(version.id)
    assert scheduled.status == VersionStatus.SCHEDULED.value
    assert publishing._aware(scheduled.publish_at).astimezone(dt.UTC).minute == 30
    soup = author_pages.get("/local-offer/editor/")
    assert soup.find("a", href=f"/local-offer/editor/versions/{version.id}")


def test_unpublish_and_restore(author_pages, author, reviewer, pages, db_session, fresh_index):
    soup = author_pages.get(f"/local-offer/editor/pages/{SLUG}/en/unpublish")
    assert soup.h1.text.startswith("Unpublish")
    token = token_from(soup.response)
    response = author_pages.client.post(f"/local-offer/editor/pages/{SLUG}/en/unpublish", data={"csrf_token": token})
    assert response.status_code == 303
    pages.get(f"/local-offer/{SLUG}", status=404)
    old = publishing.versions(SLUG)[-1]
    assert old.status == VersionStatus.WITHDRAWN.value
    # Restore makes a new draft from the old version; it goes live only after review.
    token = token_from(author_pages.raw(f"/local-offer/editor/versions/{old.id}"))
    response = author_pages.client.post(f"/local-offer/editor/versions/{old.id}/restore", data={"csrf_token": token})
    assert response.status_code == 303 and response.headers["Location"].endswith(EDIT_URL)
    draft = publishing.open_version(SLUG)
    assert draft.number == 2 and draft.based_on == 1 and draft.body_md == old.body_md
    assert draft.note == "Restored from version 1"
    with pytest.raises(publishing.OpenDraftExists):
        publishing.restore(old, actor=author)
    publishing.submit(draft, actor=author)
    publishing.approve(draft, reviewer=reviewer)
    assert pages.get(f"/local-offer/{SLUG}").h1.text.strip() == "Annual reviews of EHC plans"


def test_diff_between_any_two_versions(author, author_pages, db_session):
    first = publishing.save_draft(slug=SLUG, locale="en", fields={"title": "Annual reviews: the basics",
                                  "body_md": "## One\n\nKeep me.\n\nRemove me.\n"}, author=author)  # fmt: skip
    diff = publishing.diff(publishing.versions(SLUG)[-1], first)
    assert [f.name for f in diff.fields] == ["title"]
    kinds = {(line.kind, line.text) for line in diff.lines}
    assert ("added", "Remove me.") in kinds and ("added", "Keep me.") in kinds
    soup = author_pages.get(f"/local-offer/editor/pages/{SLUG}/en/compare?old=1&new=2")
    rows = {normalize_spaces(r.text) for r in soup.find_all("tr")}
    assert any(r.startswith("Title") and "Annual reviews: the basics" in r for r in rows)
    assert any(r == "Added Keep me." for r in rows)
    assert soup.find("del") and soup.find("ins")
    author_pages.get(f"/local-offer/editor/pages/{SLUG}/en/compare?old=1&new=9", status=404)
    history = author_pages.get(f"/local-offer/editor/pages/{SLUG}/en/history")
    assert history.find("select", {"name": "old"}) and len(history.find("tbody").find_all("tr")) == 2


def test_line_diff_folds_long_unchanged_stretches():
    old = "\n".join(f"line {i}" for i in range(20))
    new = old.replace("line 10", "line ten")
    lines = publishing.line_diff(old, new)
    assert [line.kind for line in lines].count("skipped") == 2
    assert ("removed", "line 10") in [(line.kind, line.text) for line in lines]
    assert ("added", "line ten") in [(line.kind, line.text) for line in lines]


def test_welsh_translation_side_by_side(author_pages, author, reviewer, pages, db_session, fresh_index):
    soup = author_pages.get(f"/local-offer/editor/pages/{SLUG}/cy")
    english = soup.find("h2", string="The English page").find_parent("div")
    assert english.find(attrs={"lang": "en"})
    assert soup.find("input", {"name": "title"})["lang"] == "cy"
    assert not soup.find("select", {"name": "section"})  # only the words are translated
    data = {**form_data(soup, title="Adolygiadau blynyddol newydd"), "action": "submit"}
    response = author_pages.client.post(f"/local-offer/editor/pages/{SLUG}/cy", data=data)
    assert response.status_code == 303
    draft = publishing.open_version(SLUG, "cy")
    assert draft.section == publishing.live_page(SLUG).section
    publishing.approve(draft, reviewer=reviewer)
    page = pages.get(f"/local-offer/{SLUG}?lang=cy")
    assert page.h1.text.strip() == "Adolygiadau blynyddol newydd"


def test_the_index_is_put_back_without_what_the_test_published(app, author_pages, author, reviewer, db_session):
    from portal.search.services import search_index
    from tests.conftest import rebuild_index_outside_the_test

    soup = author_pages.get(f"/local-offer/editor/pages/{SLUG}/cy")
    data = {**form_data(soup, title="Adolygiadau blynyddol"), "action": "submit"}
    assert author_pages.client.post(f"/local-offer/editor/pages/{SLUG}/cy", data=data).status_code == 303
    publishing.approve(publishing.open_version(SLUG, "cy"), reviewer=reviewer)

    def indexed() -> bool:
        # Read the index as it stands (a search would first rebuild it from this test's newer content version).
        index = search_index()
        index.reload()
        return index.searcher().document(doc_id=f"page:cy:standard:{SLUG}") is not None

    assert indexed()  # published inside the test's transaction
    rebuild_index_outside_the_test(app)  # what fresh_index does when the test ends, before the rollback
    assert not indexed()


def test_editor_home_lists_pages_and_states(author_pages, author, db_session):
    publishing.save_draft(slug=SLUG, locale="en", fields={"title": "Draft title"}, author=author)
    soup = author_pages.get("/local-offer/editor/")
    row = soup.find("a", href=EDIT_URL).find_parent("tr")
    assert "Draft" in row.text
    assert soup.find("a", href="/local-offer/editor/review")


def test_review_queue(author_pages, reviewer_pages, db_session):
    version = draft_via_form(author_pages)
    mine = author_pages.get("/local-offer/editor/review")
    assert "another editor must review it" in mine.text
    assert not mine.find("a", href=f"/local-offer/editor/versions/{version.id}/review")
    theirs = reviewer_pages.get("/local-offer/editor/review")
    assert theirs.find("a", href=f"/local-offer/editor/versions/{version.id}/review")


def test_unknown_things_are_404(author_pages):
    author_pages.get("/local-offer/editor/pages/no-such-page/en", status=404)
    author_pages.get(f"/local-offer/editor/pages/{SLUG}/fr", status=404)
    author_pages.get("/local-offer/editor/versions/nope", status=404)


def test_officers_home_links_to_publishing(author_pages):
    soup = author_pages.get("/officers")
    assert soup.find("a", href="/local-offer/editor/")


def test_every_version_is_kept(author, reviewer, db_session, fresh_index):
    for n in range(3):
        draft = publishing.save_draft(slug=SLUG, locale="en", fields={"summary": f"Summary {n}."}, author=author)
        publishing.submit(draft, actor=author)
        publishing.approve(draft, reviewer=reviewer)
    rows = db_session.scalars(select(PageVersion).where(PageVersion.slug == SLUG).order_by(PageVersion.number))
    assert [(v.number, v.summary) for v in rows][1:] == [(2, "Summary 0."), (3, "Summary 1."), (4, "Summary 2.")]
