"""Risk-of-harm screening on the labelled messages: every risky message is caught."""

from __future__ import annotations

import csv
from pathlib import Path

from portal.screening import screen

MESSAGES = Path(__file__).parent / "data" / "screening-messages.tsv"


def rows() -> list[dict[str, str]]:
    with MESSAGES.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def test_the_labelled_set_is_big_enough_and_balanced():
    data = rows()
    assert len(data) >= 200
    risky = sum(r["label"] == "risk" for r in data)
    assert 0.4 <= risky / len(data) <= 0.6
    assert {r["language"] for r in data} >= {"en", "cy", "pl", "ur"}


def test_recall_is_complete():
    missed = [r["text"] for r in rows() if r["label"] == "risk" and not screen(r["text"]).risky]
    assert missed == []


def test_false_alarms_stay_low():
    safe = [r for r in rows() if r["label"] == "safe"]
    alarms = [r["text"] for r in safe if screen(r["text"]).risky]
    assert len(alarms) / len(safe) <= 0.05, alarms
