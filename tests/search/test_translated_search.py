"""Questions in Welsh, Polish and Urdu are also searched as the English words the lexicons give for them."""

from __future__ import annotations

from portal.search import services as search
from portal.search import translate
from portal.search.services import SearchParams


def test_a_known_language_is_translated_and_english_is_left_alone(db_session):
    lang, english = search.translated("Czy córka dostanie darmowy autobus do szkoły?", "pl")
    assert lang == "pl" and {"free", "bus", "school"} <= set(english.split())
    assert search.translated("how do I get a bus pass for college", "en") == ("", "")
    assert search.translated("how do I get a bus pass for college") == ("", "")


def test_the_search_box_finds_the_language_itself_when_most_words_are_unknown(db_session):
    lang, english = search.translated("Ile kosztuje dowóz do szkoły specjalnej?")
    assert lang == "pl" and "school" in english.split()


def test_welsh_small_words_are_left_out_of_the_words_as_typed():
    kept = translate.without_small_words("Ydy fy mab yn gallu cael therapi lleferydd yn yr ysgol?", "cy").split()
    assert "therapi" in kept and "lleferydd" in kept
    assert not {"fy", "yn", "yr"} & set(kept)


def test_a_polish_question_reaches_the_english_page_through_its_translation(db_session, monkeypatch):
    question = "Czy mój syn dostanie darmowy transport do szkoły specjalnej?"

    def first_three() -> list[str]:
        params = SearchParams(q=question, kind="page", written_in="pl", count_total=False, snippets=False)
        return [h.slug for h in search.search(params, record_gaps=False).hits[:3]]

    assert "home-to-school-transport" in first_three()
    with_translation = search.translated(question, "pl")[1]
    assert "transport" in with_translation.split()
