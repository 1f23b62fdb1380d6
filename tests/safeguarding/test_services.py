"""The one entry point: store first, screen, then flag; never lose a message; the lead's decisions kept
(masked) for the next training round; the console contract."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from portal.auth import services as auth
from portal.auth.models import Role
from portal.feedback import services as feedback
from portal.feedback.models import PageFeedback
from portal.platform.masking import mask_personal
from portal.safeguarding import services
from portal.safeguarding.models import SafeguardingFlag

RISKY = "my stepdad hits me when mum is out and I am scared to go home"


def send_feedback(comment: str) -> PageFeedback:
    return feedback.record(path="/local-offer/annual-review", useful=False, theme=None, doing=None, comment=comment,
                           locale="en", idempotency_key=None)  # fmt: skip


def flags(db_session, source_id):
    return db_session.scalars(select(SafeguardingFlag).where(SafeguardingFlag.source_id == source_id)).all()


def test_a_flag_says_why_it_was_raised(db_session):
    item = send_feedback(RISKY)
    (flag,) = flags(db_session, item.id)
    assert flag.text == RISKY and flag.categories
    assert flag.score is not None and flag.score >= 0.5
    assert flag.sentence and "hits me" in flag.sentence


def test_when_screening_fails_the_message_is_kept_and_a_person_reads_it(db_session, monkeypatch):
    def broken(text):
        raise RuntimeError("model file missing")

    monkeypatch.setattr(services, "screen", broken)
    item = send_feedback("The page about transport was helpful")
    assert db_session.get(PageFeedback, item.id) is not None, "stored whatever the screen did"
    (flag,) = flags(db_session, item.id)
    assert flag.categories == [services.SCREEN_FAILED]


def test_when_flagging_fails_the_message_is_still_kept(db_session, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("database hiccup")

    monkeypatch.setattr(services, "raise_flag", broken)
    item = send_feedback(RISKY)
    db_session.flush()
    assert db_session.get(PageFeedback, item.id) is not None
    assert flags(db_session, item.id) == []


def test_not_a_concern_needs_a_reason_and_closes_the_flag(db_session):
    lead = auth.create_user(email="lead@example.com", password="correct horse battery", roles=[Role.SAFEGUARDING],
                            verified=True)  # fmt: skip
    flag = services.screen_and_flag(RISKY, source="voice", source_id="v-1", language="en")
    with pytest.raises(ValueError):
        services.mark_not_a_concern(flag, actor=lead, reason="  ")
    services.mark_not_a_concern(flag, actor=lead, reason="A line from a story she is writing for English")
    assert flag.status == "closed" and flag.not_concern_by == "lead@example.com"
    with pytest.raises(services.AlreadyClosed):
        services.mark_not_a_concern(flag, actor=lead, reason="again")


def test_decisions_are_exported_masked_and_labelled_safe(db_session):
    lead = auth.create_user(email="lead2@example.com", password="correct horse battery", roles=[Role.SAFEGUARDING],
                            verified=True)  # fmt: skip
    words = "my son Tom said he wants to die, call me on 01632 960123 (he was quoting a film)"
    flag = services.raise_flag(source="voice", source_id="v-2", text=words, language="en", categories=["abuse"])
    services.mark_not_a_concern(flag, actor=lead, reason="Quoting a film; spoke to mum on 01632 960123")
    (row,) = [d for d in services.decisions_for_training(mask_personal) if d.voice == "voice"]
    assert row.label == "safe" and "Tom" not in row.text and "960123" not in row.text
    assert "960123" not in row.reason


def test_console_screen_reads_one_message_a_line(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["safeguarding", "screen", "-", "--json"],
                           input="where do I send the form\ni want to end my life\n")  # fmt: skip
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [line["risk"] for line in lines] == [False, True]
    assert all(set(line) == {"risk", "score", "categories", "language"} for line in lines)


def test_console_screen_takes_one_message_as_an_argument(app):
    result = app.test_cli_runner().invoke(args=["safeguarding", "screen", "Dwi isio lladd fy hun", "--json"])
    answer = json.loads(result.output)
    assert answer["risk"] is True and answer["language"] == "cy"
