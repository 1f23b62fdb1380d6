"""Turning text into the hashed features the screening model reads.

Training (portal/safeguarding/train.py, scikit-learn) and scoring (portal/safeguarding/screen.py, numpy
only) both call these functions, so the two can never disagree about what a feature is.

Features are word unigrams and bigrams plus character n-grams (2 to 5) inside each word (the main model), and
the word features alone (a second, word-only model whose score is averaged with the first). Character
n-grams carry across misspellings ("sucide"), text-speak ("kms"), Welsh mutations ("lladd"/"ladd") and
Polish endings. Each feature is hashed into one of DIMENSIONS buckets with CRC-32, which is the same on
every machine and Python version (the built-in hash() is salted per process).
"""

from __future__ import annotations

import re
import unicodedata
import zlib

import numpy as np

DIMENSIONS = 2**18
# The category and language models need fewer buckets: ids are folded into this many.
SMALL = 2**16
CHAR_NGRAMS = (2, 3, 4, 5)
_WORD = re.compile(r"\w+", re.UNICODE)
# A sentence ends at . ! ? (and the Urdu full stop and question mark) followed by space, or at a line break.
_SENTENCE_END = re.compile(r"(?<=[.!?۔؟])\s+|\n+|(?<=[.!?۔؟])(?=[A-Z])")
# Messages typed without punctuation are cut into overlapping stretches of words instead.
_CHUNK_WORDS = 24
_CHUNK_STEP = 12


def normalise(text: str) -> str:
    """Lower case, one kind of apostrophe, one space between words; accents and scripts kept."""
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    return re.sub(r"[ \t\r\f\v]+", " ", text).strip().lower()


def sentences(text: str) -> list[str]:
    """The message cut into sentences; a long unpunctuated run of words becomes overlapping chunks."""
    pieces: list[str] = []
    for part in _SENTENCE_END.split(text):
        words = part.split()
        if not words:
            continue
        if len(words) <= _CHUNK_WORDS + _CHUNK_STEP:
            pieces.append(" ".join(words))
            continue
        for start in range(0, len(words) - _CHUNK_STEP, _CHUNK_STEP):
            pieces.append(" ".join(words[start : start + _CHUNK_WORDS]))
    return pieces


def _bucket(feature: str) -> int:
    return zlib.crc32(feature.encode("utf-8")) & (DIMENSIONS - 1)


def feature_ids(text: str) -> np.ndarray:
    """The distinct hashed feature ids of a piece of (normalised) text, sorted."""
    # _bucket written out in the loops: this runs for every message screened, and the calls were half its time.
    crc, mask = zlib.crc32, DIMENSIONS - 1
    ids: set[int] = set()
    add = ids.add
    previous = ""
    for word in _WORD.findall(text):
        add(crc(("w " + word).encode("utf-8")) & mask)
        if previous:
            add(crc(("b " + previous + " " + word).encode("utf-8")) & mask)
        previous = word
        padded = f"<{word}>".encode() if word.isascii() else None
        if padded is not None:  # one byte a letter: slicing the bytes slices the letters
            size = len(padded)
            for n in CHAR_NGRAMS:
                if n > size:
                    break
                for start in range(size - n + 1):
                    add(crc(padded[start : start + n]) & mask)
            continue
        letters = f"<{word}>"
        size = len(letters)
        for n in CHAR_NGRAMS:
            if n > size:
                break
            for start in range(size - n + 1):
                add(crc(letters[start : start + n].encode("utf-8")) & mask)
    return np.fromiter(ids, dtype=np.int64, count=len(ids)) if ids else np.zeros(0, dtype=np.int64)


def word_ids(text: str) -> np.ndarray:
    """Only the word unigram and bigram ids of a piece of (normalised) text: what the word model reads.

    They are the same buckets feature_ids gives those words, so both models share one IDF table.
    """
    crc, mask = zlib.crc32, DIMENSIONS - 1
    ids: set[int] = set()
    previous = ""
    for word in _WORD.findall(text):
        ids.add(crc(("w " + word).encode("utf-8")) & mask)
        if previous:
            ids.add(crc(("b " + previous + " " + word).encode("utf-8")) & mask)
        previous = word
    return np.fromiter(ids, dtype=np.int64, count=len(ids)) if ids else np.zeros(0, dtype=np.int64)


def message_ids(text: str) -> np.ndarray:
    """Feature ids of a whole message: the union of its sentences' features (how training sees it)."""
    parts = [feature_ids(normalise(piece)) for piece in sentences(text)]
    return np.unique(np.concatenate(parts)) if parts else np.zeros(0, dtype=np.int64)
