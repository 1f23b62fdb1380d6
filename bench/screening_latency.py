"""Safeguarding screening latency per message (median and 95th percentile; target p95 < 20 ms), for short
messages (a chat question, a search) and long ones (a complaint of 10 to 40 sentences, every sentence and
run of sentences scored), plus the one-off cost of loading the model.

The messages are the corpus's own, cut or joined to length, so nothing here is tuned on.

Usage: python -m bench.screening_latency
"""

from __future__ import annotations

import random
import sys
import time

from bench.common import percentiles
from portal.platform import meaning
from portal.safeguarding.corpus import DATA, load_splits, read_tsv
from portal.safeguarding.features import sentences
from portal.safeguarding.screen import MODEL_PATH, Model, model, screen


def _timed(texts: list[str]) -> list[float]:
    samples = []
    for text in texts:
        start = time.perf_counter()
        screen(text)
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def _asked(texts: list[str]) -> int:
    """How many of these messages wait for the meaning model (the word model unsure)."""
    calls = 0
    original = meaning.query

    def counting(text: str):  # type: ignore[no-untyped-def]
        nonlocal calls
        calls += 1
        return original(text)

    meaning.query = counting  # type: ignore[assignment]
    try:
        for text in texts:
            screen(text)
    finally:
        meaning.query = original  # type: ignore[assignment]
    return calls


def main() -> int:
    rng = random.Random(12)
    started = time.perf_counter()
    Model.load(MODEL_PATH)
    load_ms = (time.perf_counter() - started) * 1000
    model()  # loaded once per process; every call below reuses it
    messages = [m.text for part in load_splits().values() for m in part]
    short = [t for t in messages if len(t) <= 160][:300]
    pool = [s for t in messages for s in sentences(t)]
    long = [" ".join(rng.sample(pool, rng.randint(10, 40))) for _ in range(200)]
    # Short questions taken from the Local Offer pages: what most of the assistant and search box receive.
    questions = [m.text for m in read_tsv(DATA / "portal-questions.tsv")][:300]
    _timed(short[:20])  # warm up
    print(
        f"Safeguarding screening latency (model file {MODEL_PATH.stat().st_size // 1024} KB, loaded in {load_ms:.0f} ms; "
        f"meaning model {'on' if meaning.available() else 'off'}, one thread)"
    )
    sets = (
        ("short messages (the corpus: half risk, hard safe)", short),
        ("long messages (10-40 sentences)", long),
        ("ordinary questions (from the Local Offer pages)", questions),
    )
    for name, texts in sets:
        meaning._queries.clear()  # every message embedded afresh, as a new message would be
        p50, p95 = percentiles(_timed(texts))
        words = sum(len(t.split()) for t in texts) // max(len(texts), 1)
        meaning._queries.clear()
        asked = _asked(texts)
        print(
            f"  {name}: {len(texts)} messages, about {words} words each: p50 {p50:.2f} ms, p95 {p95:.2f} ms "
            f"(target 20 ms); {asked} of {len(texts)} asked the meaning model"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
