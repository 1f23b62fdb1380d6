"""Step 1 of the assistant: language, screening, follow-ups, the shape cues, and the learned decision between a
question, the person's own case and out of scope.

The examples are written for these tests from the cues themselves (possessive + status + case noun, no rule cue),
not taken from any evaluation set. The decision's examples run through the real models (the intent heads, search
and the committed decision model), as the assistant does.
"""

from __future__ import annotations

import numpy as np
import pytest

from portal.chat.understand import is_follow_up, understand


def _intent(app, message: str) -> str:
    from portal.chat.services import ChatState, understand_message

    with app.test_request_context():
        return understand_message(message, ChatState()).intent


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
        "Ble mae cais EHC fy mab? Mae wedi bod yn 19 wythnos.",
        "czy mój wniosek został już rozpatrzony",
    ],
)
def test_own_case_is_recognised(app, db_session, message):
    assert _intent(app, message) == "case_status"


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
        # The Welsh shape of a case ("fy mab i wedi") in a parent asking what help there is.
        "Pa help sydd i rieni plant awtistig? Mae fy mab i wedi cael diagnosis llynedd.",
    ],
)
def test_questions_about_the_rule_are_not_own_case(app, db_session, message):
    assert _intent(app, message) == "question"


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("when is the recycling collected on my street", True),
        ("how do I renew a residents parking permit", True),
        ("i'm 52 and think I have dyslexia, where can I get tested", True),
        ("my mother needs a care home place", True),
        ("jaka będzie pogoda jutro", True),
        ("Jak zapłacić za parking przy ratuszu?", True),
        # SEND named, then set aside ("this is about me"), or said to be none at all.
        ("my son is autistic but this is about me: how do I get a new recycling box", True),
        ("mae gan fy mab awtistiaeth ond mae hyn am rywbeth arall: pryd mae'r llyfrgell ar agor", True),
        ("she doesn't have any additional needs, how do we apply for a year 7 place", True),
        # SEND words that only say who it is about.
        ("My deaf grandson wants to know when the tickets for the concert in the park go on sale", True),
        ("my son is deaf, what help is there at school", False),
        ("my mum helps with my EHCP meetings, can she still come when I'm 17", False),
        ("wniosek o plan", False),
        ("Co to jest Local Offer?", False),
        ("he has no EHCP yet, can the school still help his dyslexia", False),  # no plan is not no SEND
        ("my son has an EHCP, can he get a taxi to school", False),
        ("my autistic son's annual review is late, who do I tell", False),
        ("getting ready for adult life", False),
    ],
)
def test_out_of_scope(app, db_session, message, expected):
    assert (_intent(app, message) == "out_of_scope") is expected


class _Sure:
    """A decision model that is sure of one label, to test what decide() does with its call."""

    def __init__(self, label: str, margin: float) -> None:
        from portal.chat import decision
        from portal.chat.understand import FEATURE_NAMES

        self.scores_ = np.zeros(len(decision.LABELS))
        self.scores_[decision.LABELS.index(label)] = margin
        self.mean = np.zeros(len(FEATURE_NAMES))

    def scores(self, _x):
        return self.scores_.copy()

    def probabilities(self, _x):
        s = np.exp(self.scores_ - self.scores_.max())
        return s / s.sum()


def _decide(monkeypatch, label: str, margin: float, text: str, **signals):
    from portal.chat import decision
    from portal.chat.understand import Understanding, decide

    monkeypatch.setattr(decision, "decider", lambda: _Sure(label, margin))
    follow_up = signals.pop("follow_up", False)
    return decide(Understanding(text, "en", "", follow_up=follow_up), expansions=[], coverage=1.0, **signals)


def test_the_decision_takes_a_message_from_the_pages_only_when_clearly_surer(app, monkeypatch):
    from portal.chat import decision

    with app.app_context():
        text = "still nothing about the paperwork from the panel"
        assert _decide(monkeypatch, "case", decision.CASE_MARGIN + 0.5, text).intent == "case_status"
        assert _decide(monkeypatch, "case", decision.CASE_MARGIN - 0.5, text).intent == "question"
        out = "when does the swimming pool open on sunday"
        assert _decide(monkeypatch, "out", decision.OUT_MARGIN + 0.5, out).intent == "out_of_scope"
        assert _decide(monkeypatch, "out", decision.OUT_MARGIN - 0.5, out).intent == "question"


