"""Search for pages and services: the query pipeline the views, the console and the assistant share."""

from __future__ import annotations

import csv
import re
import threading
import time
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portal.db import db, utcnow
from portal.local_offer import events as local_offer_events
from portal.local_offer import services as local_offer
from portal.local_offer.content import CATEGORIES, NEEDS
from portal.local_offer.markdown import fill_placeholders, headings, plain_text
from portal.local_offer.models import Page, SearchGap, Service
from portal.platform import language
from portal.platform.masking import mask_personal
from portal.safeguarding import Screening, screen
from portal.search import index as ix
from portal.search import meaning, translate

PER_PAGE = 10
MAX_QUERY = 200
RADII_MILES = (1, 3, 5, 10, 25)
EXPANSION_WEIGHT = 0.6
CORRECTION_WEIGHT = 0.8

_handles: dict[str, ix.SearchIndex] = {}
_handles_lock = threading.Lock()
_last_check: dict[str, float] = {}
_known_version: dict[str, int] = {}
_last_index_check: dict[str, float] = {}
_index_version: dict[str, int | None] = {}


def search_index() -> ix.SearchIndex:
    """This process's handle on the app's index folder."""
    root = current_app.config["SEARCH_INDEX_DIR"]
    with _handles_lock:
        if root not in _handles:
            _handles[root] = ix.SearchIndex(root)
        return _handles[root]


# Documents ---------------------------------------------------------------------------------


def page_document(page: Page, placeholders: dict[str, str]) -> dict[str, Any]:
    body = plain_text(fill_placeholders(page.body_md, placeholders))
    return {
        "doc_id": f"page:{page.locale}:{page.variant}:{page.slug}",
        "kind": "page",
        "slug": page.slug,
        "locale": page.locale,
        "variant": page.variant,
        "title": page.title,
        "summary": page.summary,
        "headings": headings(page.body_md),
        "questions": page.questions,
        "tags": page.tags,
        "body": body,
        "spell": " ".join([page.title, page.summary, " ".join(page.tags), " ".join(page.questions), body]),
        "audience": page.audience,
        "needs": page.needs,
        "category": [],
        "cost": "free",
        "section": page.section,
        "in_area": "yes",
        "age_min": page.age_min,
        "age_max": page.age_max,
        "sort_key": page.title.lower(),
        "url": f"/local-offer/{page.slug}",
        "extra": {"easy_read": page.variant == "easy-read"},
    }


_SUBCATEGORY_WORDS = re.compile(r"[-_]")


def service_document(service: Service) -> dict[str, Any]:

    locations = [sal.location for sal in service.service_at_locations]
    points = [(loc.latitude, loc.longitude) for loc in locations if loc.latitude is not None]
    words = [
        str(CATEGORIES.get(service.category, service.category)),
        _SUBCATEGORY_WORDS.sub(" ", service.subcategory or ""),
        _SUBCATEGORY_WORDS.sub(" ", service.provider_type or ""),
        *(str(NEEDS.get(n, n)) for n in service.need_types),
    ]
    body = " ".join(
        [
            service.description,
            service.eligibility_description,
            service.application_process,
            service.organization.name,
            " ".join(a.name for a in service.service_areas),
            " ".join(loc.city for loc in locations),
            " ".join(lang.name for lang in service.languages),
        ]
    )
    summary = service.description.split(". ")[0].rstrip(".") + "." if service.description else ""
    return {
        "doc_id": f"service:{service.id}",
        "kind": "service",
        "slug": service.id,
        "locale": "en",
        "variant": "standard",
        "title": service.name,
        "summary": summary,
        "headings": "",
        "questions": "",
        "tags": " ".join(words),
        "body": body,
        "spell": " ".join([service.name, body, " ".join(words)]),
        "audience": service.audience,
        "needs": service.need_types,
        "category": [service.category],
        "cost": service.cost,
        "section": "",
        "in_area": "yes" if service.in_area else "no",
        "age_min": service.minimum_age,
        "age_max": service.maximum_age,
        "sort_key": service.name.lower(),
        "points": points,
        "url": f"/local-offer/services/{service.id}",
        "extra": {
            "status": service.status,
            "organisation": service.organization.name,
            "town": locations[0].city if locations else "",
            "assured_date": service.assured_date.isoformat() if service.assured_date else None,
            "in_area": service.in_area,
        },
    }


