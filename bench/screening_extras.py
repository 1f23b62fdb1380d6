"""Build portal/safeguarding/data/portal-questions.tsv: short, ordinary questions for the screening corpus.

The writers' corpus is mostly whole messages; the assistant and the search box mostly get short questions
("how long does that take?"). This adds, as safe examples, the question headings of the Local Offer pages
and the questions in their front matter (every language, except the urgent-help page) and the assistant's development questions
(../shared/chat-eval/dev.tsv, whose urgent-safeguarding ones are labelled risk). Deterministic: run it
again after the content changes, then `portal safeguarding train`.

Usage: python -m bench.screening_extras
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "portal" / "safeguarding" / "data" / "portal-questions.tsv"
# shared/ sits beside the main checkout (and two levels up from a worktree).
CHAT_DEV = next((p for p in (ROOT.parent / "shared" / "chat-eval" / "dev.tsv",
                             ROOT.parent.parent / "shared" / "chat-eval" / "dev.tsv") if p.exists()), None)  # fmt: skip
# Questions that disclose a worry a lead may want to see are left out rather than labelled safe.
_WORRYING = re.compile(r"self[- ]?harm|hunan-?niweid|crisis|argyfwng|danger|perygl", re.IGNORECASE)
_HEADING = re.compile(r"^#{2,3}\s+(.+?)\s*$", re.MULTILINE)


def rows() -> list[list[str]]:
    found: list[list[str]] = []
    seen: set[str] = set()
    for path in sorted((ROOT / "content" / "pages").glob("*/*.md")):
        if path.stem == "urgent-help":
            continue
        language = path.parent.name
        text = path.read_text(encoding="utf-8")
        front = yaml.safe_load(text.split("---")[1]) if text.startswith("---") else {}
        questions = [str(q) for q in (front or {}).get("questions") or []]
        for heading in questions + _HEADING.findall(text):
            if (
                not (heading in questions or heading.endswith(("?", "؟")))
                or heading.lower() in seen
                or _WORRYING.search(heading)
            ):
                continue
            seen.add(heading.lower())
            found.append([f"lo-{len(found) + 1:04d}", "safe", "safe-policy", language, "no", "page-heading", heading])
    if CHAT_DEV is not None:
        with CHAT_DEV.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                risk = row["topic"] == "urgent-safeguarding"
                found.append([f"cq-{row['id']}", "risk" if risk else "safe", "carer-crisis" if risk else "safe-policy",
                              row["language"], "no", "chat-question", row["question"].replace("\t", " ")])  # fmt: skip
    return found


def main() -> int:
    data = rows()
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        handle.write("id\tlabel\tcategory\tlanguage\timmediate\tvoice\ttext\n")
        for row in data:
            handle.write("\t".join(row) + "\n")
    print(f"wrote {len(data)} rows to {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
