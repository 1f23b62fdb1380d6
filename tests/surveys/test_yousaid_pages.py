"""You said, we did: officers create entries from feedback, link, exclude, update; the public page and summary."""

from __future__ import annotations

import csv
import io

from sqlalchemy import select

from portal.auth.models import AuditEvent
from portal.surveys import yousaid
from portal.surveys.yousaid_models import YouSaidEntry
from tests.pages import token_from
from tests.surveys.helpers import full_survey, lead, post, sign_in
from tests.surveys.test_results import respond


def _entry_form(**extra):
    return {"title": "Clearer transport pages", "title_cy": "Tudalennau trafnidiaeth cliriach",
            "you_said": "The transport pages are out of date.", "you_said_cy": "Mae'r tudalennau'n hen.",
            "we_did": "We will rewrite them with the parent carer forum.", "we_did_cy": "Byddwn yn eu hailysgrifennu.",
            "owner": "Local Offer team", "due_date": ["31", "3", "2027"], "year": "2026", "theme": "Transport",
            **extra}  # fmt: skip


def test_entry_from_a_survey_question_to_the_public_page(pages, db_session, monkeypatch):
    from portal.surveys import results

    monkeypatch.setattr(results, "SMALL_NUMBER", 1)  # two answers here; small numbers: test_small_numbers.py
    user = lead(db_session)
    survey = full_survey(user)
    respond(survey, q3="2")
    respond(survey, q3="4")
    client = pages.client
    sign_in(client, "lead@example.com")
    question = survey.questions[2]
    soup = pages.get(f"/officers/you-said-we-did/new?kind=survey_question&ref={question.id}")
    assert "Average rating 3.0 out of 5 from 2 answers." in soup.find("textarea", {"name": "you_said"}).text
    response = post(client, f"/officers/you-said-we-did/new?kind=survey_question&ref={question.id}",
                    _entry_form(kind="survey_question", ref=question.id))  # fmt: skip
    assert response.status_code == 303
    entry = db_session.scalar(select(YouSaidEntry).where(YouSaidEntry.title == "Clearer transport pages"))
    assert [(link.kind, link.ref) for link in entry.links] == [("survey_question", question.id)]
    assert yousaid.entries_linked_to("survey_question", question.id) == [entry]
    detail = response.headers["Location"]
    soup = pages.get(detail)
    assert soup.h1.text.strip() == "Clearer transport pages"
    # Not public until published.
    assert "Clearer transport pages" not in pages.get("/you-said-we-did").text
    response = client.post(
        f"{detail}/publish", data={"action": "publish", "csrf_token": token_from(client.get(detail))}
    )
    assert response.status_code == 303
    response = client.post(
        f"{detail}/progress", data={"status": "in_progress", "note": "First drafts are with the forum.",
                                    "csrf_token": token_from(client.get(detail))})  # fmt: skip
    assert response.status_code == 303
    soup = pages.get("/you-said-we-did")
    assert soup.h1.text.startswith("You said, we did")
    card = soup.find(id=f"entry-{entry.id}")
    assert "In progress" in card.text and "First drafts are with the forum." in card.text
    assert soup.find("h2", string="Transport")
    client.get("/?lang=cy")
    soup = pages.get("/you-said-we-did")
    assert "Tudalennau trafnidiaeth cliriach" in soup.find(id=f"entry-{entry.id}").text
    actions = set(db_session.scalars(select(AuditEvent.action).where(AuditEvent.object_id == entry.id)))
    assert {"yousaid.create", "yousaid.link", "yousaid.publish", "yousaid.progress"} <= actions