def all_documents() -> list[dict[str, Any]]:
    placeholders = current_app.config["COUNCIL"].placeholders()
    docs = [page_document(p, placeholders) for p in local_offer.all_published_pages()]
    docs += [service_document(s) for s in local_offer.all_services()]
    return docs


def rebuild(*, wait: bool = True) -> int:
    """Rebuild the whole index from the database. Returns the number of documents (or -1 if another process is on it)."""
    docs = all_documents()
    version = local_offer.content_version()
    built = search_index().rebuild(docs, version, wait=wait)
    _suggest_cache_clear()
    if built and not current_app.testing:
        meaning.warm([text for _, text in meaning.all_page_passages()])
    return len(docs) if built else -1


def reindex_pages(slugs: list[str]) -> None:
    """Update the index for some pages in place (after a publish), without a full rebuild."""
    placeholders = current_app.config["COUNCIL"].placeholders()
    rows = list(db.session.scalars(select(Page).where(Page.slug.in_(slugs))))
    docs = [page_document(p, placeholders) for p in rows if p.published]
    gone = [f"page:{p.locale}:{p.variant}:{p.slug}" for p in rows if not p.published]
    search_index().update(docs, gone, local_offer.content_version())
    _suggest_cache_clear()


@local_offer_events.pages_changed.connect
def _on_pages_changed(sender: object, *, slugs: list[str], **_: object) -> None:
    """Search subscribes to publishing: update this node's index now; other nodes follow the content version."""
    try:
        reindex_pages(slugs)
    except FileNotFoundError:
        pass  # no index yet on this node: the worker's search-refresh job builds the whole thing
    if not current_app.testing:  # tests embed what they publish when they search (no threads left behind)
        meaning.warm(meaning.page_passages(slugs))


@local_offer_events.service_changed.connect
def _on_service_changed(sender: object, *, service: Service, version: int, **_: object) -> None:
    """One directory listing changed: update it in this node's index now."""
    try:
        search_index().update([service_document(service)], [], version)
    except FileNotFoundError:
        pass


def ensure_fresh(*, force_check: bool = False) -> bool:
    """Keep this process's index in step with the database's content version (a cheap check, not a rebuild).

    Web processes call this before requests, at most every CONTENT_VERSION_CHECK_SECONDS (5 by default), so
    content published on any node is answered within seconds everywhere. A publish updates the index on
    disk; other processes only reopen their searcher. If the index is missing the request must wait for
    it; if it is merely stale (content changed outside the portal, say) it is rebuilt beside the request
    while the old index keeps serving. Returns True if it rebuilt here.
    """
    root = current_app.config["SEARCH_INDEX_DIR"]
    interval = current_app.config["CONTENT_VERSION_CHECK_SECONDS"]
    now = time.monotonic()
    if not force_check and interval and now - _last_check.get(root, 0.0) < interval:
        return False
    _last_check[root] = now
    state = search_index().reload()
    version = local_offer.content_version()
    _known_version[root] = version
    if state is not None and state.version >= version:
        return False
    if state is None or current_app.testing or not interval:
        return rebuild(wait=state is None) > 0
    _rebuild_beside(current_app._get_current_object())  # type: ignore[attr-defined]
    return False


_rebuilding: set[str] = set()


def _rebuild_beside(app: Any) -> None:
    """Rebuild in a background thread of this process, once at a time per index folder."""
    root = app.config["SEARCH_INDEX_DIR"]
    with _handles_lock:
        if root in _rebuilding:
            return
        _rebuilding.add(root)

    def work() -> None:
        try:
            with app.app_context():  # leaving it closes the thread's database session
                rebuild(wait=False)
        finally:
            with _handles_lock:
                _rebuilding.discard(root)

    threading.Thread(target=work, name="search-rebuild", daemon=True).start()


