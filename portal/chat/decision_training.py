"""Training the assistant's decision model (portal/chat/decision.py) on the intent corpus: `portal chat
train-decision`. Apart from the model itself, which the assistant loads, because it needs the whole assistant
(screening, search, the pages) to see each corpus line as a family's message is seen."""

from __future__ import annotations

import random

import numpy as np

from portal.chat import intent, services
from portal.chat.decision import Decider, fit
from portal.chat.understand import FEATURE_NAMES, decision_features
from portal.search import services as search

FOLDS = 5


def train_from_corpus() -> tuple[Decider, int]:
    """Fit the decision model on the intent corpus (needs the app: search and the pages give likeness and coverage).

    Each line's intent-head probabilities come from heads trained without its fold, so the model learns how far
    to trust them on messages they have not seen. Lines screening flags (urgent help decides those) are left out.
    Returns the model and how many lines it was fitted on."""
    rows = intent.read_corpus()
    chooser = random.Random(7)
    folds = [chooser.randrange(FOLDS) for _ in rows]
    heads = [intent.train([row for row, f in zip(rows, folds, strict=True) if f != k]) for k in range(FOLDS)]
    xs, labels = [], []
    for (label, text), fold in zip(rows, folds, strict=True):
        message = " ".join(text.split())[:500]
        _, expansions = search.expand(message)
        first = services.look_at_message(message, services.ChatState(), expansions)
        if first.intent:
            continue
        signals = services.decision_signals(first, expansions)
        xs.append(decision_features(message, written_in=first.language, expansions=expansions,
                                    heads=heads[fold].heads(message), **signals))  # fmt: skip
        labels.append(label)
    x = np.stack(xs)
    # Without the meaning model at training time likeness is NaN: its column then carries nothing.
    x = np.where(np.isnan(x), np.nanmean(x, axis=0), x)
    return fit(x, labels, FEATURE_NAMES), len(labels)
