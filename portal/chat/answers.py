"""Step 3 of the assistant: build the answer around the sentence that answers the question.

A page is cut into units: a sentence, or a whole list with the sentence that introduces it (a
list is never run together into one sentence). Each unit knows its section heading, the #anchor
that heading has on the page, and any bold line standing over it as a sub-heading ("Stage 2").

Every unit is scored against the question: its words (rarer words on the page count more), its
heading, and what KIND of fact the question asks for (a time limit wants weeks or days, "what if
they say no" wants the right to appeal or mediation, a cost question wants a price or "free",
"do I need..." wants "you do not need"). A list is scored item by item, so one item that answers
is enough and a long list is not rewarded for length alone. The answer is then grown around the
best unit: back to the sentence it leans on ("This is normal." needs the one before), forward to
the sentences that continue it, within a word budget. When that passage is from the body, the page's key point
closest in meaning to the question leads it, as the short answer the editors wrote (choose, LEAD_MEANING).
Everything quoted is the page's own words, so an answer never states a date, limit or right that the page does
not.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from portal.local_offer.markdown import heading_ids

# How long an answer may be. About 90 words is one phone screen and half a minute's reading at a reading age
# of 9 to 11; beyond that the fact the family asked for scrolls out of sight. A list is kept whole, so it may
# run to 140 words: a list of who can ask with one line cut off would mislead. Longer lists show the items
# that answer (never cut mid-item), and the link goes to the section for the rest.
MAX_WORDS = 90
MAX_LIST_WORDS = 140
MIN_WORDS = 30  # shorter than this, add the next (or previous) sentence of the section for context
MAX_ITEMS_FROM_LONG_LIST = 3
# How much a unit's meaning similarity to the question (portal/platform/meaning.py) counts beside its words: a
# unit whose similarity is 0.05 below the page's best loses 3 points (a telling word is worth 1 to 3). Chosen on
# the development questions (tuned on; answer contains the fact): 0 -> 71.5%, 10 -> 73.1%, 40 -> 75.1%,
# 80 -> 75.6%, 160 -> 72.5%, meaning alone 66.8%. Words and meaning together beat either alone.
MEANING_WEIGHT = 60.0
# The opening paragraph, before the first heading, says what the page is about: close in meaning to every question
# on the page and rarely the fact asked for. It loses about what two telling words are worth. Dev (tuned on,
# right page given, questions-dev2): 0 -> 131/186, 1 -> 133, 4 -> 135, 8 -> 137; the older 193 unchanged up to 4
# and one lower at 8.
INTRO_PENALTY = 4.0
# Every page opens with its editors' key points, one self-contained sentence per fact families ask about most
# (content/README.md); where they answer, they win a close call, by about one telling word. Dev (tuned on), the
# answer contains the fact with the right page given: questions-dev2 137 -> 146 of 186 (bonus 2: 147, 4: 147),
# the older sets 164 -> 166 of 193 (4: 154). Tried and worse: showing only the best two or three key points
# (dev2 139-142), or each key point as a unit of its own (131).
KEY_POINTS = frozenset({"Key points", "Pwyntiau allweddol", "اہم نکات"})  # the headings content/README.md names
KEY_POINTS_BONUS = 1.0
# A passage from the body explains in the page's own words, but the fact asked for is often in the key point on the
# same subject ("within 6 weeks"), written to be read alone. When the passage chosen is not from the key points, the
# key point closest in meaning to the question leads the answer, as its first paragraph. The key point is chosen on
# meaning (LEAD_MEANING: a word shared counts about as much as 0.01 of similarity, so words only break near ties)
# and must share a word with the question; none leads when even the closest is LEAD_GAP less alike than the best
# passage (the question is about something the key points do not cover), or when the two together would be longer
# than a list may be (MAX_LIST_WORDS), or when the passage already has LEAD_SAID of the key point's words (the body
# explains each key point, often in nearly the same words). Dev (tuned on), the answer contains the fact, right
# page given: 312 -> 329 of 379; on retrieval: 284 -> 298 (without the length rule 332 and 302, with answers of up
# to 160 words; without LEAD_SAID 330 and 300, with more answers saying a thing twice). Words alone chose worse
# (325 and 296). Gaps 0.08 to 0.15 gave the same figures, 0.03 two fewer. Answers to the dev questions: mean 71 ->
# 77 words, longest 139 as before.
LEAD_MEANING = 150.0
LEAD_GAP = 0.1
LEAD_SAID = 0.6
TRIM_MEANING = 60.0  # how much meaning counts in choosing which key points a long list keeps (_trim_long_list)
_HEADING = re.compile(r"^#{2,3}\s+(.+)$")
_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(.*)$")
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'‘“(£])")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)(.+?)\1")
_BOLD_LINE = re.compile(r"^\*\*([^*]+)\*\*$")
_YOU = re.compile(r"\byou(?:r)?\b", re.IGNORECASE)
# A sentence that cannot stand alone: it points back at the one before.
_LEANS_ON_BEFORE = re.compile(
    r"^(?:This|That|It|They|These|Those|Then|So|But|And|Also|If so|Even then|After that|Instead|Before then|"
    r"Dyma|Mae hyn|Mae'n|Maen nhw|Mae e|Mae hi|Bydd e|Bydd hi|Hyd yn oed|Wedyn|Felly|Ond)\b"
)


@dataclass(frozen=True)
class Unit:
    section: int
    heading: str
    text: str  # one sentence, or "intro:\n- item\n- item"
    is_list: bool = False
    anchor: str = ""  # the id of the section's heading on the rendered page ("" before the first heading)
    label: str = ""  # a bold line standing over this part of the section as a sub-heading ("Stage 2")

    @property
    def words(self) -> int:
        return len(self.text.split())

    @property
    def pieces(self) -> list[str]:
        """What is scored: the sentence, or a list's lead-in and each item on its own."""
        if not self.is_list:
            return [self.text]
        return [line.removeprefix("- ") for line in self.text.split("\n") if line.strip()]