def notice_content_version() -> int:
    """Read the database's content version at most every CONTENT_VERSION_CHECK_SECONDS; never rebuilds.

    Web processes call this before requests so cached pages follow publishing on other nodes; the index itself
    is rebuilt by this node's worker (the search-refresh job), never inside a visitor's request.
    """
    root = current_app.config["SEARCH_INDEX_DIR"]
    interval = current_app.config["CONTENT_VERSION_CHECK_SECONDS"]
    now = time.monotonic()
    if root in _known_version and interval and now - _last_check.get(root, 0.0) < interval:
        return _known_version[root]
    _last_check[root] = now
    _known_version[root] = local_offer.content_version()
    return _known_version[root]


def versions_if_fresh(root: str, interval: float) -> tuple[int, int | None] | None:
    """The content version and the served index's version this process last saw, or None when either check is
    due (or never ran, or checks are off): then a request must go through Flask, which checks them. Needs no app
    context (portal/front_cache.py calls it before Flask runs)."""
    if not interval or root not in _known_version or root not in _index_version:
        return None
    checked, index_checked = _last_check.get(root), _last_index_check.get(root)
    if checked is None or index_checked is None:  # never checked here (the monotonic clock may start near 0)
        return None
    now = time.monotonic()
    if now - checked >= interval or now - index_checked >= interval:
        return None
    return _known_version[root], _index_version[root]


def known_content_version() -> int:
    """The content version this process last saw (checked at most every CONTENT_VERSION_CHECK_SECONDS)."""
    root = current_app.config["SEARCH_INDEX_DIR"]
    if root not in _known_version:
        _known_version[root] = local_offer.content_version()
    return _known_version[root]


def served_index_version() -> int | None:
    """The content version of the index this process searches (None before there is one), re-read from disk at
    most every CONTENT_VERSION_CHECK_SECONDS; never rebuilds.

    Anything kept in memory that was computed from search results must be keyed on this as well as on the
    database's content version: on a node whose worker has not yet rebuilt its index, the database is already
    at the new version while searches still answer from the old index, and results kept under the database's
    version alone would outlive the rebuild until the next publish.
    """
    root = current_app.config["SEARCH_INDEX_DIR"]
    interval = current_app.config["CONTENT_VERSION_CHECK_SECONDS"]
    now = time.monotonic()
    if root in _index_version and interval and now - _last_index_check.get(root, 0.0) < interval:
        return _index_version[root]
    _last_index_check[root] = now
    state = search_index().reload()
    _index_version[root] = state.version if state is not None else None
    return _index_version[root]


# Query understanding ------------------------------------------------------------------------


@dataclass(frozen=True)
class Synonym:
    term: str
    expansion: str
    case_sensitive: bool
    pattern: re.Pattern[str]
    # The term's letters, case-folded: a text without them cannot match, so most patterns are never run.
    needle: str = ""


@lru_cache(maxsize=1)
def synonyms() -> tuple[Synonym, ...]:
    path = Path(__file__).with_name("synonyms.tsv")
    rows: list[Synonym] = []
    with path.open(encoding="utf-8") as handle:
        lines = (line for line in handle if not line.startswith("#"))
        for row in csv.DictReader(lines, delimiter="\t"):
            term = row["term"].strip()
            sensitive = row["case"].strip() == "s"
            flags = 0 if sensitive else re.IGNORECASE
            # A trailing * matches any ending (for inflected languages: "wniosek", "wniosku").
            stem = re.escape(term.rstrip("*")) + (r"\w*" if term.endswith("*") else "")
            pattern = re.compile(rf"(?<![\w/]){stem}(?![\w/])", flags)
            rows.append(Synonym(term, row["expansion"].strip(), sensitive, pattern, term.rstrip("*").casefold()))
    return tuple(rows)


def synonym_words() -> frozenset[str]:
    return frozenset(w.lower().rstrip("*") for s in synonyms() for w in s.term.split())


def expand(text: str) -> tuple[str, list[str]]:
    """Add the words our pages use for the abbreviations, older terms and misspellings families type."""
    added: list[str] = []
    folded = text.casefold()
    for syn in synonyms():
        if syn.needle in folded and syn.pattern.search(text):
            added.append(syn.expansion)
    return (f"{text} {' '.join(added)}" if added else text), added


_WORD = re.compile(r"[^\W\d_]{4,}", re.UNICODE)


