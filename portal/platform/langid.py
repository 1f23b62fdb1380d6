"""Which of our languages a text is in, learned from letters rather than listed words.

A handful of common words (portal/platform/language.py) settles most messages, but not a Welsh question whose
small words are mutated or joined ("mae'n", "i'r", "fy mhlentyn") or that shares "i" and "a" with English: on
the search and intent development questions it called most Welsh questions English, so they were searched
without their translation. This is a naive Bayes model over the letter sequences (one to four letters, inside
words, with the word's edges marked) of about 11,000 messages whose language is known: the safeguarding corpus
(portal/safeguarding/data/) and the intent corpus (portal/chat/data/), both written for this portal, never an
evaluation set. Letters carry a language even in a word nobody listed ("adolygu", "awtistiaeth").

Urdu in its own script is told by its letters (language.py) and is not modelled here. The model is built from
the files when a process first needs it (about 2 s here) and kept, in memory and in instance/models/ for the next
process (portal/platform/trained.py: read back in a fraction of that); `guess` costs about 50 microseconds.
"""

from __future__ import annotations

import csv
import math
import re
import threading
from collections import Counter

import numpy as np

from portal.config import ROOT
from portal.platform import trained

LANGUAGES = ("en", "cy", "pl", "ur-Latn")
_SOURCES = (ROOT / "portal" / "safeguarding" / "data", ROOT / "portal" / "chat" / "data")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_MAX_N = 4
_lock = threading.Lock()
_model: tuple[dict[str, tuple[float, ...]], tuple[float, ...]] | None = None


def grams(text: str) -> list[str]:
    """The letter sequences of one to four letters inside each word, the word's start and end marked by a space."""
    found = []
    for word in _WORD.findall(text.lower()):
        padded = f" {word} "
        for n in range(1, _MAX_N + 1):
            found += [padded[i : i + n] for i in range(len(padded) - n + 1) if padded[i : i + n].strip()]
    return found


def training_rows() -> list[tuple[str, str]]:
    """(language, text) for every message of the two corpora whose language is one of LANGUAGES."""
    rows: list[tuple[str, str]] = []
    for path in sorted(_SOURCES[0].glob("*.tsv")):
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
                language, text = (row.get("language") or "en").strip(), (row.get("text") or "").strip()
                if language in LANGUAGES and text:
                    rows.append((language, text))
    for path in sorted(_SOURCES[1].glob("intents-*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            language, _, text = line.partition("\t")
            if not line.startswith("#") and language in LANGUAGES and text.strip():
                rows.append((language, text.strip()))
    return rows


def train(rows: list[tuple[str, str]]) -> tuple[dict[str, tuple[float, ...]], tuple[float, ...]]:
    """Log-probabilities of each letter sequence in each language (add-one smoothing), and of an unseen one."""
    counts = {language: Counter() for language in LANGUAGES}
    for language, text in rows:
        counts[language].update(grams(text))
    vocabulary = set().union(*counts.values())
    totals = {language: sum(c.values()) + len(vocabulary) for language, c in counts.items()}
    table = {
        gram: tuple(math.log((counts[language][gram] + 1) / totals[language]) for language in LANGUAGES)
        for gram in vocabulary
    }
    unseen = tuple(math.log(1 / totals[language]) for language in LANGUAGES)
    return table, unseen


def trained_from(rows: list[tuple[str, str]]) -> tuple[dict[str, tuple[float, ...]], tuple[float, ...]]:
    """The model of these rows: read from instance/models/ when a process built it from the same rows and code
    before (portal/platform/trained.py), else built now and kept."""
    key = trained.fingerprint([trained.source_of(__file__), *(f"{language}\t{text}" for language, text in rows)])
    kept = trained.load("langid", key)
    if kept is not None:
        values = kept["values"].tolist()
        return dict(zip(kept["grams"].tolist(), map(tuple, values), strict=True)), tuple(kept["unseen"].tolist())
    table, unseen = train(rows)
    grams_kept = np.array(list(table), dtype=str)
    trained.save(
        "langid", key, {"grams": grams_kept, "values": np.array(list(table.values())), "unseen": np.array(unseen)}
    )
    return table, unseen


def _trained() -> tuple[dict[str, tuple[float, ...]], tuple[float, ...]]:
    global _model
    with _lock:
        if _model is None:
            _model = trained_from(training_rows())
        return _model


def guess(text: str) -> tuple[str, float]:
    """(the likeliest language, how much likelier than English per letter sequence; 0.0 when it is English)."""
    table, unseen = _trained()
    found = grams(text)
    if not found:
        return "en", 0.0
    totals = [0.0] * len(LANGUAGES)
    for gram in found:
        for i, value in enumerate(table.get(gram, unseen)):
            totals[i] += value
    best = max(range(len(LANGUAGES)), key=totals.__getitem__)
    return LANGUAGES[best], (totals[best] - totals[0]) / len(found)
