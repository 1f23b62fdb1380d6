"""The safeguarding screen: does this text suggest someone may be at risk of harm?

A linear model over hashed word and character n-grams (features.py), averaged with a word-only linear model
(character n-grams alone let spelling carry too much: "hit", "hate", "scared" inside harmless worries), both
trained on the labelled corpus (`portal safeguarding train`), scores every sentence, every run of two and three sentences and the whole
message; the highest score counts, so one worrying sentence buried in a long complaint is found. A short
lexicon (lexicon.py) backs it up for the phrases that must never be missed. The threshold was chosen on
the development split for recall (see README, "Safeguarding screening"); a false alarm costs an officer a
minute, a miss can cost a child.

Scoring uses numpy only; the model file is read once per process.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from portal.platform import meaning
from portal.safeguarding import lexicon
from portal.safeguarding.features import SMALL, feature_ids, normalise, sentences, word_ids

MODEL_PATH = Path(__file__).resolve().parent / "model" / "screen.npz"
# Letters only Polish uses among our languages: a sure sign even when the learned model has few examples.
_POLISH_LETTERS = re.compile(r"[ąęłńśźżć]")
_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_WINDOWS = (2, 3)
# Above this many sentences only the sentences, pairs and the whole message are scored (keeps p95 low).
_MAX_TRIPLES = 40
LEXICON_SCORE = 0.9
# A sentence of one or two words ("im 16.", "Hi.") has too few features to be judged alone: scored on its own its
# score swings to either end. It is judged inside the runs of sentences and the whole message instead.
MIN_UNIT_WORDS = 3
_WORDS = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Screening:
    """What the screen found. `score` is 0..1 and reaches 0.5 exactly at the chosen threshold."""

    risky: bool
    score: float = 0.0
    categories: tuple[str, ...] = ()
    language: str = "en"
    sentence: str | None = None  # the words that scored highest (what the lead should read first)
    matched: tuple[str, ...] = field(default=())  # lexicon phrases found, if any

    @property
    def risk(self) -> bool:
        return self.risky

    def as_json(self) -> dict[str, object]:
        return {"risk": self.risky, "score": round(self.score, 4), "categories": list(self.categories),
                "language": self.language}  # fmt: skip


class Model:
    """The trained weights: risk (binary), category (one row per category) and language."""

    def __init__(self, arrays: dict[str, np.ndarray]) -> None:
        # Risk weights come pre-multiplied by each feature's IDF; idf2 (IDF squared) gives the vector's length.
        self.idf = arrays["idf"].astype(np.float32)
        self.risk_w = arrays["risk_w"].astype(np.float32) * self.idf
        self.idf2 = self.idf * self.idf
        self.risk_b = float(arrays["risk_b"])
        # The word-only model, on the same IDF; `mix` is the main model's share of the averaged score. Older model
        # files have no word model and score with the main model alone.
        self.word_w = arrays["word_w"].astype(np.float32) * self.idf if "word_w" in arrays else None
        self.word_b = float(arrays["word_b"]) if "word_b" in arrays else 0.0
        self.mix = float(arrays["mix"]) if "mix" in arrays else 1.0
        # Sentences and runs of sentences have fewer features than whole messages, so their scores swing further:
        # this offset (chosen on dev) puts them on the whole message's scale before the maximum is taken.
        self.unit_offset = float(arrays["unit_offset"])
        self.category_w = arrays["category_w"].astype(np.float32)  # (dims, categories)
        self.category_b = arrays["category_b"].astype(np.float32)
        self.categories = [str(c) for c in arrays["categories"]]
        self.language_w = arrays["language_w"].astype(np.float32)
        self.language_b = arrays["language_b"].astype(np.float32)
        self.languages = [str(c) for c in arrays["languages"]]
        self.threshold = float(arrays["threshold"])
        self.meta = json.loads(str(arrays["meta"]))
        # The meaning head (train.train_meaning): logistic regression over the message's sentence embedding, asked
        # only when the word model's calibrated score falls inside `meaning_band`, and blended in with share
        # `meaning_share`; `meaning_shift` puts the blend's own threshold back at 0.5. Absent in older files.
        self.meaning_w = arrays["meaning_w"].astype(np.float32) if "meaning_w" in arrays else None
        self.meaning_b = float(arrays["meaning_b"]) if "meaning_b" in arrays else 0.0
        band = arrays["meaning_band"] if "meaning_band" in arrays else np.array([1.0, 1.0])
        self.meaning_band = (float(band[0]), float(band[1]))
        self.meaning_share = float(arrays["meaning_share"]) if "meaning_share" in arrays else 0.0
        self.meaning_shift = float(arrays["meaning_shift"]) if "meaning_shift" in arrays else 0.0

    def meaning_probability(self, vector: np.ndarray) -> float:
        assert self.meaning_w is not None
        return float(1.0 / (1.0 + np.exp(-(float(vector @ self.meaning_w) + self.meaning_b))))

    def second_opinion(self, score: float, text: str) -> float:
        """The score after the meaning head's second opinion, for scores inside the band (the rest unchanged)."""
        low, high = self.meaning_band
        if self.meaning_w is None or not low <= score < high:
            return score
        vector = meaning.query(text)
        if vector is None:
            return score
        share = self.meaning_share
        return (1.0 - share) * score + share * self.meaning_probability(vector) + self.meaning_shift

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> Model:
        with np.load(path, allow_pickle=False) as data:
            return cls({key: data[key] for key in data.files})

    # Probabilities -------------------------------------------------------------------------------------

    def risk_logit(self, ids: np.ndarray, words: np.ndarray | None = None) -> float:
        """The averaged score (log-odds) of one unit from its feature ids and its word ids."""
        z = float(self.risk_w[ids].sum()) / np.sqrt(float(self.idf2[ids].sum())) + self.risk_b
        if self.word_w is None or words is None or not len(words):
            return z
        zw = float(self.word_w[words].sum()) / np.sqrt(float(self.idf2[words].sum())) + self.word_b
        return self.mix * z + (1.0 - self.mix) * zw

    def risk_probability(self, ids: np.ndarray, *, part: bool = False, words: np.ndarray | None = None) -> float:
        if not len(ids):
            return 0.0
        z = self.risk_logit(ids, words)
        if part:
            z += self.unit_offset
        return float(1.0 / (1.0 + np.exp(-z)))

    def calibrated(self, probability: float) -> float:
        """Map the model's probability so that the chosen threshold sits at 0.5."""
        t = self.threshold
        if probability < t:
            return 0.5 * probability / t
        return 0.5 + 0.5 * (probability - t) / (1.0 - t)

    def category_scores(self, ids: np.ndarray) -> np.ndarray:
        z = self.category_w[ids & (SMALL - 1)].sum(axis=0) / np.sqrt(max(len(ids), 1)) + self.category_b
        z = np.exp(z - z.max())
        return z / z.sum()

    def language(self, text: str, ids: np.ndarray) -> str:
        if _ARABIC_SCRIPT.search(text):
            return "ur"
        if _POLISH_LETTERS.search(text):
            return "pl"
        if not len(ids):
            return "en"
        z = self.language_w[ids & (SMALL - 1)].sum(axis=0) / np.sqrt(len(ids)) + self.language_b
        best = int(np.argmax(z))
        return self.languages[best].split("-")[0]