@lru_cache(maxsize=4096)
def _suggest_cached(root: str, word: str) -> str | None:
    idx = _handles.get(root)
    if idx is None or ix.known_word(idx, word):
        return None
    return _split_joined(idx, word) or ix.suggest(idx, word)


def _split_joined(idx: ix.SearchIndex, word: str) -> str | None:
    """Two known words typed as one ("shortbreaks", "annualreview"), or None."""
    if len(word) < 7:
        return None
    for cut in range(3, len(word) - 2):
        left, right = word[:cut], word[cut:]
        if ix.known_word(idx, left) and ix.known_word(idx, right):
            return f"{left} {right}"
    return None


def _suggest_cache_clear() -> None:
    _suggest_cached.cache_clear()


def correct(text: str) -> str | None:
    """The query with unknown words replaced by the nearest indexed words, or None if nothing changed."""
    known_synonyms = synonym_words()
    root = current_app.config["SEARCH_INDEX_DIR"]
    search_index()
    changed = False

    def fix(match: re.Match[str]) -> str:
        nonlocal changed
        word = match.group(0)
        if word.lower() in known_synonyms or word.lower() in ix.STOP_WORDS:
            return word
        better = _suggest_cached(root, word.lower())
        if better and better != word.lower():
            changed = True
            return better
        return word

    fixed = _WORD.sub(fix, text)
    return fixed if changed else None


# Searching ----------------------------------------------------------------------------------


@dataclass
class SearchParams:
    q: str = ""
    kind: str | None = None
    audience: str | None = None
    age: int | None = None
    needs: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    cost: str | None = None
    section: str | None = None
    postcode: str | None = None
    radius: int = 10
    page: int = 1
    locale: str = "en"
    per_page: int = PER_PAGE
    easy_read: bool = False
    # Earlier words in a conversation, counted at a lower weight (the assistant's follow-up questions).
    context: str = ""
    context_weight: float = 0.4
    # The assistant shows neither a total nor snippets: it skips the counting pass and the snippet work.
    count_total: bool = True
    snippets: bool = True
    # The language the words are written in ("en", "cy", "pl", "ur", "ur-Latn"), when the caller knows it (the
    # assistant has detected it already); otherwise search detects it.
    written_in: str | None = None


@dataclass
class Hit:
    kind: str
    slug: str
    title: str
    url: str
    summary: str
    snippet: str
    score: float
    locale: str
    fields: dict[str, Any] = field(default_factory=dict)
    distance: float | None = None
    docnum: int = -1

    @property
    def extra(self) -> dict[str, Any]:
        return self.fields.get("extra") or {}


@dataclass
class SearchResults:
    params: SearchParams
    hits: list[Hit]
    total: int
    suggestion: str | None = None
    corrected_from: str | None = None
    postcode_unknown: bool = False
    expansions: list[str] = field(default_factory=list)
    urgent: bool = False  # the words suggest someone may be at risk: the page shows how to get help now

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.params.per_page))


def known_share(text: str) -> float:
    """How much of the query is made of words our index knows (low for Welsh, Polish or Urdu questions)."""
    words = [w.lower() for w in re.findall(r"\w+", text) if w.lower() not in ix.STOP_WORDS and not w.isdigit()]
    if not words:
        return 1.0
    idx = search_index()
    return sum(1 for w in words if ix.known_word(idx, w)) / len(words)


def weighted_parts(q: str, added: list[str], suggestion: str | None) -> list[tuple[str, float]]:
    """The family's own words weigh most; our expansions and spelling fixes help without taking over.

    When most of their words are unknown to us (another language), the expansions carry the meaning,
    so they count in full.
    """
    expansion_weight = EXPANSION_WEIGHT if known_share(q) >= 0.5 else 1.0
    return [(_without_reporting(q), 1.0), (" ".join(added), expansion_weight), (suggestion or "", CORRECTION_WEIGHT)]


# "The school said", "they told me": reporting who said something says nothing about which page answers. Only one
# page uses the word, in its title ("You said, we did"), so "the council said no to assessing..." found the
# feedback page first. Asking for that page by name keeps the word.
_REPORTING = re.compile(r"\b(?:said|says|told|tells)\b", re.IGNORECASE)
_NAMES_YOU_SAID = re.compile(r"\byou said\b|\bwe did\b", re.IGNORECASE)


