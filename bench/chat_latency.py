"""Assistant answer latency (median and 95th percentile), with the demo content and with 5,000 documents."""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

from bench.common import percentiles, read_questions, scratch_app
from bench.search_latency import synthetic_documents


def run(app, questions: list[str]) -> tuple[float, float]:
    from portal.chat.services import ask
    from portal.platform import meaning

    with app.test_request_context():
        for q in questions[:10]:
            ask(q)
        # Every question embedded afresh, as a family's new question would be (the warm-up above would otherwise
        # leave ten of them cached, and the second run below all of them).
        meaning._queries.clear()
        samples = []
        for q in questions:
            t0 = time.perf_counter()
            ask(q)
            samples.append((time.perf_counter() - t0) * 1000)
    return percentiles(samples)


def main() -> int:
    from portal.local_offer.services import content_version
    from portal.search import services as search

    app = scratch_app(Path(tempfile.mkdtemp(prefix="portal-chat-")))
    questions = [r["question"] for r in read_questions()] + [
        r["question"] for r in read_questions(Path(__file__).with_name("questions-dev-extra.tsv"))
    ]
    from portal.platform import meaning

    state = (
        f"meaning model on, {os.environ.get('PORTAL_MEANING_THREADS', '1')} thread(s)"
        if meaning.available()
        else "meaning model off"
    )
    print(f"Assistant latency over {len(questions)} questions, one process ({state}; each question embedded afresh)")
    median, p95 = run(app, questions)
    with app.app_context():
        base = search.all_documents()
    print(f"  demo content ({len(base):,} documents): median {median:.1f} ms, p95 {p95:.1f} ms")
    with app.test_request_context():
        docs = base + synthetic_documents(base, 5_000 - len(base))
        search.search_index().rebuild(docs, content_version())
        search._suggest_cache_clear()
    median, p95 = run(app, questions)
    print(f"  5,000 documents: median {median:.1f} ms, p95 {p95:.1f} ms (target p95 < 50 ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
