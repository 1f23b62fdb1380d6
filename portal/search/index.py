"""The only module that imports Whoosh: schema, building, incremental updates and querying.

Layout on disk: SEARCH_INDEX_DIR/CURRENT names the live index folder and the content version it
was built from. A rebuild writes a new folder and then swaps CURRENT, so readers never see a
half-built index and a crashed build leaves the old one in place.
"""

from __future__ import annotations

import fcntl
import html
import json
import math
import os
import re
import shutil
import threading
import time
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from whoosh import index, scoring
from whoosh.analysis import LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.columns import CompressedBytesColumn
from whoosh.fields import COLUMN, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.query import And, NumericRange, Or, Query, Term

# Words that carry no meaning for finding a page. "send" is deliberately NOT here: the
# query side decides whether it meant SEND (the system) or the verb.
STOP_WORDS = frozenset(
    """a an and are as at be but by can could do does for from had has have he her his how i if in into is it its
    me my of on or our she so than that the their them then there these they this to was we were what when where
    which who will with would you your im i'm ive i've please thanks hi hello just really get got""".split()
)

_tokenizer = RegexTokenizer(r"\w+(?:[-'’]\w+)*")
TEXT_ANALYZER = _tokenizer | LowercaseFilter() | StopFilter(stoplist=STOP_WORDS, minsize=1) | StemFilter(lang="en")
SPELL_ANALYZER = _tokenizer | LowercaseFilter() | StopFilter(stoplist=STOP_WORDS, minsize=3)

# Three searched fields (not six): the title, the "keys" (tags, questions the page answers, summary,
# headings) and the body. Fewer term matchers per word keeps queries fast at 50,000 documents.
FIELD_BOOSTS = {"title": 5.0, "keys": 3.0, "body": 1.0}
KEY_PARTS = ("tags", "questions", "summary", "headings")
# Words in more than this share of documents say little about which one is wanted and cost the most.
COMMON_TERM_SHARE = 0.1
SPLIT_COMMON_ABOVE = 2_000  # documents
MAX_TERMS = 12
MAX_TERMS_LARGE = 8
MIN_RARE = 2


class OneIdf(scoring.BM25F):
    """BM25F where a word is as telling in a title as anywhere else: its IDF counts the documents that have it in
    any searched field, not in that field alone.

    Per field, an everyday word that few titles hold ("go", "too", "when") is rare among titles, and with the
    title's boost it pulled its page above the one that answers: a question about going to a special school found
    "Education when your child is too ill to go to school" first. Dev (tuned on), expected page first:
    search 432 -> 447 of 495 (older sets 271 -> 279 of 305, questions-dev2 161 -> 168 of 190), Welsh 29 -> 32 of 35;
    assistant 418 -> 431 of 495, answer contains the fact 266 -> 273 of 379.
    """

    def idf(self, searcher: Any, fieldname: str, text: str) -> float:
        if fieldname not in FIELD_BOOSTS:
            return super().idf(searcher, fieldname, text)
        parent = searcher.get_parent()
        df = max(parent.doc_frequency(f, text) for f in FIELD_BOOSTS)
        return math.log(parent.doc_count_all() / (df + 1)) + 1


def make_schema() -> Schema:
    return Schema(
        doc_id=ID(stored=True, unique=True),
        kind=ID(stored=True),
        slug=ID(stored=True),
        locale=ID(stored=True),
        variant=ID(stored=True),
        title=TEXT(stored=True, analyzer=TEXT_ANALYZER),
        summary=STORED(),
        keys=TEXT(analyzer=TEXT_ANALYZER),
        # The body is searched but not stored with the list fields: a result list never loads it. Its
        # sentences, prepared for snippets when the index is built, sit in a column read only for shown hits.
        body=TEXT(analyzer=TEXT_ANALYZER),
        sentences=COLUMN(CompressedBytesColumn()),
        spell=TEXT(analyzer=SPELL_ANALYZER),
        audience=KEYWORD(commas=True, lowercase=True),
        needs=KEYWORD(commas=True, lowercase=True),
        category=KEYWORD(commas=True, lowercase=True, stored=True),
        cost=ID(stored=True),
        section=ID(stored=True),
        in_area=ID(),
        age_min=NUMERIC(int, stored=True),
        age_max=NUMERIC(int, stored=True),
        sort_key=ID(sortable=True),
        points=STORED(),
        url=STORED(),
        extra=STORED(),
    )


