"""Search latency (median and 95th percentile) at about 500, 5,000 and 50,000 documents, and index build time.

Beside the real pages and demo services, the extra documents are generated like directory listings
(a Local Offer grows by services, not by pages), from the demo services' names and sentences. Queries are families' questions and
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
    """n generated directory listings. A Local Offer grows by services, not by pages, so each one is
    built like a service: a name from the demo names, six sentences from demo service texts."""
    rng = random.Random(seed)
    services = [d for d in base if d["kind"] == "service"]
    sentences = [s for d in services for s in re.split(r"(?<=[.!?])\s+", d["body"]) if len(s) > 30]
    name_words = sorted({w for d in services for w in d["title"].split() if w[:1].isupper()})
    docs = []
    for i in range(n):
        template = services[i % len(services)]
        body = " ".join(rng.sample(sentences, 6))
        title = f"{rng.choice(name_words)} {template['title']}"
        doc = dict(template)
        doc.update(
            doc_id=f"synthetic:{i}",
            slug=f"synthetic-{i}",
            title=title,
            body=body,
            spell=f"{title} {body}",
            url=f"/synthetic/{i}",
            sort_key=f"{title.lower()} {i}",
        )
        docs.append(doc)
    return docs


def measure(app, docs: list[dict], query_sets: dict[str, list[str]]) -> tuple[float, dict[str, tuple[float, float]]]:
    from portal.local_offer.services import content_version
    from portal.search import services as search

    with app.test_request_context():
        started = time.perf_counter()
        search.search_index().rebuild(docs, content_version())
        build = time.perf_counter() - started
        search._suggest_cache_clear()
        search.ensure_fresh(force_check=True)
        figures = {}
        for name, queries in query_sets.items():
            for q in queries[:10]:  # warm the process: open the index, read the term dictionary
                search.search(search.SearchParams(q=q), record_gaps=False)
            samples = []
            for q in queries:
                t0 = time.perf_counter()
                search.search(search.SearchParams(q=q), record_gaps=False)
                samples.append((time.perf_counter() - t0) * 1000)
            figures[name] = percentiles(samples)
    return build, figures


def main() -> int:
    from portal.search.services import all_documents

    app = scratch_app(Path(tempfile.mkdtemp(prefix="portal-latency-")))
    with app.app_context():
        base = all_documents()
    query_sets = {
        "short searches": SHORT_QUERIES * 3,
        "families' questions": [r["question"] for r in read_questions()],
    }
    sizes = [int(a) for a in sys.argv[1:]] or list(SIZES)
    print("Search latency, full pipeline (expansion, spelling, filters, snippets), one process")
    print(f"  {'documents':>10}  {'build (s)':>9}  {'queries':<20} {'median (ms)':>11}  {'p95 (ms)':>8}  target p95")
    for size in sizes:
        docs = base + synthetic_documents(base, max(0, size - len(base)))
        build, figures = measure(app, docs, query_sets)
        target = {5_000: "< 30 ms", 50_000: "< 150 ms"}.get(size, "")
        for i, (name, (median, p95)) in enumerate(figures.items()):
            lead = f"  {len(docs):>10,}  {build:>9.1f}" if i == 0 else " " * 23
            print(f"{lead}  {name:<20} {median:>11.1f}  {p95:>8.1f}  {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
