"""Step 1 of the assistant: language, screening and intent, decided by the shape of a message.

The examples are written for these tests from the rules themselves (possessive + status + case noun,
no rule cue), not taken from any evaluation set.
"""

from __future__ import annotations

import pytest

from portal.chat.understand import (
    UNLIKE_PAGES_CASE,
    UNLIKE_PAGES_OUT,
    is_case_status,
    is_follow_up,
    is_out_of_scope,
    model_says,
    understand,
)


@pytest.mark.parametrize(
    "message",
    [
        "has my daughter's transport request been approved yet",
        "any update on our EHC needs assessment? it's been 9 weeks",
        "we applied for the assessment in May and have heard nothing",
        "where is my son's final plan",
        "can you check whether the review meeting is booked",
        "who is our case officer",
        "it's week 12 and still no decision letter",
        "mae wedi bod yn 10 wythnos ac does dim byd",
        "czy mój wniosek został już rozpatrzony",
        "meri darkhwast ka kya bana",
    ],
)
def test_own_case_is_recognised(message):
    assert is_case_status(message)


@pytest.mark.parametrize(
    "message",
    [
        "how long does the council have to decide on my child's assessment",
        "what happens if the council says no to my son's request",
        "is the council allowed to refuse my daughter's plan",
        "what is an annual review",
        "my son has autism and struggles at school",
        "what should happen at my child's annual review",
        "can I ask for an assessment myself",
        "when an amended plan comes, how long have we got to send our views back",
        "the panel turned down my son's assessment request, can we challenge that",
    ],
)
def test_questions_about_the_rule_are_not_own_case(message):
    assert not is_case_status(message)


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("when is the recycling collected on my street", True),
        ("how do I renew a residents parking permit", True),
        ("i'm 52 and think I have dyslexia, where can I get tested", True),
        ("my mother needs a care home place", True),
        ("my son is deaf, what help is there at school", False),
        ("my mum helps with my EHCP meetings, can she still come when I'm 17", False),
    ],
)
def test_out_of_scope_by_kind(message, expected):
    assert is_out_of_scope(message, written_in="en", expansions=[], coverage=1.0) is expected


def test_out_of_scope_in_other_languages_needs_a_send_word():
    assert is_out_of_scope("jaka będzie pogoda jutro", written_in="pl", expansions=[], coverage=0.0)
    assert not is_out_of_scope("wniosek o plan", written_in="pl", expansions=["request apply"], coverage=0.0)


@pytest.mark.parametrize(
    ("message", "names_a_topic", "expected"),
    [
        ("and how long does that take?", False, True),
        ("what about transport?", True, True),
        ("how long do I have?", False, True),
        ("is that free?", False, True),
        ("what is an EHCP", True, False),
        ("my daughter cannot read yet", False, False),
        ("how do I apply for short breaks for my son", True, False),
    ],
)
def test_follow_up_only_when_the_message_needs_the_earlier_one(message, names_a_topic, expected):
    assert is_follow_up(message, has_earlier=True, names_a_topic=names_a_topic) is expected


def test_nothing_is_a_follow_up_at_the_start():
    assert not is_follow_up("and how long does that take?", has_earlier=False, names_a_topic=False)


def test_screening_comes_first_and_words_are_kept_as_written():
    meaning = understand(
        "where is my son's plan, I want to kill myself",
        has_earlier=False,
        handover_words="Talk to someone",
        expansions=[],
        coverage=1.0,
        names_a_topic=True,
    )
    assert meaning.intent == "urgent"
    question = understand(
        "does my child need a diagnosis to get help",
        has_earlier=False,
        handover_words="Talk to someone",
        expansions=[],
        coverage=1.0,
        names_a_topic=True,
    )
    assert question.intent == "question"
    assert question.text == "does my child need a diagnosis to get help"


def test_the_handover_words_hand_over():
    meaning = understand(
        "Talk to someone",
        has_earlier=True,
        handover_words="Talk to someone",
        expansions=[],
        coverage=0,
        names_a_topic=False,
    )
    assert meaning.intent == "handover"


def test_our_own_quick_reply_words_are_not_screened(app, db_session):
    """A quick-reply button's label is the assistant's words, not a disclosure: it must never bring urgent help."""
    from portal.chat.services import ChatState, understand_message

    with app.test_request_context("/"):
        state = ChatState(last_question="how do I ask for an EHC needs assessment")
        assert understand_message("How long does it take?", state).intent != "urgent"