def _without_reporting(q: str) -> str:
    return q if _NAMES_YOU_SAID.search(q) else _REPORTING.sub(" ", q)


# Most of our pages are only in English: a Welsh, Polish or Urdu question is also searched as the English words our
# lexicons give for its words (portal/search/lexicon/), at full weight, since those words carry its meaning here.
TRANSLATION_WEIGHT = 0.5
_LEXICON_LANGUAGES = {"cy": "cy", "pl": "pl", "ur": "ur", "ur-Latn": "ur"}
_detect_language = language.detect  # translated() has a parameter of that name


def translated(q: str, language: str = "") -> tuple[str, str]:
    """(lexicon language, the English words) for a question in Welsh, Polish or Urdu, or ("", "").

    With the language unknown (the search box), a query our index mostly does not know is tried against each
    lexicon, and the one that gives the most English words is taken."""
    if not q:
        return "", ""
    if not language and (detected := _LEXICON_LANGUAGES.get(_detect_language(q), "")):
        # The letters say which language (portal/platform/langid.py): "known" words do not, since the Welsh
        # pages in the index make Welsh words known.
        language = detected
    if language:
        lang = _LEXICON_LANGUAGES.get(language, "")
        return (lang, _to_english(q, lang)) if lang else ("", "")
    if known_share(q) >= 0.5:
        return "", ""
    return max(((lang, _to_english(q, lang)) for lang in ("cy", "pl", "ur")), key=lambda t: len(t[1].split()))


@lru_cache(maxsize=4096)
def _to_english(q: str, lang: str) -> str:
    """The lexicon's English words for q (fixed for a process): the assistant's intent, its search and its choice
    of passage each ask for the same message's."""
    return translate.to_english(q, lang)


def clean_query(text: str | None) -> str:
    return " ".join((text or "").split())[:MAX_QUERY]


def search(params: SearchParams, *, record_gaps: bool = True, screening: Screening | None = None) -> SearchResults:
    """Run a search the way a family means it: expand their words, correct spelling, filter, paginate.

    `screening` is what screening already found for exactly these words (the assistant screens every message
    first), so they are not screened twice.
    """
    ensure_fresh()
    idx = search_index()
    q = clean_query(params.q)
    _, added = expand(q)
    # Mostly unknown words usually mean another language, not misspellings: don't "correct" Welsh into English.
    suggestion = correct(q) if q and (len(q.split()) <= 2 or known_share(q) >= 0.5) else None
    parts = weighted_parts(q, added, suggestion)
    lang, english = translated(q, params.written_in or "")
    if english:
        # The question's own words, less its small words, still count in full (a Welsh page may answer it).
        parts[0] = (translate.without_small_words(q, lang), 1.0)
        parts.append((english, TRANSLATION_WEIGHT))
    if params.context:
        _, context_added = expand(params.context)
        parts += [(params.context, params.context_weight), (" ".join(context_added), params.context_weight * 0.6)]

    locales = ("en",) if params.locale == "en" else (params.locale, "en")
    filters = ix.Filters(
        kind=params.kind,
        locales=locales,
        variant="easy-read" if params.easy_read else "standard",
        audience=params.audience,
        age=params.age,
        needs=params.needs,
        categories=params.categories,
        cost=params.cost,
        section=params.section,
    )
    origin = local_offer.postcode_location(params.postcode) if params.postcode else None
    needs_all = origin is not None or params.locale != "en"
    start = (params.page - 1) * params.per_page
    limit = None if needs_all else start + params.per_page
    if limit is not None and q and params.kind == "page":
        limit = max(limit, RERANK_DEPTH)  # the meaning model ranks the first RERANK_DEPTH pages again
    if params.locale != "en" and q:
        written_in = params.written_in or language.detect(q)
        hits = _across_languages(idx, parts, filters, params.locale, same_language=written_in == params.locale)
        total = len(hits)
    else:
        raw = ix.run_query(idx, parts, filters, limit=limit, count=params.count_total or needs_all)
        hits = [_to_hit(h) for h in raw.hits]
        total = raw.total
        if params.locale != "en":
            hits = _prefer_locale(hits, params.locale)
            total = len(hits)
    if origin is not None:
        hits = _within(hits, origin, params.radius)
        if not q:
            hits.sort(key=lambda h: h.distance if h.distance is not None else 1e9)
        total = len(hits)
    if q and params.kind == "page":
        hits = meaning.rerank(q, hits, known_content_version())
    risky = bool(q) and (screening if screening is not None and q == params.q else screen(q)).risky
    if q and not risky and not _ASKS_FOR_URGENT_HELP.search(q):
        hits = _urgent_only_when_worrying(hits)
    page_hits = hits[start : start + params.per_page]
    if q and params.snippets:
        _add_snippets(idx, page_hits, parts)
    result = SearchResults(
        params=params,
        hits=page_hits,
        total=total,
        suggestion=suggestion,
        postcode_unknown=bool(params.postcode) and origin is None,
        expansions=added,
    )
    if risky:
        # Searches are anonymous and arrive a few letters at a time as people type, so there is nobody to follow
        # up and a flag per keystroke would bury the safeguarding queue: the page shows urgent help instead, and
        # the words are never kept (not even as a content gap that officers would read).
        result.urgent = True
    elif q and total == 0 and record_gaps:
        record_gap(q, params.locale)
    return result


