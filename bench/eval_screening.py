"""Safeguarding screening on labelled messages: recall, false alarms, per category, language and immediacy.

Usage: python -m bench.eval_screening [--misses] [--dev-only] [extra.tsv ...]

`--dev-only` skips the frozen test set: use it while developing, so the frozen set is read once per release.

Prints each split separately: "train" and "dev (tuned on)" from the committed corpus (the threshold and
regularisation were chosen on dev, so its figures are development figures), then the frozen test set
tests/data/screening-test.tsv when it is present, labelled "test (frozen, not tuned on)", then any other
files named on the command line (development figures too: not trained on, but read to choose between models).
Nothing here feeds back into training.

It also prints "assistant dev questions flagged": the share of the assistant's development questions
(`../shared/chat-eval/dev.tsv`, and `bench/questions-dev-extra.tsv` reported apart) whose expected topic is
not urgent help that the screen flags. The assistant screens every question first, so each of these is an
ordinary question answered with the urgent-help reply instead of an answer.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from bench.common import SHARED, read_questions
from portal.safeguarding import screen
from portal.safeguarding.corpus import Message, load_splits, read_tsv

FROZEN = Path(__file__).resolve().parent.parent / "tests" / "data" / "screening-test.tsv"
ASSISTANT_DEV = (SHARED / "chat-eval" / "dev.tsv", Path(__file__).resolve().parent / "questions-dev-extra.tsv")
URGENT_TOPIC = "urgent-safeguarding"
TARGETS = "targets: recall >= 95%, immediate danger 100%, false alarms <= 5%"


def _rate(hit: int, total: int) -> str:
    return f"{hit}/{total} = {hit / total:.1%}" if total else "0/0"


def report(title: str, messages: list[Message], *, show_misses: bool = False) -> dict[str, float]:
    """Print the figures for one set of messages and return the headline ones."""
    flagged = {m.id + m.source: screen(m.text) for m in messages}
    risk = [m for m in messages if m.risk]
    safe = [m for m in messages if not m.risk]
    caught = [m for m in risk if flagged[m.id + m.source].risky]
    alarms = [m for m in safe if flagged[m.id + m.source].risky]
    immediate = [m for m in risk if m.immediate]
    immediate_caught = [m for m in immediate if flagged[m.id + m.source].risky]
    print(f"\n== {title}: {len(messages)} messages ({len(risk)} risk, {len(safe)} safe)")
    print(f"  recall:           {_rate(len(caught), len(risk))}")
    print(f"  immediate danger: {_rate(len(immediate_caught), len(immediate))}")
    print(f"  false alarms:     {_rate(len(alarms), len(safe))}")
    by_category, caught_category = Counter(m.category for m in risk), Counter(m.category for m in caught)
    print(
        "  recall by category: "
        + ", ".join(f"{c} {_rate(caught_category[c], n)}" for c, n in sorted(by_category.items()))
    )
    for label, group in (("risk recall", risk), ("false alarms", safe)):
        total = Counter(m.language for m in group)
        hits = Counter(m.language for m in (caught if label == "risk recall" else alarms))
        print(f"  {label} by language: " + ", ".join(f"{k} {_rate(hits[k], n)}" for k, n in sorted(total.items())))
    safe_kinds, alarm_kinds = Counter(m.category for m in safe), Counter(m.category for m in alarms)
    print(
        "  false alarms by kind: " + ", ".join(f"{c} {_rate(alarm_kinds[c], n)}" for c, n in sorted(safe_kinds.items()))
    )
    if show_misses:
        for m in risk:
            if m not in caught:
                print(f"  MISSED {m.id} [{m.category}{' immediate' if m.immediate else ''}] {m.text[:160]}")
        for m in alarms:
            print(f"  FALSE ALARM {m.id} [{m.category}] {m.text[:160]}")
    return {
        "recall": len(caught) / len(risk) if risk else 0.0,
        "false_alarms": len(alarms) / len(safe) if safe else 0.0,
    }


def assistant_questions(*, show: bool = False) -> None:
    """How many ordinary assistant questions (expected topic not urgent help) the screen flags."""
    for path in ASSISTANT_DEV:
        if not path.exists():
            print(f"\n  assistant dev questions flagged: {path} not found")
            continue
        ordinary = [row for row in read_questions(path) if row["topic"] != URGENT_TOPIC]
        urgent = [row for row in read_questions(path) if row["topic"] == URGENT_TOPIC]
        flagged = [row for row in ordinary if screen(row["question"]).risky]
        print(f"\n  assistant dev questions flagged ({path.name}, tuned on): {_rate(len(flagged), len(ordinary))}"
              f"; urgent-help questions flagged: {_rate(sum(screen(r['question']).risky for r in urgent), len(urgent))}")  # fmt: skip
        if show:
            for row in flagged:
                print(f"  FLAGGED {row['id']} [{row['topic']}] {row['question'][:160]}")


def main(argv: list[str]) -> int:
    show_misses = "--misses" in argv
    extra = [Path(a) for a in argv[1:] if not a.startswith("--")]
    splits = load_splits()
    print(f"Safeguarding screening ({TARGETS})")
    report("train", splits["train"])
    report("dev (tuned on)", splits["dev"], show_misses=show_misses)
    assistant_questions(show=show_misses)
    if "--dev-only" not in argv and FROZEN.exists() and FROZEN not in [p.resolve() for p in extra]:
        # Never tuned on: read once per release. Misses are not listed, so nobody is tempted to tune to them.
        report("test (frozen, not tuned on)", read_tsv(FROZEN))
    for path in extra:
        if "--dev-only" in argv and path.resolve() == FROZEN:
            continue
        title = (
            "test (frozen, not tuned on)"
            if path.resolve() == FROZEN
            else f"{path.name} (dev: not trained on, but used to compare models)"
        )
        report(title, read_tsv(path))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
