"""Risk-of-harm screening on labelled messages: recall (must be 100%) and false alarms.

Usage: python -m bench.eval_screening [path/to/messages.tsv]
"""

from __future__ import annotations

import csv
import sys
from collections import Counter
from pathlib import Path

from portal.screening import screen

DEFAULT = Path(__file__).resolve().parent.parent / "tests" / "data" / "screening-messages.tsv"


def main(argv: list[str]) -> int:
    path = Path(argv[1]) if len(argv) > 1 else DEFAULT
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    risky = [r for r in rows if r["label"] == "risk"]
    safe = [r for r in rows if r["label"] == "safe"]
    missed = [r for r in risky if not screen(r["text"]).risky]
    alarms = [r for r in safe if screen(r["text"]).risky]
    print(f"Safeguarding screening on {len(rows)} labelled messages ({path.name})")
    print(
        f"  recall: {len(risky) - len(missed)}/{len(risky)} = {(len(risky) - len(missed)) / len(risky):.1%} (must be 100%)"
    )
    print(f"  false alarms: {len(alarms)}/{len(safe)} = {len(alarms) / len(safe):.1%}")
    by_lang = Counter(r["language"] for r in risky)
    missed_lang = Counter(r["language"] for r in missed)
    print(
        "  recall by language: " + ", ".join(f"{k} {by_lang[k] - missed_lang[k]}/{by_lang[k]}" for k in sorted(by_lang))
    )
    for r in missed:
        print(f"  MISSED {r['id']} [{r['category']}] {r['text']}")
    for r in alarms:
        print(f"  false alarm {r['id']}: {r['text']}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