URGENT_SLUG = "urgent-help"
RERANK_DEPTH = 20
# Asking for the urgent help page itself: its numbers, out of hours, a worry about a child's safety, or a helpline
# that page gives by name.
_ASKS_FOR_URGENT_HELP = re.compile(
    r"\b(?:urgent|emergency|emergencies|out of hours|out-of-hours|at night|weekend|crisis|safeguarding|danger|"
    r"worried about a child|child protection|999|front door|child ?line|samaritans|nhs 111|111 option|text shout)\b",
    re.IGNORECASE,
)
URGENT_DAMPING = 0.4


def _urgent_only_when_worrying(hits: list[Hit]) -> list[Hit]:
    """The urgent help page leads only when screening says the words are worrying, never by sharing a word.

    Ordinary questions ("my child struggles with reading") can match its words; it stays findable, lower down.
    """
    for hit in hits:
        if hit.kind == "page" and hit.slug == URGENT_SLUG:
            hit.score *= URGENT_DAMPING
    return sorted(hits, key=lambda h: -h.score) if any(h.slug == URGENT_SLUG for h in hits) else hits


def _to_hit(raw: ix.RawHit) -> Hit:
    f = raw.fields
    return Hit(
        kind=f["kind"],
        slug=f["slug"],
        title=f["title"],
        url=f["url"],
        summary=f.get("summary", ""),
        snippet=raw.highlight,
        score=raw.score,
        locale=f.get("locale", "en"),
        fields=f,
        docnum=raw.docnum,
    )


# How much a page's share of the translated pages' best counts beside its share of the English pages' best. Only 12
# pages have a Welsh version, so the best of them for a Welsh question is often not the best page: a Welsh question
# about annual reviews found the Welsh assessment timeline page, as good a share of its run (1.0) as the English
# annual review page of all pages. Welsh development questions (dev, tuned on; the sets' 35 Welsh rows), expected
# page first: 1.0 -> 26 of 35, 0.98 -> 26, 0.95 -> 29, 0.9 -> 29, 0.8 -> 29, 0.6 -> 29.
TRANSLATED_RUN_SHARE = 0.9