def unit_passage(title: str, unit: Unit) -> str:
    """The text a unit is embedded as: the page title and section heading give it its context."""
    return f"{title}. {unit.heading}. {unit.text}" if unit.heading else f"{title}. {unit.text}"


def _inline(text: str) -> str:
    text = _LINK.sub(r"\1", text)
    text = _EMPHASIS.sub(r"\2", text)
    return " ".join(text.replace("|", " ").split())


def split_sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_SPLIT.split(" ".join(text.split())) if len(s.strip()) > 2]


def units(markdown: str) -> list[Unit]:  # noqa: C901 (one pass over the lines, each kind of line in turn)
    """The page as quotable units, in page order (lists kept whole with their lead-in sentence)."""
    out: list[Unit] = []
    section, heading, label = 0, "", ""
    anchors = heading_ids([m.group(1) for line in markdown.splitlines() if (m := _HEADING.match(line))])
    paragraph: list[str] = []
    items: list[str] = []
    header: list[str] = []

    def anchor() -> str:
        return anchors[section - 1] if 0 < section <= len(anchors) else ""

    def flush_paragraph() -> None:
        nonlocal label
        if paragraph:
            joined = " ".join(paragraph)
            bold = _BOLD_LINE.match(joined.strip())
            if bold:
                # "**Stage 2**" on its own: a sub-heading for what follows, not a sentence to quote.
                label = _inline(bold.group(1)).rstrip(":")
            else:
                for sentence in split_sentences(_inline(joined)):
                    out.append(Unit(section, heading, sentence, anchor=anchor(), label=label))
            paragraph.clear()

    def flush_list() -> None:
        if items:
            intro = ""
            # The sentence that leads into the list ("You can ask if:") belongs with it.
            if out and out[-1].section == section and not out[-1].is_list and out[-1].text.endswith(":"):
                intro = out.pop().text
            body = "\n".join(f"- {_inline(i)}" for i in items)
            text = f"{intro}\n{body}" if intro else body
            out.append(Unit(section, heading, text, is_list=True, anchor=anchor(), label=label))
            items.clear()

    for line in markdown.splitlines():
        m = _HEADING.match(line)
        if m:
            flush_paragraph()
            flush_list()
            section += 1
            heading, label = _inline(m.group(1)), ""
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


