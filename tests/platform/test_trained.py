"""Trained models kept on disk by what they were trained from (portal/platform/trained.py)."""

from __future__ import annotations

import numpy as np
import pytest

from portal.chat import intent
from portal.platform import langid, trained


@pytest.fixture()
def folder(tmp_path, monkeypatch):
    monkeypatch.setattr(trained, "FOLDER", tmp_path / "models")
    return tmp_path / "models"


def test_arrays_come_back_only_for_the_same_fingerprint(folder):
    key = trained.fingerprint(["code", "rows"])
    trained.save("demo", key, {"w": np.arange(6.0).reshape(2, 3), "labels": np.array(["a", "b"])})
    back = trained.load("demo", key)
    assert back is not None and back["w"].tolist() == [[0, 1, 2], [3, 4, 5]] and back["labels"].tolist() == ["a", "b"]
    assert trained.load("demo", trained.fingerprint(["code", "rows changed"])) is None
    assert trained.fingerprint(["ab", "c"]) != trained.fingerprint(["a", "bc"])
    assert not list(folder.glob(".demo-*")), "no temporary file is left behind"


def test_a_damaged_file_is_trained_again_and_an_unwritable_folder_is_no_error(folder, monkeypatch):
    key = trained.fingerprint(["x"])
    folder.mkdir()
    (folder / f"demo-{key[:24]}.npz").write_bytes(b"not a model")
    assert trained.load("demo", key) is None
    monkeypatch.setattr(trained, "FOLDER", folder / "a-file" / "models")
    (folder / "a-file").write_text("in the way")
    trained.save("demo", key, {"w": np.zeros(2)})  # logs, does not raise
    assert trained.load("demo", key) is None


def test_only_the_newest_few_models_of_a_name_are_kept(folder):
    for n in range(trained.KEEP + 3):
        trained.save("demo", trained.fingerprint([str(n)]), {"w": np.zeros(1)})
    assert len(list(folder.glob("demo-*.npz"))) == trained.KEEP
    assert trained.load("demo", trained.fingerprint([str(trained.KEEP + 2)])) is not None


ROWS = [("question", "how long does an assessment take"), ("question", "what is a short break")] * 3 + [
    ("case", "where is my son's plan up to"),
    ("case", "has the panel met about my daughter yet"),
    ("out", "what time does the tip open"),
    ("out", "can I renew my bus pass"),
]


def test_the_intent_model_is_read_back_not_trained_again(folder, monkeypatch):
    monkeypatch.setenv("PORTAL_MEANING", "off")  # the word head alone: no embeddings needed for made-up rows
    first = intent.trained_from(ROWS)
    monkeypatch.setattr(intent, "train", lambda rows: pytest.fail("trained again"))
    second = intent.trained_from(ROWS)
    assert np.array_equal(first.weights, second.weights) and np.array_equal(first.bias, second.bias)
    assert second.probabilities("how long is an assessment") == first.probabilities("how long is an assessment")
    with pytest.raises(pytest.fail.Exception):
        intent.trained_from([*ROWS, ("out", "where do I pay council tax")])  # new rows: a new model


def test_the_language_model_is_read_back_not_built_again(folder, monkeypatch):
    rows = [("en", "my son has a plan"), ("cy", "mae gan fy mab gynllun"), ("pl", "mój syn ma plan")]
    table, unseen = langid.trained_from(rows)
    monkeypatch.setattr(langid, "train", lambda rows: pytest.fail("built again"))
    assert langid.trained_from(rows) == (table, unseen)
