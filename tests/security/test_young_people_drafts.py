"""Young people's words in progress live in the database under an opaque key, not in the session cookie (which
anyone holding it can read, and which browsers drop past 4 KB); drafts belong to one person and expire."""

from __future__ import annotations

from datetime import timedelta

from flask.sessions import SecureCookieSessionInterface
from sqlalchemy import select

from portal.auth import services as auth
from portal.auth.privacy import purge
from portal.db import utcnow
from portal.feedback.voice_models import AllAboutMe, YoungPersonDraft
from tests.pages import PageClient, token_from

LONG = "I like drawing dragons and castles. " * 27  # under the 1,000-character limit per answer


def post(client, path, data):
    return client.post(path, data={**data, "csrf_token": token_from(client.get(path))})


def cookie_session(app, client) -> dict:
    """What the browser's session cookie holds, decoded as anyone holding it could."""
    cookie = client.get_cookie(app.config.get("SESSION_COOKIE_NAME", "session"))
    serializer = SecureCookieSessionInterface().get_signing_serializer(app)
    return serializer.loads(cookie.value) if cookie else {}


def test_all_about_me_answers_are_not_in_the_cookie_and_survive_past_4_kb(app, client, db_session):
    client.get("/young-people/all-about-me/begin")
    for step in range(1, 7):
        response = post(client, f"/young-people/all-about-me/step/{step}", {"answer": f"{step}: {LONG}"})
        assert response.status_code == 303
    held = cookie_session(app, client)
    assert "dragons" not in repr(held)
    assert isinstance(held["all_about_me_draft"], str) and len(held["all_about_me_draft"]) < 64
    # Six answers of about 970 characters: far past what a cookie can carry, and every one is still there.
    check = PageClient(client).get("/young-people/all-about-me/check")
    assert check.text.count("I like drawing dragons") >= 6 * 27
    draft = db_session.scalar(select(YoungPersonDraft).where(YoungPersonDraft.kind == "all_about_me"))
    assert draft.key_hash != held["all_about_me_draft"]  # only a hash of the browser's key is stored
    save = client.post("/young-people/all-about-me/save",
                       data={"csrf_token": token_from(check.response), "idempotency_key": check.find("input", {"name": "idempotency_key"})["value"]})  # fmt: skip
    assert save.status_code == 303
    statement = db_session.scalar(select(AllAboutMe).order_by(AllAboutMe.created_at.desc()))
    assert statement.hopes.startswith("6: I like drawing dragons")
    assert db_session.scalar(select(YoungPersonDraft).where(YoungPersonDraft.kind == "all_about_me")) is None


def test_voice_words_are_not_in_the_cookie(app, client, db_session):
    post(client, "/young-people/feel", {"feeling": "2"})
    post(client, "/young-people/tell-us-more", {"text": "My teacher shouts at me every day"})
    assert "teacher" not in repr(cookie_session(app, client))
    assert "My teacher shouts" in PageClient(client).get("/young-people/check").text


def test_another_browser_or_person_cannot_use_the_key(app, client, db_session):
    post(client, "/young-people/tell-us-more", {"text": "Private words about my home"})
    key = cookie_session(app, client)["voice_draft"]
    # Someone signed in who somehow has the key still does not get the draft: it belongs to nobody signed in.
    other = app.test_client()
    auth.create_user(email="other@example.com", password="correct horse battery", verified=True)
    token = token_from(other.get("/account/sign-in"))
    other.post("/account/sign-in", data={"email": "other@example.com", "password": "correct horse battery", "csrf_token": token})  # fmt: skip
    with other.session_transaction() as session:
        session["voice_draft"] = key
    assert "Private words" not in other.get("/young-people/tell-us-more").get_data(as_text=True)


def test_drafts_expire_and_are_purged(app, client, db_session):
    post(client, "/young-people/tell-us-more", {"text": "Words I wrote yesterday"})
    draft = db_session.scalar(select(YoungPersonDraft).where(YoungPersonDraft.kind == "voice"))
    assert (
        utcnow() + timedelta(hours=47)
        < draft.expires_at.replace(tzinfo=utcnow().tzinfo)
        <= utcnow() + timedelta(hours=48)
    )
    draft.expires_at = utcnow() - timedelta(minutes=1)
    db_session.flush()
    assert "Words I wrote yesterday" not in client.get("/young-people/tell-us-more").get_data(as_text=True)
    with app.test_request_context("/"):
        assert purge()["young_people_drafts"] == 1
    assert db_session.scalar(select(YoungPersonDraft).where(YoungPersonDraft.id == draft.id)) is None
