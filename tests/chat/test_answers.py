"""Step 3 of the assistant: the answer is built around the sentence that answers, from the page's own words."""

from __future__ import annotations

from portal.chat import answers
from portal.search.index import _stem

PAGE = """
## What it is

A short break gives you and your child time apart. Short breaks can be a few hours or a night away.

## Who can ask

You can ask for yourself. These people can also ask:

- a parent
- a young person aged 16 to 25
- a school or college

## Time limits

| Step | Time limit |
|---|---|
| We decide | Within 6 weeks of your request |
| We send the plan | Within 20 weeks of your request |

It is free to ask. There is no charge for an assessment.

## If we say no

We write to explain why. You can appeal to the tribunal within 2 months. You must talk to a mediation adviser first.

## What to do next

- Call us
"""


def weights(question: str) -> dict[str, float]:
    from portal.search.index import stems_of

    return dict.fromkeys(stems_of([(question, 1.0)]), 1.0)


def pick(question: str) -> str:
    return answers.as_text(answers.choose(answers.units(PAGE), question, weights(question), _stem))


def test_a_list_stays_whole_with_its_lead_in():
    units = answers.units(PAGE)
    lists = [u for u in units if u.is_list]
    assert (
        lists[0].text == "These people can also ask:\n- a parent\n- a young person aged 16 to 25\n- a school or college"
    )


def test_a_table_reads_as_a_list_without_its_header():
    table = [u for u in answers.units(PAGE) if u.is_list][1]
    assert (
        table.text == "- We decide: Within 6 weeks of your request\n- We send the plan: Within 20 weeks of your request"
    )


def test_what_to_do_next_is_not_quoted():
    assert all("Call us" not in u.text for u in answers.units(PAGE))


def test_a_time_question_gets_the_sentence_with_the_time_limit():
    assert "6 weeks" in pick("how long does it take to decide")


def test_what_if_they_say_no_gets_the_right_to_appeal_and_mediation():
    text = pick("what happens if you say no")
    assert "appeal to the tribunal" in text and "mediation" in text


def test_a_cost_question_gets_the_price():
    assert "free" in pick("how much does it cost to ask")


def test_who_can_ask_gets_the_list():
    text = pick("who can ask")
    assert "- a parent" in text and "- a school or college" in text


def test_fact_kinds_generalise_over_wording():
    assert "time" in [k.name for k in answers.fact_kinds("by when do they reply")]
    assert "refused" in [k.name for k in answers.fact_kinds("they turned down my request, now what")]
    assert answers.fact_kinds("tell me about clubs") == []
    # Asking by what date, in each of our languages, is asking for a time limit.
    for question in ("what date does the plan have to be changed by", "do kiedy szkoła musi odpowiedzieć",
                     "kis tareekh tak jawab aana chahiye", "erbyn pa ddyddiad mae'n rhaid iddyn nhw ateb"):  # fmt: skip
        assert "time" in [k.name for k in answers.fact_kinds(question)], question


def test_the_opening_paragraph_gives_way_to_the_section_that_answers():
    page = (
        "Short breaks give families a rest. This page explains short breaks and how to ask for short breaks.\n\n"
        "## How to ask\n\nFill in the form on our website. Someone will ring you back.\n"
    )
    question = "how do i ask for short breaks"
    text = answers.as_text(answers.choose(answers.units(page), question, weights(question), _stem))
    assert text.startswith("Fill in the form")


def test_the_key_points_win_a_close_call():
    page = "## Key points\n\n- Short breaks are free for families.\n\n## Clubs\n\nShort breaks are free for families.\n"
    units = answers.units(page)
    question = "are short breaks free"
    # The same words; by meaning the later sentence is a little closer (0.01 is worth 0.6 of a point).
    chosen = answers.choose(units, question, weights(question), _stem, similarity=[0.80, 0.81])
    assert chosen[0].heading == "Key points"


KEYED = """## Key points

- Short breaks clubs run on Saturdays in term time and every weekday in the holidays.
- A place at a short breaks club costs nothing for families who have had an assessment.

## Clubs

Our clubs are run by trained youth workers in four towns. Places at our clubs are paid for by the council once your
child has been assessed, so families do not pay a fee.
"""


def keyed_answer(question: str, *, items: list[float], passages: list[float]) -> list[answers.Unit]:
    units = answers.units(KEYED)
    return answers.choose(units, question, weights(question), _stem, similarity=passages, item_similarity=items)


def test_the_key_point_on_the_subject_leads_a_passage_from_the_body():
    question = "do we pay for a place at the clubs"
    # The body sentence wins on words; the second key point is closest in meaning to the question.
    chosen = keyed_answer(question, items=[0.70, 0.86], passages=[0.80, 0.78, 0.88])
    assert chosen[0].text.startswith("A place at a short breaks club costs nothing")
    assert chosen[1].heading == "Clubs"
    text = answers.as_text(chosen)
    first, rest = text.split("\n", 1)
    assert first == chosen[0].text  # its own paragraph, above the passage
    assert "paid for by the council" in rest


def test_no_key_point_leads_when_none_is_close_in_meaning():
    question = "do we pay for a place at the clubs"
    chosen = keyed_answer(question, items=[0.60, 0.65], passages=[0.80, 0.78, 0.88])
    assert all(u.heading == "Clubs" for u in chosen)


