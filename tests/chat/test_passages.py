"""Passage selection on the real Local Offer pages: the answer is built around the sentence that answers."""

from __future__ import annotations

import re

import pytest

from portal.chat import answers
from portal.config import ROOT
from portal.local_offer.markdown import fill_placeholders, render_markdown
from portal.search.index import _stem, stems_of

PAGES = ROOT / "content" / "pages"


def body(slug: str, locale: str = "en") -> str:
    text = (PAGES / locale / f"{slug}.md").read_text(encoding="utf-8").split("---", 2)[2]
    return fill_placeholders(text, {"sendiass_name": "Test SENDIASS", "council_name": "Test Council"})


def extract(slug: str, question: str, locale: str = "en") -> tuple[str, tuple[str, str] | None]:
    """The assistant's own passage step on the published page (the question's words, synonyms and the title)."""
    from portal.chat import services as chat
    from portal.chat.understand import Understanding

    meaning = Understanding(question, locale, "question")
    _, said, _, section = chat._extract(slug, meaning, "", locale=locale, state=chat.ChatState())
    return said, section


def text(slug: str, question: str, locale: str = "en") -> str:
    return extract(slug, question, locale)[0]


def test_every_anchor_is_a_heading_id_on_the_rendered_page():
    for path in sorted(PAGES.glob("*/*.md")):
        markdown = path.read_text(encoding="utf-8").split("---", 2)[2]
        ids = set(re.findall(r'<h[23] [^>]*id="([^"]+)"', render_markdown(markdown)))
        assert {u.anchor for u in answers.units(markdown) if u.anchor} <= ids, path.name


def test_the_tribunal_time_limit_comes_with_its_section(db_session):
    said, section = extract("tribunal-appeals", "what is the time limit for appealing to the send tribunal")
    assert "2 months" in said
    assert section == ("Time limits", "time-limits")


def test_what_if_the_council_says_no_gets_mediation_and_appeal(db_session):
    said = text("tribunal-appeals", "LA refused to assess, how do i appeal")
    assert "mediation" in said and re.search(r"\b2 months\b", said)


def test_a_fact_one_sentence_further_on_is_reached(db_session):
    said = text("autism-and-adhd-pathways", "do we have to pay for a right to choose autism assessment")
    assert "It does not cost you anything." in said


def test_do_i_need_questions_get_the_you_do_not_need_sentence(db_session):
    said = text(
        "sensory-impairment-hearing-vision", "does my deaf son need an ehcp to get help from a teacher of the deaf"
    )
    assert "does not need an EHC plan" in said


def test_welsh_time_question_answered_from_the_welsh_page(db_session):
    said = text("complaints", "Pa mor hir sydd gan y cyngor i ateb cwyn cam 1?", locale="cy")
    assert "10 diwrnod gwaith" in said


@pytest.mark.parametrize(
    ("slug", "question"),
    [
        ("tribunal-appeals", "how do i appeal"),
        ("complaints", "how long does a complaint take"),
        ("short-breaks-respite", "who can get a short break"),
    ],
)
def test_every_line_is_the_pages_own_words_and_lists_stay_lists(db_session, slug, question):
    units = answers.units(
        body(slug).replace("Test SENDIASS", "Wessex SENDIASS").replace("Test Council", "Wessex County Council")
    )
    page_lines = {line for u in units for line in u.text.split("\n")} | {u.label + ":" for u in units if u.label}
    said = text(slug, question)
    for line in said.split("\n"):
        if line.startswith("- "):
            assert line in page_lines, line  # a list item, whole, never run into a sentence
        elif line:
            for sentence in answers.split_sentences(line):
                assert any(sentence in page_line for page_line in page_lines), sentence
    assert len(said.split()) <= answers.MAX_LIST_WORDS + 10


def test_a_bold_line_is_a_sub_heading_over_what_follows():
    units = [u for u in answers.units(body("complaints")) if u.heading == "Complaints about the council"]
    stage_2 = [u for u in units if u.label == "Stage 2"]
    assert stage_2 and "20 working days" in stage_2[-1].text
    assert all("Stage 2" != u.text for u in units)  # the bold line is not quoted as a sentence
    assert answers.as_text(stage_2).startswith("Stage 2:\n")


def test_a_sentence_that_leans_on_the_one_before_brings_it():
    units = answers.units(body("draft-plan-and-naming-a-school"))
    normal = next(i for i, u in enumerate(units) if u.text == "This is normal.")
    scores = [0.0] * len(units)
    scores[normal] = 1.0
    chosen = [units[i].text for i in answers._grow(units, scores, normal, "is that normal")]
    assert any("will be empty" in t for t in chosen) and "This is normal." in chosen


def test_a_very_long_list_shows_the_items_that_answer():
    units = answers.units(body("ehc-plan-what-it-contains"))
    sections = next(u for u in units if u.is_list and u.heading == "The sections")
    assert sections.words > answers.MAX_LIST_WORDS
    question = "which section names the school"
    weights = dict.fromkeys(stems_of([(question, 1.0)]), 1.0)
    said = answers.as_text(answers._trim_long_list([sections], question, weights, _stem))
    assert "- Section I: placement." in said.split(" The name")[0]
    assert said.count("\n- ") + said.startswith("- ") <= answers.MAX_ITEMS_FROM_LONG_LIST


def test_a_word_or_two_naming_a_part_of_the_page_are_answered_from_that_part(db_session):
    said, section = extract("early-years-send", "health visitor")
    assert said.startswith("Health visitors are nurses or midwives")
    assert section == ("Health visitors and the two-year check", "health-visitors-and-the-two-year-check")


def test_a_word_or_two_naming_the_page_get_what_the_page_is_about(db_session):
    said, section = extract("annual-review", "annual review")
    lines = said.split("\n")
    # What the page is about, then its first key points.
    assert lines[0].startswith("Your child's EHC plan must be checked at least every 12 months.")
    assert len(lines) == 4 and all(line.startswith("- ") for line in lines[1:])
    assert "within 12 months" in lines[1]
    assert section == ("Key points", "key-points")


def test_an_abbreviation_of_the_pages_own_name_gets_what_the_page_is_about(db_session):
    # SALT: speech and language therapy, on the page "Speech, language and communication".
    said, section = extract("speech-language-communication", "SALT")
    assert section == ("Key points", "key-points")


def test_a_polish_question_on_an_english_page_is_answered_from_its_english_words(db_session):
    # "How much does an appeal to the tribunal cost?": the lexicon's English words find the sentence that says free.
    from portal.chat import services as chat
    from portal.chat.understand import Understanding

    meaning = Understanding("Ile kosztuje odwołanie do trybunału?", "pl", "question")
    said = chat._extract("tribunal-appeals", meaning, "", locale="en", state=chat.ChatState())[1]
    assert re.search(r"\bfree\b", said)