# A refusal or disagreement named in so many words (the "refused" kind below also fires on "what can I do").
_REFUSAL_WORDS = (
    r"\bsays? no\b|\bsaid no\b|\brefus\w*\b|\bturn(?:ed|s)? (?:\w+ )?down\b|\bdeclin\w*\b|\breject\w*\b|"
    r"\bdisagree\w*\b|\bnot happy\b|\bunhappy\b|\bwon'?t\b|\bwill not\b|\bdon'?t agree\b|\bappeal\w*\b|"
    r"\bchallenge\b|\bgwrthod\w*\b|\bodmow\w*\b|\binkar\b|انکار"
)

# Patterns are written from the shapes of questions (English and Welsh, with the Polish and Urdu words our
# word lists know), never from particular evaluation questions.
FACT_KINDS = (
    FactKind(
        "time",
        _p(
            r"\bhow long\b|\bwhen\b|\btime ?limits?\b|\bdeadlines?\b|\bhow (?:soon|quickly|fast|often)\b|\bhow many "
            r"(?:weeks|days|months)\b|\bby when\b|\bby which (?:day|date)\b|\bwait\w*\b|\blate\b|\boverdue\b|"
            r"\bpa mor (?:hir|aml)\b|\bfaint o amser\b|\bpryd\b|\berbyn pryd\b|\bd?terfyn(?:au)? amser\b|"
            r"\bile (?:czasu|tygodni)\b|\bkiedy\b|\bkitn[ae] (?:waqt|din|hafte)\b|\bkab\b|کتنا وقت|کب"
            # By what date: "what date", "do kiedy", "kis tareekh tak", "erbyn pa ddyddiad".
            r"|\b(?:what|which) date\b|\b(?:last|latest|final) (?:day|date)\b|\bdo kiedy\b|\bterminu?\b|\b(?:kis|kaun si) (?:tareekh|tarikh)\b|\b(?:d|dd|n)yddiad\b|تاریخ"
        ),
        _p(
            r"\b\d+\s*(?:working\s+|school\s+|calendar\s+)?(?:weeks?|days?|months?|years?|hours?)\b|\bat least once\b|"
            r"\b\d+(?:st|nd|rd|th) (?:school |working )?day\b|\bonce a year\b|\bevery (?:year|\d+)\b|"
            r"\b\d{1,2} (?:January|February|March|April|May|June|July|August|September|October|November|December)\b|"
            r"\b(?:one|two|three|four|five|six|twelve) (?:weeks?|months?|years?|working days?)\b|"
            r"\b\d+ (?:wythnos|[mf]is|d?diwrnod|niwrnod|[bfm]l?ynedd)\b|\bbob blwyddyn\b"
        ),
        3.0,
    ),
    FactKind(
        "age",
        _p(
            r"\bwhat age\b|\bhow old\b|\bwhich (?:school )?year\b|\bfrom what (?:age|year)\b|\bage (?:limit|range)\b|"
            r"\bup to what age\b|\bturns? \d+\b|\b(?:pa|ba) (?:oed|flwyddyn)\b|\bo ba flwyddyn\b"
        ),
        _p(
            r"\bage(?:d)? \d+|\b\d+ (?:or|and) (?:over|older)\b|\bturns? \d+\b|\b(?:from|at|until|up to|after|before|"
            r"under|over) (?:age )?\d+\b|\bYear \d+\b|\bBlwyddyn \d+\b|\b\d+ oed\b|\b\d+(?:th|st) birthday\b"
        ),
        2.5,
    ),
    FactKind(
        "refused",
        _p(
            _REFUSAL_WORDS + "|"
            # What next, when a step has not worked or not happened: the route further on.
            r"\bwhat (?:can|do|should|could) (?:i|we|you) do\b|\bwhere (?:can|do|should) (?:i|we) go\b|\bgo next\b|"
            r"\bnext step\b|\bbeth (?:os|alla i|allwn ni)\b|\bco (?:dalej|mogę zrobić)\b"
        ),
        _p(
            r"\bombudsman\b|\bombwdsmon\b|\bcomplain\w*\b|\bcwyn\w*\b|"
            r"\bappeal\w*\b|\btribunal\b|\bmediation\b|\bdisagree\w*\b|\bchallenge\b|\bapel\w*\b|\btribiwnlys\b|"
            r"\blook (?:at \w+ )?again\b|\breconsideration\b|\breasons in writing\b|\bask (?:for )?(?:a |an )?"
            r"(?:independent )?review\b|\bask again\b"
        ),
        3.0,
        # "What if they say no" is answered by both rights: appeal, and mediation (or its certificate) first.
        (_p(r"\bmediation\b|\bcyfryngu\b"), _p(r"\b(?:2|two) months\b|\bwithin\b")),
    ),
    FactKind(
        "cost",
        _p(
            r"\bhow much\b|\bcosts?\b|\bpay\b|\bpaid\b|\bfree\b|\bcharg\w*\b|\bfees?\b|\bprice\b|\bafford\b|\bmoney\b|"
            r"\btalu\b|\bam ddim\b|\bcostio\b"
        ),
        _p(
            r"£|\bfree\b|\bcosts?\b|\bpay\b|\bpaid\b|\bcharg\w*\b|\bfees?\b|\bno charge\b|\bam ddim\b|\btalu\b|"
            r"\bnot extra money\b"
        ),
        2.0,
    ),
    FactKind(
        "who",
        _p(
            r"\bwho (?:can|is|does|decides|pays|do|should|will|gets|has to|must)\b|\bcan (?:i|we|parents|a parent|"
            r"young people)\b|\b(?:myself|ourselves|themselves)\b|\bhave to come from\b|\bwithout (?:my|the|a)\b|"
            r"\bpwy\b"
        ),
        _p(
            r"\b(?:anyone|you can|can ask|can apply|a parent|parents can|young (?:person|people) can|you do not need|"
            r"do not have to|yourself|themselves|cannot)\b|\bgall\b|\bgallwch\b"
        ),
        1.5,
    ),
    FactKind(
        "eligibility",
        _p(
            r"\beligib\w*\b|\bqualif\w*\b|\bentitled\b|\bwho gets\b|\b(?:do|does) (?:i|we|you|they|he|she|my \w+|"
            r"a \w+|the \w+) (?:need|have to)\b|\bneed (?:a|an) \w+ (?:before|to)\b|\bis there\b|\boes (?:angen|rhaid)\b"
        ),
        _p(
            r"\beligib\w*\b|\byou (?:can|do not|don'?t) need\b|\b(?:does|do) not (?:need|have to)\b|"
            r"\bentitled\b|\bwithout\b|\bdoes dim (?:angen|rhaid)\b|\bnid oes angen\b|\bnot automatic\b|"
            r"\bno automatic\b|\bdoes not mean\b"
        ),
        1.5,
    ),
    FactKind(
        "rights",
        _p(
            r"\bright to\b|\ballowed\b|\bcan they\b|\b(?:do|does) (?:they|the council|the la|the school|school) "
            r"have to\b|\bmust (?:they|the council|the school)\b|\blegal\w*\b|\bby law\b|\bentitle\w*\b|"
            r"\bis (?:that|it|this) (?:ok|okay|right|normal|a mistake|good enough)\b|\bcan (?:the \w+|school) "
            r"(?:stop|refuse|make|say)\b"
        ),
        _p(
            r"\bmust\b|\bhave to\b|\bhas to\b|\bright\b|\blaw\b|\blegal\w*\b|\bduty\b|\bnot allowed\b|\bshould not\b|"
            r"\bmust not\b|\bis normal\b|\bis not\b"
        ),
        1.5,
    ),
    FactKind(
        "continues",
        _p(
            r"\b(?:does|do|will|would) (?:the |my |his |her |their |an? )?\w+ (?:plan )?(?:stop|end|carry on|"
            r"continue|still count|still apply)\b|\bstill count\b|\bcarr(?:y|ies) on\b"
        ),
        _p(r"\bcarr(?:y|ies) on\b|\bstays? in force\b|\bstill (?:apply|be given|count)\b|\bcontinues?\b"),
        2.0,
    ),
    FactKind(
        "late",
        # Something that has not happened in time: what can be done about the delay.
        _p(
            r"\blate\b|\boverdue\b|\b(?:has|have|had)(?:n'?t| not| never) (?:happened|been held|come|arrived)\b|"
            r"\bnot happened\b|\bnever happened\b|\bmissed (?:the|a|its|their) (?:deadline|time limit)\b|\bdelay\w*\b|"
            r"\bhwyr\b|\boedi\b|\bopó[źz]\w*\b|\bdeer\b|\bتاخیر\b"
        ),
        _p(
            r"\bcomplain\w*\b|\bombudsman\b|\bcwyn\w*\b|\bstays? in force\b|\bjudicial review\b|"
            r"\bask (?:your|the|our) caseworker\b|\bexceptions?\b"
        ),
        2.0,
    ),
    FactKind(
        "route",
        # How to get, ask for or apply for something, and where to find it: answered by the step to take.
        _p(
            r"\bhow (?:do|can|would|should|could) (?:i|we|you|parents|they) (?:go about |actually )?(?:get|apply|"
            r"ask|request|access|find|refer|arrange|start|make)\b|\bhow (?:to|can i) (?:get|apply|ask|request|"
            r"access|find|refer|arrange)\b|\bwhere (?:can|do|should|would) (?:i|we) (?:get|find|apply|ask|go|look)\b|"
            r"\bsut (?:mae |i |alla i |ydw i |allwn ni )?(?:gwneud cais|cael|gofyn)\b|\bjak (?:złożyć|uzyskać|dostać|"
            r"poprosić)\b|\bkaise (?:milega|milta|apply|hasil)\b"
        ),
        _p(
            r"\bask\b|\bapply\b|\bapplication\b|\brefer\w*\b|\bcontact\b|\bcall\b|\bphone\b|\be-?mail\b|"
            r"\bform\b|\bGP\b|\brequest\b|\bgwneud cais\b|\bffurflen\b|\bcysylltwch\b|\bffoniwch\b|\bgofyn\b"
        ),
        2.0,
    ),
    FactKind(
        "definition",
        _p(r"^\s*(?:what(?:'s| is| are)|beth yw|beth ydy)\b|\bwhat does \w+(?: \w+)? mean\b|\bmeaning of\b"),
        _p(r"\b(?:is|are) (?:a|an) \b|\bstands? for\b|\bmeans?\b|\bis called\b|\bis when\b|\byw\b|\bystyr\b"),
        1.0,
    ),
)


