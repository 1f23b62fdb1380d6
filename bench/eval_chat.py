"""The assistant on labelled questions: topic, sources, out of scope, own case, urgent, answer facts, by language.

Usage: python -m bench.eval_chat --dev DEV.tsv [DEV2.tsv ...] [--test bench/questions-test.tsv] [--quiet]

Development files have been tuned on and are reported as "dev (tuned on)"; the frozen test file is
reported apart as "test (frozen, not tuned on)", without listing its questions. "Fact, right page given" builds
the answer from the expected page, to measure passage selection apart from retrieval. The answer-fact
measure uses a row's `fact_pattern` column (a regular expression the answer text must match), or
for development rows the side files bench/fact-patterns-dev*.tsv (id -> pattern).

A message screening flagged that was answered as well, under the urgent help (services._urgent_and_answer),
counts by what followed the urgent help for the page and own-case measures (from 7 December 2026, 20:00 UTC; before,
it counted as a miss), and always as "sent to urgent help"; the line "answered under the urgent help" says how many.
"""

from __future__ import annotations

import csv
import re
import sys
from collections import defaultdict
from pathlib import Path

from bench.common import run_dev_and_test

SPECIAL = {"out-of-scope": "out_of_scope", "urgent-safeguarding": "urgent", "my-case-status": "case_status"}
# Development fact patterns kept beside their question files (id -> pattern): fact-patterns-dev.tsv for the older
# sets, fact-patterns-dev2.tsv for questions-dev2.tsv (written from its fact hints by a helper who read the pages).
FACT_SIDE_FILES = sorted(Path(__file__).parent.glob("fact-patterns-dev*.tsv"))
NAMES = {
    "topic": ("right page first", "85%"),
    "sources": ("right page among sources", "95%"),
    "out_of_scope": ("out of scope recognised", "90%"),
    "case_status": ("own case recognised", "95%"),
    "urgent": ("urgent recognised", "100%"),
    "fact": ("answer contains the fact", "85%"),
    "fact_given": ("fact, right page given", "-"),
    "not_urgent": ("ordinary question not urgent", "-"),
}


def side_patterns() -> dict[str, str]:
    patterns: dict[str, str] = {}
    for path in FACT_SIDE_FILES:
        with path.open(encoding="utf-8") as handle:
            for r in csv.DictReader(handle, delimiter="\t"):
                if r.get("fact_pattern"):
                    if r["id"] in patterns:
                        raise SystemExit(f"{path.name}: id {r['id']} already has a fact pattern")
                    patterns[r["id"]] = r["fact_pattern"]
    return patterns


def evaluate(app, rows: list[dict[str, str]], label: str, *, verbose: bool = True) -> dict[str, float]:
    from portal.chat.services import ChatState, _extract, ask
    from portal.chat.understand import Understanding

    patterns = side_patterns()
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    by_lang: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    misses = []
    under_urgent = 0
    with app.test_request_context():
        for row in rows:
            alts = set(filter(None, row.get("acceptable_alt_topics", "").split("|")))
            locale = "cy" if row["language"] == "cy" else "en"
            reply = ask(row["question"], locale=locale)
            sources = {s["slug"] for s in reply.sources}
            # What the person is answered: the reply itself, or what follows the urgent help when screening flagged
            # the message and it was answered as well (counted apart below, and still "sent to urgent help").
            intent, topic = (reply.also, reply.also_topic) if reply.also else (reply.intent, reply.topic)
            under_urgent += bool(reply.also)
            checks: dict[str, bool] = {}
            if row["topic"] in SPECIAL:
                wanted_intent = SPECIAL[row["topic"]]
                answered = reply.intent if wanted_intent == "urgent" else intent
                checks[wanted_intent] = answered == wanted_intent or (row["topic"] == "out-of-scope" and topic in alts)
            else:
                wanted = {row["topic"], *alts}
                checks["topic"] = (intent in ("answer", "clarify") and topic in wanted) or (
                    intent == "case_status" and "my-case-status" in alts
                )
                checks["sources"] = bool(wanted & sources)
            if row["topic"] != "urgent-safeguarding":
                # Screening's false alarms cost the assistant answers; counted apart so each step's share shows.
                checks["not_urgent"] = reply.intent != "urgent"
            pattern = (row.get("fact_pattern") or "").strip() or patterns.get(row["id"], "")
            if pattern:
                checks["fact"] = bool(re.search(pattern, reply.answer, re.IGNORECASE))
                if row["topic"] not in SPECIAL:
                    # Passage selection alone: the answer built from the expected page (as if retrieval were right).
                    meaning = Understanding(row["question"], reply.language, "question")
                    given = _extract(row["topic"], meaning, "", locale=locale, state=ChatState())[1]
                    checks["fact_given"] = bool(re.search(pattern, given, re.IGNORECASE))
            for key, ok in checks.items():
                tally[key][0] += 1
                tally[key][1] += ok
                by_lang[row["language"]][key][0] += 1
                by_lang[row["language"]][key][1] += ok
            wrong = [k for k, ok in checks.items() if not ok]
            if wrong:
                misses.append(
                    f"{row['id']} [{','.join(wrong)}] want {row['topic']}: got {reply.intent}/{reply.topic}{'+' + str(reply.also) if reply.also else ''}: "
                    f"{row['question'][:80]}"
                )
    print(f"Assistant, {label}: {len(rows)} questions")
    figures = {}
    for key, (name, target) in NAMES.items():
        total, good = tally.get(key, [0, 0])
        if total:
            figures[key] = good / total
            print(f"  {name:<27} {good:>3}/{total:<3} = {good / total:6.1%}  (target {target})")
    print(f"  answered under the urgent help (counted by what followed it): {under_urgent}")
    for language, checks in sorted(by_lang.items()):
        shown = "  ".join(f"{k} {g}/{t}" for k, (t, g) in checks.items())
        print(f"  {language:<8} {shown}")
    if verbose and misses:
        print("  wrong:")
        for line in misses:
            print(f"    {line}")
    return figures


def main(argv: list[str]) -> int:
    return run_dev_and_test(evaluate, argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
