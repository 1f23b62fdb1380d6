"""The safeguarding screen's behaviour (portal/safeguarding/screen.py): what it finds, where, in which
language, and what it says back. Quality on unseen messages is measured by `make eval`, not asserted here
(figures on data a test was written against would say nothing about the next message)."""

from __future__ import annotations

import json
import sys

import numpy as np
import pytest

from portal.safeguarding import Screening, screen
from portal.safeguarding.corpus import load_splits
from portal.safeguarding.features import feature_ids, normalise, word_ids
from portal.safeguarding.screen import MODEL_PATH, Model, model, screen_with, units
from portal.screening import screen as old_import

LONG_COMPLAINT = (
    "I am writing to complain about the transport arrangements for my son, who is in Year 8 at Millbrook. "
    "The taxi has been late four times this month and the driver changes every week. "
    "The escort does not know his needs and he arrives at school upset. "
    "Last night he told me he has been saving his tablets and wants to take them all because nobody would miss him. "
    "I have asked three times for a meeting with the transport team and had no reply. "
    "Please can someone call me about the taxi, and tell me who the manager is."
)


def test_the_old_import_path_still_works():
    assert old_import is screen


def test_plain_questions_and_idioms_are_not_flagged():
    for text in ("How long does the council have to decide on an EHC needs assessment?",
                 "where do I send the form", "what is a tribunal", ""):  # fmt: skip
        assert not screen(text).risky, text


@pytest.mark.parametrize(
    "text",
    [
        "i want to kill myself tonight",
        "He's run off and we can't find him. He's autistic and has no sense of danger.",
        "my frend fell in the pool. he is not moving. help.",
        "my brother has got a knife and is waving it at mum",
        "she took a whole packet of paracetamol an hour ago",
        "Dwi isio lladd fy hun",
        "Chcę się zabić",
        "میں خودکشی کرنا چاہتا ہوں",
        "i dont feel safe at home",
        "nie czuję się bezpiecznie w domu",
        "her lips are going blue and she won't stop fitting",
        "he swallowed one of those button batteries from the remote",
        "Mae'r bachgen wedi mynd ar goll",
        "بیٹا کل سے گھر نہیں آیا",
        "Córka zemdlała w szkole i jest bardzo zimna",
        # An overdose named by how much of which medicine; someone out of sight; Welsh mutations and breathing.
        "she has taken the rest of her sertraline",
        "my son drank a whole bottle of cough syrup",
        "nobody has seen my daughter since the school bus dropped her",
        "I lost sight of him in the shopping centre and he does not talk",
        "mae ganddi ei chyllell yn ei llaw",
        "mae'r babi yn ymladd am ei anadl",
        "دورہ پانچ منٹ سے ہے اور جھٹکے رک نہیں رہے",
        # A stated wish to die in any form of the verb, not only the one first written down.
        "some days I feel like ending it all",
        "he talks about taking his own life",
        # Something tied round the neck; a seizure going on for five minutes or more; not back from school.
        "my sister has put a dressing gown cord around her neck",
        "he has been seizing for 7 minutes now",
        "she hasn't come back from college and it is dark",
        # At the edge of a height; Welsh swallowing with its mutations; Roman Urdu strips of pills.
        "he is sitting on the edge of the multi storey car park roof",
        "mae hi newydd lyncu llond llaw o dabledi",
        "bhai ne abbu ki 3 patte goliyan kha li hain",
        "she has tied a dressing gown cord to the loft hatch",  # tied to something to hang from
    ],
)
def test_words_that_must_never_be_missed_are_found(text):
    found = screen(text)
    assert found.risky and found.score >= 0.5 and found.categories


@pytest.mark.parametrize(
    "text",
    [
        "Is there suicide prevention training for teaching assistants?",
        "his OT is practising knife and fork skills with him at lunch",
        "my letter from the panel has gone missing in the post",
        "i nearly died of embarrassment at parents evening",
        "prawie zemdlałam ze śmiechu na zebraniu",
        "he has had a battery of tests at the child development centre",
        "yn y clwb coginio dwi'n torri llysiau efo cyllell",
        "I have taken the rest of my annual leave for the review",
        "mae gwallt Dad yn mynd yn llwyd",
        "the builder took my life savings and never finished the ramp",
        "we wrapped a scarf around her neck for the walk",
        "his care plan says the room is ligature-free",
        "he never came back from school trips without a new friend",
        "we walked along the edge of the cliff path on holiday",
        "this is my last message before the summer holidays, thank you",
        "we tied the birthday balloons to the banister",
        "my son has been missing lots of lessons since his operation",  # missing school, not a child missing
        "she is missing her dad since he moved away",
        "is there suicide-prevention training for lunchtime staff",
    ],
)
def test_the_lexicon_leaves_words_about_services_and_idioms_to_the_model(text):
    from portal.safeguarding import lexicon
    from portal.safeguarding.features import normalise

    assert lexicon.matches(normalise(text)) == []