_REFUSAL = _p(_REFUSAL_WORDS)


def fact_kinds(question: str) -> list[FactKind]:
    """What kinds of fact the question asks for (a time limit, the right to appeal, a cost...).

    "What can I do" about something late asks what to do about the delay (a complaint), not about a refusal
    (an appeal), unless a refusal is named as well."""
    kinds = [k for k in FACT_KINDS if k.asks.search(question)]
    if any(k.name == "late" for k in kinds) and not _REFUSAL.search(question):
        kinds = [k for k in kinds if k.name != "refused"]
    return kinds


# The words that say what KIND of fact is wanted ("how long", "refused", "who can") say little about WHERE on
# the page it is: "refused" in the question should find the right to appeal, not every "refuses" on the page.
# Cost and rights words stay whole: "free" and "must" are often the very words of the answer.
_KIND_WORDS_COUNT = 0.3
_KIND_WORDS = {
    "time": "long time limit deadlin soon quick quickli fast often wait late overdu take how",
    "age": "age old year",
    "refused": "refus turn down declin reject disagre no said say appeal challeng happi unhappi",
    "who": "who myself ourselv themselv",
    "eligibility": "need elig qualifi entitl",
    "continues": "stop end carri continu still count",
    "definition": "mean",
    "route": "get appli ask request access find refer arrang start go look",
    "late": "late overdu happen delay miss",
}
# Everyday words that match anywhere ("at all", "just", "still").
_FILLER = frozenset("all any actual actually just still even realli really thing stuff ok okay also now yet "
                    "much mani lot go goe some one way anyth someth him want".split())  # fmt: skip