def test_never_a_case_in_a_page_title_or_a_few_words_and_never_out_of_scope_as_a_follow_up(app, monkeypatch):
    with app.app_context():
        assert _decide(monkeypatch, "case", 10, "where is my son's final plan", names_a_page=True).intent == "question"
        assert _decide(monkeypatch, "case", 10, "Nia's panel date").intent == "question"
        assert _decide(monkeypatch, "out", 10, "and when does it open", follow_up=True).intent == "question"
        # A case drops the follow-up: "and where is ours up to?" is answered on its own.
        case = _decide(monkeypatch, "case", 10, "and where is ours up to", follow_up=True)
        assert case.intent == "case_status" and not case.follow_up


def test_the_committed_decision_model_was_trained_on_the_committed_corpus():
    from portal.chat import decision
    from portal.chat.understand import FEATURE_NAMES

    model, trained_on = decision.load()
    assert trained_on == decision.corpus_digest(), "the intent corpus changed: run `portal chat train-decision`"
    assert model.names == FEATURE_NAMES


def test_the_shape_cues_are_features_of_the_decision(app):
    from portal.chat.understand import FEATURE_NAMES, decision_features

    x = decision_features(
        "my son is autistic but this is about me: how do I get a new recycling box", written_in="en",
        expansions=[], coverage=0.5, likeness=None, names_a_page=False, uses_page_phrase=False,
        names_another_service=True, heads=(np.array([0.5, 0.2, 0.3]), None),
    )  # fmt: skip
    shown = dict(zip(FEATURE_NAMES, x, strict=True))
    assert shown["set_aside"] == 1 and shown["mentions_send"] == 1 and shown["other_services"] == 1
    assert np.isnan(shown["likeness"]) and shown["meaning_case"] == shown["words_case"]  # no meaning model
    assert shown["lang_en"] == 1 and shown["lang_cy"] == 0


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


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Mój syn nie ma żadnych specjalnych potrzeb, jak zapisać go na zajęcia z pływania?", "pl"),
        ("Does dim anghenion ychwanegol gan fy merch, sut mae gwneud cais am le mewn ysgol uwchradd?", "cy"),
        ("beti ko koi khaas zaroorat nahi hai, school admission kab khulta hai", "ur-Latn"),
        ("میرے بیٹے کو کوئی خاص ضرورت نہیں، اسکول میں داخلہ کیسے ہو گا؟", "ur"),
    ],
)
def test_no_send_said_in_our_other_languages_sets_the_send_words_aside(text, language):
    from portal.chat.understand import _NO_SEND

    assert _NO_SEND.search(text)
    with_needs = text.replace("nie ma żadnych", "ma").replace("Does dim", "Mae")
    if with_needs != text:
        assert not _NO_SEND.search(with_needs)


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


def test_send_words_that_only_say_who_it_is_about_are_told_apart_from_the_question():
    from portal.chat.understand import _send_only_describes

    assert _send_only_describes("My deaf grandson wants to know when the tickets for the concert go on sale", [])
    assert _send_only_describes("my son has an EHCP, can he get a taxi to school", [])
    assert not _send_only_describes("my autistic son's annual review is late, who do I tell", [])


def test_what_is_decided_in_general_is_not_what_was_decided_in_a_case():
    from portal.chat.understand import matches_case_rules

    assert not matches_case_rules("panel mein kya faisla hota hai aur kaun karta hai")
    assert matches_case_rules("panel mein kya faisla hua")


def test_whether_a_decision_can_be_appealed_is_a_rule_question():
    from portal.chat.understand import _RULE_CUE

    for text in ("they refused to assess him, is that appealable?", "can the decision be challenged"):
        assert _RULE_CUE.search(text), text