def test_what_was_swallowed_is_found_however_it_is_described_on_the_way():
    from portal.safeguarding import lexicon
    from portal.safeguarding.features import normalise

    found = lexicon.matches(normalise("our toddler ate two of the tiny shiny silver magnets off the fridge door"))
    assert [category for category, _ in found] == ["medical-emergency"]


def test_risk_buried_in_a_long_complaint_is_found_and_the_sentence_is_named():
    found = screen(LONG_COMPLAINT)
    assert found.risky
    assert found.sentence and "tablets" in found.sentence
    assert "taxi has been late" not in found.sentence


def test_every_sentence_and_run_of_sentences_is_scored():
    parts = [np.array([1, 2]), np.array([3]), np.array([4]), np.array([5])]
    spans = {(first, last) for first, last, _ in units(parts)}
    assert (0, 3) in spans  # the whole message
    assert {(i, i) for i in range(4)} <= spans
    assert {(0, 1), (1, 2), (2, 3), (0, 2), (1, 3)} <= spans


@pytest.mark.parametrize(
    "text",
    [
        "whats the quickest way to die without it hurting",
        "how many of my nan's sleeping tablets would it take to overdose",
        "what is a lethal dose of insulin for a teenager",
        "Beth yw'r ffordd hawsaf i farw?",
        "Jaki jest najłatwiejszy sposób, żeby umrzeć?",
        "marne ka sab se aasan tareeqa kya hai",
    ],
)
def test_asking_for_a_way_or_the_means_to_die_is_found_by_the_lexicon(text):
    from portal.safeguarding import lexicon

    assert lexicon.matches(normalise(text))
    assert screen(text).risky


@pytest.mark.parametrize(
    "text",
    [
        "what's the best way to help my son sleep",
        "how many hours of short breaks can we have a month",
        "the easiest way to apply is online, is that right?",
    ],
)
def test_ways_and_amounts_that_are_not_about_dying_are_left_to_the_model(text):
    from portal.safeguarding import lexicon

    assert not lexicon.matches(normalise(text))


def test_whoever_was_looking_after_a_child_not_knowing_where_they_are_is_someone_missing_now():
    from portal.safeguarding import lexicon

    assert lexicon.matches(normalise("the youth club cannot tell us where she is and it is dark"))
    assert lexicon.matches(normalise("his respite carer doesn't know where he went"))
    # Where a child is up to, or where they will go next, is not where they are now.
    assert not lexicon.matches(normalise("his teacher doesn't know where he is up to with phonics"))
    assert not lexicon.matches(normalise("we don't know where she is going to go for sixth form"))


def test_being_touched_where_they_should_not_is_found_in_a_childs_own_words():
    from portal.safeguarding import lexicon

    assert lexicon.matches(normalise("my uncle touches me in places he shouldnt and says its our secret"))
    assert lexicon.matches(normalise("the driver touched my daughter where he is not meant to"))
    assert not lexicon.matches(normalise("can we touch base about where he should go after year 11"))
    assert not lexicon.matches(normalise("she doesn't like people touching her hair, it is a sensory thing"))


def test_a_threat_to_stab_or_shoot_someone_is_found_but_the_idioms_are_not():
    from portal.safeguarding import lexicon

    assert lexicon.matches(normalise("some lads from year 11 say they will stab my son on the way home"))
    assert lexicon.matches(normalise("her ex has been threatening to hurt her and the kids"))
    assert not lexicon.matches(normalise("my dad will kill me if I fail maths"))
    assert not lexicon.matches(normalise("she said she would shoot me an email with the dates"))
    assert not lexicon.matches(normalise("they'd stab you in the back at that school"))


def test_a_sentence_of_a_word_or_two_is_judged_with_its_neighbours_not_alone():
    # "im 16." alone is mostly words the risk corpus uses (young people telling their age before a disclosure):
    # scored on its own it outweighed an ordinary question. It still counts inside the pairs and the whole message.
    assert not screen("i think i might be autistic. im 16. how do i get checked").risky
    assert screen("im 16. my stepdad hits me when mum is at work and I am scared to go home").risky
    assert screen("Please help. He has taken all of his mum's tablets and he will not wake up.").risky


