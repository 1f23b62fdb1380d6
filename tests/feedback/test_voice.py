"""The young person's space: one question a page, the emoji scale, "All about me", and "I don't feel safe"."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from portal.auth import family
from portal.auth import services as auth
from portal.auth.models import Role
from portal.feedback import voice
from portal.feedback.voice_models import AllAboutMe, VoiceSubmission
from portal.safeguarding.models import SafeguardingFlag
from tests.pages import normalize_spaces, token_from

PASSWORD = "correct horse battery"
YOUNG_PAGES = [
    "/young-people",
    "/young-people/feel",
    "/young-people/what-would-help",
    "/young-people/tell-us-more",
    "/young-people/thank-you",
    "/young-people/all-about-me",
    "/young-people/all-about-me/step/1",
    "/young-people/all-about-me/step/6",
    "/young-people/all-about-me/check",
]


def make(email, *roles):
    return auth.create_user(email=email, password=PASSWORD, roles=list(roles) or None, verified=True)


def sign_in(client, email):
    token = token_from(client.get("/account/sign-in"))
    client.post("/account/sign-in", data={"email": email, "password": PASSWORD, "csrf_token": token})


def flags(db_session, source):
    return db_session.scalars(select(SafeguardingFlag).where(SafeguardingFlag.source == source)).all()


def post(client, path, data):
    token = token_from(client.get(path))
    return client.post(path, data={**data, "csrf_token": token})


# Every page -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", YOUNG_PAGES)
def test_every_page_has_the_unsafe_button_and_hidden_read_aloud(pages, path):
    soup = pages.get(path)
    form = soup.find("form", action="/young-people/not-safe")
    assert form is not None and form["method"] == "post"
    assert form.find("input", {"name": "csrf_token"})
    assert normalize_spaces(form.find("button").text) == "I don't feel safe"
    assert soup.find("a", href="/young-people/get-help-now"), "help is a plain link too"
    read_aloud = soup.select_one("[data-portal-read-aloud]")
    assert read_aloud.has_attr("hidden"), "hidden until voice.js finds speech in the browser"
    assert read_aloud.find("button", type="button").get("data-read-target") == "voice-text"
    script = soup.find("script", src=re.compile(r"/static/js/voice\.js"))
    assert script is not None and script.has_attr("defer")
    assert not soup.find(attrs={"onclick": True})


def test_start_page_offers_both_journeys(pages):
    soup = pages.get("/young-people")
    assert soup.h1.text.strip() == "Your space"
    assert soup.find("a", href="/young-people/feel")
    assert soup.find("a", href="/young-people/all-about-me")
    assert "Childline on 0800 1111" in normalize_spaces(soup.text)


# "I don't feel safe" -----------------------------------------------------------------------------------------


def test_unsafe_button_works_without_javascript_and_raises_an_alert(pages, db_session):
    client = pages.client
    token = token_from(client.get("/young-people/feel"))
    response = client.post("/young-people/not-safe", data={"csrf_token": token, "page": "/young-people/feel"})
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/young-people/get-help-now")
    [found] = flags(db_session, "voice_unsafe")
    assert found.source_id is None and "/young-people/feel" in found.text and found.status == "new"
    assert found.due_by is not None
    soup = pages.get("/young-people/get-help-now")
    text = normalize_spaces(soup.text)
    assert soup.select_one("#unsafe-told")
    assert "We do not know who you are" in text
    for needed in ("999", "0800 1111", "85258", "0808 800 5000", "01632 960300", "01632 960399"):
        assert needed in text, needed
    # The "told" banner shows once, after the alert only.
    assert not pages.get("/young-people/get-help-now").select_one("#unsafe-told")


def test_unsafe_button_signed_in_tells_the_lead_who(pages, db_session):
    young = make("casey@example.com", Role.YOUNG_PERSON)
    sign_in(pages.client, "casey@example.com")
    token = token_from(pages.client.get("/young-people"))
    pages.client.post("/young-people/not-safe", data={"page": "/young-people", "csrf_token": token})
    [found] = flags(db_session, "voice_unsafe")
    assert found.source_id == young.id
    from portal.feedback.safeguarding import who_raised

    assert ("email", "casey@example.com") in who_raised(found)


def test_unsafe_button_needs_csrf(client, db_session):
    assert client.post("/young-people/not-safe", data={}).status_code == 400
    assert flags(db_session, "voice_unsafe") == []


def test_help_page_works_by_get_alone(pages, db_session):
    soup = pages.get("/young-people/get-help-now")
    assert soup.h1.text.strip() == "Get help now"
    assert not soup.select_one("#unsafe-told")
    assert flags(db_session, "voice_unsafe") == []


@pytest.fixture()
def limited_app(tmp_path):
    """An app of its own with rate limits on. The limiter is shared, so it is switched back off afterwards."""
    from portal.extensions import limiter
    from tests.conftest import build_app, load_everything

    was_enabled = limiter.enabled
    app = build_app(tmp_path, sqlite_only=True, RATELIMIT_ENABLED=True)
    app.config["RATELIMIT_ENABLED"] = True
    load_everything(app)
    try:
        yield app
    finally:
        limiter.enabled = was_enabled


def test_unsafe_button_when_rate_limited_still_shows_help(limited_app):
    app = limited_app
    client = app.test_client()
    token = token_from(client.get("/young-people"))
    answers = [client.post("/young-people/not-safe", data={"csrf_token": token}) for _ in range(7)]
    assert [r.status_code for r in answers] == [303] * 7
    assert all(r.headers["Location"].endswith("/young-people/get-help-now") for r in answers)
    with app.app_context():
        from portal.db import db

        count = db.session.scalar(select(func.count()).select_from(SafeguardingFlag))
    assert count == 5, "alerts stop at the limit; the help does not"


# How you feel about school -----------------------------------------------------------------------------------


def test_emoji_scale_is_five_real_radios_with_words(pages):
    soup = pages.get("/young-people/feel")
    legend = soup.select_one("legend h1")
    assert legend and legend.text.strip() == "How do you feel about school?"
    radios = soup.select('input[type=radio][name="feeling"]')
    assert [r["value"] for r in radios] == ["5", "4", "3", "2", "1"]
    labels = [normalize_spaces(soup.find("label", attrs={"for": r["id"]}).text) for r in radios]
    assert labels == ["Very happy", "Happy", "OK", "Sad", "Very sad"]
    for radio in radios:
        face = soup.find("label", attrs={"for": radio["id"]}).find("svg")
        assert face is not None and face["aria-hidden"] == "true", "the face is decoration; the words are the label"


def test_picking_no_face_shows_an_error(pages):
    response = post(pages.client, "/young-people/feel", {})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "There is a problem" in html and "Pick a face" in html


def test_tell_us_more_says_who_reads_it_and_how_to_get_help_before_the_box(pages):
    soup = pages.get("/young-people/tell-us-more")
    who = soup.select_one("#who-reads")
    text = normalize_spaces(who.text)
    assert "within 5 working days" in text and "safeguarding lead" in text
    assert "999" in soup.text and "0800 1111" in soup.text
    box = soup.find("textarea", attrs={"name": "text"})
    assert who.sourceline < box.sourceline


def answer_all(client, *, feeling="2", choices=("quiet_place",), text=""):
    post(client, "/young-people/feel", {"feeling": feeling})
    post(client, "/young-people/what-would-help", {"choices": list(choices)})
    post(client, "/young-people/tell-us-more", {"text": text})


def test_the_journey_keeps_one_copy_even_if_sent_twice(pages, db_session):
    client = pages.client
    answer_all(client, text="I like art but the hall is too loud")
    check = pages.get("/young-people/check")
    rows = normalize_spaces(check.select_one(".govuk-summary-list").text)
    assert "Sad" in rows and "A quiet place to go" in rows and "the hall is too loud" in rows
    assert check.select_one("#who-reads")
    key = check.find("input", attrs={"name": "idempotency_key"})["value"]
    token = token_from(check.response)
    first = client.post("/young-people/send", data={"csrf_token": token, "idempotency_key": key})
    again = client.post("/young-people/send", data={"csrf_token": token, "idempotency_key": key})
    assert first.headers["Location"].endswith("/young-people/thank-you")
    assert again.headers["Location"].endswith("/young-people/thank-you")
    [saved] = db_session.scalars(select(VoiceSubmission)).all()
    assert (saved.feeling, saved.choices, saved.text) == (2, ["quiet_place"], "I like art but the hall is too loud")
    assert saved.user_id is None
    assert pages.get("/young-people/thank-you").select_one(".govuk-panel")
    assert flags(db_session, "voice") == []


def test_change_links_come_back_to_check(pages):
    client = pages.client
    answer_all(client)
    token = token_from(client.get("/young-people/feel?change=1"))
    response = client.post("/young-people/feel?change=1", data={"feeling": "5", "csrf_token": token})
    assert response.headers["Location"].endswith("/young-people/check")


def test_risky_words_are_flagged_and_held_back_from_officers(pages, db_session):
    client = pages.client
    answer_all(client, feeling="1", text="my brother hits me and i am scared to go home")
    check = pages.get("/young-people/check")
    client.post("/young-people/send", data={"csrf_token": token_from(check.response),
                                            "idempotency_key": check.find("input", attrs={"name": "idempotency_key"})["value"]})  # fmt: skip
    [saved] = db_session.scalars(select(VoiceSubmission)).all()
    [found] = flags(db_session, "voice")
    assert found.source_id == saved.id and found.text == "my brother hits me and i am scared to go home"
    answer_all(
        client,
        feeling="5",
        choices=("more_time", "quiet_place"),
        text="My teacher Mrs Patel is kind, call 07700 900123",
    )
    check = pages.get("/young-people/check")
    client.post("/young-people/send", data={"csrf_token": token_from(check.response),
                                            "idempotency_key": check.find("input", attrs={"name": "idempotency_key"})["value"]})  # fmt: skip

    make("participation@example.com", Role.PARTICIPATION)
    sign_in(client, "participation@example.com")
    soup = pages.get("/officers/young-people")
    page = normalize_spaces(soup.text)
    assert "hits me" not in page
    assert "Held for the safeguarding lead" in page
    assert "07700 900123" not in page, "personal details are masked"
    feelings = {normalize_spaces(r.select("td, th")[0].text): r.select("td")[-1].text.strip()
                for r in soup.select("#feelings tbody tr")}  # fmt: skip
    assert feelings["Very happy"] == "1" and feelings["Very sad"] == "1" and feelings["Happy"] == "0"
    choices = {normalize_spaces(r.select("td, th")[0].text): r.select("td")[-1].text.strip()
               for r in soup.select("#choices tbody tr")}  # fmt: skip
    assert choices["A quiet place to go"] == "2" and choices["More time to do my work"] == "1"
    from portal.auth.models import AuditEvent

    assert db_session.scalar(select(AuditEvent).where(AuditEvent.action == "voice.submissions_viewed"))


def test_voice_source_for_you_said_we_did_leaves_out_flagged_words(db_session):
    from portal.surveys.sources import source

    voice.submit_voice(feeling=1, choices=[], text="he hits me", language="en", user=None, idempotency_key="k1")
    kept = voice.submit_voice(feeling=4, choices=[], text="More clubs at lunch please", language="en", user=None,
                              idempotency_key="k2")  # fmt: skip
    registered = source("voice")
    assert registered is not None
    candidates = registered.candidates(10)
    assert [c.ref for c in candidates] == [kept.id]
    assert candidates[0].title == "More clubs at lunch please"


def test_parents_cannot_see_young_peoples_views(client, db_session):
    make("parent@example.com", Role.PARENT)
    sign_in(client, "parent@example.com")
    assert client.get("/officers/young-people").status_code == 403


# "All about me" -----------------------------------------------------------------------------------------------


def write_statement(client, answers):
    client.get("/young-people/all-about-me/begin")
    for step, (name, *_rest) in enumerate(voice.STATEMENTS, start=1):
        response = post(client, f"/young-people/all-about-me/step/{step}", {"answer": answers.get(name, "")})
        assert response.status_code == 303
    check = client.get("/young-people/all-about-me/check")
    key = re.search(r'name="idempotency_key" type="hidden" value="([^"]+)"|name="idempotency_key" value="([^"]+)"',
                    check.get_data(as_text=True))  # fmt: skip
    key = key.group(1) or key.group(2)
    return client.post(
        "/young-people/all-about-me/save", data={"csrf_token": token_from(check), "idempotency_key": key}
    ), key


def test_one_question_a_page_with_its_symbol_and_a_large_label(pages):
    soup = pages.get("/young-people/all-about-me/step/3")
    label = soup.select_one("label h1") or soup.select_one("h1 label")
    assert label is not None and "What helps me" in label.text
    assert "Question 3 of 6" in soup.text
    assert len(soup.find_all("textarea")) == 1
    pages.get("/young-people/all-about-me/step/7", status=404)


def test_anonymous_statement_is_printable_downloadable_and_private_to_the_browser(app, pages, db_session):
    response, _key = write_statement(pages.client, {"likes": "Drawing and dogs", "hopes": "Work with animals"})
    assert response.status_code == 303
    location = response.headers["Location"]
    soup = pages.get(location)
    text = normalize_spaces(soup.text)
    assert "Drawing and dogs" in text and "Work with animals" in text
    assert soup.select_one("#statement-saved")
    assert soup.select_one("[data-portal-print]").has_attr("hidden")
    statement_id = location.split("/")[-1].split("?")[0]
    download = pages.client.get(f"/young-people/all-about-me/{statement_id}/download")
    assert download.headers["Content-Disposition"].startswith("attachment")
    body = download.get_data(as_text=True)
    assert "What I like\nDrawing and dogs" in body and "My hopes for the future\nWork with animals" in body
    stranger = app.test_client()
    assert stranger.get(f"/young-people/all-about-me/{statement_id}").status_code == 404
    assert stranger.get(f"/young-people/all-about-me/{statement_id}/download").status_code == 404
    assert db_session.get(AllAboutMe, statement_id).owner_id is None


def test_saving_twice_keeps_one(pages, db_session):
    client = pages.client
    response, key = write_statement(client, {"likes": "Lego"})
    check = client.get("/young-people/all-about-me/check")
    again = client.post(
        "/young-people/all-about-me/save", data={"csrf_token": token_from(check), "idempotency_key": key}
    )
    assert again.headers["Location"].split("?")[0] == response.headers["Location"].split("?")[0]
    assert db_session.scalar(select(func.count()).select_from(AllAboutMe)) == 1


def test_signed_in_young_person_keeps_sees_and_edits_one_statement(pages, db_session):
    young = make("casey@example.com", Role.YOUNG_PERSON)
    client = pages.client
    sign_in(client, "casey@example.com")
    write_statement(client, {"likes": "Football", "find_hard": "Loud rooms"})
    [saved] = db_session.scalars(select(AllAboutMe)).all()
    assert saved.owner_id == young.id and saved.subject_key == "self"
    listing = pages.get("/account/all-about-me")
    link = listing.select_one("#statements a")
    assert link["href"] == f"/young-people/all-about-me/{saved.id}"
    account = pages.get("/account")
    assert account.find("a", href="/account/all-about-me")
    # Edit: the words come back, a change saves in place.
    edit = client.get(f"/young-people/all-about-me/{saved.id}/edit")
    assert edit.headers["Location"].endswith("/young-people/all-about-me/check")
    assert "Loud rooms" in pages.get("/young-people/all-about-me/check").text
    post(client, "/young-people/all-about-me/step/1?change=1", {"answer": "Football and swimming"})
    check = client.get("/young-people/all-about-me/check")
    key = re.search(r'name="idempotency_key" type="hidden" value="([^"]+)"', check.get_data(as_text=True)).group(1)
    client.post("/young-people/all-about-me/save", data={"csrf_token": token_from(check), "idempotency_key": key})
    [saved] = db_session.scalars(select(AllAboutMe)).all()
    db_session.refresh(saved)
    assert saved.likes == "Football and swimming" and saved.find_hard == "Loud rooms"
    # Starting again opens the one they keep.
    assert client.get("/young-people/all-about-me/begin").headers["Location"].endswith(f"/{saved.id}/edit")


def test_others_cannot_open_a_signed_in_statement(app, pages, db_session):
    make("casey@example.com", Role.YOUNG_PERSON)
    sign_in(pages.client, "casey@example.com")
    write_statement(pages.client, {"likes": "Chess"})
    [saved] = db_session.scalars(select(AllAboutMe)).all()
    other = app.test_client()
    make("other@example.com", Role.PARENT)
    sign_in(other, "other@example.com")
    assert other.get(f"/young-people/all-about-me/{saved.id}").status_code == 404
    assert other.get(f"/young-people/all-about-me/{saved.id}/edit").status_code == 404


def test_parent_writes_with_their_child(pages, db_session):
    import datetime as dt

    parent = make("parent@example.com", Role.PARENT)
    child = family.add_child(parent=parent, first_name="Sam", last_name="Jones", date_of_birth=dt.date(2015, 3, 1),
                             relationship="mother", parental_responsibility=True)  # fmt: skip
    client = pages.client
    sign_in(client, "parent@example.com")
    assert client.get("/young-people/all-about-me/begin").headers["Location"].endswith("/all-about-me/who")
    who = pages.get("/young-people/all-about-me/who")
    labels = [normalize_spaces(label.text) for label in who.select(".govuk-radios__label")]
    assert labels == ["Me", "Sam Jones"]
    post(client, "/young-people/all-about-me/who", {"subject": child.id})
    for step in range(1, 7):
        post(client, f"/young-people/all-about-me/step/{step}", {"answer": "Trains" if step == 1 else ""})
    check = client.get("/young-people/all-about-me/check")
    key = re.search(r'name="idempotency_key" type="hidden" value="([^"]+)"', check.get_data(as_text=True)).group(1)
    response = client.post(
        "/young-people/all-about-me/save", data={"csrf_token": token_from(check), "idempotency_key": key}
    )
    [saved] = db_session.scalars(select(AllAboutMe)).all()
    assert saved.child_id == child.id and saved.owner_id == parent.id
    soup = pages.get(response.headers["Location"])
    assert soup.h1.text.strip() == "All about Sam"


def test_who_step_needs_sign_in(client, db_session):
    response = client.get("/young-people/all-about-me/who")
    assert response.status_code == 303 and "/account/sign-in" in response.headers["Location"]


def test_risky_all_about_me_is_flagged_once(db_session):
    answers = {"want_known": "Nobody gives me my dinner and I haven't eaten since yesterday"}
    first = voice.save_statement(owner=None, child_id=None, answers=answers, language="en", idempotency_key="a")
    assert [f.source_id for f in flags(db_session, "all_about_me")] == [first.id]
    young = make("casey@example.com", Role.YOUNG_PERSON)
    mine = voice.save_statement(owner=young, child_id=None, answers=answers, language="en", idempotency_key="b")
    voice.save_statement(owner=young, child_id=None, answers=answers, language="en", idempotency_key="c")
    assert sorted(f.source_id for f in flags(db_session, "all_about_me")) == sorted([first.id, mine.id])


def test_thank_you_page_shows_urgent_help_after_flagged_words_only(pages, db_session):
    client = pages.client

    def send(feeling, text):
        answer_all(client, feeling=feeling, text=text)
        check = pages.get("/young-people/check")
        key = check.find("input", attrs={"name": "idempotency_key"})["value"]
        client.post("/young-people/send", data={"csrf_token": token_from(check.response), "idempotency_key": key})
        return pages.get("/young-people/thank-you")

    assert send("1", "my brother hits me and i am scared to go home").select_one("#urgent-help-panel")
    assert pages.get("/young-people/thank-you").select_one("#urgent-help-panel") is None, "shown once"
    assert send("5", "I like the quiet room at lunch").select_one("#urgent-help-panel") is None