# A heading phrased as the question ("Who can ask", "Time limits", "If you disagree"): that section answers it.
_HEADING_LEAD = re.compile(
    r"^(?:(?:if|when|os) (?:you|we|they|it|the \w+|your \w+|eich \w+|ydych \w+|y \w+) (?:are |is |has |have )?|"
    r"(?:the|a|an|your|y|yr) )",
    re.IGNORECASE,
)


def _heading_asks(heading: str, kind: FactKind) -> bool:
    """Does the heading open with the kind of question asked ("Who can appeal" for a who question)?"""
    opening = " ".join(_HEADING_LEAD.sub("", heading).split()[:3])
    return bool(opening and kind.asks.match(opening))


def _weights_for(
    question: str, kinds: list[FactKind], weights: dict[str, float], stem: Callable[[str], str]
) -> dict[str, float]:
    """The question's word weights with its kind words and filler words counting for less."""
    kind_stems = {w for kind in kinds for w in _KIND_WORDS.get(kind.name, "").split()}
    out = {}
    for s, w in weights.items():
        if s in _FILLER:
            w *= 0.2
        elif s in kind_stems:
            w *= _KIND_WORDS_COUNT
        out[s] = w
    return out


# -- choosing the passage ----------------------------------------------------------------------
def choose(
    page_units: list[Unit],
    question: str,
    weights: dict[str, float],
    stem: Callable[[str], str],
    *,
    title: str = "",
    similarity: list[float] | None = None,
    item_similarity: list[float] | None = None,
) -> list[Unit]:
    """The short run of units (same section, page order) built around the unit that best answers, led by the key
    point that answers when that run is from the body.

    `similarity`: each unit's meaning similarity to the question (portal/platform/meaning.py), when known;
    `item_similarity`: the same for each of key_point_items(page_units).

    Words of the page's title say little about which part of the page answers (the page is already
    about them), so they count for less here.
    """
    scores = score_units(page_units, question, weights, stem, title=title)
    if not scores:
        return []
    if similarity is not None and len(similarity) == len(scores):
        top = max(similarity)
        scores = [s + MEANING_WEIGHT * (sim - top) for s, sim in zip(scores, similarity, strict=True)]
    scores = [s + _standing(u) for s, u in zip(scores, page_units, strict=True)]
    best = max(range(len(scores)), key=lambda i: (scores[i], -i))
    chosen = [page_units[i] for i in _grow(page_units, scores, best, question)]
    chosen = _trim_long_list(chosen, question, weights, stem, item_similarity=item_similarity)
    if similarity is None or item_similarity is None or any(u.heading in KEY_POINTS for u in chosen):
        return chosen
    lead = _lead(page_units, question, weights, stem, title, item_similarity, max(similarity))
    if lead is None or lead.words + sum(u.words for u in chosen) > MAX_LIST_WORDS:
        return chosen
    said = _stems(as_text(chosen), stem)
    own = _stems(lead.text, stem) - _FILLER
    if own and len(own & said) / len(own) >= LEAD_SAID:
        return chosen  # the passage says it already, in nearly the same words
    return [lead, *chosen]


