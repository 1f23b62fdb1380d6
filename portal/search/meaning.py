"""Ranking pages by what a question means as well as by its words.

Whoosh (BM25F) finds the pages that share the question's words, weighted by our synonyms and lexicons. Families
often say the same thing in other words ("short of staff" for "staff shortages", a Welsh question about an
English page), so the pages it found are ranked again with the meaning model (portal/platform/meaning.py):
each page is cut into passages (its summary, then each paragraph or list under its heading, with the title in
front), and a page's meaning score is its best passage's cosine similarity to the question.

The two are fused linearly: the BM25 score as a share of the best one, plus WEIGHT times how far the page's
meaning score falls below the best page's. WEIGHT was chosen on the development questions (dev, tuned on: expected
page first 83.6% -> 86.6%, first three 93.4% -> 95.4%; the frozen test set was not run for it); results were flat
for WEIGHT between 2 and 4. Only pages Whoosh already found are ranked again, so every filter (audience, age,
section, easy read) still holds, and services are not re-ranked (their summaries are provider text).

Passages are embedded when a page first appears or changes and kept in a PassageStore: a committed seed
(SEED, made by `portal search embed`) and the index folder's own store for anything newer.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
from flask import current_app

from portal.platform import meaning

WEIGHT = 3.0
SEED = Path(__file__).resolve().parent / "data" / "passages.npz"
_HEADING = re.compile(r"^#{2,6}\s+(.*)$")
_MARKUP = re.compile(r"[*_`>#]|\[([^\]]*)\]\([^)]*\)")
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


@dataclass(frozen=True)
class PageMatrix:
    version: int
    slugs: np.ndarray  # one slug per row
    vectors: np.ndarray  # unit rows
    english: np.ndarray  # True for a row from the English version of its page

    @cached_property
    def compared(self) -> np.ndarray:
        """The rows a question is compared with: a page's English passages where it has them, else its own."""
        return self.english | ~np.isin(self.slugs, self.slugs[self.english])


_matrices: dict[str, PageMatrix] = {}
_stores: dict[str, meaning.PassageStore] = {}
_lock = threading.Lock()


def _plain(text: str) -> str:
    return " ".join(_MARKUP.sub(lambda m: m.group(1) or "", text).split())


def passages(title: str, summary: str, body_md: str) -> list[str]:
    """A page cut into the passages a question is compared with (each at most meaning.MAX_WORDS words)."""
    found = [f"{title}. {summary}".strip()]
    heading = ""
    block: list[str] = []

    def flush() -> None:
        text = _plain(" ".join(block))
        block.clear()
        if not text:
            return
        lead = f"{title}. {heading}. " if heading else f"{title}. "
        room = meaning.MAX_WORDS - len(lead.split())
        chunk: list[str] = []
        for sentence in _SENTENCE.split(text):
            words = sentence.split()
            if chunk and len(chunk) + len(words) > room:
                found.append(lead + " ".join(chunk))
                chunk = []
            chunk.extend(words)
        if chunk:
            found.append(lead + " ".join(chunk))

    for line in body_md.splitlines():
        match = _HEADING.match(line.strip())
        if match:
            flush()
            heading = _plain(match.group(1))
        elif not line.strip():
            flush()
        else:
            block.append(line.strip().lstrip("-*0123456789. ") if line.lstrip()[:2] in ("- ", "* ") else line.strip())
    flush()
    return found


def store() -> meaning.PassageStore:
    root = current_app.config["SEARCH_INDEX_DIR"]
    with _lock:
        if root not in _stores:
            _stores[root] = meaning.PassageStore(Path(root) / "meaning-passages.npz", seed=SEED)
        return _stores[root]


def all_page_passages(slugs: list[str] | None = None) -> list[tuple[str, str]]:
    """(slug, passage) for every published page (or these pages) in every language, standard and easy read."""
    return [(slug, text) for slug, _, text in _passage_rows(slugs)]


def _passage_rows(slugs: list[str] | None = None) -> list[tuple[str, str, str]]:
    """(slug, locale, passage) for every published page (or these pages)."""
    from portal.local_offer import services as local_offer
    from portal.local_offer.markdown import fill_placeholders

    placeholders = current_app.config["COUNCIL"].placeholders()
    rows = []
    for page in local_offer.all_published_pages():
        if slugs is None or page.slug in slugs:
            body = fill_placeholders(page.body_md, placeholders)
            rows += [(page.slug, page.locale, text) for text in passages(page.title, page.summary, body)]
    return rows


