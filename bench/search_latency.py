"""Search latency (median and 95th percentile) at about 500, 5,000 and 50,000 documents, and index build time.

The documents are generated from the real pages and demo services (sentences shuffled into new
documents), so word frequencies look like the real thing. Queries are families' questions and
short searches, run through the full pipeline (expansion, spelling, filters, snippets).
"""

from __future__ import annotations

import random
import re
import sys
import tempfile
import time
from pathlib import Path

from bench.common import percentiles, read_questions, scratch_app

SHORT_QUERIES = [
    "ehcp", "respite", "speech therapy", "school transport", "autism", "annual review", "tribunal",
    "short breaks", "CAHMS", "SENCO", "direct payments", "college", "swimming", "sen transprt",
    "mediation certificate", "occupational thearpy", "portage", "DLA", "EHE", "deaf",
]  # fmt: skip
SIZES = (500, 5_000, 50_000)


def synthetic_documents(base: list[dict], n: int, seed: int = 7) -> list[dict]:
    rng = random.Random(seed)
    sentences = [s for d in base for s in re.split(r"(?<=[.!?])\s+", d["body"]) if len(s) > 30]
    docs = []
    for i in range(n):
        template = base[i % len(base)]
        body = " ".join(rng.sample(sentences, 12))
        doc = dict(template)
        doc.update(
            doc_id=f"synthetic:{i}",
            slug=f"synthetic-{i}",
            title=f"{template['title']} {rng.choice(sentences).split()[0]} {i}",
            body=body,
            spell=body,
            url=f"/synthetic/{i}",
            sort_key=f"{template['sort_key']} {i}",
        )
        docs.append(doc)
    return docs


def measure(app, docs: list[dict], queries: list[str]) -> tuple[float, float, float]:
    from portal.local_offer.services import content_version
    from portal.search import services as search

    with app.test_request_context():
        started = time.perf_counter()
        search.search_index().rebuild(docs, content_version())
        build = time.perf_counter() - started
        search._suggest_cache_clear()
        search.ensure_fresh(force_check=True)
        for q in queries[:10]:  # warm the process: open the index, load the term graph
            search.search(search.SearchParams(q=q), record_gaps=False)
        samples = []
        for q in queries:
            t0 = time.perf_counter()
            search.search(search.SearchParams(q=q), record_gaps=False)
            samples.append((time.perf_counter() - t0) * 1000)
    median, p95 = percentiles(samples)
    return build, median, p95


def main() -> int:
    from portal.search.services import all_documents

    app = scratch_app(Path(tempfile.mkdtemp(prefix="portal-latency-")))
    with app.app_context():
        base = all_documents()
    questions = [r["question"] for r in read_questions()] if True else []
    queries = (questions + SHORT_QUERIES) * 2
    print(f"Search latency over {len(queries)} queries (families' questions and short searches), full pipeline")
    print(f"  {'documents':>10}  {'build (s)':>9}  {'median (ms)':>11}  {'p95 (ms)':>8}  target p95")
    for size in SIZES:
        docs = base + synthetic_documents(base, max(0, size - len(base)))
        build, median, p95 = measure(app, docs, queries)
        target = {5_000: "< 30 ms", 50_000: "< 150 ms"}.get(size, "")
        print(f"  {len(docs):>10,}  {build:>9.1f}  {median:>11.1f}  {p95:>8.1f}  {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
