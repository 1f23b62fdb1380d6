"""The assistant's intent decisions on bench/intent-dev.tsv: own case, out of scope, or a question for the pages.

Usage: python -m bench.eval_intent [FILE.tsv ...]   (columns label, language, text; label case|out|question)

bench/intent-dev.tsv was written for this portal apart from the training corpus in portal/chat/data/ (a test
checks that no line of one nearly copies the other or an evaluation row); it is development data, tuned on.
Screening runs first, as in the assistant; its false alarms are counted apart.
"""

from __future__ import annotations

import csv
import sys
from collections import defaultdict
from pathlib import Path

from bench.common import scratch_app

INTENT = {"case_status": "case", "out_of_scope": "out", "question": "question"}


def main(argv: list[str]) -> int:
    from portal.chat.services import ChatState, understand_message

    paths = [Path(a) for a in argv[1:]] or [Path(__file__).with_name("intent-dev.tsv")]
    rows = [r for p in paths for r in csv.DictReader(p.open(encoding="utf-8"), delimiter="\t")]
    app = scratch_app(demo=False)
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    wrong = []
    with app.test_request_context():
        for row in rows:
            got = understand_message(row["text"], ChatState()).intent
            stats = tally[row["label"]]
            stats[0] += 1
            stats[1] += INTENT.get(got) == row["label"]
            stats[2] += got == "urgent"
            if INTENT.get(got) != row["label"]:
                wrong.append(f"    want {row['label']}, got {got}: {row['text']}")
    print(f"Intent, dev (tuned on) [{', '.join(p.name for p in paths)}]: {len(rows)} messages")
    for label, (total, good, urgent) in sorted(tally.items()):
        print(f"  {label:<9} {good:>3}/{total:<3} = {good / total:6.1%}   (screening said urgent: {urgent})")
    print("\n".join(wrong))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
