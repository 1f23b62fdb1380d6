"""Page feedback: the links on cached pages, the form (full page, htmx fragment, no-JS), masking, officers."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.auth import services as auth
from portal.auth.models import AuditEvent, Role
from portal.feedback import services
from portal.feedback.models import PageFeedback
from tests.pages import normalize_spaces, token_from

PAGE = "/local-offer/annual-review"


def sign_in(client, email, roles):
    auth.create_user(email=email, password="correct horse battery", roles=roles, verified=True)
    token = token_from(client.get("/account/sign-in"))
    client.post("/account/sign-in", data={"email": email, "password": "correct horse battery", "csrf_token": token})


def stored(db_session):
    return list(db_session.scalars(select(PageFeedback).order_by(PageFeedback.created_at)))


def test_local_offer_page_has_plain_links_and_no_form(pages):
    soup = pages.get(PAGE)
    box = soup.find(id="page-feedback")
    assert box is not None
    assert box.find("form") is None, "a form would need a CSRF token and a cookie on a cached page"
    hrefs = [a["href"] for a in box.find_all("a")]
    assert "/feedback/page?path=/local-offer/annual-review&useful=yes" in hrefs
    assert "/feedback/page?path=/local-offer/annual-review&useful=no" in hrefs
    assert "/feedback/page?path=/local-offer/annual-review" in hrefs
    for link in box.find_all("a"):
        assert link["data-hx-get"] == link["href"] and link["data-hx-target"] == "#page-feedback-form"
    assert "Set-Cookie" not in soup.response.headers


def test_service_listing_has_the_links(pages, client):
    directory = pages.get("/local-offer/services?category=education")
    href = directory.select_one("#search-results h3 a")["href"]
    soup = pages.get(href)
    assert soup.find(id="page-feedback").find("a", string="Report a problem with this page")


def test_problem_form_full_page(pages):
    soup = pages.get(f"/feedback/page?path={PAGE}")
    assert normalize_spaces(soup.h1.text) == "Report a problem with this page"
    form = soup.find("form", method="post")
    assert form.find("input", {"name": "path"})["value"] == PAGE
    assert form.find("textarea", {"name": "doing"}) and form.find("textarea", {"name": "comment"})
    assert len(form.find_all("input", {"name": "theme"})) == 4
    assert "Do not include personal details" in soup.find(class_="govuk-warning-text").text
    honeypot = form.find("input", {"name": "website"})
    assert "govuk-!-display-none" in honeypot.find_parent("div", attrs={"aria-hidden": "true"})["class"]


def test_form_as_htmx_fragment(htmx_pages):
    soup = htmx_pages.get(f"/feedback/page?path={PAGE}&useful=no")
    assert soup.find("h1") is None and soup.find("title") is None
    assert normalize_spaces(soup.find("h2").text) == "Tell us how we could make this page better"
    form = soup.find("form")
    assert form["data-hx-post"] == "/feedback/page" and form["data-hx-target"] == "#page-feedback-form"
    assert soup.response.headers["Vary"] == "HX-Request" or "HX-Request" in soup.response.headers["Vary"]


def test_yes_form_is_one_optional_box(pages):
    soup = pages.get(f"/feedback/page?path={PAGE}&useful=yes")
    form = soup.find("form", method="post")
    assert form.find("input", {"name": "useful"})["value"] == "yes"
    assert form.find("textarea", {"name": "doing"}) is None
    assert form.find("input", {"name": "theme"}) is None


@pytest.mark.parametrize("path", ["https://evil.example/x", "//evil.example/x", "local-offer", "/\\evil", ""])
def test_only_same_site_paths(pages, path):
    pages.get(f"/feedback/page?path={path}", status=404)


def _post(client, useful="", **data):
    page = client.get(f"/feedback/page?path={PAGE}&useful={useful}")
    token = token_from(page)
    form = {"csrf_token": token, "path": PAGE, "useful": useful, "key": "", **data}
    return client.post("/feedback/page", data=form)


def test_no_js_problem_report_returns_to_the_page(client, db_session, pages):
    response = _post(client, theme="content", doing="Looking for dates",
                     comment="Email me at jo@example.com or 07700 900123. My son is called Tom.")  # fmt: skip
    assert response.status_code == 303
    assert response.headers["Location"] == f"{PAGE}?feedback=thanks#page-feedback"
    item = stored(db_session)[-1]
    assert item.useful is None and item.theme == "content"
    assert "jo@example.com" not in item.comment and "07700" not in item.comment and "Tom" not in item.comment
    assert "[email]" in item.comment and "[name]" in item.comment
    soup = pages.get(f"{PAGE}?feedback=thanks")
    assert "Thank you for your feedback" in soup.find(id="page-feedback").text


def test_yes_is_recorded_on_post_only(client, db_session):
    before = len(stored(db_session))
    client.get(f"/feedback/page?path={PAGE}&useful=yes")
    assert len(stored(db_session)) == before
    assert _post(client, useful="yes").status_code == 303
    assert stored(db_session)[-1].useful is True


def test_htmx_post_thanks_in_place(client, db_session):
    page = client.get(f"/feedback/page?path={PAGE}&useful=no")
    response = client.post("/feedback/page", headers={"HX-Request": "true"},
                           data={"csrf_token": token_from(page), "path": PAGE, "useful": "no", "comment": "Too long"})  # fmt: skip
    assert response.status_code == 200
    assert "Thank you for your feedback" in response.get_data(as_text=True)
    assert "<html" not in response.get_data(as_text=True)
    assert stored(db_session)[-1].useful is False


def test_empty_problem_report_shows_error(client, pages):
    page = client.get(f"/feedback/page?path={PAGE}")
    response = client.post("/feedback/page", data={"csrf_token": token_from(page), "path": PAGE, "useful": ""})
    assert response.status_code == 200
    assert "Tell us what went wrong" in response.get_data(as_text=True)
    assert "Error:" in response.get_data(as_text=True)


def test_honeypot_stores_nothing(client, db_session):
    before = len(stored(db_session))
    assert _post(client, comment="Buy cheap things", website="http://spam.example").status_code == 303
    assert len(stored(db_session)) == before


def test_same_key_twice_stores_once(client, db_session):
    before = len(stored(db_session))
    page = client.get(f"/feedback/page?path={PAGE}&useful=no")
    data = {"csrf_token": token_from(page), "path": PAGE, "useful": "no", "key": "abc123", "comment": "Confusing"}
    client.post("/feedback/page", data=data)
    client.post("/feedback/page", data=data)
    assert len(stored(db_session)) == before + 1


def test_risky_words_go_to_safeguarding(client, db_session):
    from portal.safeguarding.services import is_flagged

    _post(client, useful="no", comment="my dad hits me and i want to kill myself")
    item = stored(db_session)[-1]
    assert is_flagged("page_feedback", item.id)
    assert item.id not in {c.ref for c in services.candidates(50)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("my son is called Tom and he is 7", "my son is called [name] and he is 7"),
        ("My daughter's name is amy", "My daughter's name is [name]"),
        ("our child, Sam, needs help", "our child, [name], needs help"),
        ("my son has autism", "my son has autism"),
        ("ring 01632 960 001", "ring [number]"),
        ("write to a.b@example.org please", "write to [email] please"),
    ],
)
def test_masking(text, expected):
    assert services.mask(text) == expected


def test_officer_screen_by_page_theme_and_actioned(client, db_session):
    first = services.record(path=PAGE, useful=False, theme="accessibility", doing=None, comment="Hard to read",
                            locale="en", idempotency_key=None)  # fmt: skip
    services.record(path="/local-offer/transport", useful=True, theme=None, doing=None, comment=None, locale="en",
                    idempotency_key=None)  # fmt: skip
    db_session.flush()
    sign_in(client, "editor@example.com", [Role.EDITOR])
    from tests.pages import PageClient

    officer = PageClient(client)
    soup = officer.get("/officers/page-feedback")
    assert normalize_spaces(soup.h1.text) == "Page feedback"
    assert soup.find("a", string=PAGE)
    assert soup.find(id=f"item-{first.id}")
    theme_page = officer.get("/officers/page-feedback?theme=accessibility")
    assert theme_page.find(id=f"item-{first.id}")
    token = token_from(soup.response)
    response = client.post(
        f"/officers/page-feedback/{first.id}/actioned", data={"csrf_token": token, "actioned": "yes"}
    )
    assert response.status_code == 303
    db_session.expire_all()
    assert db_session.get(PageFeedback, first.id).status == "actioned"
    assert db_session.scalar(select(AuditEvent).where(AuditEvent.action == "page_feedback.actioned",
                                                       AuditEvent.object_id == first.id))  # fmt: skip
    assert services.totals()["open"] >= 0


def test_families_cannot_see_the_officer_screen(client, db_session):
    sign_in(client, "parent@example.com", [Role.PARENT])
    assert client.get("/officers/page-feedback").status_code == 403


def test_link_to_you_said_we_did(client, db_session):
    from portal.surveys import yousaid

    editor = auth.create_user(email="p@example.com", password="correct horse battery", roles=[Role.PARTICIPATION],
                              verified=True)  # fmt: skip
    entry = yousaid.create_entry(user=editor, year=2026, title="Clearer pages", you_said="Pages were hard to read",
                                 we_did="We rewrote them")  # fmt: skip
    item = services.record(path=PAGE, useful=False, theme="accessibility", doing=None, comment="Too hard",
                           locale="en", idempotency_key=None)  # fmt: skip
    db_session.flush()
    token = token_from(client.get("/account/sign-in"))
    client.post(
        "/account/sign-in", data={"email": "p@example.com", "password": "correct horse battery", "csrf_token": token}
    )
    page = client.get("/officers/page-feedback")
    response = client.post(f"/officers/page-feedback/{item.id}/link",
                           data={"csrf_token": token_from(page), "entry": entry.id})  # fmt: skip
    assert response.status_code == 303
    assert [e.id for e in yousaid.entries_linked_to("page_feedback", item.id)] == [entry.id]


def test_htmx_post_with_errors_returns_the_form_fragment_with_its_errors(client):
    page = client.get(f"/feedback/page?path={PAGE}")
    response = client.post("/feedback/page", headers={"HX-Request": "true"},
                           data={"csrf_token": token_from(page), "path": PAGE, "useful": ""})  # fmt: skip
    assert response.status_code == 200
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(response.get_data(as_text=True), "html5lib")
    assert soup.find("title") is None
    summary = soup.find(class_="govuk-error-summary")
    assert summary and summary.find("a", href="#comment").text.strip() == "Tell us what went wrong"


RISKY = "my son said he wants to kill himself and I do not know what to do"


def test_flagged_words_no_js_get_a_thank_you_page_with_urgent_help(db_session, pages):
    response = _post(pages.client, theme="content", comment=RISKY)
    assert response.status_code == 303
    location = response.headers["Location"]
    assert location.startswith("/feedback/page/thanks")
    soup = pages.get(location)
    assert soup.select_one("#urgent-help-panel") and soup.find("a", href=PAGE)
    assert pages.get(location).select_one("#urgent-help-panel") is None, "shown once"


def test_flagged_words_htmx_get_urgent_help_in_place(client, db_session):
    page = client.get(f"/feedback/page?path={PAGE}&useful=no")
    response = client.post("/feedback/page", headers={"HX-Request": "true"},
                           data={"csrf_token": token_from(page), "path": PAGE, "useful": "no", "comment": RISKY})  # fmt: skip
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in body
    assert 'id="urgent-help-panel"' in body


def test_thanks_page_full_and_unknown_path(pages):
    soup = pages.get(f"/feedback/page/thanks?path={PAGE}")
    assert soup.select_one("#urgent-help-panel") is None and soup.find("a", href=PAGE)
    pages.get("/feedback/page/thanks?path=https://example.com/", status=404)