def test_not_doing_needs_a_reason_and_shows_it(pages, db_session):
    user = lead(db_session)
    entry = yousaid.create_entry(user=user, title="Open on Sundays", you_said="Open on Sundays", we_did="No",
                                 owner="SEND team", year=2026, theme="Opening hours")  # fmt: skip
    yousaid.set_published(entry, user=user, published=True)
    sign_in(pages.client, "lead@example.com")
    url = f"/officers/you-said-we-did/{entry.id}/progress"
    token = token_from(pages.client.get(f"/officers/you-said-we-did/{entry.id}"))
    response = pages.client.post(url, data={"status": "not_doing", "note": "", "csrf_token": token})
    assert response.status_code == 200 and "Enter a progress update" in response.get_data(as_text=True)
    yousaid.add_update(entry, user=user, status="not_doing", note="We do not have the staff for Sundays.")
    card = pages.get("/you-said-we-did").find(id=f"entry-{entry.id}")
    assert "Not doing" in card.text and "We do not have the staff for Sundays." in card.text


def test_excluding_a_comment_needs_a_reason(pages, db_session):
    user = lead(db_session)
    survey = full_survey(user)
    respond(survey)
    entry = yousaid.create_entry(user=user, title="T", you_said="x", we_did="y", owner="o", year=2026, theme="t")
    yousaid.link_source(entry.id, "survey_question", survey.questions[0].id, user)
    link = entry.links[0]
    sign_in(pages.client, "lead@example.com")
    url = f"/officers/you-said-we-did/{entry.id}/links/{link.id}/exclude"
    soup = pages.get(url)
    assert soup.h1.text.strip() == "Leave this comment out" and "(verify" in soup.text
    prefix = f"x{link.id[:8]}"
    response = pages.client.post(
        url, data={"csrf_token": token_from(pages.client.get(url)), f"{prefix}-reason": "own_case"}
    )
    assert response.status_code == 200 and "Enter the reason" in response.get_data(as_text=True)
    response = pages.client.post(url, data={"csrf_token": token_from(pages.client.get(url)), f"{prefix}-reason": "own_case",
                                            f"{prefix}-note": "About one child's transport."})  # fmt: skip
    assert response.status_code == 303
    db_session.refresh(link)
    assert link.excluded and link.exclusion_reason == "own_case"
    assert yousaid.entries_linked_to("survey_question", survey.questions[0].id) == []


def test_sources_page_shows_what_led_to_change(pages, db_session):
    user = lead(db_session)
    survey = full_survey(user)
    respond(survey)
    entry = yousaid.create_entry(user=user, title="Better ratings", you_said="x", we_did="y", owner="o", year=2026,
                                 theme="t")  # fmt: skip
    yousaid.link_source(entry.id, "survey_question", survey.questions[2].id, user)
    yousaid.add_update(entry, user=user, status="done", note="Done")
    sign_in(pages.client, "lead@example.com")
    soup = pages.get("/officers/you-said-we-did/sources")
    rows = [r for r in soup.find_all("tr") if "How easy was it to find?" in r.text]
    assert rows and "Led to change" in rows[0].text and "Better ratings" in rows[0].text
    open_rows = [r for r in soup.find_all("tr") if "Would you recommend it?" in r.text]
    assert "Still open" in open_rows[0].text


def test_yearly_summary_as_page_download_and_csv(pages, db_session):
    user = lead(db_session)
    entry = yousaid.create_entry(user=user, title="=Clear words", you_said="Too much jargon", we_did="Plain English",
                                 owner="Local Offer team", year=2025, theme="Information")  # fmt: skip
    yousaid.set_published(entry, user=user, published=True)
    soup = pages.get("/you-said-we-did/2025/summary")
    assert soup.h1.text.strip() == "You said, we did 2025" and "Too much jargon" in soup.text
    download = pages.client.get("/you-said-we-did/2025/summary?download=1")
    assert "attachment" in download.headers["Content-Disposition"] and b"<style>" in download.data
    rows = list(csv.reader(io.StringIO(pages.client.get("/you-said-we-did/2025/summary.csv").get_data(as_text=True))))
    assert rows[1][2] == "'=Clear words" and rows[1][7] == "Planned"
    assert pages.client.get("/you-said-we-did/1999/summary").status_code == 404


def test_every_local_offer_page_links_to_you_said_we_did(pages, db_session):
    soup = pages.get("/local-offer/annual-review")
    link = soup.find("a", href="/you-said-we-did")
    assert link is not None
