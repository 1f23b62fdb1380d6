"""Reading age of the young person's space: every page's words score as easy on the Flesch reading ease
scale (70 or more is 'fairly easy', about age 12 and under; 80 or more is 'easy'), measured on what the
page shows in its main area."""

from __future__ import annotations

import re

import pytest

from tests.feedback.test_voice import YOUNG_PAGES

MINIMUM = 70
BLOCKS = ("h1", "h2", "h3", "p", "li", "label", "legend", "button", "dt", "dd", "div.govuk-hint", "strong", "a")


def syllables(word: str) -> int:
    """A close estimate of spoken syllables in an English word (vowel groups, less a silent final e)."""
    word = re.sub(r"[^a-z]", "", word.lower())
    if not word:
        return 0
    if len(word) <= 3:
        return 1
    word = re.sub(r"(?:[^laeiouy]es|[^laeiouy]ed|[^laeiouy]e)$", "", word)
    word = re.sub(r"^y", "", word)
    return max(1, len(re.findall(r"[aeiouy]{1,2}", word)))


def sentences_of(soup) -> list[str]:
    """Every block of visible text, split into sentences; a heading or label counts as a sentence."""
    main = soup.find("main")
    for hidden in main.select("[hidden], .govuk-visually-hidden, script, [aria-hidden=true]"):
        hidden.decompose()
    found: list[str] = []
    for block in main.select(", ".join(BLOCKS)):
        if block.find(BLOCKS):
            continue  # count the innermost blocks only
        text = " ".join(block.get_text(" ").split())
        found += [s for s in re.split(r"(?<=[.!?])\s+", text) if re.search(r"[A-Za-z]", s)]
    return found


def flesch_reading_ease(sentences: list[str]) -> float:
    words = [w for s in sentences for w in re.findall(r"[A-Za-z][A-Za-z']*", s)]
    assert words, "no words to measure"
    syllable_count = sum(syllables(w) for w in words)
    return 206.835 - 1.015 * (len(words) / len(sentences)) - 84.6 * (syllable_count / len(words))


def test_the_measure_tells_easy_from_hard():
    assert flesch_reading_ease(["The cat sat on the mat.", "It was a good day."]) > 90
    hard = ["Notwithstanding the aforementioned statutory considerations, the authority's determination "
            "regarding eligibility necessitates comprehensive multidisciplinary consultation."]  # fmt: skip
    assert flesch_reading_ease(hard) < 30
    assert [syllables(w) for w in ("school", "happy", "safeguarding", "future", "make")] == [1, 2, 4, 2, 1]


@pytest.mark.parametrize("path", [*YOUNG_PAGES, "/young-people/get-help-now"])
def test_young_peoples_pages_are_easy_to_read(pages, path):
    soup = pages.get(path)
    score = flesch_reading_ease(sentences_of(soup))
    assert score >= MINIMUM, f"{path}: Flesch reading ease {score:.0f}, want {MINIMUM} or more"