# The learned model's own call (understand.model_says): probabilities are given, so these test the decision, not
# the model. Messages written for these tests.
CASE_LIKELY = {"question": 0.3, "case": 0.62, "out": 0.08}
OUT_LIKELY = {"question": 0.15, "case": 0.05, "out": 0.8}


def test_a_confident_model_decides_a_message_unlike_our_pages():
    unlike = min(UNLIKE_PAGES_CASE, UNLIKE_PAGES_OUT) - 0.02
    assert (
        model_says("still nothing about Nia's paperwork from the panel", CASE_LIKELY, unlike, follow_up=False) == "case"
    )
    assert model_says("when does the swimming pool open on sunday", OUT_LIKELY, unlike, follow_up=False) == "out"


def test_a_message_like_our_pages_is_left_to_the_rules():
    like = max(UNLIKE_PAGES_CASE, UNLIKE_PAGES_OUT) + 0.01
    assert model_says("still nothing about Nia's paperwork from the panel", CASE_LIKELY, like, follow_up=False) == ""
    assert model_says("when does the swimming pool open on sunday", OUT_LIKELY, like, follow_up=False) == ""


def test_the_model_alone_never_takes_a_rule_question_short_message_or_follow_up():
    unlike = min(UNLIKE_PAGES_CASE, UNLIKE_PAGES_OUT) - 0.02
    # Asking the rule needs far more certainty before it is taken for the person's own case.
    assert (
        model_says("is my son entitled to help with transport to college", CASE_LIKELY, unlike, follow_up=False) == ""
    )
    assert model_says("Nia's panel date", CASE_LIKELY, unlike, follow_up=False) == ""
    assert model_says("and when does it open", OUT_LIKELY, unlike, follow_up=True) == ""
    # Without the meaning model there is no likeness: the rules decide alone.
    assert model_says("when does the swimming pool open on sunday", OUT_LIKELY, None, follow_up=False) == ""


def test_a_message_that_reads_like_our_pages_is_never_out_of_scope_but_an_adults_own_needs_are(monkeypatch):
    from portal.chat import understand as module

    # The model is sure it is out of scope; the likeness to our pages outweighs it, except for an adult's own needs.
    monkeypatch.setattr(module.learned, "probabilities", lambda _text: {"question": 0.1, "case": 0.02, "out": 0.88})
    first = module.Understanding("getting ready for adult life", "en", "")
    like = module.LIKE_PAGES + 0.01
    assert module.decide(first, expansions=[], coverage=1.0, likeness=like).intent == "question"
    assert module.decide(first, expansions=[], coverage=1.0, likeness=like - 0.05).intent == "out_of_scope"
    adult = module.Understanding("i'm 40 and want help getting ready for adult life", "en", "")
    assert module.decide(adult, expansions=[], coverage=1.0, likeness=like).intent == "out_of_scope"


def test_a_term_our_pages_use_looked_up_in_a_few_words_is_ours_unless_the_model_is_certain(monkeypatch):
    from portal.chat import understand as module

    unsure = {"question": 0.2, "case": 0.0, "out": 0.8}
    monkeypatch.setattr(module.learned, "probabilities", lambda _text: unsure)
    lookup = module.Understanding("buddy scheme", "en", "")
    assert module.decide(lookup, expansions=[], coverage=0.0).intent == "out_of_scope"
    assert module.decide(lookup, expansions=[], coverage=0.0, uses_page_phrase=True).intent == "question"
    # Another council service named, or the model certain: out of scope all the same.
    parking = module.Understanding("parking permit scheme", "en", "")
    assert module.decide(parking, expansions=[], coverage=0.0, uses_page_phrase=True).intent == "out_of_scope"
    unsure["out"] = module.OUT_CERTAIN
    assert module.decide(lookup, expansions=[], coverage=0.0, uses_page_phrase=True).intent == "out_of_scope"


def test_a_page_phrase_is_two_of_our_words_side_by_side_on_one_or_two_pages(app, db_session):
    from portal.chat.services import uses_page_phrase

    with app.test_request_context():
        assert uses_page_phrase("job coach")  # the supported employment page
        assert not uses_page_phrase("coach job")  # the same words, not side by side
        assert not uses_page_phrase("what does a job coach do for young people at work")  # not a look-up


def test_a_service_word_inside_one_of_our_terms_is_not_another_service(app, db_session):
    from portal.chat.services import names_another_service

    with app.test_request_context():
        assert not names_another_service("what is a pupil passport")  # a one-page profile a school keeps
        assert names_another_service("passport office phone number")
        assert names_another_service("how do I get a parking permit")
        assert not names_another_service("what is a job coach")