def _across_languages(
    idx: ix.SearchIndex, parts: list[tuple[str, float]], filters: ix.Filters, locale: str, *, same_language: bool
) -> list[Hit]:
    """Search the translated pages and the English ones apart, then map both to the same pages.

    Only some pages are translated. When the words are in the visitor's language (a Welsh question in the Welsh
    interface), they share everyday words ("mae", "ysgol") with every Welsh page, so one ranking over both
    languages puts any Welsh page above the right English one: each language's scores are then taken relative to
    its own best, and each page counts by its better share. (The other language's share once counted a quarter
    as well, as more evidence; but only the 12 pages with a Welsh version could ever have two, so it lifted them
    above the English-only page that answered: on the Welsh development questions, dev.tsv and extras plus
    bench/questions-dev2.tsv, expected page first 21 -> 22 of 37, in the first three 31 -> 32.)

    When they are not (an English question in the Welsh interface), that would do the opposite harm: the Welsh
    page that happens to share a word with an English question ("EHC", a name) becomes its language's best and
    ties with the English page that answers it. Those words are ranked on their own scores, as in the language
    they are written in, each page by its better language.

    Either way the visitor's language version of a page is shown where there is one.
    """
    runs = [
        ix.run_query(idx, parts, replace(filters, locales=(loc,)), limit=None, count=False) for loc in (locale, "en")
    ]
    # Scores stay on the scale of the better-matching language, so the assistant's confidence keeps its meaning.
    scale = max((h.score for run in runs for h in run.hits), default=0.0) or 1.0
    shares: dict[tuple[str, str], list[float]] = {}
    shown: dict[tuple[str, str], Hit] = {}
    for n, raw in enumerate(runs):
        top = (max((h.score for h in raw.hits), default=0.0) or 1.0) if same_language else scale
        # The translated pages' own best is the best of a few pages, not of all: it counts a little less.
        weight = TRANSLATED_RUN_SHARE if same_language and n == 0 and locale != "en" else 1.0
        for r in raw.hits:
            hit = _to_hit(r)
            key = (hit.kind, hit.slug)
            shares.setdefault(key, []).append(weight * hit.score / top)
            if key not in shown or hit.locale == locale:
                shown[key] = hit
    for key, found in shares.items():
        shown[key].score = scale * max(found)
    return sorted(shown.values(), key=lambda h: -h.score)


def _prefer_locale(hits: list[Hit], locale: str) -> list[Hit]:
    """Keep one hit per page: the visitor's language where we have it."""
    translated = {h.slug for h in hits if h.kind == "page" and h.locale == locale}
    return [h for h in hits if not (h.kind == "page" and h.locale != locale and h.slug in translated)]


def _within(hits: list[Hit], origin: tuple[float, float], radius: int) -> list[Hit]:
    kept: list[Hit] = []
    for hit in hits:
        points = hit.fields.get("points") or []
        if hit.kind != "service" or not points:
            continue
        hit.distance = min(local_offer.distance_miles(origin, tuple(p)) for p in points)
        if hit.distance <= radius:
            kept.append(hit)
    return kept


def _add_snippets(idx: ix.SearchIndex, hits: list[Hit], parts: list[tuple[str, float]]) -> None:
    # Snippets only for the hits on this page, from the sentences prepared when the index was built.
    stems = ix.stems_of(parts)
    for hit in hits:
        prepared = idx.sentences(hit.docnum) if hit.docnum >= 0 else ""
        hit.snippet = ix.snippet(prepared, stems, prepared=True) or ix.snippet(hit.summary, stems)


def record_gap(query: str, locale: str) -> None:
    """Count a search that found nothing (masked words only: no IP, no user, no time of day)."""
    masked = mask_personal(query).lower()[:200]
    gap = db.session.scalar(select(SearchGap).where(SearchGap.query == masked, SearchGap.locale == locale))
    if gap is not None:
        gap.count += 1
        gap.last_seen = utcnow()
        db.session.flush()
        return
    try:
        with db.session.begin_nested():
            db.session.add(SearchGap(query=masked, locale=locale, count=1))
    except IntegrityError:
        # Another request recorded the same words first: count ours on that row.
        gap = db.session.scalar(select(SearchGap).where(SearchGap.query == masked, SearchGap.locale == locale))
        if gap is not None:
            gap.count += 1
    db.session.flush()


def search_gaps(limit: int = 100) -> list[SearchGap]:
    """The most common searches that found nothing, for officers to fill the gaps."""
    return list(
        db.session.scalars(select(SearchGap).order_by(SearchGap.count.desc(), SearchGap.last_seen.desc()).limit(limit))
    )


def purge_search_gaps(days: int) -> int:
    from datetime import timedelta

    from sqlalchemy import delete

    cutoff = utcnow() - timedelta(days=days)
    result = db.session.execute(delete(SearchGap).where(SearchGap.last_seen < cutoff))
    return result.rowcount or 0
