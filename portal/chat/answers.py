"""Step 3 of the assistant: build the answer around the sentence that answers the question.

A page is cut into units: a sentence, or a whole list with the sentence that introduces it (a
list is never cut mid-way). The answer is a short window of units from one section, chosen by the
question's words (rarer words on the page count more), the section heading, and what KIND of fact
the question asks for: a time limit wants a sentence with weeks or days, "what if they say no"
wants the right to appeal or mediation, a cost question wants a price or "free". Everything quoted
is the page's own words, so an answer never states a date, limit or right the page does not.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

MAX_WORDS = 90
MAX_LIST_WORDS = 140  # a list is kept whole, so it may run longer than prose
_HEADING = re.compile(r"^#{2,3}\s+(.+)$")
_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(.*)$")
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'‘“(£])")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)(.+?)\1")
_YOU = re.compile(r"\byou(?:r)?\b", re.IGNORECASE)
_LEANS_ON_BEFORE = re.compile(r"^(?:This|That|It|They|These|Those|Then|So|But|And|Also|If so)\b")


@dataclass(frozen=True)
class Unit:
    section: int
    heading: str
    text: str  # one sentence, or "intro:\n- item\n- item"
    is_list: bool = False

    @property
    def words(self) -> int:
        return len(self.text.split())


def _inline(text: str) -> str:
    text = _LINK.sub(r"\1", text)
    text = _EMPHASIS.sub(r"\2", text)
    return " ".join(text.replace("|", " ").split())


def split_sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_SPLIT.split(" ".join(text.split())) if len(s.strip()) > 2]


def units(markdown: str) -> list[Unit]:
    """The page as quotable units, in page order (lists kept whole with their lead-in sentence)."""
    out: list[Unit] = []
    section, heading = 0, ""
    paragraph: list[str] = []
    items: list[str] = []
    header: list[str] = []

    def flush_paragraph() -> None:
        if paragraph:
            for sentence in split_sentences(_inline(" ".join(paragraph))):
                out.append(Unit(section, heading, sentence))
            paragraph.clear()

    def flush_list() -> None:
        if items:
            intro = ""
            # The sentence that leads into the list ("You can ask if:") belongs with it.
            if out and out[-1].section == section and not out[-1].is_list and out[-1].text.endswith(":"):
                intro = out.pop().text
            body = "\n".join(f"- {_inline(i)}" for i in items)
            out.append(Unit(section, heading, f"{intro}\n{body}" if intro else body, is_list=True))
            items.clear()

    for line in markdown.splitlines():
        m = _HEADING.match(line)
        if m:
            flush_paragraph()
            flush_list()
            section += 1
            heading = _inline(m.group(1))
            continue
        item = _ITEM.match(line)
        if item:
            flush_paragraph()
            items.append(item.group(1))
        elif not line.strip():
            flush_paragraph()
            flush_list()
            header.clear()
        elif items and line.startswith(("  ", "\t")):
            items[-1] += " " + line.strip()
        elif line.lstrip().startswith("|"):
            # A table reads as a list: "Decide whether to assess: within 6 weeks of the request".
            flush_paragraph()
            row = _table_row(line, header)
            if row:
                items.append(row)
        else:
            flush_list()
            paragraph.append(line.strip())
    flush_paragraph()
    flush_list()
    return [u for u in out if u.text and not u.heading.lower().startswith(("what to do next", "beth i'w wneud"))]


def _table_row(line: str, header: list[str]) -> str:
    """One table row as a list item; the first row (column names) and the rule under it give ""."""
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    if all(re.fullmatch(r":?-{2,}:?", c) for c in cells if c):
        return ""
    if not header:
        header.append(cells[0])
        return ""
    first, rest = cells[0], [c for c in cells[1:] if c]
    return f"{first}: {'; '.join(rest)}" if rest else first


# -- what kind of fact the question asks for ---------------------------------------------------
@dataclass(frozen=True)
class FactKind:
    name: str
    asks: re.Pattern[str]
    answers: re.Pattern[str]
    weight: float
    also: tuple[re.Pattern[str], ...] = ()  # further answer parts, each worth half the weight more


def _p(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


FACT_KINDS = (
    FactKind(
        "time",
        _p(
            r"\bhow long\b|\bwhen\b|\btime ?limits?\b|\bdeadlines?\b|\bhow (?:soon|quickly|fast)\b|\bhow many "
            r"(?:weeks|days|months)\b|\bby when\b|\bwait\w*\b|\blate\b|\bpa mor hir\b|\bfaint o amser\b|\bpryd\b|"
            r"\bile (?:czasu|tygodni)\b|\bkiedy\b|\bkitn[ae] (?:waqt|din|hafte)\b|\bkab\b|کتنا وقت|کب"
        ),
        _p(
            r"\b\d+\s*(?:working\s+|school\s+|calendar\s+)?(?:weeks?|days?|months?|years?|hours?)\b|\bat least once\b|"
            r"\b\d{1,2} (?:January|February|March|April|May|June|July|August|September|October|November|December)\b|"
            r"\b(?:one|two|three|four|six|twelve) (?:weeks?|months?)\b|\b\d+ (?:wythnos|mis|diwrnod)\b"
        ),
        3.0,
    ),
    FactKind(
        "refused",
        _p(
            r"\bsays? no\b|\bsaid no\b|\brefus\w*\b|\bturn(?:ed|s)? down\b|\bdeclin\w*\b|\breject\w*\b|\bdisagree\w*\b|"
            r"\bnot happy\b|\bunhappy\b|\bwon'?t\b|\bwill not\b|\bdon'?t agree\b|\bappeal\w*\b|\bchallenge\b|"
            r"\bgwrthod\w*\b|\bodmow\w*\b|\binkar\b|انکار"
        ),
        _p(r"\bappeal\w*\b|\btribunal\b|\bmediation\b|\bdisagree\w*\b|\bchallenge\b|\bapel\w*\b|\btribiwnlys\b"),
        3.0,
        # "What if they say no" is answered by both rights: appeal, and mediation (or its certificate) first.
        (_p(r"\bmediation\b|\bcyfryngu\b"), _p(r"\b(?:2|two) months\b|\bwithin\b")),
    ),
    FactKind(
        "cost",
        _p(r"\bhow much\b|\bcosts?\b|\bpay\b|\bpaid\b|\bfree\b|\bcharg\w*\b|\bfees?\b|\bprice\b|\bafford\b|\bmoney\b"),
        _p(r"£|\bfree\b|\bcosts?\b|\bpay\b|\bpaid\b|\bcharg\w*\b|\bfees?\b|\bno charge\b|\bam ddim\b"),
        2.0,
    ),
    FactKind(
        "who",
        _p(
            r"\bwho (?:can|is|does|decides|pays|do|should|will|gets)\b|\bcan (?:i|we|parents|a parent|young people)\b|"
            r"\b(?:myself|ourselves|themselves)\b|\bhave to come from\b"
        ),
        _p(
            r"\b(?:anyone|you can|can ask|can apply|a parent|young (?:person|people) can|you do not need|do not have to)\b"
        ),
        1.5,
    ),
    FactKind(
        "eligibility",
        _p(
            r"\beligib\w*\b|\bqualif\w*\b|\bentitled\b|\bwho gets\b|\bdo (?:i|we|they) need\b|\bdoes (?:my|a) \w+ need\b"
        ),
        _p(
            r"\beligib\w*\b|\bif\b|\byou (?:can|do not|don'?t) need\b|\bdoes not need\b|\bdo not have to\b|\bentitled\b"
        ),
        1.5,
    ),
    FactKind(
        "rights",
        _p(
            r"\bright to\b|\ballowed\b|\bcan they\b|\b(?:do|does) (?:they|the council|the la|the school|school) "
            r"have to\b|\bmust (?:they|the council|the school)\b|\blegal\w*\b|\bby law\b|\bentitle\w*\b"
        ),
        _p(r"\bmust\b|\bhave to\b|\bhas to\b|\bright\b|\blaw\b|\blegal\w*\b|\bduty\b"),
        1.5,
    ),
)


def fact_kinds(question: str) -> list[FactKind]:
    """What kinds of fact the question asks for (a time limit, the right to appeal, a cost...)."""
    return [k for k in FACT_KINDS if k.asks.search(question)]


# -- choosing the window -----------------------------------------------------------------------
def choose(
    page_units: list[Unit],
    question: str,
    weights: dict[str, float],
    stem: Callable[[str], str],
    *,
    title: str = "",
) -> list[Unit]:
    """The short run of units (same section, page order) that best answers the question.

    Words of the page's title say little about which part of the page answers (the page is already
    about them), so they count for less here.
    """
    if not page_units:
        return []
    title_stems = {stem(w) for w in re.findall(r"\w+", title)}
    weights = {s: (w * 0.35 if s in title_stems else w) for s, w in weights.items()}
    unit_stems = [{stem(w) for w in re.findall(r"\w+", u.text)} - {""} for u in page_units]
    heading_stems = [{stem(w) for w in re.findall(r"\w+", u.heading)} - {""} for u in page_units]
    n = len(page_units)
    df: dict[str, int] = {}
    for stems in unit_stems:
        for s in stems & weights.keys():
            df[s] = df.get(s, 0) + 1
    kinds = fact_kinds(question)
    # "How long do I have?": the person's own step, which pages write to "you".
    time_kind = next((k for k in kinds if k.name == "time"), None)
    own_step = bool(re.search(r"\b(?:i|we)\b", question, re.IGNORECASE))
    time_kind = time_kind if own_step else None

    def score(i: int) -> float:
        words = unit_stems[i] & weights.keys()
        value = sum(weights[s] * math.log(1 + n / df[s]) for s in words)
        value += 0.6 * sum(weights[s] for s in heading_stems[i] & weights.keys())
        for kind in kinds:
            if kind.answers.search(page_units[i].heading):
                value += kind.weight / 2
            found = len(kind.answers.findall(page_units[i].text))
            if found:
                # Several time limits (a table of steps) answer "how long does it all take" best.
                value += kind.weight * (1 + 0.25 * min(3, found - 1))
                value += sum(kind.weight / 2 for extra in kind.also if extra.search(page_units[i].text))
        if time_kind and _YOU.search(page_units[i].text) and time_kind.answers.search(page_units[i].text):
            value += 1.0
        # Very long units say many things; a little less credit per word matched.
        return value / (1 + page_units[i].words / 120)

    return _best_window(page_units, [score(i) for i in range(n)])


def _best_window(page_units: list[Unit], scores: list[float]) -> list[Unit]:
    """Try every run of up to four units in one section; keep the one _window_value likes best."""
    n = len(page_units)
    best_window: list[int] = [max(range(n), key=lambda i: (scores[i], -i))]
    best_value = float("-inf")
    for start in range(n):
        words = 0
        for end in range(start, min(n, start + 4)):
            if page_units[end].section != page_units[start].section:
                break
            words += page_units[end].words
            has_list = any(page_units[i].is_list for i in range(start, end + 1))
            if words > (MAX_LIST_WORDS if has_list else MAX_WORDS) and end > start:
                break
            value = _window_value([scores[i] for i in range(start, end + 1)], words)
            if start > 0 and _LEANS_ON_BEFORE.match(page_units[start].text):
                value -= 1.0  # it would start mid-thought
            if value > best_value:
                best_value, best_window = value, list(range(start, end + 1))
    return [page_units[i] for i in best_window]


def _window_value(scores: list[float], words: int) -> float:
    """The best unit counts in full, the others less; too short says too little, too long buries it."""
    top = max(scores)
    value = top + 0.35 * (sum(scores) - top)
    if words < 25:
        value -= 0.4
    return value - 0.004 * words


def as_text(chosen: list[Unit]) -> str:
    """Units as answer text: sentences run together, lists on their own lines."""
    parts: list[str] = []
    for unit in chosen:
        if unit.is_list or (parts and "\n" in parts[-1]):
            parts.append("\n" + unit.text + "\n")
        else:
            parts.append(unit.text)
    text = " ".join(parts)
    return "\n".join(line.strip() for line in text.strip().splitlines())
