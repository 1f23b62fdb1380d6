"""Evaluation hygiene: no page's `questions:` may copy, or nearly copy, a question we measure on.

Scores on questions the content already holds measure memory, not understanding. A `questions:`
entry fails when 60% or more of its meaningful words are in one evaluation row. The frozen test
set (bench/questions-test.tsv) is checked when present; nobody tuning the assistant reads it.
"""

from __future__ import annotations

import csv
import re

import pytest

from portal.config import ROOT
from portal.local_offer.content import read_content

EVALUATION_FILES = [
    ROOT.parent / "shared" / "chat-eval" / "dev.tsv",
    ROOT / "bench" / "questions-dev-extra.tsv",
    ROOT / "bench" / "questions-dev2.tsv",
    ROOT / "bench" / "questions-test.tsv",
]
# Sets written after the intent corpus: checked against the pages' `questions:` only. Many of their long messages
# hold most words of some short line of the intent corpus, which was written earlier and without them.
LATER_EVALUATION_FILES = [ROOT / "bench" / "questions-dev4.tsv", ROOT / "bench" / "questions-dev5.tsv"]
LIMIT = 0.6
# Words every question shares; counting them would flag "what is X?" against any "what is Y?".
STOP = frozenset(
    """a an and are as at be but by can could do does did for from had has have he her his how i if in into is it its
    me my of on or our she so than that the their them then there these they this to was we were what when where
    which who will with would you your im i'm i've ive get got any about after before not no yes am""".split()
)


def words(text: str) -> set[str]:
    return {w for w in re.findall(r"[\w']+", text.lower()) if w not in STOP}


def shared_share(entry: str, row: str) -> float:
    """The share of the entry's meaningful words that the row also uses."""
    mine = words(entry)
    return len(mine & words(row)) / len(mine) if mine else 0.0


def evaluation_questions(files: list = EVALUATION_FILES) -> list[str]:  # type: ignore[type-arg]
    out: list[str] = []
    for path in files:
        if path.exists():
            with path.open(encoding="utf-8") as handle:
                out += [row["question"] for row in csv.DictReader(handle, delimiter="\t")]
    return out


def near_copies(entries: list[tuple[str, str]], rows: list[str]) -> list[str]:
    row_words = [words(r) for r in rows]
    found = []
    for where, entry in entries:
        mine = words(entry)
        if mine and any(len(mine & r) / len(mine) >= LIMIT for r in row_words):
            found.append(f"{where}: {entry}")
    return found


def content_questions() -> list[tuple[str, str]]:
    return [
        (f"{p.locale}/{p.variant}/{p.slug}", str(q))
        for p in read_content(ROOT / "content")
        for q in (p.meta.get("questions") or [])
    ]


def test_the_measure_counts_meaningful_words():
    assert shared_share("What is an EHCP?", "what is an ehcp and who gets one") == 1.0
    assert shared_share("How long does the council have to decide?", "how long do I have to appeal") == 1 / 3
    assert near_copies([("x", "respite for my autistic son")], ["respit for autistic son how do i apply"]) == [
        "x: respite for my autistic son"
    ]


def test_no_questions_entry_copies_an_evaluation_question():
    rows = evaluation_questions(EVALUATION_FILES + LATER_EVALUATION_FILES)
    if not rows:
        pytest.skip("no evaluation files on this machine")
    assert near_copies(content_questions(), rows) == []
