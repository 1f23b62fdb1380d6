"""Sending a message writes once, reads nothing it does not need, and costs the same on the tenth turn as the first.

These count what happens (flushes, commits, statements, model runs), never how long it takes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from portal.chat import intent, understand
from portal.chat import services as chat
from portal.chat.models import ChatConversation, ChatMessage
from portal.db import db
from portal.search import services as search


def csrf(client) -> str:
    html = client.get("/ask").get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


@dataclass
class Counts:
    statements: list[str] = field(default_factory=list)
    flushes: int = 0
    commits: int = 0
    timeline: list[str] = field(default_factory=list)  # statements and "COMMIT", in order

    def clear(self) -> None:
        self.statements.clear()
        self.timeline.clear()
        self.flushes = self.commits = 0

    def write_transaction(self) -> list[str]:
        """What ran between the last-but-one commit and the last one (savepoints aside): the request's writes."""
        marks = [i for i, s in enumerate(self.timeline) if s == "COMMIT"]
        start = marks[-2] + 1 if len(marks) > 1 else 0
        return [
            s.split(" (")[0] for s in self.timeline[start : marks[-1]] if not s.startswith(("SAVEPOINT", "RELEASE"))
        ]


@contextmanager
def counting(app) -> Iterator[Counts]:
    counts = Counts()
    with app.app_context():
        engine = db.engine

    def on_statement(_conn, _cursor, statement, _params, _context, _many) -> None:
        counts.statements.append(" ".join(statement.split()))
        counts.timeline.append(" ".join(statement.split()))

    def on_flush(_session, _context) -> None:
        counts.flushes += 1

    def on_commit(_session) -> None:
        counts.commits += 1
        counts.timeline.append("COMMIT")

    event.listen(engine, "before_cursor_execute", on_statement)
    event.listen(Session, "after_flush", on_flush)
    event.listen(Session, "after_commit", on_commit)
    try:
        yield counts
    finally:
        event.remove(engine, "before_cursor_execute", on_statement)
        event.remove(Session, "after_flush", on_flush)
        event.remove(Session, "after_commit", on_commit)


def _writes(statements: list[str]) -> list[str]:
    return [s.split(" (")[0] for s in statements if s.startswith(("INSERT", "UPDATE", "DELETE"))]


def test_a_first_question_is_written_with_one_insert_per_table_and_one_commit(app, client, db_session):
    token = csrf(client)
    with counting(app) as counts:
        response = client.post("/ask", data={"message": "what is respite", "csrf_token": token})
    assert response.status_code == 303
    # Answering reads in a transaction of its own, closed before the writes: on SQLite the write lock is taken
    # for the two inserts and their commit alone, not while the question is answered.
    assert counts.flushes <= 1 and counts.commits == 2
    assert counts.write_transaction() == ["INSERT INTO chat_conversation", "INSERT INTO chat_message"]
    # The conversation, then both its messages in one statement; nothing read back from chat_message.
    assert _writes(counts.statements) == ["INSERT INTO chat_conversation", "INSERT INTO chat_message"]
    assert not [s for s in counts.statements if s.startswith("SELECT") and "FROM chat_message" in s]


def test_an_htmx_answer_is_committed_before_its_page_is_built(app, client, db_session):
    """The page that shows the conversation is built after the commit, so no writer waits for it to render."""
    token = csrf(client)
    client.post("/ask", data={"message": "what is respite", "csrf_token": token})
    order: list[str] = []
    with app.app_context():
        engine = db.engine

    def on_statement(_conn, _cursor, statement, _params, _context, _many) -> None:
        order.append(" ".join(statement.split()[:4]))

    def on_commit(_session) -> None:
        order.append("COMMIT")

    event.listen(engine, "before_cursor_execute", on_statement)
    event.listen(Session, "after_commit", on_commit)
    try:
        response = client.post(
            "/ask", data={"message": "what is a SENCO", "csrf_token": token}, headers={"HX-Request": "true"}
        )
    finally:
        event.remove(engine, "before_cursor_execute", on_statement)
        event.remove(Session, "after_commit", on_commit)
    assert response.status_code == 200 and "SENCO" in response.get_data(as_text=True)
    written = max(i for i, s in enumerate(order) if s.startswith("INSERT INTO chat_message"))
    committed = order.index("COMMIT", written)
    shown = min(i for i, s in enumerate(order) if i > written and s.startswith("SELECT") and "chat_message" in s)
    assert committed < shown, order


def test_no_statement_grows_with_the_length_of_the_conversation(app, client, db_session):
    token = csrf(client)
    questions = ["what is respite", "what is a SENCO", "how do I ask for an EHC needs assessment", "zzqx words"]
    per_turn: list[list[str]] = []
    with counting(app) as counts:
        for n in range(12):
            counts.clear()
            response = client.post("/ask", data={"message": questions[n % len(questions)], "csrf_token": token})
            assert response.status_code == 303
            assert counts.flushes <= 1 and counts.commits == 2, f"turn {n + 1}"
            writes = [" ".join(w.split()[:3]) for w in counts.write_transaction()]
            first = "INSERT INTO chat_conversation" if n == 0 else "UPDATE chat_conversation SET"
            assert writes == [first, "INSERT INTO chat_message"], f"turn {n + 1}"
            per_turn.append([s for s in counts.statements if not s.startswith(("SAVEPOINT", "RELEASE"))])
    # Each question's first asking may fill a per-process cache (the miss reply's page list, say); from the
    # second round on, every turn reads the conversation once and writes it and its two messages: the same on
    # turn 12 as on turn 5.
    later = per_turn[len(questions) :]
    assert all(len(turn) == len(later[0]) for turn in later), [len(turn) for turn in per_turn]
    assert sorted(" ".join(w.split()[:3]) for w in _writes(later[-1])) == [
        "INSERT INTO chat_message",
        "UPDATE chat_conversation SET",
    ]
    for turn in later:
        assert not [s for s in turn if s.startswith("SELECT") and "FROM chat_message" in s], turn
        assert sum(1 for s in turn if s.startswith("SELECT") and "FROM chat_conversation" in s) == 1
    conversation_id = db_session.scalar(
        select(ChatMessage.conversation_id).order_by(ChatMessage.created_at.desc()).limit(1)
    )
    positions = db_session.scalars(
        select(ChatMessage.position)
        .where(ChatMessage.conversation_id == conversation_id)
        .order_by(ChatMessage.position)
    ).all()
    assert positions == list(range(24))
    assert db_session.get(ChatConversation, conversation_id).message_count == 24
    assert len(client.get("/ask").get_data(as_text=True).split("portal-chat__answer")) > 12