def test_a_message_within_a_page_title_names_the_page_and_is_never_a_case():
    from portal.chat.understand import Understanding, decide

    first = Understanding("where is my son's final plan", "en", "")
    assert decide(first, expansions=[], coverage=1.0).intent == "case_status"
    assert decide(first, expansions=[], coverage=1.0, names_a_page=True).intent == "question"


def test_within_a_title_needs_every_word_in_one_title(app, db_session):
    from portal.chat.services import within_a_title

    with app.test_request_context():
        assert within_a_title("home education and EOTAS")
        assert within_a_title("tell us what you think")
        assert not within_a_title("where is my son's final plan")
        assert not within_a_title("")


def test_a_polish_question_is_covered_by_its_english_words(app, db_session):
    """No Polish SEND word, but the lexicon's English words for it are our pages' own: a question, not out of scope.
    A Polish question about something else is still out of scope."""
    from portal.chat.services import ChatState, understand_message

    with app.test_request_context():
        assert understand_message("Co to jest Local Offer?", ChatState()).intent == "question"
        assert understand_message("Jak zapłacić za parking przy ratuszu?", ChatState()).intent == "out_of_scope"


@pytest.mark.parametrize(
    ("text", "adult"),
    [
        ("my sister is 31 and has epilepsy, can she get a carer", True),
        ("Mae fy ewythr yn 45 ac mae angen help arno", True),
        ("corka ma 27 lat i potrzebuje pomocy", True),
        ("chacha 50 saal ke hain, unke liye madad", True),
        ("he's 24 and still at college with his plan", False),
        ("the final plan is 30 days late", False),
        ("the school is 40 minutes away by bus", False),
        ("we were told it is 28 weeks since the request", False),
    ],
)
def test_a_person_said_to_be_over_25_is_an_adult_in_any_of_our_languages(text, adult):
    from portal.chat.understand import _ADULT_AGE

    assert bool(_ADULT_AGE.search(text)) is adult


def test_a_child_s_send_named_and_then_set_aside_does_not_keep_the_question_ours(monkeypatch):
    import portal.chat.understand as module

    monkeypatch.setattr(module.learned, "probabilities", lambda _m: {"question": 0.4, "case": 0.1, "out": 0.5})
    aside = "my son is autistic but this is about me: how do I get a new recycling box"
    ours = "my son is autistic, how do I get a new recycling box for his sensory room"
    assert module.is_out_of_scope(aside, written_in="en", expansions=[], coverage=1.0)
    assert not module.is_out_of_scope(ours, written_in="en", expansions=[], coverage=1.0)
    welsh = "mae gan fy mab awtistiaeth ond mae hyn am rywbeth arall: pryd mae'r llyfrgell ar agor"
    assert module.is_out_of_scope(welsh, written_in="cy", expansions=[], coverage=1.0)


def test_a_child_said_to_have_no_send_is_decided_by_the_model_not_kept_ours(monkeypatch):
    import portal.chat.understand as module

    monkeypatch.setattr(module.learned, "probabilities", lambda _m: {"question": 0.2, "case": 0.05, "out": 0.75})
    none = "she doesn't have any additional needs, how do we apply for a year 7 place"
    assert module.is_out_of_scope(none, written_in="en", expansions=[], coverage=1.0)
    # No EHC plan is not no SEND: still ours.
    assert not module.is_out_of_scope("he has no EHCP yet, can the school still help his dyslexia", written_in="en",
                                      expansions=[], coverage=1.0)  # fmt: skip


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Mój syn nie ma żadnych specjalnych potrzeb, jak zapisać go na zajęcia z pływania?", "pl"),
        ("Does dim anghenion ychwanegol gan fy merch, sut mae gwneud cais am le mewn ysgol uwchradd?", "cy"),
        ("beti ko koi khaas zaroorat nahi hai, school admission kab khulta hai", "ur-Latn"),
        ("میرے بیٹے کو کوئی خاص ضرورت نہیں، اسکول میں داخلہ کیسے ہو گا؟", "ur"),
    ],
)
def test_no_send_said_in_our_other_languages_sets_the_send_words_aside(monkeypatch, text, language):
    import portal.chat.understand as module

    # Below the ordinary bar, above the one for a question that sets its SEND words aside.
    monkeypatch.setattr(module.learned, "probabilities", lambda _m: {"question": 0.5, "case": 0.1, "out": 0.4})
    assert module.is_out_of_scope(text, written_in=language, expansions=["special educational needs"], coverage=1.0)
    with_needs = text.replace("nie ma żadnych", "ma").replace("Does dim", "Mae")
    if with_needs != text:
        assert not module.is_out_of_scope(
            with_needs, written_in=language, expansions=["special educational needs"], coverage=1.0
        )