def test_no_key_point_leads_an_answer_from_the_key_points_or_without_meaning():
    question = "when do the short breaks clubs run"
    chosen = keyed_answer(question, items=[0.90, 0.70], passages=[0.90, 0.70, 0.70])
    assert [u.heading for u in chosen] == ["Key points"]
    units = answers.units(KEYED)
    plain = answers.choose(units, "do we pay for a place at the clubs", weights("pay place clubs"), _stem)
    assert all(u.heading == "Clubs" for u in plain)


def test_key_point_items_are_each_point_alone():
    items = answers.key_point_items(answers.units(KEYED))
    assert [i.text[:12] for i in items] == ["Short breaks", "A place at a"]
    assert answers.key_point_items(answers.units(PAGE)) == []


def test_a_long_key_points_list_keeps_the_point_closest_in_meaning():
    points = [
        "Transport is arranged by the council for children from 5 until the end of Year 11.",
        "Travel is usually to the nearest school that can meet your child's needs.",
        "A passenger assistant can travel with your child when they need one.",
        "Families can be paid a mileage allowance instead of a taxi.",
        "Children who live beyond the set distance from school qualify: 2 miles under 8, or 3 miles from 8.",
        "Travel training helps young people learn to make journeys on their own.",
    ]
    filler = " ".join(["More about school transport and how the council arranges it for eligible children."] * 3)
    page = "## Key points\n\n" + "\n".join(f"- {p} {filler}" for p in points) + "\n"
    units = answers.units(page)
    question = "how far away does school have to be for a free bus"
    # No word of the question is in the fifth point; by meaning it is the closest.
    items = [0.70, 0.71, 0.60, 0.62, 0.84, 0.58]
    chosen = answers.choose(units, question, weights(question), _stem, similarity=[0.8], item_similarity=items)
    assert "2 miles under 8" in answers.as_text(chosen)
    plain = answers.choose(units, question, weights(question), _stem)
    assert "2 miles under 8" not in answers.as_text(plain)  # on words alone, other points were kept


def test_what_next_asks_for_the_route_further_on_and_the_ombudsman_is_one():
    kinds = {k.name: k for k in answers.fact_kinds("the final answer was no help, where can we go now")}
    assert "refused" in kinds
    assert kinds["refused"].answers.search("You can then go to the Local Government and Social Care Ombudsman.")
    assert "refused" in {k.name for k in answers.fact_kinds("what can you do if nobody has replied")}


def test_a_welsh_sentence_that_starts_with_a_pronoun_brings_the_one_before():
    page = (
        "## Cwyno\n\nMae ein proses gwyno yn cymryd dau gam ac mae'n rhad ac am ddim i bawb.\n\n"
        "Gallwch fynd at yr Ombwdsmon Llywodraeth Leol wedyn. "
        "Mae'n edrych ar gwynion am y cyngor a gofal cymdeithasol ar ôl i chi orffen ein proses ni, ac fel arfer dylech "
        "fynd ato o fewn 12 mis i ddod i wybod am y broblem, a bydd ein hateb terfynol yn dweud wrthych sut i gysylltu "
        "ag ef yn gyntaf.\n"
    )
    units = answers.units(page)
    question = "edrych ar gwynion ar ôl orffen proses"
    text = answers.as_text(answers.choose(units, question, weights(question), _stem))
    assert "Ombwdsmon" in text and text.index("Ombwdsmon") < text.index("Mae'n edrych")


def test_welsh_time_limits_are_recognised_with_their_mutated_units():
    time = next(k for k in answers.FACT_KINDS if k.name == "time")
    assert time.asks.search("Beth yw'r terfyn amser i apelio?")
    for said in ("o fewn 2 fis", "o fewn 12 mis", "5 niwrnod gwaith", "ar ôl 2 flynedd", "6 wythnos"):
        assert time.answers.search(said), said


def test_how_to_get_something_is_answered_by_the_step_to_take():
    route = next(k for k in answers.FACT_KINDS if k.name == "route")
    for asked in ("how do we get it", "how do I get my son assessed", "where can i find the form", "how to apply"):
        assert route.asks.search(asked), asked
    assert not route.asks.search("how long does it take")
    page = (
        "## About music therapy\n\nMusic therapy uses songs and instruments to help children with communication. "
        "Sessions with music therapy are usually weekly and last an hour.\n\n"
        "## Getting started\n\nYour GP or school nurse can refer your child. Or phone 01632 960555 yourself.\n"
    )
    question = "what is music therapy and how do we get it for my son"
    chosen = answers.choose(answers.units(page), question, weights(question), _stem, title="Music therapy")
    assert "refer your child" in answers.as_text(chosen)


def test_what_to_do_about_something_late_is_not_asked_as_a_refusal():
    names = {k.name for k in answers.fact_kinds("what can we do if the review is late")}
    assert "late" in names and "refused" not in names
    both = {
        k.name for k in answers.fact_kinds("the review is late and they refused to change the plan, what can we do")
    }
    assert {"late", "refused"} <= both
    late = next(k for k in answers.FACT_KINDS if k.name == "late")
    assert late.answers.search("If you are unhappy with the answer, make a complaint.")
