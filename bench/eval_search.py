"""Search relevance on labelled questions: is the expected topic the first hit, or in the first three?

Usage: python -m bench.eval_search --dev DEV.tsv [DEV2.tsv ...] [--test bench/questions-test.tsv] [--quiet]
Development files (tuned on) and the frozen test file are reported apart; the test file's misses are not listed.
Rows whose topic is out of scope, urgent or about the user's own case are excluded: search is not
meant to answer those (the assistant routes them).
"""

from __future__ import annotations

import sys
from collections import defaultdict

from bench.common import run_dev_and_test

EXCLUDED = {"out-of-scope", "urgent-safeguarding", "my-case-status"}


def evaluate(app, rows: list[dict[str, str]], label: str, *, verbose: bool = True) -> tuple[float, float]:
    from portal.search.services import SearchParams, search

    rows = [r for r in rows if r["topic"] not in EXCLUDED]
    first = top3 = 0
    by_lang: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    misses = []
    with app.test_request_context():
        for row in rows:
            wanted = {row["topic"], *filter(None, row.get("acceptable_alt_topics", "").split("|"))}
            locale = "cy" if row["language"] == "cy" else "en"
            results = search(SearchParams(q=row["question"], kind="page", locale=locale, per_page=3), record_gaps=False)
            slugs = [h.slug for h in results.hits]
            hit1 = bool(slugs) and slugs[0] in wanted
            hit3 = bool(wanted & set(slugs[:3]))
            first += hit1
            top3 += hit3
            stats = by_lang[row["language"]]
            stats[0] += 1
            stats[1] += hit1
            stats[2] += hit3
            if not hit1:
                misses.append((row["id"], row["topic"], slugs[:3], row["question"][:70]))
        # The same English questions asked with the interface in Welsh (issue 15): the ranking should not change.
        english = [r for r in rows if r["language"] == "en"]
        welsh_first = 0
        for row in english:
            wanted = {row["topic"], *filter(None, row.get("acceptable_alt_topics", "").split("|"))}
            results = search(SearchParams(q=row["question"], kind="page", locale="cy", per_page=3), record_gaps=False)
            welsh_first += bool(results.hits) and results.hits[0].slug in wanted
    n = max(1, len(rows))
    print(f"Search, {label}: {len(rows)} questions")
    print(f"  first hit is the expected topic:      {first}/{n} = {first / n:.1%} (target 80%)")
    print(f"  expected topic within the first three: {top3}/{n} = {top3 / n:.1%} (target 95%)")
    for lang, (total, h1, h3) in sorted(by_lang.items()):
        print(f"  {lang:8} {total:3} questions  first {h1 / total:.0%}  top three {h3 / total:.0%}")
    if english:
        print(f"  English questions in the Welsh interface, first hit expected: {welsh_first}/{len(english)}")
    if verbose and misses:
        print("  not first:")
        for qid, topic, got, question in misses:
            print(f"    {qid} want {topic}, got {got}: {question}")
    return first / n, top3 / n


def main(argv: list[str]) -> int:
    return run_dev_and_test(evaluate, argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
