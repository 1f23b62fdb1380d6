"""The hashed features the screening model reads are exactly those it was trained on (the written-out loops in
features.py must give the ids of the plain definition: words, word pairs, character 2- to 5-grams of each word)."""

from __future__ import annotations

import zlib

import numpy as np

from portal.safeguarding.features import _WORD, CHAR_NGRAMS, DIMENSIONS, feature_ids, normalise, word_ids


def _bucket(feature: str) -> int:
    return zlib.crc32(feature.encode("utf-8")) & (DIMENSIONS - 1)


def _reference(text: str) -> set[int]:
    words = _WORD.findall(text)
    ids = {_bucket("w " + w) for w in words} | {_bucket(f"b {a} {b}") for a, b in zip(words, words[1:], strict=False)}
    for word in words:
        padded = f"<{word}>"
        ids |= {_bucket(padded[i : i + n]) for n in CHAR_NGRAMS for i in range(len(padded) - n + 1)}
    return ids


TEXTS = [
    "How do I ask for an EHC needs assessment?",
    "Mae fy mab wedi mynd ar goll, dw i ddim yn gwybod ble mae o",
    "Mój syn połknął baterię, co mam zrobić?",
    "میرا بیٹا گھر نہیں آیا",
    "mera beta ghar nahi aaya",
    "naïve café – it's the SENCO’s day off",
    "a",
    "",
]


def test_feature_ids_are_the_plain_definition_in_every_script():
    for text in TEXTS:
        text = normalise(text)
        assert set(feature_ids(text).tolist()) == _reference(text), text
        words = _WORD.findall(text)
        expected = {_bucket("w " + w) for w in words} | {
            _bucket(f"b {a} {b}") for a, b in zip(words, words[1:], strict=False)
        }
        assert set(word_ids(text).tolist()) == expected, text
        assert feature_ids(text).dtype == np.int64
