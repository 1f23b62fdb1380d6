"""The assistant keeps the first answer to a repeated first question, and nothing it must not share."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from portal import page_cache
from portal.chat import services as chat
from portal.chat.services import ChatState, ask
from portal.local_offer.services import bump_content_version
from portal.safeguarding.models import SafeguardingFlag


def test_a_repeated_first_question_gets_the_kept_answer(db_session, caching):
    first = ask("What is respite?")
    assert first.intent == "answer" and len(chat.first_answers) == 1
    again = ask("what is  RESPITE")
    assert len(chat.first_answers) == 1, "the same words, answered from memory"
    assert again.as_json() == first.as_json()
    again.sources.append({"slug": "changed"})
    assert ask("What is respite?").as_json() == first.as_json(), "changing a reply does not change the kept one"


def test_each_language_and_easy_read_has_its_own_answer(db_session, caching):
    ask("What is respite?")
    ask("What is respite?", locale="cy")
    ask("What is respite?", state=ChatState(easy_read=True))
    assert len(chat.first_answers) == 3


def test_publishing_retires_kept_answers(db_session, caching):
    ask("What is respite?")
    bump_content_version()
    db_session.flush()
    from portal.search.services import notice_content_version

    notice_content_version()
    ask("What is respite?")
    assert len(chat.first_answers) == 2, "a new content version is a new key"


def test_only_a_conversation_s_first_question_is_kept(db_session, caching):
    state = ChatState()
    ask("What is respite?", state=state)
    page_cache.clear()
    ask("and how long does it take?", state=state)
    assert len(chat.first_answers) == 0, "what came before changes the answer"


@pytest.mark.parametrize(
    "message",
    [
        "i want to kill myself",  # screened as risk
        "its week 19 and still no draft plan, where is it",  # the person's own case
        "my son Jack needs speech therapy, who can help?",  # a name
        "call me on 07700 900123 about respite",  # a number
    ],
)
def test_risk_own_case_and_personal_details_are_never_kept(db_session, caching, message):
    ask(message)
    ask(message)
    assert len(chat.first_answers) == 0


def test_a_risky_question_is_screened_and_flagged_every_time(db_session, caching):
    for _ in range(2):
        conversation = chat.start_conversation(locale="en")
        reply = chat.handle_message(conversation, "i want to kill myself", locale="en")
        assert reply.intent == "urgent"
    assert db_session.scalar(select(func.count(SafeguardingFlag.id))) == 2


def test_a_kept_answer_is_still_recorded_in_each_conversation(db_session, caching):
    for _ in range(2):
        conversation = chat.start_conversation(locale="en")
        chat.handle_message(conversation, "What is respite?", locale="en")
        question, answer = conversation.messages
        assert question.text == "What is respite?" and answer.intent == "answer"
    assert len(chat.first_answers) == 1


def test_a_kept_answer_needs_no_intent_model_but_is_still_screened(db_session, caching, monkeypatch):
    from portal.chat import intent, understand

    first = ask("What is respite?")
    screened: list[str] = []
    real_screen = understand.screen
    monkeypatch.setattr(understand, "screen", lambda text: screened.append(text) or real_screen(text))

    def no_model(_text: str) -> dict[str, float]:
        raise AssertionError("the intent model ran for a kept answer")

    monkeypatch.setattr(intent, "probabilities", no_model)
    again, meaning = chat._answer("what is respite", locale="en", state=ChatState())
    assert again.as_json() == first.as_json() and meaning.intent == "question"
    assert screened == ["what is respite"], "screening still runs on every message"