def test_the_language_is_reported():
    assert screen("Ble mae'r ffurflen gais ar gyfer asesiad?").language == "cy"
    assert screen("Jak złożyć wniosek o EHCP dla syna?").language == "pl"
    assert screen("میرے بیٹے کو اسکول میں اضافی مدد نہیں مل رہی").language == "ur"
    assert screen("where do I send the EHC form").language == "en"


def test_the_json_answer_has_the_console_contract_shape():
    answer = screen("i want to end my life").as_json()
    assert set(answer) == {"risk", "score", "categories", "language"}
    assert answer["risk"] is True and 0 <= answer["score"] <= 1
    assert isinstance(answer["categories"], list) and answer["language"] == "en"
    json.dumps(answer)


def test_the_model_is_loaded_once_per_process():
    assert model() is model()


def test_a_safe_message_asked_again_is_not_screened_again_but_a_worrying_one_always_is(monkeypatch):
    screening = sys.modules[Model.__module__]  # the module (the package's name `screen` is the function)
    calls: list[str] = []
    real = screening.screen_with

    def counted(m, text):  # type: ignore[no-untyped-def]
        calls.append(text)
        return real(m, text)

    monkeypatch.setattr(screening, "screen_with", counted)
    monkeypatch.setattr(screening, "_SAFE_SEEN", type(screening._SAFE_SEEN)())
    safe = "how do I ask for an assessment of my son's needs, asked for the cache test"
    worrying = "he swallowed a whole packet of paracetamol an hour ago"
    assert screen(safe) == screen(safe) and not screen(safe).risky
    assert screen(worrying).risky and screen(worrying).risky
    assert calls == [safe, worrying, worrying]
    assert all(safe not in repr(key) for key in screening._SAFE_SEEN), "only a hash of the words is kept"


def test_the_threshold_sits_at_half_the_score():
    m = model()
    assert m.calibrated(m.threshold) == pytest.approx(0.5)
    assert m.calibrated(0.0) == 0.0 and m.calibrated(1.0) == pytest.approx(1.0)


def test_a_broken_model_raises_rather_than_saying_no_risk():
    broken = Model.__new__(Model)
    with pytest.raises(AttributeError):
        screen_with(broken, "anything at all")


def test_screening_result_is_truthy_about_risk():
    assert Screening(risky=True).risk and not Screening(risky=False).risk


def test_dev_split_recall_meets_the_target_the_threshold_was_chosen_for():
    # The threshold was chosen on dev (so this is a development figure): it guards against a model file that
    # does not match the scoring code or lexicon, not a measure of quality.
    dev = [m for m in load_splits()["dev"] if m.risk]
    flagged = [screen(m.text).risky for m in dev]  # each message screened once
    assert sum(flagged) / len(dev) >= 0.95
    immediate = [risky for m, risky in zip(dev, flagged, strict=True) if m.immediate]
    immediate_caught = sum(immediate) / len(immediate)
    # Immediate danger is the lexicon's job, not the threshold's; what training measured is what the portal does.
    assert immediate_caught == pytest.approx(model().meta["dev_tuned_on"]["immediate_recall"], abs=1e-3)
    assert immediate_caught >= 0.95


def test_the_word_model_is_averaged_in_and_older_model_files_still_score():
    m = model()
    assert m.word_w is not None and 0.0 < m.mix <= 1.0
    arrays = dict(np.load(MODEL_PATH, allow_pickle=False))
    for key in ("word_w", "word_b", "mix"):
        arrays.pop(key)
    main_only = Model(arrays)
    assert main_only.word_w is None and main_only.mix == 1.0
    text = "I am so angry about the taxi being late again, this is the third time this month"
    ids, words = feature_ids(normalise(text)), word_ids(normalise(text))
    assert main_only.risk_logit(ids, words) == pytest.approx(main_only.risk_logit(ids))
    if m.mix < 1.0:
        assert m.risk_logit(ids, words) != pytest.approx(m.risk_logit(ids))
    assert isinstance(screen_with(main_only, text).risky, bool)


def test_word_ids_are_the_word_buckets_of_the_full_features():
    text = normalise("my son is not safe at home")
    assert set(word_ids(text)) < set(feature_ids(text))