def test_two_messages_answered_from_the_same_state_are_stored_one_after_the_other(db_session):
    """Answered at once (two tabs, a double click): each pair gets its own positions from the stored count."""
    conversation = chat.start_conversation(locale="en")
    chat.handle_message(conversation, "what is respite", locale="en")
    db_session.flush()
    first = chat.answer_in(conversation, "what is a SENCO", locale="en")
    second = chat.answer_in(conversation, "what is portage", locale="en")
    for answered, message in ((first, "what is a SENCO"), (second, "what is portage")):
        chat.record(conversation, message, answered.reply, answered.state, locale="en", written=answered.written)
    db_session.flush()
    stored = db_session.execute(
        select(ChatMessage.position, ChatMessage.text)
        .where(ChatMessage.conversation_id == conversation.id)
        .order_by(ChatMessage.position)
    ).all()
    assert [p for p, _ in stored] == [0, 1, 2, 3, 4, 5]
    assert [t for p, t in stored if p in (2, 4)] == ["what is a SENCO", "what is portage"]
    assert db_session.scalar(select(ChatConversation.message_count).where(ChatConversation.id == conversation.id)) == 6


def test_messages_added_to_a_loaded_conversation_appear_in_it(db_session):
    conversation = chat.start_conversation(locale="en")
    chat.handle_message(conversation, "what is respite", locale="en")
    db_session.flush()
    assert [m.position for m in conversation.messages] == [0, 1]
    chat.handle_message(conversation, "what is a SENCO", locale="en")
    assert [m.position for m in conversation.messages] == [0, 1, 2, 3]
    assert [m.role for m in conversation.messages] == ["user", "assistant"] * 2


@contextmanager
def runs(monkeypatch) -> Iterator[dict[str, int]]:
    count = {"screen": 0, "intent": 0}
    real_screen, real_heads = understand.screen, intent.Model.heads

    def screen(text):  # type: ignore[no-untyped-def]
        count["screen"] += 1
        return real_screen(text)

    def heads(model, text):  # type: ignore[no-untyped-def]
        count["intent"] += 1
        return real_heads(model, text)

    monkeypatch.setattr(understand, "screen", screen)
    monkeypatch.setattr(chat, "screen", screen)
    monkeypatch.setattr(search, "screen", screen)
    monkeypatch.setattr(intent.Model, "heads", heads)
    yield count


def test_screening_and_the_intent_model_run_once_per_message(db_session, monkeypatch):
    conversation = chat.start_conversation(locale="en")
    with runs(monkeypatch) as count:
        # Answered afresh (tests keep no first answers): understanding, then the search over the pages.
        reply = chat.handle_message(conversation, "how do I ask for an EHC needs assessment", locale="en")
    assert reply.intent == "answer"
    assert count == {"screen": 1, "intent": 1}


def test_a_search_still_screens_words_it_is_given_without_a_screening(app, db_session, monkeypatch):
    with runs(monkeypatch) as count, app.test_request_context("/search"):
        result = search.search(search.SearchParams(q="he hits me and I am scared"), record_gaps=False)
    assert result.urgent and count["screen"] == 1


def test_an_urgent_message_is_screened_once_and_still_flagged(db_session, monkeypatch):
    from portal.safeguarding.models import SafeguardingFlag

    conversation = chat.start_conversation(locale="en")
    with runs(monkeypatch) as count:
        reply = chat.handle_message(conversation, "I want to kill myself", locale="en")
    assert reply.intent == "urgent"
    assert count["screen"] == 1, "the flag reuses the screening that found the risk"
    flag = db_session.scalar(select(SafeguardingFlag).where(SafeguardingFlag.source_id == conversation.id))
    assert flag.text == "I want to kill myself" and "suicide-self-harm" in flag.categories
    assert flag.score is not None and flag.sentence


def test_expanding_words_finds_exactly_what_trying_every_pattern_finds(app):
    def every_pattern(text: str) -> list[str]:
        return [syn.expansion for syn in search.synonyms() if syn.pattern.search(text)]

    texts = ["", "What is an EHCP?", "my DS has ASD and ADHD", "send the form", "SEND support", "1:1 help at school",
             "Jak złożyć WNIOSKU o EHCP", "ehcpplan", "the plan", "SALT waiting list", "ta and TA", "ÉHCP ſend"]  # fmt: skip
    for syn in search.synonyms():
        texts += [syn.term.rstrip("*"), syn.term.upper(), f"about {syn.term.lower()} please", f"x{syn.term}x"]
    for text in texts:
        assert search.expand(text)[1] == every_pattern(text), text
