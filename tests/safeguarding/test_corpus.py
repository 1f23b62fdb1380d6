"""The training corpus, its de-duplication and its fixed split, and the committed model's provenance."""

from __future__ import annotations

import re
from dataclasses import replace

from portal.safeguarding.corpus import FIRST_SET, Message, corpus_digest, deduplicate, load_splits, read_tsv, split
from portal.safeguarding.features import normalise
from portal.safeguarding.screen import model


def message(id_, text, *, risk=False, language="en"):
    return Message(id=id_, risk=risk, category="abuse" if risk else "safe", language=language, immediate=False,
                   voice="parent", text=text, source="t.tsv")  # fmt: skip


def test_the_committed_model_was_trained_on_the_committed_corpus():
    assert model().meta["corpus_sha256"] == corpus_digest(), "retrain: `portal safeguarding train`"


def test_exact_and_near_duplicates_are_dropped_and_risk_wins():
    text = "my son has been really low lately and he told me he wants to disappear and never come back home"
    kept, exact, near = deduplicate([
        message("a", text),
        message("b", text.upper() + "!"),
        message("c", text.replace("really low", "very low"), risk=True),
        message("d", "a completely different question about school transport and the taxi"),
    ])  # fmt: skip
    assert (exact, near) == (1, 1)
    assert len(kept) == 2 and kept[0].risk, "the risk label wins over its duplicate"


def test_the_split_is_deterministic_stratified_and_disjoint():
    messages = [message(f"m{i}", f"message number {i}", risk=i % 2 == 0, language=("en", "cy")[i % 3 == 0])
                for i in range(200)]  # fmt: skip
    first, second = split(messages), split(list(reversed(messages)))
    assert [m.id for m in first["dev"]] == sorted((m.id for m in second["dev"]), key=[m.id for m in first["dev"]].index)
    assert not {m.id for m in first["dev"]} & {m.id for m in first["train"]}
    for language in ("en", "cy"):
        for risk in (True, False):
            group = [m for m in messages if m.language == language and m.risk == risk]
            in_dev = [m for m in first["dev"] if m.language == language and m.risk == risk]
            assert abs(len(in_dev) - len(group) / 5) <= 1


def test_the_real_corpus_loads_with_every_language_and_both_labels():
    splits = load_splits()
    for part in ("train", "dev"):
        assert {m.base_language for m in splits[part]} >= {"en", "cy"}
        assert {m.risk for m in splits[part]} == {True, False}
    assert read_tsv(FIRST_SET), "the first hand-written set is development data too"


def test_train_only_files_go_to_train_and_left_out_files_nowhere():
    from portal.safeguarding import corpus

    messages = [message(f"m{i}", f"message number {i}") for i in range(20)]
    extra = [replace(message(f"x{i}", f"extra {i}"), source=next(iter(corpus.TRAIN_ONLY))) for i in range(5)]
    left = [replace(message(f"q{i}", f"question {i}"), source=next(iter(corpus.LEFT_OUT))) for i in range(5)]
    parts = split(messages + extra + left)
    assert {m.id for m in extra} <= {m.id for m in parts["train"]}
    assert not {m.id for m in extra + left} & {m.id for m in parts["dev"]}
    assert not {m.id for m in left} & {m.id for m in parts["train"]}
    # Adding train-only messages leaves the dev split as it was.
    assert [m.id for m in parts["dev"]] == [m.id for m in split(messages)["dev"]]


def test_second_round_messages_were_written_apart_from_every_other_row():
    from portal.safeguarding.corpus import DATA, TRAIN_ONLY, corpus_files

    def words(text):
        return set(re.findall(r"\w+", normalise(text)))

    others = [words(m.text) for path in [*corpus_files(), FIRST_SET] if path.name not in TRAIN_ONLY
              for m in read_tsv(path)]  # fmt: skip
    rows_with: dict[str, list[int]] = {}
    for i, other in enumerate(others):
        for word in other:
            rows_with.setdefault(word, []).append(i)
    for name in TRAIN_ONLY:
        for m in read_tsv(DATA / name):
            mine = words(m.text)
            # A row sharing 60% of mine's words shares one of any len(mine) - 60% + 1 of them, so only the rows
            # holding one of mine's rarest that many words can come near (floor, not ceiling: a few rows more).
            rarest = sorted(mine, key=lambda w: (len(rows_with.get(w, ())), w))[: len(mine) - (3 * len(mine)) // 5 + 1]
            near = {i for word in rarest for i in rows_with.get(word, ())}
            overlap = max((len(mine & others[i]) for i in near), default=0) / len(mine)
            assert overlap < 0.6, f"{m.id} shares {overlap:.0%} of its words with a corpus row"
