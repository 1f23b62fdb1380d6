"""The learned intent model: own case, out of scope, or a question for the pages.

The messages here are written for these tests, apart from the training corpus and from any evaluation set.
"""

from __future__ import annotations

import csv

import pytest

from portal.chat import intent
from portal.config import ROOT
from tests.local_offer.test_question_hygiene import evaluation_questions, near_copies


def best(text: str) -> str:
    p = intent.probabilities(text)
    return max(p, key=p.__getitem__)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("has anybody decided yet about the assessment for my twins", "case"),
        ("our final plan is a month late, what is going on with it", "case"),
        ("i emailed the reports in august and nobody confirmed they arrived", "case"),
        ("when do the brown bins get emptied", "out"),
        ("how do I renew my bus pass, I'm a pensioner", "out"),
        ("what help is there for a child who stammers", "question"),
        ("how long does the council have to send a draft plan", "question"),
    ],
)
def test_the_model_tells_the_kinds_apart(text, label):
    assert best(text) == label


def test_probabilities_are_a_distribution():
    p = intent.probabilities("anything at all")
    assert set(p) == set(intent.LABELS)
    assert abs(sum(p.values()) - 1) < 1e-9


def test_features_are_stable_across_processes():
    """CRC-32 hashing, not Python's salted hash(): the same words give the same features everywhere."""
    ids = intent.features("Week 19 and still no plan")
    assert list(ids) == sorted(set(ids.tolist()))
    assert list(intent.features("week 12 and still no plan")) == list(ids)  # digits fold together


def corpus_lines() -> list[tuple[str, str]]:
    out = []
    for path in sorted(intent.DATA.glob("intents-*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                out.append((path.name, line.partition("\t")[2]))
    return out


def test_every_corpus_line_is_a_language_then_one_message():
    # A line written "en<TAB>en<TAB>..." trained the language code as a word of the message.
    bad = []
    for path in sorted(intent.DATA.glob("intents-*.txt")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            language, _, text = line.partition("\t")
            if language not in {"en", "cy", "pl", "ur", "ur-Latn"} or not text.strip() or "\t" in text:
                bad.append(f"{path.name}:{number}")
    assert bad == []


def test_the_corpus_copies_no_evaluation_question():
    """Training on evaluation questions would measure memory: no line may share 60% of its words with one."""
    rows = evaluation_questions()
    if not rows:
        pytest.skip("no evaluation files on this machine")
    assert near_copies(corpus_lines(), rows) == []


@pytest.mark.parametrize(
    ("name", "least"),
    [("intent-dev.tsv", 60), ("intent-dev2.tsv", 200), ("intent-dev3.tsv", 100), ("intent-dev4.tsv", 140)],
)
def test_the_intent_dev_sets_are_apart_from_the_corpus(name, least):
    with (ROOT / "bench" / name).open(encoding="utf-8") as handle:
        dev = [row["text"] for row in csv.DictReader(handle, delimiter="\t")]
    assert len(dev) >= least
    assert near_copies(corpus_lines(), dev) == []
