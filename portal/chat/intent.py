"""A small learned model of what kind of message this is: a question for the pages, the person's own case, or
something the Local Offer does not cover.

Rules written from a handful of examples fit those examples; this model learns the same decision from a
corpus of about 3,050 varied messages in English, Welsh, Polish and Urdu (portal/chat/data/intents-*.txt,
written for this portal in four batches, never copied from an evaluation set: tests/chat/test_intent.py fails on
any line sharing 60% of its words with an evaluation question) plus the example questions the content's pages
say they answer. Features are hashed word unigrams and bigrams and character n-grams (3 to 5) inside words,
so misspellings, Welsh mutations and Polish endings still land near what was learned. The model is
multinomial logistic regression, trained with numpy deterministically, so there is no committed model file to
fall out of step with its data; a process that needs it reads it from instance/models/ where an earlier process
with the same corpus and code kept it (portal/platform/trained.py), else trains it (about 5 s here) and keeps it.

Beside it, a second head reads the message's meaning (portal/platform/meaning.py): the same regression over the
message's sentence embedding, trained on the same rows, whose embeddings are kept in a committed seed
(MEANING_SEED, written by `portal search embed`) so that no process embeds the corpus when it starts. The
assistant's decision (portal/chat/decision.py) reads the two heads apart (`Model.heads`); `probabilities` averages
them. On the development questions (tuned on): out of scope recognised 12/14 ->
13/14, right page first 83.9% -> 85.6% (fewer questions taken for a case or out of scope); on bench/intent-dev.tsv,
argmax right 63/69 -> 66/69. A question's embedding is the one search uses next (kept per process), so the head
adds no embedding of its own.
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
from portal.platform import meaning, trained

LABELS = ("question", "case", "out")
MEANING_SEED = Path(__file__).with_name("data") / "intents-meaning.npz"
MEANING_SHARE = 0.5
_MEANING_L2 = 0.25
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
    meaning_weights: np.ndarray | None = None  # meaning.DIMENSIONS x len(LABELS)
    meaning_bias: np.ndarray | None = None

    def heads(self, text: str) -> tuple[np.ndarray, np.ndarray | None]:
        """Each head's probabilities (LABELS order): the words', and the meaning's (None without the model)."""
        ids = features(text)
        scores = self.weights[ids].sum(axis=0) / np.sqrt(max(1, len(ids))) + self.bias
        scores = np.exp(scores - scores.max())
        words = scores / scores.sum()
        if self.meaning_weights is None or self.meaning_bias is None:
            return words, None
        vector = meaning.query(text)
        if vector is None:
            return words, None
        z = vector.astype(np.float64) @ self.meaning_weights + self.meaning_bias
        z = np.exp(z - z.max())
        return words, z / z.sum()

    def probabilities(self, text: str) -> dict[str, float]:
        words, by_meaning = self.heads(text)
        p = words if by_meaning is None else (1.0 - MEANING_SHARE) * words + MEANING_SHARE * by_meaning
        return dict(zip(LABELS, p.tolist(), strict=True))


def train_meaning_head(rows: list[tuple[str, str]]) -> tuple[np.ndarray, np.ndarray] | None:
    """Multinomial logistic regression over the rows' sentence embeddings (None without them), classes weighted
    to count equally. Rows the seed does not hold are embedded now (only when the model is available)."""
    if not meaning.enabled():
        return None
    texts = [text for _, text in rows]
    store = meaning.PassageStore(MEANING_SEED, is_query=True, readonly=True)
    found = store.lookup(texts)
    if any(v is None for v in found):
        if not meaning.available():
            return None
        found = [v if v is not None else meaning.query(t) for v, t in zip(found, texts, strict=True)]
    x = np.stack(found).astype(np.float64)
    y = np.array([LABELS.index(label) for label, _ in rows])
    counts = np.bincount(y, minlength=len(LABELS))
    sample_weight = (len(rows) / (len(LABELS) * counts))[y] / len(rows)
    onehot = np.eye(len(LABELS))[y]
    w = np.zeros((x.shape[1], len(LABELS)))
    b = np.zeros(len(LABELS))
    vw, vb = np.zeros_like(w), np.zeros_like(b)
    for _ in range(400):
        z = x @ w + b
        z = np.exp(z - z.max(axis=1, keepdims=True))
        error = (z / z.sum(axis=1, keepdims=True) - onehot) * sample_weight[:, None]
        vw = 0.9 * vw - 2.0 * (x.T @ error + _MEANING_L2 * w / len(rows))
        vb = 0.9 * vb - 2.0 * error.sum(axis=0)
        w += vw
        b += vb
    return w, b


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
    head = train_meaning_head(rows)
    if head is None:
        return Model(weights=full, bias=bias)
    return Model(weights=full, bias=bias, meaning_weights=head[0], meaning_bias=head[1])


_model: Model | None = None
_lock = threading.Lock()


def trained_from(rows: list[tuple[str, str]]) -> Model:
    """The model trained from these rows: read from instance/models/ when a process trained it from the same rows,
    code and meaning seed before (portal/platform/trained.py), else trained now and kept."""
    seed = MEANING_SEED.read_bytes() if MEANING_SEED.exists() else b""
    key = trained.fingerprint(
        [trained.source_of(__file__), str(meaning.enabled()), seed, *(f"{label}\t{text}" for label, text in rows)]
    )
    kept = trained.load("intent", key)
    if kept is not None:
        return Model(**kept)
    fitted = train(rows)
    if fitted.meaning_weights is not None or not meaning.enabled():  # never keep a model missing a head it can have
        arrays = {k: v for k, v in vars(fitted).items() if v is not None}
        trained.save("intent", key, arrays)
    return fitted


def model() -> Model:
    """This process's model, trained (or read as trained before) on first use."""
    global _model
    with _lock:
        if _model is None:
            _model = trained_from(read_corpus())
        return _model


def probabilities(text: str) -> dict[str, float]:
    """How likely the message is a question for the pages, the person's own case, or out of scope."""
    return model().probabilities(text)
