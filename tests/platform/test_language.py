"""Which language a text is written in: the assistant and search both rely on it."""

from __future__ import annotations

import pytest

from portal.platform import language


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("how do I apply for an EHCP", "en"),
        ("Jak złożyć wniosek o EHCP dla syna?", "pl"),
        ("Sut ydw i'n gwneud cwyn?", "cy"),
        ("میرے بیٹے کو مدد چاہیے", "ur"),
        ("bachay ka EHCP review kab hota hai", "ur-Latn"),
    ],
)
def test_language_detection(text, expected):
    assert language.detect(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("how do I apply for an EHCP", "en"),
        ("Sut ydw i'n gwneud cwyn?", "cy"),
        ("میرے بیٹے کو مدد چاہیے", "ur"),
        # Nothing in the words says which language: no claim (detect() still answers English for search).
        ("EHCP", None),
        ("seibiant byr", None),
        ("", None),
    ],
)
def test_evidence_claims_a_language_only_when_the_words_show_it(text, expected):
    assert language.evidence(text) == expected
    assert language.detect(text) == (expected or "en")
