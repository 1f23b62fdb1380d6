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
from portal.safeguarding.corpus import load_splits
from portal.safeguarding.features import sentences
from portal.safeguarding.screen import MODEL_PATH, Model, model, screen


def _timed(texts: list[str]) -> list[float]:
    samples = []
    for text in texts:
        start = time.perf_counter()
        screen(text)
        samples.append((time.perf_counter() - start) * 1000)
    return samples


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
    _timed(short[:20])  # warm up
    print(
        f"Safeguarding screening latency (model file {MODEL_PATH.stat().st_size // 1024} KB, loaded in {load_ms:.0f} ms)"
    )
    for name, texts in (("short messages", short), ("long messages (10-40 sentences)", long)):
        p50, p95 = percentiles(_timed(texts))
        words = sum(len(t.split()) for t in texts) // max(len(texts), 1)
        print(f"  {name}: {len(texts)} messages, about {words} words each: p50 {p50:.2f} ms, p95 {p95:.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
