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
    # detect() may still read the letters (two words or more): "seibiant byr" is Welsh for search and the assistant.
    assert language.detect(text) == (expected or ("cy" if text == "seibiant byr" else "en"))


# Messages whose common words say English or nothing: the letters decide (portal/platform/langid.py). Written
# for these tests.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("pa bryd fydd adolygiad blynyddol i fy merch", "cy"),
        ("addysg i blentyn a i'r coleg", "cy"),
        ("gdzie znajde logopede dla dziecka w okolicy", "pl"),
        ("bachon ki therapy ke liye waiting list kitni lambi hai", "ur-Latn"),
        ("speech and language therapy waiting list", "en"),
        ("personal budget for short breaks", "en"),
        ("portage", "en"),
        ("EHCP annual review", "en"),
    ],
)
def test_the_letters_decide_when_the_common_words_do_not(text, expected):
    assert language.detect(text) == expected


def test_the_letter_model_learns_from_the_corpora_only():
    from portal.platform import langid

    rows = langid.training_rows()
    assert {language for language, _ in rows} == set(langid.LANGUAGES)
    assert len(rows) > 5000
    assert langid.guess("")[0] == "en"
