"""An English question in the Welsh interface (issue 15): answered from the English page that answers it, with a
note that the page is only in English, the English words marked lang="en"; and an option chosen from "Which of
these do you mean?" answered from the page it names. As a full page, as an htmx fragment and without JavaScript."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from flask_babel import force_locale, gettext

from portal.chat import services as chat
from portal.local_offer import services as local_offer
from tests.pages import check_page, token_from

# Pages we have only in English, and a question of ours about each (written for this test, in everyday words).
ENGLISH_ONLY = [
    ("how do personal budgets work", "personal-budgets"),
    ("what does a senco do", "senco"),
    ("do I need a mediation certificate", "disagreement-mediation"),
    ("what happens at an annual review", "annual-review"),
    ("help for a deaf child", "sensory-impairment-hearing-vision"),
    ("direct payments", "personal-budgets"),
    ("special schools", "special-schools-and-resourced-provision"),
]


def not_translated_note() -> str:
    with force_locale("cy"):
        return gettext("This page has not been translated yet, so the answer is in English.")


def welsh_slugs() -> set[str]:
    return {page.slug for page in local_offer.published_pages(locale="cy")}


@pytest.mark.parametrize(("question", "slug"), ENGLISH_ONLY)
def test_an_english_question_is_answered_from_the_english_only_page(db_session, question, slug):
    assert slug not in welsh_slugs(), "the test needs a page that has no Welsh version"
    reply = chat.ask(question, locale="cy")
    assert (reply.intent, reply.topic) == ("answer", slug)
    assert reply.topic == chat.ask(question, locale="en").topic, "the Welsh interface answers as the English one"
    assert reply.answer_language == "en"
    assert reply.note == not_translated_note()
    assert reply.sources[0]["lang"] == "en"


def test_a_page_with_a_welsh_version_is_still_answered_in_welsh(db_session):
    assert "complaints" in welsh_slugs()
    reply = chat.ask("how do I complain about the council", locale="cy")
    assert (reply.topic, reply.answer_language, reply.note) == ("complaints", "cy", None)


@pytest.mark.parametrize("interface", ["en", "cy"])
def test_every_page_title_sent_as_a_message_is_answered_from_that_page(db_session, interface):
    """Choosing an option sends the page's title: it names that page, whatever other pages share its words."""
    wrong = []
    welsh = welsh_slugs()
    for page in local_offer.all_published_pages():
        if page.variant != "standard":
            continue
        reply = chat.ask(page.title, locale=interface)
        # A Welsh title, or the Welsh interface, is answered from the Welsh page where there is one.
        in_welsh = page.slug in welsh and (interface == "cy" or page.locale == "cy")
        if (reply.intent, reply.topic, reply.answer_language) != ("answer", page.slug, "cy" if in_welsh else "en"):
            wrong.append((page.locale, page.title, reply.intent, reply.topic, reply.answer_language))
    assert not wrong


def ask(pages, message, *, htmx=False):
    """Post a question as the page's form does (htmx or not), then return the conversation as shown."""
    token = token_from(pages.client.get("/ask"))
    headers = {"HX-Request": "true"} if htmx else {}
    response = pages.client.post("/ask", data={"message": message, "csrf_token": token}, headers=headers)
    if htmx:
        assert response.status_code == 200
        soup = BeautifulSoup(response.get_data(as_text=True), "html5lib")
        check_page(soup, response, fragment=True)
        assert soup.find("h1") is None, "htmx gets the conversation only"
        return soup
    assert response.status_code == 303 and response.headers["Location"].endswith("/ask#latest")
    page = pages.get("/ask")
    assert page.find("html")["lang"] == "cy"
    return page


@pytest.mark.parametrize("htmx", [False, True], ids=["without JavaScript", "htmx"])
def test_the_answer_is_marked_english_with_a_note_in_welsh(pages, htmx):
    pages.get("/ask?lang=cy")
    soup = ask(pages, "how do personal budgets work", htmx=htmx)
    question = soup.select(".portal-chat__question p")[-1]
    assert question.get("lang") == "en", "the family's English words are marked English"
    answer = soup.select(".portal-chat__answer")[-1]
    quoted = answer.select_one("p.govuk-body, ul.govuk-list--bullet").parent  # the answer may be a list
    assert quoted.get("lang") == "en"
    note = answer.select_one(".govuk-inset-text")
    assert note.get_text(" ", strip=True) == not_translated_note()
    assert note.find(attrs={"lang": True}) is None, "the note is in the interface's language"
    source = answer.select_one("ul.govuk-list a")
    assert source["href"].split("#")[0] == "/local-offer/personal-budgets" and source.get("lang") == "en"
    if htmx:
        announcer = soup.select_one("#chat-announcer")
        assert announcer.find(attrs={"lang": "en"}), "the live region reads the English answer in English"


def test_the_full_page_in_welsh_shows_the_english_question_marked(pages):
    pages.get("/ask?lang=cy")
    ask(pages, "what does a senco do")
    page = pages.get("/ask")  # a plain reload: the whole page, as a browser without JavaScript gets it
    assert page.select(".portal-chat__question p")[-1].get("lang") == "en"


@pytest.mark.parametrize("htmx", [False, True], ids=["without JavaScript", "htmx"])
def test_choosing_an_option_answers_from_the_page_it_names(pages, htmx):
    pages.get("/ask?lang=cy")
    soup = ask(pages, "assessment", htmx=htmx)
    options = soup.select(".portal-quick-replies button[name=message]")
    clarify = soup.select(".portal-chat__answer")[-1]
    named = {
        a.get_text(strip=True): (a["href"].split("#")[0], a.get("lang")) for a in clarify.select("ul.govuk-list a")
    }
    assert len(options) >= 2 and all(b["value"] in named for b in options), "a 'which do you mean' reply"
    langs = {named[b["value"]][1] for b in options}
    assert "en" in langs and None in langs, "the options mix Welsh pages and a page only in English"
    for button in options:
        href, lang = named[button["value"]]
        assert button.get("lang") == lang, "an English title on a Welsh page is marked English"
        soup = ask(pages, button["value"], htmx=htmx)
        answer = soup.select(".portal-chat__answer")[-1]
        first_source = answer.select_one("ul.govuk-list a")
        assert first_source["href"].split("#")[0] == href, f"{button['value']!r} answered from another page"
        quoted = answer.select_one("p.govuk-body, ul.govuk-list--bullet").parent  # the answer may be a list
        assert quoted.get("lang") == lang
        # Back to the options for the next one.
        soup = ask(pages, "assessment", htmx=htmx)


def test_the_question_keeps_its_own_language_only_on_evidence(db_session):
    assert chat.written_in("how do personal budgets work") == "en"
    assert chat.written_in("waiting list") == "en"  # only our English pages use these words
    assert chat.written_in("seibiant byr") == "cy"  # only our Welsh pages use these
    assert chat.written_in("Sut ydw i'n gwneud cwyn?") == "cy"
    assert chat.written_in("EHCP") is None  # both languages use it: no claim either way
