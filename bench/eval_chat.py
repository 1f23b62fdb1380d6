"""The assistant on labelled questions: topic, sources, out of scope, urgent, case status, by language.

Usage: python -m bench.eval_chat [path/to/questions.tsv ...]
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

from bench.common import read_questions, scratch_app

SPECIAL = {"out-of-scope": "out_of_scope", "urgent-safeguarding": "urgent", "my-case-status": "case_status"}


def evaluate(app, rows: list[dict[str, str]], label: str, *, verbose: bool = True) -> dict[str, float]:
    from portal.chat.services import ask

    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    by_lang: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    misses = []
    with app.test_request_context():
        for row in rows:
            alts = set(filter(None, row.get("acceptable_alt_topics", "").split("|")))
            locale = "cy" if row["language"] == "cy" else "en"
            reply = ask(row["question"], locale=locale)
            sources = {s["slug"] for s in reply.sources}
            if row["topic"] in SPECIAL:
                wanted_intent = SPECIAL[row["topic"]]
                ok = reply.intent == wanted_intent or (row["topic"] == "out-of-scope" and reply.topic in alts)
                tally[wanted_intent][0] += 1
                tally[wanted_intent][1] += ok
            else:
                wanted = {row["topic"], *alts}
                ok = (reply.intent in ("answer", "clarify") and reply.topic in wanted) or (
                    reply.intent == "case_status" and "my-case-status" in alts
                )
                tally["topic"][0] += 1
                tally["topic"][1] += ok
                tally["sources"][0] += 1
                tally["sources"][1] += bool(wanted & sources)
            by_lang[row["language"]][0] += 1
            by_lang[row["language"]][1] += ok
            if not ok:
                misses.append(
                    f"{row['id']} want {row['topic']}: got {reply.intent}/{reply.topic}: {row['question'][:70]}"
                )
    names = {
        "topic": ("topic first choice", "85%"),
        "sources": ("topic within sources", "95%"),
        "out_of_scope": ("out-of-scope recognised", "90%"),
        "urgent": ("urgent recall", "100%"),
        "case_status": ("case status recognised", "95%"),
    }
    print(f"Assistant on {len(rows)} questions ({label})")
    figures = {}
    for key, (name, target) in names.items():
        total, good = tally.get(key, [0, 0])
        if total:
            figures[key] = good / total
            print(f"  {name:<26} {good:>3}/{total:<3} = {good / total:6.1%}  (target {target})")
    for language, (total, good) in sorted(by_lang.items()):
        print(f"  {language:<8} {good:>3}/{total:<3} right = {good / total:.0%}")
    if verbose and misses:
        print("  wrong:")
        for line in misses:
            print(f"    {line}")
    return figures


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv[1:]] or [None]
    app = scratch_app(demo=False)
    for path in paths:
        evaluate(app, read_questions(path), str(path or "shared/chat-eval/dev.tsv"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
