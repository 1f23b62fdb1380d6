"""Content gaps: what families asked and searched for keeps the language it was written in (issue 15)."""

from __future__ import annotations

from portal.auth import services as auth
from portal.auth.models import Role
from portal.chat import services as chat
from portal.search import services as search
from tests.pages import token_from

PASSWORD = "correct horse battery"


def signed_in_editor(pages) -> None:
    auth.create_user(email="gaps.editor@example.com", password=PASSWORD, roles=[Role.EDITOR], verified=True)
    token = token_from(pages.client.get("/account/sign-in"))
    response = pages.client.post(
        "/account/sign-in", data={"email": "gaps.editor@example.com", "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code in (302, 303)


def item_with(soup, words: str):
    return next(li for li in soup.select("main li, main td") if words in li.get_text())


def test_questions_and_searches_are_marked_in_the_language_they_were_written_in(pages, db_session):
    # An unanswered Welsh question from the Welsh interface, an unanswered English one and an unhelpful answer.
    welsh = chat.start_conversation(locale="cy")
    chat.handle_message(welsh, "Beth yw'r tywydd yfory yn y mynyddoedd?", locale="cy")
    english = chat.start_conversation(locale="cy")
    chat.handle_message(english, "What is the weather tomorrow in the mountains?", locale="cy")
    rated = chat.start_conversation(locale="en")
    chat.handle_message(rated, "Sut ydw i'n gwneud cwyn am yr ysgol?", locale="en")
    answer = next(m for m in rated.messages if m.role == "assistant")
    chat.record_helpful(rated, answer.id, False)
    search.record_gap("beth yw clwb nofio ar gyfer plant", "cy")
    search.record_gap("zzqx", "en")
    db_session.flush()

    signed_in_editor(pages)
    soup = pages.get("/officers/content-gaps")
    assert soup.find("html")["lang"] == "en"
    assert item_with(soup, "tywydd yfory").get("lang") == "cy"
    assert item_with(soup, "weather tomorrow").get("lang") is None, "English on an English page: nothing to add"
    unhelpful = item_with(soup, "gwneud cwyn")
    assert unhelpful.find(attrs={"lang": "cy"}).get_text() == "Sut ydw i'n gwneud cwyn am yr ysgol?"
    assert item_with(soup, "clwb nofio").find(attrs={"lang": "cy"})
    assert item_with(soup, "zzqx").find(attrs={"lang": True}) is None, "no evidence, no claim"

    soup = pages.get("/officers/content-gaps?lang=cy")
    assert item_with(soup, "weather tomorrow").get("lang") == "en"
    assert item_with(soup, "tywydd yfory").get("lang") is None