@dataclass
class IndexState:
    folder: Path
    version: int


class SearchIndex:
    """One process's handle on the index folder, safe for many request threads at once.

    A Whoosh searcher reads its files through shared handles (seek, then read), so two threads using one
    searcher can read each other's bytes: under gunicorn's threaded workers that surfaced as
    UnpicklingError on a busy search. Each thread therefore keeps its own searcher, opened once per index
    generation; a rebuild or update elsewhere bumps the generation and every thread reopens on its next
    search. A searcher is only ever closed by the thread that opened it.
    """

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        self._lock = threading.Lock()
        self._index: Any = None
        self._state: IndexState | None = None
        self._generation = 0
        self._local = threading.local()
        self._filter_cache: dict[tuple[int, str], Any] = {}

    # -- state on disk --------------------------------------------------------------------
    def state(self) -> IndexState | None:
        pointer = self.root / "CURRENT"
        try:
            data = json.loads(pointer.read_text())
        except (OSError, ValueError):
            return None
        folder = self.root / data["folder"]
        if not index.exists_in(str(folder)):
            return None
        return IndexState(folder=folder, version=int(data["version"]))

    def _write_state(self, folder: Path, version: int) -> None:
        tmp = self.root / f"CURRENT.{os.getpid()}.tmp"
        tmp.write_text(json.dumps({"folder": folder.name, "version": version}))
        os.replace(tmp, self.root / "CURRENT")

    @contextmanager
    def _writer_lock(self, wait: bool = True) -> Iterator[bool]:
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / "LOCK", "w") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
            except BlockingIOError:
                yield False
                return
            try:
                yield True
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    # -- writing --------------------------------------------------------------------------
    def rebuild(self, documents: Iterable[dict[str, Any]], version: int, *, wait: bool = True) -> bool:
        """Build a fresh index in a new folder and make it live. False if another process is already building."""
        with self._writer_lock(wait=wait) as got:
            if not got:
                return False
            folder = self.root / f"index-{version}-{uuid.uuid4().hex[:8]}"
            folder.mkdir(parents=True)
            ix = index.create_in(str(folder), make_schema())
            writer = ix.writer(limitmb=256, procs=1)
            for doc in documents:
                writer.add_document(**_clean(doc))
            writer.commit(optimize=True)
            old = self.state()
            self._write_state(folder, version)
            self._forget()
            if old and old.folder != folder:
                shutil.rmtree(old.folder, ignore_errors=True)
            self._sweep(keep=folder)
            return True

    def update(self, documents: Iterable[dict[str, Any]], delete_ids: Iterable[str], version: int) -> None:
        """Change a few documents in place (used when one page or listing is published)."""
        with self._writer_lock():
            st = self.state()
            if st is None:
                raise FileNotFoundError("no search index to update")
            ix = index.open_dir(str(st.folder))
            writer = ix.writer()
            for doc_id in delete_ids:
                writer.delete_by_term("doc_id", doc_id)
            for doc in documents:
                writer.update_document(**_clean(doc))
            writer.commit()
            self._write_state(st.folder, version)
            self._forget()

    def _sweep(self, keep: Path) -> None:
        for child in self.root.glob("index-*"):
            if child != keep and child.is_dir() and time.time() - child.stat().st_mtime > 60:
                shutil.rmtree(child, ignore_errors=True)

    def _forget(self) -> None:
        with self._lock:
            self._index = self._state = None
            self._generation += 1

    # -- reading --------------------------------------------------------------------------
    def searcher(self) -> Any:
        """This thread's searcher, opened once per index generation (no folder listing or CURRENT read per search).

        reload() moves the generation on when another process swapped or updated the index.
        """
        local = self._local
        mine = getattr(local, "searcher", None)
        if mine is not None and local.generation == self._generation:
            return mine
        with self._lock:
            if self._index is None:
                self._open(self.state())
            generation, index_ = self._generation, self._index
        # The old searcher may still be in the caller's hands (a search that began before the switch), so
        # it is closed one switch later, not now.
        retired = getattr(local, "retired", None)
        if retired is not None:
            retired.close()
        local.retired = mine
        mine = index_.searcher(weighting=OneIdf(B=0.6, K1=1.2))
        mine.portal_generation = generation
        local.searcher, local.generation, local.columns = mine, generation, None
        return mine

    def _open(self, st: IndexState | None) -> None:
        """Open the index at st (the caller holds the lock); threads open their own searchers from it."""
        if st is None:
            raise FileNotFoundError("search index missing")
        self._index = index.open_dir(str(st.folder))
        self._state = st
        self._generation += 1

    def reload(self) -> IndexState | None:
        """Read CURRENT and, if the index moved on (a rebuild or an update elsewhere), reopen. Returns the state."""
        st = self.state()
        with self._lock:
            if st is None or self._index is None:
                return st
            if self._state is None or self._state.folder != st.folder:
                self._open(st)
                return st
            current = self._state.version == st.version
        if current and self.searcher().up_to_date():
            return st
        with self._lock:
            self._state = st
            self._generation += 1
        return st

    def sentences(self, docnum: int) -> str:
        """The prepared snippet sentences of one document (read only for the hits a page shows)."""
        searcher = self.searcher()
        reader = searcher.reader()
        if not reader.has_column("sentences"):  # an index built before sentences were prepared
            return "\n".join(_SENTENCE.split(reader.stored_fields(docnum).get("body", "")[:6000]))
        # One column reader per searcher: opening it reads the column's offsets.
        columns = self._local.columns
        if columns is None:
            columns = self._local.columns = reader.column_reader("sentences")
        value = columns[docnum]
        return value.decode("utf-8") if value else ""

    def doc_count(self) -> int:
        return self.searcher().doc_count()

    def filter_docs(self, filters: Filters, searcher: Any = None) -> Any:
        """The set of documents a filter allows, cached until the index changes (most searches share a few)."""
        query = _filter_query(filters)
        if query is None:
            return None
        searcher = searcher or self.searcher()
        key = (getattr(searcher, "portal_generation", -1), searcher.reader().generation(), repr(query))
        with self._lock:
            cached = self._filter_cache.get(key)
        if cached is None:
            cached = searcher._filter_to_comb(query)
            with self._lock:
                if len(self._filter_cache) > 256:
                    self._filter_cache.clear()
                self._filter_cache[key] = cached
        return cached


