"""Welsh, Polish and Urdu questions turned into the English words our pages use (portal/search/translate.py).

The questions here were written for these tests, one idea each; none comes from an evaluation set.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from portal.local_offer.content import parse_file
from portal.search import translate
from portal.search.index import TEXT_ANALYZER
from portal.search.translate import to_english

ROOT = Path(__file__).resolve().parents[2]


def words(text: str, lang: str) -> list[str]:
    return to_english(text, lang).split()


# --- Welsh: initial mutations undone -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("welsh", "english"),
    [
        ("fy mhlentyn", "child"),  # nasal: p -> mh
        ("ei blentyn", "child"),  # soft: p -> b
        ("ei phlentyn", "child"),  # aspirate: p -> ph
        ("plentyn", "child"),  # as typed
        ("yr ysgol", "school"),
        ("ei ysgol", "school"),
        ("ei hysgol", "school"),  # h before a vowel
        ("fy nghais", "request"),  # nasal: c -> ngh
        ("nghais", "request"),
        ("ei gais", "request"),  # soft: c -> g
        ("ei chais", "request"),  # aspirate: c -> ch
        ("fy nhad", "parent"),  # nasal: t -> nh
        ("ei dad", "parent"),  # soft: t -> d
        ("dy fam", "parent"),  # soft: m -> f
        ("ei ofal", "care"),  # soft: g is lost
        ("ei lythyr", "letter"),  # soft: ll -> l
        ("ei blorp", None),  # a word we do not know stays unknown after de-mutation
        ("ei ddiagnosis", "diagnosis"),  # soft: d -> dd
        ("fy mudd-daliadau", "benefits"),  # nasal: b -> m, in a hyphenated term
        ("Ysgol Gymraeg", "welsh"),  # soft: c -> g after a feminine noun
    ],
)
def test_welsh_mutated_words_are_found_by_their_base_form(welsh, english):
    found = words(welsh, "cy")
    if english is None:
        assert found == []
    else:
        assert english in found


def test_welsh_mutation_inside_a_term_of_several_words():
    # "cynllun" soft-mutated to "gynllun" after "ei" still starts the term for an EHC plan.
    assert words("Beth sydd yn ei gynllun addysg, iechyd a gofal?", "cy") == ["what", "ehc", "plan", "ehcp"]


def test_welsh_word_as_typed_wins_over_a_de_mutated_reading():
    # "mab" (son) is a word in its own right, not only a nasal mutation of something starting with b.
    assert words("fy mab", "cy") == ["child"]


def test_welsh_accents_are_optional():
    assert to_english("ar ôl 16", "cy") == to_english("ar ol 16", "cy") == "post-16"


def test_a_welsh_question_becomes_the_words_of_the_right_page():
    english = words("Ydy fy merch yn gallu cael cludiant i'r ysgol am ddim?", "cy")
    assert english[:4] == ["child", "can", "able", "get"]
    assert {"school", "transport", "free"} <= set(english)
    assert "am" not in english and "i" not in english  # Welsh "for" and "to", not English words


# --- Polish: endings -----------------------------------------------------------------------------------


@pytest.mark.parametrize("form", ["wniosek", "wniosku", "wnioskiem", "wnioski", "Wniosek"])
def test_polish_stems_match_every_ending(form):
    assert words(form, "pl")[0] == "request"


@pytest.mark.parametrize("form", ["szkoła", "szkole", "szkołę", "szkoły", "szkola", "SZKOLA"])
def test_polish_school_with_and_without_polish_letters(form):
    assert words(form, "pl") == ["school"]


def test_a_longer_polish_stem_beats_a_shorter_one():
    # "szkolenie" (training) starts like "szkoła" (school); the longer stem decides.
    assert words("szkolenie dla rodziców", "pl") == ["training", "parent", "parents"]


@pytest.mark.parametrize(
    ("polish", "english"),
    [
        ("mojego syna", ["child"]),
        ("z synem", ["child"]),
        ("córka ma autyzm", ["child", "autism"]),
        ("dziecko z autyzmem", ["child", "autism"]),
        ("moje dzieci", ["children"]),
        ("odmówiła", ["refuse", "refused", "refusal"]),
        ("odmowa", ["refuse", "refused", "refusal"]),
        ("sześć tygodni", ["6", "weeks", "week"]),
    ],
)
def test_polish_inflected_forms(polish, english):
    assert words(polish, "pl") == english


def test_polish_term_of_several_inflected_words():
    assert words("dzieci ze specjalnymi potrzebami edukacyjnymi", "pl") == [
        "children",
        "special",
        "educational",
        "needs",
        "sen",
    ]


def test_polish_for_and_the_benefit_dla_do_not_meet():
    # Lower-case "dla" is the Polish "for"; DLA in capitals is the benefit, kept as English.
    assert words("zasiłek dla syna", "pl") == ["benefits", "allowance", "child"]
    assert words("Czy syn dostanie DLA?", "pl") == ["child", "get", "DLA"]


# --- Urdu: script and Roman Urdu -----------------------------------------------------------------------


@pytest.mark.parametrize("spelling", ["بچے", "bachay", "bache", "bachche", "bachey", "BACHAY"])
def test_urdu_children_in_both_scripts(spelling):
    assert "child" in words(spelling, "ur")


def test_urdu_keyboard_variants_and_diacritics_are_folded():
    urdu_keyboard = "میرے بچے کو آٹزم ہے"
    arabic_keyboard = "ميرے بچے كو آٹزم هے"  # Arabic yeh, kaf and heh
    with_diacritics = "مِیرے بَچّے کو آٹزم ہے"  # zer, zabar and shadd
    expected = to_english(urdu_keyboard, "ur")
    assert expected == "children child autism"
    assert to_english(arabic_keyboard, "ur") == expected
    assert to_english(with_diacritics, "ur") == expected


def test_urdu_digits_become_numbers():
    assert words("۲۰ ہفتے", "ur") == ["20", "weeks"]
    assert words("٢٠ ہفتے", "ur") == ["20", "weeks"]


def test_urdu_and_roman_urdu_questions_give_the_same_key_words():
    script = set(words("اسکول نے میرے بیٹے کو نکال دیا ہے، میں اپیل کیسے کروں؟", "ur"))
    roman = set(words("school ne mere bete ko nikal diya hai, main appeal kaise karun?", "ur"))
    assert {"school", "child", "excluded", "appeal", "how"} <= script & roman


def test_roman_urdu_doubled_letters_count_once():
    assert to_english("kitnaa waqt", "ur") == to_english("kitna waqt", "ur") == "how long time"


def test_urdu_terms_of_several_words():
    assert words("ذہنی صحت", "ur") == ["mental", "health"]
    assert words("zehni sehat", "ur") == ["mental", "health"]
    assert words("اسکول بس", "ur") == ["school", "bus"]


# --- Rules shared by all three -------------------------------------------------------------------------


def test_the_longest_term_wins():
    assert words("seibiannau byr", "cy") == ["short", "breaks"]
    assert words("byr", "cy") == ["short"]
    assert words("adolygiad blynyddol", "cy") == ["annual", "review"]


def test_unknown_words_are_dropped():
    assert words("Xyzzy qwertyuiop ysgol", "cy") == ["school"]
    assert words("brzęczyszczykiewicz szkoła", "pl") == ["school"]
    assert words("zxcvb ghar", "ur") == ["home"]


def test_english_words_and_numbers_in_the_question_are_kept():
    assert words("Mae angen EHCP ar fy mab", "cy") == ["need", "EHCP", "child"]
    assert words("annual review yn yr ysgol", "cy") == ["annual", "review", "school"]
    assert words("Czy SENCO może pomóc synowi? Ma 16 lat.", "pl") == ["SENCO", "can", "help", "child", "16"]
    assert words("mera beta 25 saal ka hai, college", "ur") == ["child", "25", "years", "old", "college"]


def test_english_function_words_are_not_kept():
    assert words("the a to for ysgol", "cy") == ["school"]


def test_known_words_without_meaning_are_dropped_not_kept_as_english():
    # Welsh "a" (and), "i" (to), "am" (for) and "hi" (she) are also English spellings.
    assert words("a i am hi", "cy") == []
    assert words("to na do", "pl") == []
    assert words("ka ki ke ko hai", "ur") == []


def test_each_english_word_once():
    assert words("ysgol ysgol ysgolion", "cy") == ["school", "schools"]


def test_other_languages_are_given_back_unchanged():
    assert to_english("How long is an assessment?", "en") == "How long is an assessment?"


def test_the_caller_can_add_english_words_to_keep():
    assert words("ysgol Kooth", "cy") == ["school"]
    assert translate.to_english("ysgol Kooth", "cy", english_words={"kooth"}).split() == ["school", "Kooth"]


# --- The lexicons themselves ---------------------------------------------------------------------------


@pytest.mark.parametrize("lang", translate.LANGUAGES)
def test_each_lexicon_is_large_and_says_where_it_comes_from(lang):
    path = ROOT / "portal" / "search" / "lexicon" / f"{lang}.tsv"
    header = "".join(line for line in path.read_text(encoding="utf-8").splitlines(True) if line.startswith("#"))
    assert "Written for this portal" in header
    assert "How matching works" in header
    assert translate.lexicon(lang).size >= 800


@pytest.mark.parametrize("lang", translate.LANGUAGES)
def test_each_term_is_listed_once_and_stems_are_not_too_short(lang):
    seen: dict[tuple[str, ...], str] = {}
    for term, _ in translate._rows(translate._LEXICON_DIR / f"{lang}.tsv"):
        key = tuple(translate._pattern_words(term, lang))
        assert key, f"{term!r} has no words"
        assert key not in seen, f"{term!r} is the same term as {seen[key]!r} once folded"
        seen[key] = term
        short = [w for w in key if w.endswith("*") and len(w) < 5]
        assert not short, f"{term!r}: a stem shorter than four letters swallows unrelated words"


def _page_stems() -> set[str]:
    """The stems of the English pages' own words (title, summary, tags, body; not the questions they answer)."""
    stems: set[str] = set()
    for path in sorted((ROOT / "content" / "pages" / "en").glob("*.md")):
        page = parse_file(path, locale="en", variant="standard")
        text = " ".join([str(page.meta["title"]), str(page.meta.get("summary", ""))])
        text += " " + " ".join(str(t) for t in page.meta.get("tags") or []) + " " + page.body
        stems.update(token.text for token in TEXT_ANALYZER(text))
    return stems


def test_every_english_word_in_the_lexicons_is_a_word_our_pages_use():
    stems = _page_stems()
    missing = {
        (lang, term.english)
        for lang in translate.LANGUAGES
        for terms in (*translate.lexicon(lang).exact.values(), *translate.lexicon(lang).stems.values())
        for term in terms
        for word in term.english.split()
        if any(token.text not in stems for token in TEXT_ANALYZER(word))
    }
    assert not missing