def page_passages(slugs: list[str]) -> list[str]:
    """The passages of these pages, every language and variant (what a publish changes)."""
    return [text for _, text in all_page_passages(slugs)]


_pending: dict[str, list[str]] = {}  # store path -> passages waiting for the warming thread


def warm(texts: list[str], *, wait: bool = False) -> None:
    """Embed these passages into this node's store now, in a background thread (or here, with `wait`), so the
    first family to ask after a publish does not wait for them. Nothing here touches the database."""
    if not texts or not meaning.available():
        return
    target = store()
    if wait:
        target.embed(texts)
        return
    key = str(target.path)
    with _lock:
        running = key in _pending
        _pending.setdefault(key, []).extend(texts)
    if running:
        return  # the thread already at work takes these too

    def work() -> None:
        while True:
            with _lock:
                batch = _pending.get(key) or []
                if not batch:
                    _pending.pop(key, None)
                    return
                _pending[key] = []
            try:
                target.embed(batch)
            except Exception:  # noqa: BLE001 - warming only saves the first visitor time; never fail for it
                pass

    threading.Thread(target=work, name="meaning-warm", daemon=True).start()


def page_matrix(version: int) -> PageMatrix | None:
    """Every page's passages, embedded, for this content version (built once per version and process)."""
    root = current_app.config["SEARCH_INDEX_DIR"]
    found = _matrices.get(root)
    if found is not None and found.version == version:
        return found
    rows = _passage_rows()
    vectors = store().embed([text for _, _, text in rows])
    if vectors is None:
        return None
    matrix = PageMatrix(
        version=version,
        slugs=np.array([slug for slug, _, _ in rows]),
        vectors=vectors,
        english=np.array([locale == "en" for _, locale, _ in rows], dtype=bool),
    )
    _matrices[root] = matrix
    return matrix


def page_scores(question: str, slugs: set[str], version: int) -> dict[str, float]:
    """Each page's best passage similarity to the question ({} without the model)."""
    vector = meaning.query(question)
    if vector is None or not slugs:
        return {}
    matrix = page_matrix(version)
    if matrix is None:
        return {}
    wanted = np.isin(matrix.slugs, list(slugs))
    # A page is compared by its English passages where it has them: its translation would otherwise lift it for
    # questions in the translation's language, since the model places texts in one language closer together
    # (Welsh development questions, dev.tsv and extras with bench/questions-dev2.tsv: expected page first 21 -> 24 of
    # 35, the first three unchanged; English questions unchanged).
    wanted &= matrix.compared
    sims = matrix.vectors[wanted] @ vector
    best: dict[str, float] = {}
    for slug, sim in zip(matrix.slugs[wanted].tolist(), sims.tolist(), strict=True):
        if sim > best.get(slug, -1.0):
            best[slug] = sim
    return best


def likeness(question: str, version: int) -> float | None:
    """How like something our pages say the question is: its best passage similarity over every page (None
    without the model). The chat's intent decision uses it: a message about the person's own file, or about
    something the Local Offer does not cover, reads less like any passage than a question the pages answer."""
    vector = meaning.query(question)
    if vector is None:
        return None
    matrix = page_matrix(version)
    if matrix is None or not len(matrix.slugs):
        return None
    return float((matrix.vectors @ vector).max())


def rerank(question: str, hits: list[Any], version: int) -> list[Any]:
    """The pages among `hits` (search.services.Hit) ranked by words and meaning together (unchanged without the model).

    The best hit keeps the top score Whoosh gave, so the assistant's confidence keeps its scale."""
    pages = [h for h in hits if h.kind == "page"]
    if len(pages) < 2 or not question.strip():
        return hits
    scores = page_scores(question, {h.slug for h in pages}, version)
    if not scores:
        return hits
    top = max(h.score for h in pages) or 1.0
    best_meaning = max(scores.values())
    fused = {id(h): h.score / top + WEIGHT * (scores.get(h.slug, best_meaning - 0.2) - best_meaning) for h in pages}
    high = max(fused.values())
    for h in pages:
        # Back onto Whoosh's scale: the best keeps `top`, the rest in proportion to their fused score.
        h.score = top * max(fused[id(h)], 0.01) / high
    ordered = iter(sorted(pages, key=lambda h: -h.score))
    return [next(ordered) if h.kind == "page" else h for h in hits]