@pytest.mark.parametrize(
    "text",
    [
        "Hamza ki transport wali form ka kya bana, teen hafte se intezar hai",
        "does neb wedi ffonio fi am gais Elis",
        "wysłałam wniosek dla Kuby i nikt nie oddzwonił",
        "kisi ne call back nahi kiya Ayesha ke review ke baare mein",
        "transport wali application di thi, uska kya bana",  # what became of it
        "tribunal mein kya faisla hua Bilal ke liye",  # what was decided (not what is decided)
    ],
)
def test_chasing_in_welsh_polish_and_urdu_is_the_persons_own_case(text):
    from portal.chat.understand import matches_case_rules

    assert matches_case_rules(text)


def test_the_shape_rule_in_welsh_lowers_the_bar_but_the_model_may_still_object():
    # "My son was diagnosed last year" has the shape (fy mab i wedi) but asks what help there is: the model says
    # question, and no longer loses to the rule. A Welsh message chasing a request still is the person's own case.
    assert not is_case_status("Pa help sydd i rieni plant awtistig? Mae fy mab i wedi cael diagnosis llynedd.")
    assert is_case_status("Ble mae cais EHC fy mab? Mae wedi bod yn 19 wythnos.")


@pytest.mark.parametrize(
    "text",
    [
        "any news on Maisie's needs assessment? nobody has rung",  # a named child's case, and news of it
        "is Kofi's transport form being processed or should I fill it in again",
        "following up on case ref SN/40912, the draft should have come by now",
        "is somebody actually dealing with Leo's annual review paperwork",
        "has the OT report come in for Priya yet",  # a child named after a preposition, and one step of the case
        "when will the panel letter be sent about Dev",
    ],
)
def test_a_named_childs_case_or_a_case_reference_is_the_persons_own(text):
    from portal.chat.understand import matches_case_rules

    assert matches_case_rules(text)


@pytest.mark.parametrize(
    "text",
    [
        "Today's meeting was about the plan, what should we bring next time",  # a day, not a child
        "should Maisie's EHC plan name a specific number of therapy hours",  # the rule, not where it stands
        "how long does the council have to reply once the reference number is given",
        "we have been sent Noor's draft, what section F means",  # asking what a word means
        "the decision for Monday's panel, when will it come",  # a day, not a child
        "what is a personal budget for Wessex County Council families",  # a place, not a child
    ],
)
def test_a_name_or_a_reference_alone_does_not_make_a_rule_question_a_case(text):
    from portal.chat.understand import matches_case_rules

    assert not matches_case_rules(text)


def test_send_words_that_only_say_who_it_is_about_leave_the_question_to_the_model():
    from portal.chat.understand import _send_only_describes, is_out_of_scope

    concert = "My deaf grandson wants to know when the tickets for the concert in the park go on sale"
    assert _send_only_describes(concert, [])
    sure_out, sure_ours = {"out": 0.9, "case": 0.05, "question": 0.05}, {"out": 0.1, "case": 0.05, "question": 0.85}
    assert is_out_of_scope(concert, written_in="en", expansions=[], coverage=1.0, probabilities=sure_out)
    # Described the same way, a question the model takes for ours stays ours.
    transport = "my son has an EHCP, can he get a taxi to school"
    assert not is_out_of_scope(transport, written_in="en", expansions=[], coverage=1.0, probabilities=sure_ours)
    # SEND words that are the question itself keep it ours whatever the model says.
    review = "my autistic son's annual review is late, who do I tell"
    assert not _send_only_describes(review, [])
    assert not is_out_of_scope(review, written_in="en", expansions=[], coverage=1.0, probabilities=sure_out)


def test_what_is_decided_in_general_is_not_what_was_decided_in_a_case():
    from portal.chat.understand import matches_case_rules

    assert not matches_case_rules("panel mein kya faisla hota hai aur kaun karta hai")
    assert matches_case_rules("panel mein kya faisla hua")


def test_whether_a_decision_can_be_appealed_is_a_rule_question():
    from portal.chat.understand import _RULE_CUE

    for text in ("they refused to assess him, is that appealable?", "can the decision be challenged"):
        assert _RULE_CUE.search(text), text