def key_point_items(page_units: list[Unit]) -> list[Unit]:
    """Each of the page's key points as a unit of its own (the list's lead-in, if any, left out)."""
    keys = next((u for u in page_units if u.is_list and u.heading in KEY_POINTS), None)
    if keys is None:
        return []
    return [
        Unit(keys.section, keys.heading, line.removeprefix("- "), anchor=keys.anchor)
        for line in keys.text.split("\n")
        if line.startswith("- ")
    ]


def _lead(
    page_units: list[Unit],
    question: str,
    weights: dict[str, float],
    stem: Callable[[str], str],
    title: str,
    item_similarity: list[float],
    best_similarity: float,
) -> Unit | None:
    """The key point to lead the answer with (see LEAD_MEANING), or None."""
    items = key_point_items(page_units)
    if not items or len(items) != len(item_similarity):
        return None
    top = max(item_similarity)
    if top < best_similarity - LEAD_GAP:
        return None
    # Scored with the page's units, so a word counts for as much as it does on the page.
    words = score_units(page_units + items, question, weights, stem, title=title)[len(page_units) :]
    pick = max(range(len(items)), key=lambda i: (words[i] + LEAD_MEANING * (item_similarity[i] - top), -i))
    return items[pick] if words[pick] > 0 else None


def _standing(unit: Unit) -> float:
    """What a unit's place on the page adds: the opening paragraph less, the key points a little more."""
    if not unit.heading:
        return -INTRO_PENALTY
    return KEY_POINTS_BONUS if unit.heading in KEY_POINTS else 0.0


