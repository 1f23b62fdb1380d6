"""A small learned model of what kind of message this is: a question for the pages, the person's own case, or
something the Local Offer does not cover.

Rules written from a handful of examples fit those examples; this model learns the same decision from a
corpus of several hundred varied messages in English, Welsh, Polish and Urdu (portal/chat/data/intents-*.txt,
written for this portal, never copied from an evaluation set) plus the example questions the content's pages
say they answer. Features are hashed word unigrams and bigrams and character n-grams (3 to 5) inside words,
so misspellings, Welsh mutations and Polish endings still land near what was learned. The model is
multinomial logistic regression, trained with numpy when a process first needs it (about a second, once),
deterministically, so there is no model file to fall out of step with its data.
"""

from __future__ import annotations

import re
import threading
import unicodedata
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from portal.config import ROOT

LABELS = ("question", "case", "out")
DIMENSIONS = 2**16
DATA = Path(__file__).with_name("data")
CONTENT = ROOT / "content"
_WORD = re.compile(r"\w+", re.UNICODE)
_EPOCHS = 60
_L2 = 1e-4
_RATE = 2.0


def normalise(text: str) -> str:
    """Lower case, one kind of apostrophe, digits folded to 0 (so "week 19" and "week 12" look alike)."""
    text = unicodedata.normalize("NFKC", text).replace("\u2019", "'").replace("\u2018", "'").lower()
    return re.sub(r"\d+", "0", text)


def features(text: str) -> np.ndarray:
    """The distinct hashed feature ids of a message."""
    words = _WORD.findall(normalise(text))
    grams = [f"w:{w}" for w in words]
    grams += [f"b:{a} {b}" for a, b in zip(words, words[1:], strict=False)]
    for word in words:
        padded = f"<{word}>"
        for n in (3, 4, 5):
            grams += [f"c:{padded[i : i + n]}" for i in range(max(1, len(padded) - n + 1))]
    ids = {zlib.crc32(g.encode("utf-8")) & (DIMENSIONS - 1) for g in grams}
    return np.fromiter(sorted(ids), dtype=np.int64)


def read_corpus() -> list[tuple[str, str]]:
    """(label, text) rows: the written corpus, and the content's example questions as "question"."""
    rows: list[tuple[str, str]] = []
    for label in LABELS:
        path = DATA / f"intents-{label}.txt"
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                _language, _, text = line.partition("\t")
                rows.append((label, text.strip()))
    if CONTENT.exists():
        from portal.local_offer.content import read_content

        rows += [("question", str(q)) for page in read_content(CONTENT) for q in (page.meta.get("questions") or [])]
    return rows


@dataclass(frozen=True)
class Model:
    weights: np.ndarray  # DIMENSIONS x len(LABELS)
    bias: np.ndarray

    def probabilities(self, text: str) -> dict[str, float]:
        ids = features(text)
        scores = self.weights[ids].sum(axis=0) / np.sqrt(max(1, len(ids))) + self.bias
        scores = np.exp(scores - scores.max())
        return dict(zip(LABELS, (scores / scores.sum()).tolist(), strict=True))


def train(rows: list[tuple[str, str]]) -> Model:
    """Multinomial logistic regression by gradient descent with momentum, each class weighted to count equally.

    Only the hashed features that occur in the corpus are trained (a compact matrix), then spread back out.
    """
    feats = [features(text) for _, text in rows]
    lengths = np.array([len(f) for f in feats])
    used, indices = np.unique(np.concatenate(feats), return_inverse=True)
    row_of = np.repeat(np.arange(len(rows)), lengths)
    values = (1.0 / np.sqrt(np.maximum(1, lengths)))[row_of]
    y = np.array([LABELS.index(label) for label, _ in rows])
    counts = np.bincount(y, minlength=len(LABELS))
    sample_weight = (len(rows) / (len(LABELS) * counts))[y] / len(rows)
    onehot = np.eye(len(LABELS))[y]
    # One sparse design matrix as a dense product would be rows x features; instead gather and scatter.
    order = np.argsort(row_of, kind="stable")
    starts = np.searchsorted(row_of[order], np.arange(len(rows)))
    weights = np.zeros((len(used), len(LABELS)))
    bias = np.zeros(len(LABELS))
    velocity_w = np.zeros_like(weights)
    velocity_b = np.zeros_like(bias)
    for _ in range(_EPOCHS):
        scores = np.add.reduceat(weights[indices] * values[:, None], starts, axis=0) + bias
        scores = np.exp(scores - scores.max(axis=1, keepdims=True))
        error = (scores / scores.sum(axis=1, keepdims=True) - onehot) * sample_weight[:, None]
        spread = error[row_of] * values[:, None]
        grad_w = np.stack(
            [np.bincount(indices, weights=spread[:, k], minlength=len(used)) for k in range(len(LABELS))], axis=1
        )
        velocity_w = 0.9 * velocity_w - _RATE * (grad_w * 10 + _L2 * weights)
        velocity_b = 0.9 * velocity_b - _RATE * error.sum(axis=0)
        weights += velocity_w
        bias += velocity_b
    full = np.zeros((DIMENSIONS, len(LABELS)))
    full[used] = weights
    return Model(weights=full, bias=bias)


_model: Model | None = None
_lock = threading.Lock()


def model() -> Model:
    """This process's model, trained on first use."""
    global _model
    with _lock:
        if _model is None:
            _model = train(read_corpus())
        return _model


def probabilities(text: str) -> dict[str, float]:
    """How likely the message is a question for the pages, the person's own case, or out of scope."""
    return model().probabilities(text)
