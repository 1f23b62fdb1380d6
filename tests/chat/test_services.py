"""The assistant's decisions: urgent first, own case, out of scope, clarify, answers quoted from pages."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.chat import answers
from portal.chat import services as chat
from portal.chat.services import ChatState, ask
from portal.local_offer.markdown import plain_text
from portal.safeguarding.models import SafeguardingFlag
from portal.screening import screen


@pytest.mark.parametrize(
    "message",
    [
        "He's run off and we can't find him. He's autistic and has no sense of danger.",
        "i want to kill myself",
        "my dd has been cutting her arms again",
        "Nie daję już rady, boję się, że zrobię coś głupiego.",
        "Dw i ddim yn teimlo'n ddiogel gartref",
        "میرا بیٹا کہہ رہا ہے کہ وہ خود کو مار دے گا",
        "he hits me when mum is out",
        "i cant cope any more",
    ],
)
def test_urgent_messages_get_urgent_help_at_once(db_session, message):
    reply = ask(message)
    assert reply.intent == "urgent"
    assert "999" in reply.answer and "111" in reply.answer and "0800 1111" in reply.answer
    assert "01632 960300" in reply.answer  # the council's front door, from configuration
    assert reply.sources[0]["slug"] == "urgent-help"


@pytest.mark.parametrize(
    "message",
    ["the form is missing section B", "the taxi driver keeps changing", "how do I send the form", "I ran out of forms"],
)
def test_ordinary_worries_are_not_flagged(message):
    assert not screen(message).risky


def test_answer_is_quoted_from_the_best_page(db_session):
    reply = ask("how do I ask for an EHC needs assessment")
    assert reply.intent == "answer"
    assert reply.topic == "ehc-needs-assessment-request"
    assert reply.sources[0] == {
        "slug": "ehc-needs-assessment-request",
        "title": reply.sources[0]["title"],
        "url": "/local-offer/ehc-needs-assessment-request#how-to-ask",
        "lang": "en",
    }
    assert reply.sources[0]["title"].endswith(": How to ask")  # the page, and the section the answer came from
    page = chat.local_offer.get_page("ehc-needs-assessment-request", locale="en").page
    body = " ".join(plain_text(chat.fill_placeholders(page.body_md, chat._council().placeholders())).split())
    for line in reply.answer.splitlines():
        for sentence in answers.split_sentences(line.removeprefix("- ")):
            assert sentence.rstrip(".") in body or sentence in page.summary, f"not extracted: {sentence}"
    assert 15 <= len(reply.answer.split()) <= answers.MAX_LIST_WORDS
    assert reply.quick_replies == ["How long does it take?", "Request an assessment", "Talk to someone"]


def test_follow_up_uses_the_conversation(db_session):
    state = ChatState()
    ask("what is a tribunal", state=state)
    reply = ask("how long do I have?", state=state)
    assert reply.topic == "tribunal-appeals"
    assert "2 months" in reply.answer


def test_follow_up_can_move_to_a_related_page(db_session):
    state = ChatState()
    ask("how do I ask for an EHC needs assessment", state=state)
    reply = ask("and how long does that take?", state=state)
    assert reply.topic in ("ehc-needs-assessment-request", "ehc-assessment-process-timeline")
    assert "6 weeks" in reply.answer


def test_out_of_scope(db_session):
    reply = ask("what's the capital of france")
    assert reply.intent == "out_of_scope" and reply.topic is None
    assert "Talk to someone" in reply.quick_replies


def test_two_misses_in_a_row_offer_a_person_first(db_session):
    state = ChatState()
    ask("when is my bin collection", state=state)
    reply = ask("what time does the library shut", state=state)
    assert reply.intent == "handover"
    assert "01632 960200" in reply.answer  # SENDIASS


def test_case_status_without_signing_in(db_session):
    reply = ask("its week 19 and still no draft plan, where is it")
    assert reply.intent == "case_status"
    assert "cannot see anyone's case" in reply.answer
    assert "01632 960100" in reply.answer


def test_a_rule_asked_through_the_familys_own_case_gets_the_rule_then_how_to_find_out(db_session):
    reply = ask("my son's draft EHC plan arrived in the post on Tuesday. By when do I have to send my comments back?")
    assert reply.intent == "case_status"
    rule, lead, own_case = reply.answer.rsplit("\n", 2)
    assert "15 days" in rule and "day 1" in rule  # the page's rule, in its own words
    assert lead == "About your case:" and "cannot see anyone's case" in own_case
    assert 'open "Your case"' in own_case  # families who asked here can follow it signed in
    assert reply.sources[0]["slug"] == "draft-plan-and-naming-a-school"


def test_a_chase_that_asks_no_rule_gets_the_case_reply_alone(db_session):
    reply = ask("has the panel decided on my son's request yet")
    assert reply.intent == "case_status" and "\n" not in reply.answer
    assert reply.answer.startswith("I cannot see anyone's case")


def test_case_status_for_a_user_never_shows_another_family(db_session):
    reply = ask("has the panel decided on my son's request yet", user="someone@example.com")
    assert reply.intent == "case_status"
    assert "cannot see anyone's case" in reply.answer  # the assistant never reads case records, theirs included
    assert 'You are signed in: open "Your case"' in reply.answer and "sign in and open" not in reply.answer


def test_ambiguous_short_question_asks_which(db_session):
    reply = ask("plan")
    assert reply.intent in ("clarify", "answer")
    if reply.intent == "clarify":
        assert len(reply.choices) >= 2 and reply.answer == "Which of these do you mean?"


def test_talk_to_someone_quick_reply(db_session):
    reply = ask("Talk to someone")
    assert reply.intent == "handover"


def test_welsh_question_answered_from_welsh_page(db_session):
    reply = ask("Sut ydw i'n cwyno am y cyngor?", locale="cy")
    assert reply.topic == "complaints"
    assert reply.sources[0]["url"].startswith("/local-offer/complaints")


def test_polish_and_urdu_get_an_english_answer_with_a_note(db_session):
    reply = ask("Jak złożyć wniosek o EHCP dla syna?")
    assert reply.intent == "answer" and reply.language == "pl"
    assert reply.note and "English" in reply.note
    urdu = ask("میں اپنے بیٹے کے لیے EHCP کی درخواست کیسے دوں؟")
    assert urdu.language == "ur" and urdu.intent == "answer"


def test_easy_read_mode_answers_from_easy_read_pages(db_session):
    state = ChatState(easy_read=True)
    reply = ask("what happens at an annual review", state=state)
    easy = chat.local_offer.get_page("annual-review", locale="en", variant="easy-read").page
    assert any(sentence.split()[0] in easy.body_md for sentence in answers.split_sentences(reply.answer))


def test_handle_message_stores_masked_text_and_flags_urgent(db_session):
    conversation = chat.start_conversation(locale="en")
    chat.handle_message(conversation, "I want to kill myself, call me on 07700 900123", locale="en")
    question, answer = conversation.messages
    assert "07700" not in question.text and answer.intent == "urgent"
    flag = db_session.scalar(select(SafeguardingFlag).where(SafeguardingFlag.source_id == conversation.id))
    assert flag.text == "I want to kill myself, call me on 07700 900123", "the exact words, for the safeguarding lead"
    assert "suicide-self-harm" in flag.categories


def test_helpful_only_on_own_conversation(db_session):
    mine = chat.start_conversation(locale="en")
    chat.handle_message(mine, "what is respite", locale="en")
    theirs = chat.start_conversation(locale="en")
    chat.handle_message(theirs, "what is a SENCO", locale="en")
    their_answer = theirs.messages[1].id
    assert chat.record_helpful(mine, their_answer, True) is False
    assert chat.record_helpful(mine, mine.messages[1].id, False) is True


def test_callback_is_idempotent(db_session):
    first = chat.request_callback(name="Sam", phone="01632 960999", email=None, preferred_time="any", about="EHCP",
                                  locale="en", conversation_id=None, idempotency_key="abc")  # fmt: skip
    again = chat.request_callback(name="Sam", phone="01632 960999", email=None, preferred_time="any", about="EHCP",
                                  locale="en", conversation_id=None, idempotency_key="abc")  # fmt: skip
    assert first.id == again.id


def test_purge_old_conversations(db_session):
    from datetime import timedelta

    from portal.db import utcnow

    old = chat.start_conversation(locale="en")
    chat.handle_message(old, "what is respite", locale="en")
    old.updated_at = utcnow() - timedelta(days=100)
    db_session.flush()
    assert chat.purge_conversations(90) >= 1
    assert chat.get_conversation(old.id) is None


def test_console_contract(app, db_session):
    import json

    runner = app.test_cli_runner()
    result = runner.invoke(args=["chat", "ask", "what is respite", "--json"])
    data = json.loads(result.output)
    assert set(data) == {"intent", "topic", "answer", "sources", "quick_replies"}
    assert data["intent"] == "answer" and data["topic"] == "short-breaks-respite"
    batch = runner.invoke(args=["chat", "ask", "-", "--json"], input="what is respite\nwhat's the capital of france\n")
    lines = [json.loads(line) for line in batch.output.splitlines()]
    assert [line["intent"] for line in lines] == ["answer", "out_of_scope"]


def test_the_pipeline_steps_each_do_one_thing(db_session):
    state = ChatState()
    meaning = chat.understand_message("what happens if the council says no to an assessment", state)
    assert meaning.intent == "question" and not meaning.follow_up
    found = chat.retrieve(meaning, state, locale="en")
    assert found.hits and found.confidence > 0
    reply = chat.compose(meaning, found, state, locale="en", user=None)
    assert reply.intent == "answer"
    # The right that answers the question: appeal to the tribunal, and mediation first.
    assert "Tribunal" in reply.answer or "tribunal" in reply.answer
    assert "mediation" in reply.answer


def test_words_are_answered_as_written_not_masked(db_session):
    reply = ask("does my child need a diagnosis to get help")
    assert reply.intent == "answer"
    assert "diagnosis" in reply.answer.lower()
    assert reply.topic != "urgent-help"


def test_a_self_contained_question_is_not_carried_over(db_session):
    state = ChatState()
    ask("my son wants to go to college", state=state)
    reply = ask("what is an EHCP", state=state)
    assert reply.topic == "ehc-plan-what-it-contains"


def test_an_ordinary_worry_is_not_answered_with_urgent_help(db_session):
    for message in ("my child struggles with reading", "my daughter cannot read yet"):
        reply = ask(message)
        assert reply.intent != "urgent" and reply.topic != "urgent-help", message


def test_what_is_stored_is_masked(db_session):
    conversation = chat.start_conversation(locale="en")
    chat.handle_message(conversation, "my son Tom needs help with reading, email me at a@example.com", locale="en")
    stored = conversation.messages[0].text
    assert "Tom" not in stored and "a@example.com" not in stored


def _flagged_as(monkeypatch, category: str, matched: tuple[str, ...] = ()):
    """Screening that flags every message (what it flags is tested in tests/test_screening.py)."""
    from portal.chat import understand
    from portal.safeguarding import Screening

    flagged = Screening(risky=True, score=0.8, categories=(category,), sentence="", matched=matched)
    monkeypatch.setattr(understand, "screen", lambda text: flagged)


def test_a_flagged_message_that_asks_what_the_pages_answer_gets_the_urgent_help_then_the_answer(
    db_session, monkeypatch
):
    _flagged_as(monkeypatch, "carer-crisis")
    reply = ask("I have not slept in months and I am exhausted. Can we get short breaks, and how do we ask?")
    assert reply.intent == "urgent" and reply.topic == "urgent-help"
    urgent, lead_in, answer = reply.answer.split("\n", 2)
    assert "999" in urgent and lead_in == "About your question:"
    assert "short break" in answer.lower()
    assert reply.sources[0]["slug"] == "urgent-help" and reply.sources[1]["slug"].startswith("short-breaks")


@pytest.mark.parametrize(
    "message",
    [
        "where is my daughter's EHC needs assessment up to? it's been 19 weeks and no one tells me anything",
        "Minęło już 20 tygodni. Jaki jest status wniosku o ocenę EHC dla mojego syna?",  # any language: no page quoted
    ],
)
def test_a_flagged_message_chasing_the_familys_own_case_gets_the_urgent_help_then_how_to_find_out(
    db_session, monkeypatch, message
):
    _flagged_as(monkeypatch, "carer-crisis")
    reply = ask(message)
    assert reply.intent == "urgent" and reply.topic == "urgent-help"  # still flagged for the safeguarding lead
    urgent, lead_in, answer = reply.answer.split("\n", 2)
    assert "999" in urgent and lead_in == "About your case:"
    assert "I cannot see anyone's case from here" in answer and "SEND team" in answer
    assert (reply.also, reply.sources[0]["slug"]) == ("case_status", "urgent-help")
    assert "ehc-assessment-process-timeline" in [s["slug"] for s in reply.sources]


@pytest.mark.parametrize(
    ("category", "matched", "message"),
    [
        ("immediate-danger", (), "he has a knife, can we get short breaks"),  # immediate danger: the numbers only
        ("medical-emergency", (), "he is not breathing and we are still waiting for his ehcp, where is it up to"),
        ("suicide-self-harm", ("kill myself",), "i want to kill myself, how do i get short breaks"),  # the lexicon
        ("suicide-self-harm", (), "nobody cares about me anyway"),  # no question asked
        ("suicide-self-harm", (), "what is even the point of anything"),  # nothing our pages are about
        ("carer-crisis", (), "Czy mogę dostać krótkie przerwy (short breaks)?"),  # Polish: found through the lexicons
    ],
)
def test_urgent_help_alone_for_immediate_danger_a_listed_phrase_or_no_question_the_pages_answer(
    db_session, monkeypatch, category, matched, message
):
    _flagged_as(monkeypatch, category, matched)
    reply = ask(message)
    assert reply.intent == "urgent" and "About your" not in reply.answer and reply.also is None
    assert [s["slug"] for s in reply.sources] == ["urgent-help"]