def _clean(doc: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if "keys" not in doc:
        pieces = []
        for name in KEY_PARTS:
            value = doc.get(name) or ""
            pieces.append(" ".join(map(str, value)) if isinstance(value, list | tuple) else str(value))
        doc = {**doc, "keys": "\n".join(pieces)}
    doc = {k: v for k, v in doc.items() if k not in ("headings", "questions", "tags")}
    if "sentences" not in doc:
        doc["sentences"] = "\n".join(s for s in _SENTENCE.split((doc.get("body") or "")[:6000]) if s.strip()).encode()
    for key, value in doc.items():
        if value is None:
            continue
        if isinstance(value, list | tuple | set) and key not in ("points", "extra"):
            value = (
                ",".join(str(v) for v in value)
                if key in ("audience", "needs", "category")
                else " ".join(map(str, value))
            )
        out[key] = value
    return out


# -- querying ------------------------------------------------------------------------------


@dataclass
class Filters:
    kind: str | None = None
    locales: tuple[str, ...] = ("en",)
    variant: str | None = "standard"
    audience: str | None = None
    age: int | None = None
    needs: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    cost: str | None = None
    section: str | None = None


@dataclass
class RawHit:
    fields: dict[str, Any]
    score: float
    highlight: str = ""
    docnum: int = -1


@dataclass
class RawResults:
    hits: list[RawHit] = field(default_factory=list)
    total: int = 0


def _filter_query(f: Filters) -> Query | None:
    parts: list[Query] = []
    if f.kind:
        parts.append(Term("kind", f.kind))
    if f.locales:
        parts.append(Or([Term("locale", loc) for loc in f.locales]))
    if f.variant:
        parts.append(Term("variant", f.variant))
    if f.audience:
        parts.append(Term("audience", f.audience))
    if f.age is not None:
        parts.append(NumericRange("age_min", None, f.age))
        parts.append(NumericRange("age_max", f.age, None))
    if f.needs:
        parts.append(Or([Term("needs", n) for n in f.needs]))
    if f.categories:
        parts.append(Or([Term("category", c) for c in f.categories]))
    if f.cost:
        parts.append(Term("cost", f.cost))
    if f.section:
        parts.append(Term("section", f.section))
    return And(parts) if parts else None


def weighted_terms(
    searcher: Any, parts: list[tuple[str, float]]
) -> tuple[list[tuple[str, float]], list[tuple[str, float]]]:
    """The analysed words of each weighted piece of text, each with its best weight, split into rare and common.

    Common words (in more than COMMON_TERM_SHARE of documents) only add to the score of documents
    that a rarer word already found, as Lucene's "common terms" queries do: they say little about
    which document is wanted and cost the most to match.
    """
    weights: dict[str, float] = {}
    for text, weight in parts:
        if weight <= 0 or not text.strip():
            continue
        for token in TEXT_ANALYZER(text):
            weights[token.text] = max(weights.get(token.text, 0.0), weight)
    total = max(1, searcher.doc_count())
    found: list[tuple[float, str, float, int]] = []
    for word, weight in weights.items():
        df = max(searcher.doc_frequency(f, word) for f in FIELD_BOOSTS)
        if df:
            found.append((weight * math.log(1 + total / df), word, weight, df))
    # A long, worried question can hold twenty words; the most telling ones decide the answer.
    found.sort(reverse=True)
    keep = MAX_TERMS if total < SPLIT_COMMON_ABOVE else MAX_TERMS_LARGE
    found = found[:keep]
    rare, common = [], []
    for _, word, weight, df in found:
        (common if df / total > COMMON_TERM_SHARE else rare).append((word, weight))
    if not rare and common:
        # Every word is common: let the least common few find documents, the rest only score them.
        by_rarity = [(w, wt) for _, w, wt, _ in sorted(found, key=lambda f: f[3])]
        rare, common = by_rarity[:MIN_RARE], by_rarity[MIN_RARE:]
    return sorted(rare), sorted(common)


def _terms_query(terms: list[tuple[str, float]], *, skipping: bool = False, body: bool = True) -> Query:
    # Whoosh's automatic Or scores every posting into an array (fastest for finding documents);
    # a tree of union matchers can skip to given documents (fastest for only scoring them).
    from whoosh.query.compound import DefaultOr

    cls = DefaultOr if skipping else Or
    fields = FIELD_BOOSTS if body else {f: b for f, b in FIELD_BOOSTS.items() if f != "body"}
    return cls([Term(f, word, boost=weight * fb) for word, weight in terms for f, fb in fields.items()])


def build_queries(searcher: Any, parts: list[tuple[str, float]]) -> list[Query]:
    """Queries to try in turn, cheapest first; the first that finds enough documents wins.

    Small indexes get one query over every word and field. Large ones first look for the rarer
    words in titles and keys only (bodies hold most of the postings), with common words only
    adding to scores, then widen to bodies, then to every word everywhere.
    """
    from whoosh.query import AndMaybe

    rare, common = weighted_terms(searcher, parts)
    if not (rare or common):
        return []
    if searcher.doc_count() < SPLIT_COMMON_ABOVE:
        # Small indexes are fast anyway, and there a word like "plan" is common but still meaningful.
        return [_terms_query(rare + common)]
    if not common:
        return [_terms_query(rare, body=False), _terms_query(rare)]
    if not rare:
        return [_terms_query(common, body=False), _terms_query(common)]
    scoring_only = _terms_query(common, skipping=True, body=False)
    return [
        AndMaybe(_terms_query(rare, body=False), scoring_only),
        AndMaybe(_terms_query(rare), scoring_only),
        Or([_terms_query(rare), _terms_query(common, body=False)]),
    ]


def run_query(
    idx: SearchIndex,
    parts: list[tuple[str, float]],
    filters: Filters,
    *,
    limit: int | None = 10,
    count: bool = True,
) -> RawResults:
    """Search weighted free text (no text lists everything that matches the filters, by title).

    With count=False the total is only what was scored: no second pass to count every match.
    """
    from whoosh.query import Every, NullQuery

    searcher = idx.searcher()
    flt = idx.filter_docs(filters, searcher)
    has_text = any(text.strip() for text, _ in parts)
    if has_text:
        queries = build_queries(searcher, parts) or [NullQuery]
        for query in queries:
            results = searcher.search(query, filter=flt, limit=limit)
            # Nothing found in titles and keys: widen to bodies, then to every word.
            if limit is None or results.scored_length() >= 1:
                break
    else:
        results = searcher.search(Every(), filter=flt, limit=limit, sortedby="sort_key")
    out = RawResults(total=len(results) if count else results.scored_length())
    for hit in results:
        # Results sorted by a field carry the sort key where the score would be.
        score = float(hit.score or 0.0) if has_text else 0.0
        out.hits.append(RawHit(fields=dict(hit.fields()), score=score, docnum=hit.docnum))
    return out


def known_word(idx: SearchIndex, word: str) -> bool:
    return idx.searcher().doc_frequency("spell", word.lower()) > 0


def suggest(idx: SearchIndex, word: str) -> str | None:
    """The closest word in the index vocabulary to a word it does not know, or None."""
    searcher = idx.searcher()
    word = word.lower()
    maxdist = 1 if len(word) <= 5 else 2
    candidates = searcher.suggest("spell", word, limit=5, maxdist=maxdist, prefix=1)
    if not candidates:
        return None
    return max(candidates, key=lambda w: searcher.doc_frequency("spell", w))


_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_WORDS = re.compile(r"\w+(?:[-'’]\w+)*")


def stems_of(parts: list[tuple[str, float]]) -> set[str]:
    return {t.text for text, weight in parts if weight > 0 for t in TEXT_ANALYZER(text)}


def snippet(text: str, stems: set[str], *, max_sentences: int = 2, max_chars: int = 240, prepared: bool = False) -> str:
    """The sentences that mention the most searched-for words, escaped, with those words marked.

    `prepared` text is already one sentence a line (made when the index was built).
    """
    sentences = text.split("\n") if prepared else [s for s in _SENTENCE.split(text[:6000]) if s.strip()]
    if not sentences or not stems:
        return ""

    def matches(sentence: str) -> int:
        return sum(1 for m in _WORDS.finditer(sentence) if _stem(m.group(0)) in stems)

    scores = [matches(sentence) for sentence in sentences]
    ranked = sorted(range(len(sentences)), key=lambda i: (-scores[i], i))
    best = sorted(i for i in ranked[:max_sentences] if scores[i] > 0)
    if not best:
        return ""
    chosen = " ".join(sentences[i] for i in best)
    if len(chosen) > max_chars:
        chosen = chosen[:max_chars].rsplit(" ", 1)[0]
    out, last = [], 0
    for m in _WORDS.finditer(chosen):
        if _stem(m.group(0)) in stems:
            out.append(html.escape(chosen[last : m.start()]))
            out.append(f'<mark class="portal-highlight">{html.escape(m.group(0))}</mark>')
            last = m.end()
    out.append(html.escape(chosen[last:]))
    return "".join(out)


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    tokens = [t.text for t in TEXT_ANALYZER(word)]
    return tokens[0] if tokens else ""