@lru_cache(maxsize=1)
def model() -> Model:
    """The committed model, loaded once per process."""
    return Model.load()


def units(parts: list[np.ndarray]) -> list[tuple[int, int, np.ndarray]]:
    """(first, last, feature ids) for the whole message, then each sentence and each run of 2 and 3 sentences."""
    count = len(parts)
    if count == 0:
        return []
    found = [(0, count - 1, parts[0] if count == 1 else np.unique(np.concatenate(parts)))]
    if count == 1:
        return found
    found += [(i, i, ids) for i, ids in enumerate(parts)]
    for width in _WINDOWS:
        if width >= count or (width == 3 and count > _MAX_TRIPLES):
            continue
        for start in range(count - width + 1):
            found.append((start, start + width - 1, np.unique(np.concatenate(parts[start : start + width]))))
    return found


def meaning_text(pieces: list[str], centre: int) -> str:
    """What the meaning head reads: the whole message when it is short, else the sentences around the one the
    word model scored highest, up to meaning.MAX_WORDS words (the embedding costs about 1.5 ms a word piece)."""
    if sum(len(p.split()) for p in pieces) <= meaning.MAX_WORDS:
        return " ".join(pieces)
    first = last = centre
    words = len(pieces[centre].split())
    while True:
        grown = False
        for candidate in (last + 1, first - 1):
            if 0 <= candidate < len(pieces) and not first <= candidate <= last:
                size = len(pieces[candidate].split())
                if words + size <= meaning.MAX_WORDS:
                    first, last = min(first, candidate), max(last, candidate)
                    words += size
                    grown = True
        if not grown:
            return " ".join(pieces[first : last + 1])


