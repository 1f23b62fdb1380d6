"""Training the screening model (`portal safeguarding train`). Needs scikit-learn, a development
dependency; the portal itself scores with numpy only (screen.py).

1. Load the de-duplicated corpus and its fixed train/dev split (corpus.py).
2. Fit logistic regression for risk on the train split over IDF-weighted hashed n-grams: whole messages,
   plus every sentence and run of sentences of the safe messages as safe examples (so a harmless sentence
   does not alarm when the portal scores it on its own).
3. On dev, scoring exactly as the portal does (every sentence, run and whole message, maximum taken, the
   lexicon on top), choose the regularisation and the offset for parts of messages that give the fewest
   false alarms, then the highest threshold that keeps recall at least RECALL_TARGET (immediate danger is
   the lexicon's job, not the threshold's: see choose_threshold).
4. Fit the category model (risk messages only) and the language model, and save everything with the
   corpus digest, so a test can check that the committed model came from the committed corpus.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from portal.safeguarding import lexicon
from portal.safeguarding.corpus import CATEGORIES, Message, corpus_digest, load_splits
from portal.safeguarding.features import DIMENSIONS, SMALL, feature_ids, normalise, sentences
from portal.safeguarding.screen import MODEL_PATH, Model, screen_with, units

RECALL_TARGET = 0.95
C_GRID = (3.0, 10.0, 30.0, 100.0)
OFFSET_GRID = (0.0, -0.5, -1.0, -1.5, -2.0, -3.0)


def _units(text: str) -> list[np.ndarray]:
    parts = [feature_ids(normalise(piece)) for piece in sentences(text)]
    return [ids for _, _, ids in units(parts)] or [np.zeros(0, dtype=np.int64)]


def _matrix(rows: list[np.ndarray], dims: int = DIMENSIONS, weights: np.ndarray | None = None) -> Any:
    from scipy.sparse import csr_matrix

    indptr = np.zeros(len(rows) + 1, dtype=np.int64)
    indptr[1:] = np.cumsum([len(r) for r in rows])
    values = []
    for r in rows:
        v = weights[r] if weights is not None else np.ones(len(r))
        values.append(v / max(float(np.sqrt((v * v).sum())), 1e-9))
    indices = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
    data = np.concatenate(values) if values else np.zeros(0)
    return csr_matrix((data, indices, indptr), shape=(len(rows), dims))


@dataclass
class Outcome:
    threshold: float
    recall: float
    immediate_recall: float
    false_alarms: float


def choose_threshold(probabilities: list[float], messages: list[Message]) -> Outcome:
    """The highest threshold that keeps recall at least RECALL_TARGET on these messages, and what it costs.

    Immediate danger is not allowed to drag the threshold down: the lexicon (lexicon.py), which scores its
    matches above any threshold, names each kind of immediate danger generically, and the figure for immediate
    danger is reported so that a gap shows. (Taking the minimum over every immediate-danger message set the
    threshold by the single hardest message and cost one safe message in four.)
    """
    risk = [p for p, m in zip(probabilities, messages, strict=True) if m.risk]
    immediate = [p for p, m in zip(probabilities, messages, strict=True) if m.risk and m.immediate]
    safe = [p for p, m in zip(probabilities, messages, strict=True) if not m.risk]
    ordered = sorted(risk)
    # Recall >= target: at most this many risk messages may fall below the threshold.
    allowed = int(np.floor(len(ordered) * (1 - RECALL_TARGET)))
    threshold = ordered[allowed] if ordered else 0.5
    threshold = float(min(max(threshold - 1e-6, 1e-4), 0.99))
    recall = sum(p >= threshold for p in risk) / max(len(risk), 1)
    imm = sum(p >= threshold for p in immediate) / max(len(immediate), 1)
    alarms = sum(p >= threshold for p in safe) / max(len(safe), 1)
    return Outcome(threshold, recall, imm, alarms)


def _logits(w: np.ndarray, b: float, idf: np.ndarray, ids: np.ndarray) -> float:
    if not len(ids):
        return -1e9
    return float((w[ids] * idf[ids]).sum() / np.sqrt(float((idf[ids] ** 2).sum())) + b)


def train(out: Path = MODEL_PATH, echo: Callable[[str], Any] = print) -> dict[str, object]:
    """Train on the committed corpus and write the model file. Returns what was measured on dev."""
    from sklearn.linear_model import LogisticRegression

    splits = load_splits()
    train_set, dev_set = splits["train"], splits["dev"]
    echo(f"train {len(train_set)} messages, dev {len(dev_set)} messages")
    train_units = [_units(m.text) for m in train_set]
    dev_units = [_units(m.text) for m in dev_set]

    # IDF over whole training messages: common n-grams ("the", "my son") count for less.
    df = np.zeros(DIMENSIONS)
    for us in train_units:
        df[us[0]] += 1
    idf = (np.log((1 + len(train_units)) / (1 + df)) + 1).astype(np.float16).astype(np.float64)

    rows: list[np.ndarray] = []
    labels: list[int] = []
    for message, us in zip(train_set, train_units, strict=True):
        rows.append(us[0])
        labels.append(int(message.risk))
        if not message.risk:
            rows += [u for u in us[1:] if len(u)]
            labels += [0] * sum(1 for u in us[1:] if len(u))
    x = _matrix(rows, weights=idf)

    # Messages the lexicon catches are caught whatever the model says.
    lexicon_hit = np.array([bool(lexicon.matches(" ".join(normalise(p) for p in sentences(m.text)))) for m in dev_set])
    best: tuple[float, float, float, Any] | None = None
    for c in C_GRID:
        risk_model = LogisticRegression(C=c, class_weight="balanced", solver="liblinear", max_iter=3000).fit(x, labels)
        w, b = risk_model.coef_[0].astype(np.float16).astype(np.float64), float(risk_model.intercept_[0])
        whole = np.array([_logits(w, b, idf, us[0]) for us in dev_units])
        parts = np.array([max((_logits(w, b, idf, u) for u in us[1:]), default=-1e9) for us in dev_units])
        for offset in OFFSET_GRID:
            z = np.maximum(whole, parts + offset)
            probabilities = np.where(lexicon_hit, 1.0, 1.0 / (1.0 + np.exp(-z)))
            outcome = choose_threshold(list(probabilities), dev_set)
            echo(f"C={c:g} offset={offset:g}: threshold {outcome.threshold:.3f}, dev recall {outcome.recall:.1%}, "
                 f"immediate {outcome.immediate_recall:.1%}, false alarms {outcome.false_alarms:.1%}")  # fmt: skip
            if best is None or outcome.false_alarms < best[0]:
                best = (outcome.false_alarms, c, offset, risk_model)
    assert best is not None
    _, c, offset, risk_model = best

    risk_train = [m for m in train_set if m.risk and m.category in CATEGORIES]
    category_model = LogisticRegression(C=10.0, max_iter=3000).fit(
        _matrix([feature_ids(normalise(m.text)) & (SMALL - 1) for m in risk_train], SMALL),
        [m.category for m in risk_train],
    )
    language_model = LogisticRegression(C=10.0, max_iter=3000).fit(
        _matrix([us[0] & (SMALL - 1) for us in train_units], SMALL), [m.language for m in train_set]
    )
    arrays = {
        "idf": idf.astype(np.float16),
        "risk_w": risk_model.coef_[0].astype(np.float16),
        "risk_b": np.array(risk_model.intercept_[0]),
        "unit_offset": np.array(offset),
        "category_w": category_model.coef_.T.astype(np.float16),
        "category_b": category_model.intercept_.astype(np.float32),
        "categories": np.array([str(name) for name in category_model.classes_]),
        "language_w": language_model.coef_.T.astype(np.float16),
        "language_b": language_model.intercept_.astype(np.float32),
        "languages": np.array([str(name) for name in language_model.classes_]),
        "threshold": np.array(0.5),
        "meta": np.array("{}"),
    }
    # The threshold, measured once more through the portal's own screen (lexicon included).
    probe = Model(arrays)
    outcome = choose_threshold([screen_with(probe, m.text).score for m in dev_set], dev_set)
    meta = {
        "corpus_sha256": corpus_digest(),
        "trained_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%MZ"),
        "C": c,
        "unit_offset": offset,
        "train_messages": len(train_set),
        "dev_messages": len(dev_set),
        "dev_tuned_on": {
            "recall": round(outcome.recall, 4),
            "immediate_recall": round(outcome.immediate_recall, 4),
            "false_alarms": round(outcome.false_alarms, 4),
        },  # fmt: skip
    }
    arrays["threshold"] = np.array(outcome.threshold)
    arrays["meta"] = np.array(json.dumps(meta))
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(out, **arrays)
    echo(f"chose C={c:g}, part offset {offset:g}, threshold {outcome.threshold:.3f} (dev, tuned on: recall "
         f"{outcome.recall:.1%}, immediate {outcome.immediate_recall:.1%}, false alarms {outcome.false_alarms:.1%}); "
         f"wrote {out} ({out.stat().st_size // 1024} KB)")  # fmt: skip
    return meta