def score_units(
    page_units: list[Unit],
    question: str,
    weights: dict[str, float],
    stem: Callable[[str], str],
    *,
    title: str = "",
) -> list[float]:
    """How well each unit answers the question (see the module docstring)."""
    if not page_units:
        return []
    kinds = fact_kinds(question)
    title_stems = {stem(w) for w in re.findall(r"\w+", title)}
    weights = {
        s: (w * 0.35 if s in title_stems else w) for s, w in _weights_for(question, kinds, weights, stem).items()
    }
    n = len(page_units)
    piece_stems = [[_stems(p, stem) for p in u.pieces] for u in page_units]
    df: dict[str, int] = {}
    for pieces in piece_stems:
        for s in set().union(*pieces) & weights.keys():
            df[s] = df.get(s, 0) + 1
    # "How long do I have?": the person's own step, which pages write to "you".
    own_step = bool(re.search(r"\b(?:i|we)\b", question, re.IGNORECASE))
    time_kind = next((k for k in kinds if k.name == "time"), None) if own_step else None

    def piece_score(text: str, stems: set[str]) -> float:
        value = sum(weights[s] * math.log(1 + n / df[s]) for s in stems & weights.keys())
        for kind in kinds:
            if kind.answers.search(text):
                value += kind.weight + sum(kind.weight * 0.8 for extra in kind.also if extra.search(text))
        if time_kind and _YOU.search(text) and time_kind.answers.search(text):
            value += 1.0
        # Very long sentences say many things; a little less credit per word matched.
        return value / (1 + len(text.split()) / 120)

    scores = []
    for unit, stems in zip(page_units, piece_stems, strict=True):
        context = _stems(f"{unit.heading} {unit.label}", stem)
        each = sorted((piece_score(p, s) for p, s in zip(unit.pieces, stems, strict=True)), reverse=True)
        # The item that answers counts in full; the rest of the list a little (a list of steps, all relevant).
        value = each[0] + 0.1 * sum(each[1:4])
        value += 0.6 * sum(weights[s] for s in context & weights.keys())
        for kind in kinds:
            if kind.answers.search(f"{unit.heading} {unit.label}"):
                value += kind.weight / 2
            if _heading_asks(unit.heading, kind) or (unit.label and _heading_asks(unit.label, kind)):
                value += kind.weight
            found = sum(1 for p in unit.pieces if kind.answers.search(p))
            if found > 1:
                # Several time limits (a table of steps) answer "how long does it all take" best.
                value += kind.weight * 0.15 * min(2, found - 1)
        scores.append(value)
    return scores


def _stems(text: str, stem: Callable[[str], str]) -> set[str]:
    return {stem(w) for w in re.findall(r"\w+", text)} - {""}