def screen_with(m: Model, text: str) -> Screening:
    """Screen `text` with model `m` (training uses this to choose the threshold)."""
    pieces = sentences(text or "")
    if not pieces:
        return Screening(risky=False)
    lowered = [normalise(piece) for piece in pieces]
    norm = " ".join(lowered)
    parts = [feature_ids(piece) for piece in lowered]
    best_p, best = -1.0, (0, 0, parts[0])
    whole_span = (0, len(parts) - 1)
    scored = units(parts)
    # The word model's units, in the same order as `scored` (units() depends only on the number of sentences).
    word_units = [ids for _, _, ids in units([word_ids(piece) for piece in lowered])] if m.word_w is not None else None
    # The lead reads first the single sentence that scores highest, whichever unit decided the score.
    top_sentence, top_p = 0, -1.0
    for index, (first, last, ids) in enumerate(scored):
        if first == last and len(scored) > 1 and len(_WORDS.findall(lowered[first])) < MIN_UNIT_WORDS:
            continue
        words = word_units[index] if word_units is not None else None
        p = m.risk_probability(ids, part=(first, last) != whole_span, words=words)
        if p > best_p:
            best_p, best = p, (first, last, ids)
        if first == last and len(scored) > 1:
            raw = m.risk_probability(ids, words=words)
            if raw > top_p:
                top_sentence, top_p = first, raw
    score = m.second_opinion(m.calibrated(best_p), meaning_text(pieces, top_sentence))
    best_ids = best[2]
    sentence = pieces[top_sentence]
    hits = lexicon.matches(norm)
    categories: list[str] = []
    for category, words in hits:
        if category not in categories:
            categories.append(category)
        if score < LEXICON_SCORE:
            score = LEXICON_SCORE
            sentence = next((piece for piece, low in zip(pieces, lowered, strict=True) if words in low), words)
    risky = score >= 0.5
    if risky:
        probs = m.category_scores(best_ids)
        order = np.argsort(-probs)
        for rank, index in enumerate(order[:3]):
            if rank == 0 or probs[index] >= 0.3:
                name = m.categories[int(index)]
                if name not in categories:
                    categories.append(name)
    whole = scored[0][2]
    return Screening(risky=risky, score=float(min(max(score, 0.0), 1.0)), categories=tuple(categories),
                     language=m.language(norm, whole), sentence=sentence if risky else None,
                     matched=tuple(words for _, words in hits))  # fmt: skip


# Messages already screened and found safe, by a hash of their words (no words are kept): the same common
# question asked again (the assistant's first questions, the search box) costs no second screening. Risky
# results are never kept, so every worrying message is screened afresh, and a new model starts a new cache.
_SAFE_SEEN: OrderedDict[tuple[int, bytes], Screening] = OrderedDict()
_SAFE_SEEN_MAX = 4096  # each entry a 16-byte hash and a score: well under a megabyte in all
_SAFE_SEEN_LOCK = threading.Lock()


def screen(text: str) -> Screening:
    """Does this text suggest someone may be at risk of harm? Errs on the side of yes."""
    m = model()
    key = (id(m), hashlib.blake2b((text or "").encode("utf-8"), digest_size=16).digest())
    with _SAFE_SEEN_LOCK:
        seen = _SAFE_SEEN.get(key)
        if seen is not None:
            _SAFE_SEEN.move_to_end(key)
            return seen
    found = screen_with(m, text)
    if not found.risky:
        with _SAFE_SEEN_LOCK:
            _SAFE_SEEN[key] = found
            while len(_SAFE_SEEN) > _SAFE_SEEN_MAX:
                _SAFE_SEEN.popitem(last=False)
    return found
