"""Answers keep the language of the page they quote: an English page in the Welsh or Urdu interface is marked
lang="en" (and dir="ltr" in a right-to-left one), so screen readers read it in the right voice (issue 15)."""

from __future__ import annotations

from tests.pages import token_from


def last_answer(pages, message, lang):
    pages.get(f"/ask?lang={lang}")
    token = token_from(pages.client.get("/ask"))
    response = pages.client.post("/ask", data={"message": message, "csrf_token": token})
    assert response.status_code == 303
    page = pages.get("/ask")
    assert page.find("html")["lang"] == lang
    return page.select(".portal-chat__answer")[-1]


def answer_block(answer):
    """The element holding the answer's paragraphs (a wrapper carrying lang, or the list item itself)."""
    first = answer.select_one("p.govuk-body, ul.govuk-list--bullet")
    return first.parent


def test_an_english_page_quoted_in_the_urdu_interface_is_marked_english_left_to_right(pages):
    answer = last_answer(pages, "how do personal budgets work", "ur")
    block = answer_block(answer)
    assert block.get("lang") == "en" and block.get("dir") == "ltr"
    # The first source links to the section the answer came from (/local-offer/personal-budgets#...).
    link = next(a for a in answer.select("a[href]") if a["href"].split("#")[0] == "/local-offer/personal-budgets")
    assert link.get("lang") == "en"
    # The note about the missing translation is in the interface's language: no lang of its own.
    note = answer.select_one(".govuk-inset-text")
    assert note is not None and note.find(attrs={"lang": True}) is None


def test_english_titles_in_the_welsh_interface_are_marked_english(pages):
    # Sources from a page we have only in English and from pages we have in Welsh.
    answer = last_answer(pages, "autism assessment and an EHC needs assessment", "cy")
    links = {a["href"].split("#")[0]: a.get("lang") for a in answer.select("ul.govuk-list a")}
    assert links["/local-offer/autism-and-adhd-pathways"] == "en"
    assert None in links.values(), "titles of pages that have Welsh carry no lang"


def test_an_answer_keeps_its_language_when_the_interface_changes(pages, db_session):
    """An answer quoted from an English page, read later in Welsh: still marked English; an answer written in
    Welsh (the interface's words when it was given) read in English is marked Welsh."""
    from portal.chat import services as chat
    from portal.chat.views import SESSION_KEY

    conversation = chat.start_conversation(locale="en")
    chat.handle_message(conversation, "how do personal budgets work", locale="en")
    db_session.flush()
    with pages.client.session_transaction() as session:
        session[SESSION_KEY] = conversation.id
    answer = pages.get("/ask?lang=cy").select(".portal-chat__answer")[-1]
    assert answer_block(answer).get("lang") == "en" and answer_block(answer).get("dir") is None

    conversation = chat.start_conversation(locale="cy")
    chat.handle_message(conversation, "beth yw seibiant byr", locale="cy")
    db_session.flush()
    with pages.client.session_transaction() as session:
        session[SESSION_KEY] = conversation.id
    answer = pages.get("/ask?lang=en").select(".portal-chat__answer")[-1]
    assert answer_block(answer).get("lang") == "cy"


def test_in_the_page_language_nothing_extra_is_added(pages):
    answer = last_answer(pages, "how do personal budgets work", "en")
    assert answer.find(attrs={"lang": True}) is None and answer.find(attrs={"dir": True}) is None


def test_a_welsh_page_quoted_in_the_english_interface_is_marked_welsh(pages):
    answer = last_answer(pages, "beth yw seibiant byr", "en")
    assert answer_block(answer).get("lang") == "cy"


def test_a_crisis_note_in_the_writers_language_is_marked(pages):
    answer = last_answer(pages, "on mnie bije i boję się wrócić do domu", "en")
    assert answer.select_one(".portal-urgent").get("lang") is None
    assert answer.select_one(".govuk-inset-text [lang]")["lang"] == "pl"