def _grow(page_units: list[Unit], scores: list[float], best: int, question: str) -> list[int]:
    """The best unit, with the sentence it leans on and those that continue it, within the word budget."""
    section = page_units[best].section

    def budget(first: int, last: int) -> int:
        lists = any(page_units[i].is_list for i in range(first, last + 1))
        return MAX_LIST_WORDS if lists else MAX_WORDS

    def words(first: int, last: int) -> int:
        return sum(page_units[i].words for i in range(first, last + 1))

    def fits(first: int, last: int) -> bool:
        return words(first, last) <= budget(first, last)

    start = end = best
    # Back to what it leans on: "This is normal." needs the sentence before it.
    while (
        start > 0
        and page_units[start - 1].section == section
        and _LEANS_ON_BEFORE.match(page_units[start].text)
        and fits(start - 1, end)
    ):
        start -= 1
    # Forward while the next unit continues the thought, answers too, or the answer is still too short to read.
    while end + 1 < len(page_units) and page_units[end + 1].section == section and fits(start, end + 1):
        following = page_units[end + 1]
        if page_units[end + 1].label != page_units[end].label:
            break  # "Stage 2" does not run on into "Stage 3"
        if not (
            _LEANS_ON_BEFORE.match(following.text)
            or page_units[end].text.endswith(":")
            or scores[end + 1] >= 0.5 * scores[best]
            or words(start, end) < MIN_WORDS
        ):
            break
        end += 1
    # The kind of fact asked for is one or two sentences further on ("It does not cost you anything."): reach it.
    kinds = fact_kinds(question)
    if kinds and not any(k.answers.search(page_units[i].text) for k in kinds for i in range(start, end + 1)):
        for further in range(end + 1, min(len(page_units), end + 3)):
            if page_units[further].section != section or not fits(start, further):
                break
            if any(k.answers.search(page_units[further].text) for k in kinds):
                end = further
                break
    # Still short: the sentence before, for context (and whatever that one leans on in turn).
    while (
        (words(start, end) < MIN_WORDS or _LEANS_ON_BEFORE.match(page_units[start].text))
        and start > 0
        and page_units[start - 1].section == section
        and fits(start - 1, end)
    ):
        start -= 1
    return list(range(start, end + 1))


def _trim_long_list(
    chosen: list[Unit],
    question: str,
    weights: dict[str, float],
    stem: Callable[[str], str],
    *,
    item_similarity: list[float] | None = None,
) -> list[Unit]:
    """A list longer than a phone screen shows its lead-in and the items that answer, each item whole.

    The key points are also ranked on meaning (`item_similarity`, one per key point, as for _lead), so the point
    that answers a question put in other words, or in another language, is kept."""
    kinds = fact_kinds(question)
    meaning: dict[str, float] = {}
    if item_similarity:
        items = key_point_items(chosen)
        if len(items) == len(item_similarity):
            top = max(item_similarity)
            meaning = {"- " + u.text: TRIM_MEANING * (sim - top) for u, sim in zip(items, item_similarity, strict=True)}

    def item_value(line: str) -> float:
        hits = sum(weights.get(s, 0.0) for s in _stems(line, stem))
        return hits + sum(k.weight for k in kinds if k.answers.search(line)) + meaning.get(line, 0.0)

    out = []
    for unit in chosen:
        if not unit.is_list or unit.words <= MAX_LIST_WORDS:
            out.append(unit)
            continue
        lines = unit.text.split("\n")
        intro = [] if lines[0].startswith("- ") else [lines[0]]
        items = [line for line in lines if line.startswith("- ")]
        ranked = sorted(range(len(items)), key=lambda i: (-item_value(items[i]), i))[:MAX_ITEMS_FROM_LONG_LIST]
        kept = [items[i] for i in sorted(ranked)]
        out.append(Unit(unit.section, unit.heading, "\n".join(intro + kept), True, unit.anchor, unit.label))
    return out


def as_text(chosen: list[Unit]) -> str:
    """Units as answer text: sentences run together, lists on their own lines, a sub-heading as a lead line."""
    if len(chosen) > 1 and chosen[0].heading in KEY_POINTS and chosen[1].heading not in KEY_POINTS:
        # A key point leading a passage from the body (choose): its own paragraph.
        return chosen[0].text + "\n" + as_text(chosen[1:])
    parts: list[str] = []
    if chosen and chosen[0].label and not chosen[0].text.startswith(chosen[0].label):
        parts.append(chosen[0].label + ":\n")
    for unit in chosen:
        if unit.is_list or (parts and "\n" in parts[-1]):
            parts.append("\n" + unit.text + "\n")
        else:
            parts.append(unit.text)
    text = " ".join(parts)
    return "\n".join(line.strip() for line in text.strip().splitlines())
