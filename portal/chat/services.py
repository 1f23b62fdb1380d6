"""The Local Offer assistant: retrieval over our own pages, never generation.

One pass a reader can follow, each step a small function with its own tests:

    understand (language, screening, intent)  ->  retrieve (one search)  ->  compose the answer  ->  record

ask() runs the first three for the web page, htmx and the console; handle_message() adds the
fourth for a stored conversation. Masking personal details happens only in record(): what is
answered is always the person's own words.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

from flask import current_app
from flask_babel import force_locale, gettext, lazy_gettext
from flask_babel import get_locale as get_babel_locale
from sqlalchemy import bindparam, delete, insert, inspect, select, update
from sqlalchemy.orm import make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value

from portal import page_cache
from portal.chat import answers
from portal.chat.models import CallbackRequest, ChatConversation, ChatMessage
from portal.chat.understand import OTHER_SERVICES, Understanding, decide, first_look, names_a_case_matter
from portal.db import db, new_id, utcnow
from portal.local_offer import events as local_offer_events
from portal.local_offer import services as local_offer
from portal.local_offer.markdown import fill_placeholders
from portal.platform import language as lang
from portal.platform import meaning as meaning_model
from portal.platform.masking import mask_personal
from portal.safeguarding import screen
from portal.safeguarding import services as safeguarding
from portal.safeguarding.services import screen_and_flag
from portal.search import index as ix
from portal.search import meaning as search_meaning
from portal.search import services as search

INTENTS = ("answer", "clarify", "out_of_scope", "urgent", "case_status", "handover")
# How sure retrieval must be: the top page's score, relative to how many words the question had.
MIN_CONFIDENCE = 0.9
CLOSE_SECOND = 0.93
FOLLOW_UP_STAY = 0.85

TALK = lazy_gettext("Talk to someone")
HOW_LONG = lazy_gettext("How long does it take?")
REQUEST = lazy_gettext("Request an assessment")
FIND_SERVICES = lazy_gettext("Find services")

# Follow-up suggestions for the topics families ask about most; others get the general set.
QUICK_REPLIES: dict[str, list[Any]] = {
    "ehc-needs-assessment-request": [HOW_LONG, REQUEST, TALK],
    "ehc-assessment-process-timeline": [lazy_gettext("What if it is late?"), REQUEST, TALK],
    "ehc-plan-what-it-contains": [lazy_gettext("What is an annual review?"), REQUEST, TALK],
    "draft-plan-and-naming-a-school": [lazy_gettext("What if I disagree?"), HOW_LONG, TALK],
    "annual-review": [HOW_LONG, lazy_gettext("What if I disagree?"), TALK],
    "tribunal-appeals": [lazy_gettext("How long do I have to appeal?"), lazy_gettext("What is mediation?"), TALK],
    "disagreement-mediation": [lazy_gettext("How do I appeal?"), HOW_LONG, TALK],
    "complaints": [HOW_LONG, lazy_gettext("Make a complaint"), TALK],
    "short-breaks-respite": [FIND_SERVICES, lazy_gettext("Social care assessment"), TALK],
    "home-to-school-transport": [lazy_gettext("How do I apply?"), lazy_gettext("Travel after 16"), TALK],
}
DEFAULT_QUICK_REPLIES = [HOW_LONG, REQUEST, TALK]


def _all_quick_replies() -> list[Any]:
    """Every quick-reply label the assistant offers, in the visitor's language."""
    return [q for replies in (*QUICK_REPLIES.values(), DEFAULT_QUICK_REPLIES) for q in replies]


@dataclass
class ChatState:
    """What the assistant remembers between messages in one conversation."""

    last_topic: str | None = None
    last_question: str | None = None
    misses: int = 0
    easy_read: bool = False


@dataclass
class Reply:
    intent: str
    topic: str | None
    answer: str
    sources: list[dict[str, str]] = field(default_factory=list)
    quick_replies: list[str] = field(default_factory=list)
    choices: list[str] = field(default_factory=list)
    language: str = "en"
    note: str | None = None
    confidence: float = 0.0
    # The language the answer's words and the note are in, when not the interface's (an English page quoted in
    # the Welsh interface, a Welsh page for a Welsh question in the English one, a crisis note in Polish).
    answer_language: str | None = None
    note_language: str | None = None
    # What followed the urgent help in the same reply ("answer" or "case_status"), and its page (_urgent_and_answer).
    also: str | None = None
    also_topic: str | None = None

    def as_json(self) -> dict[str, Any]:
        """The console contract in DESIGN.md."""
        return {
            "intent": self.intent,
            "topic": self.topic,
            "answer": self.answer,
            "sources": [{key: s[key] for key in ("slug", "title", "url")} for s in self.sources],
            "quick_replies": self.quick_replies,
        }


def _source(
    slug: str, title: str, lang: str | None = None, *, section: tuple[str, str] | None = None
) -> dict[str, str]:
    """A "Read more" link; `lang` is the language of a title taken from a page (not from the interface); with
    `section` (heading, anchor), the link goes to the part the answer came from."""
    if section and section[1]:
        heading, anchor = section
        source = {"slug": slug, "title": f"{title}: {heading}", "url": f"/local-offer/{slug}#{anchor}"}
    else:
        source = {"slug": slug, "title": title, "url": f"/local-offer/{slug}"}
    if lang:
        source["lang"] = lang
    return source


def _council() -> Any:
    return current_app.config["COUNCIL"]


def ask(message: str, *, locale: str = "en", state: ChatState | None = None, user: str | None = None) -> Reply:
    """Answer one message in the interface language `locale`, using and updating the conversation state."""
    return _answer(message, locale=locale, state=state or ChatState(), user=user)[0]


def _answer(message: str, *, locale: str, state: ChatState, user: str | None = None) -> tuple[Reply, Understanding]:
    """ask(), also returning what understanding found (its screening is reused when a flag is raised)."""
    message = " ".join(message.split())[:500]
    with force_locale(locale):
        _, expansions = search.expand(message)
        meaning = look_at_message(message, state, expansions)
        key = _first_answer_key(message, meaning, state, locale=locale)
        kept = first_answers.get(key) if key is not None else None
        if kept is not None:
            reply, intent, out_score = kept
            reply, meaning = _copy(reply), dataclasses.replace(meaning, intent=intent, out_score=out_score)
        else:
            if not meaning.intent:
                # The intent model and the ranking by meaning both need the question's embedding: start it now,
                # and search the words meanwhile (retrieval needs nothing the intent model decides).
                meaning_model.prefetch(message)
            found = retrieve(meaning, state, locale=locale)
            decided = decide_intent(meaning, expansions)
            if decided.follow_up != meaning.follow_up:  # "your own case" drops the follow-up: search without it
                found = retrieve(decided, state, locale=locale)
            meaning = decided
            reply = compose(meaning, found, state, locale=locale, user=user)
            if reply.intent == "urgent" and _asks_as_well(meaning):
                reply = _urgent_and_answer(reply, meaning, expansions, state, locale=locale, user=user)
            reply.quick_replies = [str(q) for q in reply.quick_replies]
            if key is not None and meaning.intent in ("question", "out_of_scope") and reply.intent in CACHED_INTENTS:
                first_answers.put(key, (_copy(reply), meaning.intent, meaning.out_score))
    reply.language = meaning.language
    remember(state, meaning, reply)
    return reply, meaning


# First answers, kept in memory: many families open with the same question, and answering it (one search, then
# choosing the page's sentences) was most of the time of /ask. Only a fresh conversation's first question is
# kept (nothing earlier changes its answer), only after screening has found no risk, never a question about
# the person's own case, and never one with personal details in it (a name, a number, an e-mail address). The
# key holds a digest of the words, not the words; the answer is built only from published pages. The content
# version in the key retires every answer when a page is published. What the intent model decided is kept with
# the answer (it depends only on the words and the models, which are fixed for a process), so a kept answer is
# looked up after screening and before the intent model, and costs no model but the screen.
CACHED_INTENTS = frozenset({"answer", "clarify", "out_of_scope"})
first_answers = page_cache.first_answers


def _first_answer_key(message: str, meaning: Understanding, state: ChatState, *, locale: str) -> tuple[Any, ...] | None:
    """The cache key for this message, or None when its answer must not be shared (see above).

    `meaning` is first_look()'s: an intent already settled there (urgent help, the handover) is never kept."""
    fresh = state.last_question is None and state.last_topic is None and state.misses == 0
    if not page_cache.enabled() or not fresh or meaning.intent:
        return None
    if meaning.follow_up or meaning.categories or mask_personal(message) != message:
        return None
    words, *rest = page_cache.words_key(message, locale=locale, easy_read=state.easy_read)
    digest = hashlib.sha256("\x1f".join(words).encode()).hexdigest()
    return (digest, *rest, meaning.language)


def _copy(reply: Reply | None) -> Reply | None:
    """A copy whose lists the caller may change without touching the kept answer."""
    if reply is None:
        return None
    return dataclasses.replace(reply, sources=[dict(s) for s in reply.sources], quick_replies=list(reply.quick_replies),
                               choices=list(reply.choices))  # fmt: skip


# Step 1: understand ---------------------------------------------------------------------------


def understand_message(message: str, state: ChatState) -> Understanding:
    """What the message is: language, screening, intent and whether it leans on the one before."""
    _, expansions = search.expand(message)
    return decide_intent(look_at_message(message, state, expansions), expansions)


def look_at_message(message: str, state: ChatState, expansions: list[str]) -> Understanding:
    """The part of understanding that needs no intent model: language, screening, handover, follow-up."""
    handover_words, own_words = _button_words()
    return first_look(
        message,
        has_earlier=bool(state.last_question),
        handover_words=handover_words,
        own_words=own_words,
        names_a_topic=names_a_topic(message, expansions),
    )


def decide_intent(meaning: Understanding, expansions: list[str]) -> Understanding:
    """The rest: the person's own case, outside the Local Offer, or a question (the learned decision)."""
    if meaning.intent:  # settled already (urgent help, the handover): no embedding is needed for it
        return meaning
    return decide(meaning, expansions=expansions, **decision_signals(meaning, expansions))


def decision_signals(meaning: Understanding, expansions: list[str]) -> dict[str, Any]:
    """What the pages and search say about the message, for decide() (and for training its model)."""
    # A question in Welsh, Polish or Urdu is covered by our pages as far as its English words are (the lexicons'
    # words for it): its own words are never in the English pages' vocabulary.
    english = search.translated(meaning.text, meaning.language)[1] if meaning.language != "en" else ""
    return {
        "coverage": coverage(english or meaning.text),
        "likeness": search_meaning.likeness(meaning.text, search.known_content_version()),
        "names_a_page": within_a_title(meaning.text),
        **_page_terms(english or meaning.text),
    }


def _page_terms(text: str) -> dict[str, bool]:
    """decide()'s two page-phrase facts about the message, from one pass of the analyser over it."""
    stems = _stems_in_order(text)
    pairs = _page_pairs(stems)
    return {
        "uses_page_phrase": 2 <= len(stems) <= PHRASE_LOOKUP_WORDS and bool(pairs),
        "names_another_service": _another_service(text, pairs),
    }


def _button_words() -> tuple[str, frozenset[str]]:
    """The "Talk to someone" words and every quick reply's words in the current language, translated once per process."""
    locale = str(get_babel_locale())
    words = _BUTTON_WORDS.get(locale)
    if words is None:
        words = _BUTTON_WORDS[locale] = (
            str(TALK),
            frozenset(str(q).strip().rstrip("?.!").lower() for q in _all_quick_replies()),
        )
    return words


_BUTTON_WORDS: dict[str, tuple[str, frozenset[str]]] = {}


# Words that appear in page titles and tags but say nothing about which topic is meant.
_GENERIC = frozenset(
    ix.stems_of(
        [
            (
                "long time take much cost pay free apply help need ask week weeks month day happen next mean work start "
                "stop old age decide allow right support get find know want child children son daughter young person "
                "people parent parents family families what who when where why how limit limits timeline deadline "
                "process step steps information advice",
                1.0,
            )
        ]
    )
)


# A message this short that uses two of our pages' words side by side is looking a term up.
PHRASE_LOOKUP_WORDS = 3


def uses_page_phrase(message: str) -> bool:
    """A short message with two words side by side as one or two published pages have them ("job coach", "max card")."""
    return _page_terms(message)["uses_page_phrase"]


def names_another_service(message: str) -> bool:
    """The message names another council or public service ("parking permit", "passport"), other than as part of a
    term our pages use: "pupil passport" is ours (a one-page profile a school keeps), "passport office" is not."""
    return _page_terms(message)["names_another_service"]


def _another_service(message: str, pairs: set[str]) -> bool:
    services = [found.group() for found in OTHER_SERVICES.finditer(message)]
    if not services:
        return False
    ours = {stem for pair in pairs for stem in pair.split()}
    return any(not set(_stems_in_order(service)) <= ours for service in services)


def _page_pairs(stems: list[str]) -> set[str]:
    return {f"{a} {b}" for a, b in zip(stems, stems[1:], strict=False)} & _page_phrases()


# A phrase used on this many pages or fewer is one of our own terms ("job coach", "pupil passport"), not everyday words.
PHRASE_PAGES = 2


def _stems_in_order(text: str) -> list[str]:
    return [t.text for t in ix.TEXT_ANALYZER(text)]


def _page_phrases() -> frozenset[str]:
    """Pairs of adjacent words (as stems, stop words left out) that at most PHRASE_PAGES of our published pages use,
    once per content version."""
    version = search.known_content_version()
    if _PHRASES and _PHRASES[0][0] == version:
        return _PHRASES[0][1]
    pages_of: dict[str, set[str]] = {}
    for locale in ("en", "cy"):
        for page in local_offer.published_pages(locale=locale):
            text = " ".join([page.title, page.summary, page.body_md]).lower()
            for line in re.split(r"[.!?\n:;()]", text):
                stems = _stems_in_order(line)
                for a, b in zip(stems, stems[1:], strict=False):
                    pages_of.setdefault(f"{a} {b}", set()).add(page.slug)
    rare = frozenset(pair for pair, slugs in pages_of.items() if len(slugs) <= PHRASE_PAGES)
    _PHRASES[:] = [(version, rare)]
    return rare


_PHRASES: list[tuple[int, frozenset[str]]] = []


def _vocabulary(kind: str) -> frozenset[str]:
    """Stems our pages use: "topics" from titles and tags, "pages" adding summaries and questions."""
    version = search.known_content_version()
    cached = _VOCABULARY.get(kind)
    if cached and cached[0] == version:
        return cached[1]
    words: set[str] = set()
    for locale in ("en", "cy"):
        for page in local_offer.published_pages(locale=locale):
            parts = [page.title, " ".join(page.tags)]
            if kind == "pages":
                parts += [page.summary, " ".join(page.questions)]
            words.update(ix.stems_of([(" ".join(parts), 1.0)]))
    vocab = frozenset(words - _GENERIC) if kind == "topics" else frozenset(words)
    _VOCABULARY[kind] = (version, vocab)
    return vocab


_VOCABULARY: dict[str, tuple[int, frozenset[str]]] = {}


def written_in(message: str) -> str | None:
    """The language a question is written in, to mark it up when shown: what its words show, else the language
    whose pages alone use them (a few words typed as a search: "personal budgets", "seibiant byr"), else None."""
    found = lang.evidence(message)
    if found is not None:
        return found
    stems = {t for t in ix.stems_of([(message, 1.0)]) if len(t) > 2 and not t.isdigit()}
    english_only, welsh_only = _words_of_one_language()
    english, welsh = len(stems & english_only), len(stems & welsh_only)
    return "en" if english > welsh else "cy" if welsh > english else None


def _words_of_one_language() -> tuple[frozenset[str], frozenset[str]]:
    """Stems only our English pages use, and stems only our Welsh pages use."""
    version = search.known_content_version()
    if _ONE_LANGUAGE and _ONE_LANGUAGE[0][0] == version:
        return _ONE_LANGUAGE[0][1]
    words: dict[str, set[str]] = {"en": set(), "cy": set()}
    for locale, found in words.items():
        for page in local_offer.published_pages(locale=locale):
            found.update(ix.stems_of([(" ".join([page.title, page.summary, page.body_md]), 1.0)]))
    pair = (frozenset(words["en"] - words["cy"]), frozenset(words["cy"] - words["en"]))
    _ONE_LANGUAGE[:] = [(version, pair)]
    return pair


_ONE_LANGUAGE: list[tuple[int, tuple[frozenset[str], frozenset[str]]]] = []


def coverage(message: str) -> float:
    """The share of the question's meaningful words that our pages' titles, tags, summaries and questions use."""
    stems = [t for t in ix.stems_of([(message, 1.0)]) if len(t) > 2 and not t.isdigit()]
    if not stems:
        return 0.0
    vocab = _vocabulary("pages")
    return sum(1 for t in stems if t in vocab) / len(stems)


def names_a_topic(message: str, expansions: list[str]) -> bool:
    """Does the message name something a page is about (so it stands on its own)?"""
    stems = {t for t in ix.stems_of([(message, 1.0), (" ".join(expansions), 1.0)]) if len(t) > 2}
    return bool(stems & _vocabulary("topics"))


# Step 2: retrieve -----------------------------------------------------------------------------


@dataclass
class Found:
    hits: list[search.Hit]
    context: str = ""
    confidence: float = 0.0
    # The page the message names by its title (an option chosen from "Which of these do you mean?"), if any, and
    # the language of that title.
    named: str | None = None
    named_in: str | None = None


def retrieve(meaning: Understanding, state: ChatState, *, locale: str) -> Found:
    """One search over the pages (Welsh questions search Welsh and English pages)."""
    if meaning.intent in ("urgent", "handover"):
        return Found(hits=[])
    context = state.last_question if meaning.follow_up and state.last_question else ""
    search_locale = "cy" if meaning.language == "cy" or locale == "cy" else locale
    params = search.SearchParams(
        q=meaning.text,
        kind="page",
        locale=search_locale,
        per_page=5,
        context=context,
        context_weight=0.6,
        count_total=False,
        snippets=False,
        written_in=meaning.language,
    )
    hits = search.search(params, record_gaps=False, screening=meaning.screening).hits
    named = page_named(meaning.text)
    if named is not None:
        # Choosing an option sends its title: answer from that page, not from whatever else shares its words.
        slug, title_locale = named
        page = next((h for h in hits if h.slug == slug), None) or _hit_for(slug, locale=search_locale)
        hits = [page, *(h for h in hits if h.slug != slug)]
        return Found(hits=hits, context="", confidence=max(MIN_CONFIDENCE, _confidence(meaning.text, hits)),
                     named=slug, named_in=title_locale)  # fmt: skip
    return Found(hits=hits, context=context, confidence=_confidence(meaning.text, hits))


def _title_key(text: str) -> str:
    return " ".join(text.casefold().split()).rstrip("?.!: ")


def page_named(message: str) -> tuple[str, str] | None:
    """The published page whose title (in any language or version) is the whole message, as (slug, the title's
    language), or None."""
    return _titles()[0].get(_title_key(message))


_TITLES: dict[str, tuple[int, dict[str, tuple[str, str]], list[frozenset[str]]]] = {}


def _titles() -> tuple[dict[str, tuple[str, str]], list[frozenset[str]]]:
    """Every published page's title (in any language or version), once per content version: as a key to its
    (slug, language), and as its stems."""
    version = search.known_content_version()
    cached = _TITLES.get("titles")
    if not cached or cached[0] != version:
        pages = local_offer.all_published_pages()
        keys = {_title_key(p.title): (p.slug, p.locale) for p in pages}
        cached = _TITLES["titles"] = (version, keys, [frozenset(ix.stems_of([(p.title, 1.0)])) for p in pages])
    return cached[1], cached[2]


def within_a_title(message: str) -> bool:
    """Are all the message's words in one published page's title ("tell us what you think",
    "home education and EOTAS")? Such a message names that page; it is not about the person's own case."""
    stems = ix.stems_of([(message, 1.0)])
    return bool(stems) and any(stems <= title for title in _titles()[1])


def _hit_for(slug: str, *, locale: str) -> search.Hit:
    """A search hit standing for a page that the search itself did not rank among its first few."""
    page = local_offer.get_page(slug, locale=locale).page
    return search.Hit(kind="page", slug=slug, title=page.title, url=f"/local-offer/{slug}", summary=page.summary,
                      snippet="", score=0.0, locale=page.locale)  # fmt: skip


def _confidence(message: str, hits: list[search.Hit]) -> float:
    """The best page's score per telling word in the question (scores grow with the number of words)."""
    if not hits:
        return 0.0
    searcher = search.search_index().searcher()
    expanded, _ = search.expand(message)
    rare, common = ix.weighted_terms(searcher, [(expanded, 1.0)])
    known = len(rare) + len(common)
    if known == 0:
        return 0.0
    return hits[0].score / (known**0.5 * 3.0)


# Step 3: compose ------------------------------------------------------------------------------


def compose(meaning: Understanding, found: Found, state: ChatState, *, locale: str, user: str | None) -> Reply:
    """The reply for what the message is, built from what retrieval found."""
    if meaning.intent == "urgent":
        return urgent_reply(meaning.language)
    if meaning.intent == "handover":
        return handover_reply(gettext("Here is how to talk to a person."))
    if meaning.intent == "case_status":
        return _with_the_rule(case_status_reply(found.hits, user=user), meaning, found, state, locale=locale)
    if meaning.intent == "out_of_scope" and found.named is None:
        return _miss_reply([], state)
    return answer_reply(meaning, found, state, locale=locale)


def remember(state: ChatState, meaning: Understanding, reply: Reply) -> None:
    """Move the conversation on: what we talked about, and how many misses in a row."""
    if reply.intent in ("out_of_scope", "handover"):
        state.misses += 1
    elif reply.intent in ("answer", "case_status", "urgent"):
        state.misses = 0
    if reply.topic and reply.intent in ("answer", "clarify"):
        state.last_topic = reply.topic
        # A follow-up carries its topic forward: "and how long does that take?" alone would lose it.
        state.last_question = f"{state.last_question} {meaning.text}" if meaning.follow_up else meaning.text


def urgent_reply(written_in: str) -> Reply:
    council = _council()
    lines = [
        gettext("If someone is in danger now, call 999."),
        gettext(
            "If you are worried about a child's safety, call %(council)s children's services on %(day)s, "
            "or %(night)s at night and at weekends.",
            council=council.name,
            day=council.front_door_phone,
            night=council.out_of_hours_phone,
        ),
        gettext("For a mental health crisis, call NHS 111 and choose option 2."),
        gettext("Children and young people can call Childline free on 0800 1111, any time."),
    ]
    note = {
        "pl": "Jeśli ktoś jest w niebezpieczeństwie, zadzwoń pod numer 999. Childline: 0800 1111.",
        "ur": "اگر کوئی ابھی خطرے میں ہے تو 999 پر کال کریں۔ بچوں کے لیے Childline: 0800 1111۔",
        "ur-Latn": "Agar koi abhi khatre mein hai to 999 par call karein. Childline: 0800 1111.",
    }.get(written_in)
    return Reply(
        intent="urgent",
        topic="urgent-help",
        answer=" ".join(lines),
        sources=[_source("urgent-help", gettext("Urgent help"))],
        quick_replies=[TALK],
        note=note,
        note_language=written_in if note else None,
        confidence=1.0,
    )


# Urgent help comes first for every message screening flags. When the message also asks a question our pages
# answer ("I haven't slept in months... what options are there?", "do I have to apply for PIP myself?"), the
# answer follows the urgent help: a parent in crisis still gets the short breaks page, and a question screening
# took for a worry still gets its answer. The same for a family chasing its own case in frustration ("no one tells
# me anything", a call-back that never came): under the urgent help, how to find out where the case is, in any
# language (that reply quotes no page). Never for immediate danger or a phrase in the must-never-miss lexicon
# (there the numbers to call are the whole reply), and a page's answer only for a question in English or Welsh
# about something our pages are about, which they answer with confidence. The message is flagged for the
# safeguarding lead as for any urgent reply: the intent stays "urgent", and `also` says what followed it.
_ACUTE = frozenset({"immediate-danger", "medical-emergency"})


_ASKS_SOMEWHERE = re.compile(
    r"\?|\b(?:how|what|when|where|who|which|can (?:i|we|he|she|they|you)|(?:do|did|will|should|must) (?:i|we|you)|"
    r"(?:does|is|will) (?:he|she|it|there)|are there|have to)\b|[؟]",
    re.IGNORECASE,
)


def _asks_as_well(meaning: Understanding) -> bool:
    """A message screening flagged, but not for immediate danger or a listed phrase: it may be answered as well."""
    screening = meaning.screening
    return not (screening is None or screening.matched or _ACUTE & set(screening.categories))


def _urgent_and_answer(
    urgent: Reply,
    meaning: Understanding,
    expansions: list[str],
    state: ChatState,
    *,
    locale: str,
    user: str | None,
) -> Reply:
    """The urgent help, then the answer to the question asked or about the person's own case (see _ACUTE above)."""
    # A case only where the message names something a case is made of (a plan, an assessment, a named child),
    # never for "nobody cares about me anyway": there the help is the whole reply. A page's answer only in English or
    # Welsh (found through the lexicons' English words for Polish and Urdu, it is too unsure to show). Neither
    # possible: no intent decision (and no embedding) is spent on it.
    may_be_case = names_a_case_matter(meaning.text, expansions)
    may_be_question = (
        meaning.language in ("en", "cy")
        and bool(_ASKS_SOMEWHERE.search(meaning.text))
        and names_a_topic(meaning.text, expansions)
    )
    if not (may_be_case or may_be_question):
        return urgent
    asked = decide_intent(dataclasses.replace(meaning, intent="", follow_up=False), expansions)
    is_case = asked.intent == "case_status" and may_be_case
    if not (is_case or (asked.intent == "question" and may_be_question)):
        return urgent
    fresh = ChatState(easy_read=state.easy_read)  # answered on its own, as a first question would be
    found = retrieve(asked, fresh, locale=locale)
    if is_case:
        answer, lead = case_status_reply(found.hits, user=user), gettext("About your case:")
    else:
        answer, lead = answer_reply(asked, found, fresh, locale=locale), gettext("About your question:")
        if answer.intent != "answer" or answer.topic == "urgent-help":
            return urgent
    return dataclasses.replace(
        urgent,
        # The urgent help is the first line; the answer's own lines follow (templates/chat/_macros.html).
        answer="\n".join([urgent.answer, lead, answer.answer]),
        sources=[*urgent.sources, *answer.sources[:2]],
        note=urgent.note or answer.note,
        note_language=urgent.note_language if urgent.note else None,
        answer_language=answer.answer_language,
        also=answer.intent,
        also_topic=answer.topic,
    )


def handover_reply(lead: str) -> Reply:
    council = _council()
    answer = " ".join(
        [
            lead,
            gettext(
                "%(name)s gives free, independent advice: phone %(phone)s or e-mail %(email)s.",
                name=council.sendiass_name,
                phone=council.sendiass_phone,
                email=council.sendiass_email,
            ),
            gettext("The council's SEND team: phone %(phone)s.", phone=council.sen_team_phone),
            gettext("Or ask us to contact you, and a person will call or e-mail you back."),
        ]
    )
    return Reply(
        intent="handover",
        topic="sendiass-independent-advice",
        answer=answer,
        sources=[_source("sendiass-independent-advice", gettext("Free, independent advice"))],
        quick_replies=[],
    )


def _with_the_rule(case: Reply, meaning: Understanding, found: Found, state: ChatState, *, locale: str) -> Reply:
    """A message about the person's own case that also asks what the rule is ("the draft came on 2 April, what is
    the last day I can comment?", "why is his plan late?") gets the page's answer to the rule first, then the
    reply about their case: the rule holds whatever their case looks like, and only their caseworker can say where
    it is. A chase that asks no kind of fact (a time limit, a right, who can, what next) gets the case reply alone."""
    if not answers.fact_kinds(meaning.text):
        return case
    rule = answer_reply(dataclasses.replace(meaning, intent="question"), found, state, locale=locale)
    if rule.intent != "answer":
        return case
    quoted = {s["slug"] for s in rule.sources}
    sources = [*rule.sources, *(s for s in case.sources if s["slug"] not in quoted)]
    return dataclasses.replace(
        case,
        answer="\n".join([rule.answer, gettext("About your case:"), case.answer]),
        sources=sources[:3],
        answer_language=rule.answer_language,
        note=rule.note,
    )


def case_status_reply(hits: list[search.Hit], *, user: str | None) -> Reply:
    """Nobody here can see their case (the assistant never reads case records): who can, and where a family who asked
    on this site follows it themselves (signed in, their case page; signed out, after signing in)."""
    council = _council()
    parts = [
        gettext("I cannot see anyone's case from here, so I cannot tell you where yours is."),
        gettext(
            "Your caseworker can tell you: phone the SEND team on %(phone)s or e-mail %(email)s, and give your "
            "reference number if you have one.",
            phone=council.sen_team_phone,
            email=council.sen_team_email,
        ),
    ]
    if user:
        parts += [
            gettext('You are signed in: open "Your case" to see each step and its date.'),
            gettext(
                "If you asked for an assessment by e-mail, letter or phone, your caseworker can link the case to "
                "your account."
            ),
        ]
    else:
        parts.append(
            gettext(
                'If you asked for the assessment through this website, sign in and open "Your case" to see each '
                "step and its date."
            )
        )
    answer = " ".join(parts)
    topic = hits[0].slug if hits else None
    sources = [_source("ehc-assessment-process-timeline", gettext("The assessment steps and time limits"))]
    if topic and topic != "ehc-assessment-process-timeline":
        # The page about the rule that applies to their case (transport, reviews...), to read while they wait.
        sources.insert(0, _source(topic, hits[0].title, hits[0].locale))
    return Reply(intent="case_status", topic=topic, answer=answer, sources=sources, quick_replies=[HOW_LONG, TALK])


def answer_reply(meaning: Understanding, found: Found, state: ChatState, *, locale: str) -> Reply:
    hits = found.hits
    if not hits or found.confidence < MIN_CONFIDENCE:
        return _miss_reply(hits, state)
    best = hits[0]
    if found.named is None and meaning.follow_up and state.last_topic:
        # A follow-up usually stays on the page we were talking about, if that page answers it well enough.
        same = next((h for h in hits if h.slug == state.last_topic), None)
        if same is not None and same.score >= best.score * FOLLOW_UP_STAY:
            best = same
            hits = [same] + [h for h in hits if h is not same]
    if found.named is None and _ambiguous(meaning.text, hits) and not meaning.follow_up:
        return _clarify_reply(hits)
    page, text, note, section = _extract(
        best.slug, meaning, found.context, locale=locale, state=state, named_in=found.named_in
    )
    sources = [_source(best.slug, page.title, page.locale, section=section)]
    for hit in hits[1:]:
        # "Read more" only for pages that also answer the question well, not for any page that matched a word.
        if len(sources) >= 3 or hit.score < best.score * 0.5:
            break
        if hit.slug not in {s["slug"] for s in sources}:
            sources.append(_source(hit.slug, hit.title, hit.locale))
    return Reply(
        intent="answer",
        topic=best.slug,
        answer=text,
        sources=sources,
        quick_replies=list(QUICK_REPLIES.get(best.slug, DEFAULT_QUICK_REPLIES)),
        note=note,
        confidence=found.confidence,
        answer_language=page.locale,
    )


def _ambiguous(message: str, hits: list[search.Hit]) -> bool:
    """A very short question that two different pages answer about equally well."""
    words = [w for w in re.findall(r"\w+", message.lower()) if w not in ix.STOP_WORDS]
    if len(words) > 3 or len(hits) < 2:
        return False
    return hits[1].score >= hits[0].score * CLOSE_SECOND


def _clarify_reply(hits: list[search.Hit]) -> Reply:
    options = hits[:3]
    return Reply(
        intent="clarify",
        topic=options[0].slug,
        answer=gettext("Which of these do you mean?"),
        sources=[_source(h.slug, h.title, h.locale) for h in options],
        quick_replies=[h.title for h in options],
        choices=[h.title for h in options],
    )


def _miss_reply(hits: list[search.Hit], state: ChatState) -> Reply:
    if state.misses >= 1:
        # Two misses in a row: a person first, then what search found.
        reply = handover_reply(gettext("I'm sorry, I still cannot find an answer to that."))
    else:
        reply = Reply(
            intent="out_of_scope",
            topic=None,
            answer=gettext(
                "Sorry, I cannot answer that from the Local Offer. I can help with support for children and "
                "young people with SEND in %(council)s. Try asking in a different way, or talk to a person.",
                council=_council().name,
            ),
            quick_replies=[TALK],
        )
    reply.sources = reply.sources or [_source(h.slug, h.title, h.locale) for h in hits[:3]]
    return reply


def _extract(
    slug: str, meaning: Understanding, context: str, *, locale: str, state: ChatState, named_in: str | None = None
) -> tuple[Any, str, str | None, tuple[str, str] | None]:
    """The page to quote, the passage of it that answers, a note about language if needed, and the section
    (heading, anchor) the passage came from. `named_in`: the message is the page's title (an option chosen), in
    this language."""
    variant = "easy-read" if state.easy_read else "standard"
    named = named_in is not None
    # Welsh questions (and Welsh titles chosen) are answered from the Welsh page where there is one.
    page_locale = "cy" if meaning.language == "cy" or named_in == "cy" else locale
    page = local_offer.get_page(slug, locale=page_locale, variant=variant).page
    note = None
    if meaning.language in ("pl", "ur", "ur-Latn"):
        note = gettext("I answered in English. To talk to someone in your language, ask us to contact you.")
    elif page_locale != "en" and page.locale != page_locale:
        note = gettext("This page has not been translated yet, so the answer is in English.")
    placeholders = _council().placeholders()
    body = fill_placeholders(page.body_md, placeholders)
    # A question in Welsh, Polish or Urdu answered from an English page: its words are not the page's, so the
    # passage is chosen on the English words our lexicons give for it as well (portal/search/translate.py).
    english = ""
    if meaning.language in ("cy", "pl", "ur", "ur-Latn") and page.locale == "en":
        english = search.translated(meaning.text, meaning.language)[1]
    asked = f"{meaning.text} {english}" if english else meaning.text
    _, added = search.expand(asked)
    fixed = search.correct(meaning.text) if meaning.language == "en" else None
    weights = _question_weights(asked, [*added, fixed or ""], context)
    page_units = answers.units(body)
    if named or (not context and _names_only(meaning.text) and not _names_a_part(asked, fixed, page.title)):
        # A word or two typed as a search ("transport", "EHE"), or the page chosen by its title: start from what
        # the page is about.
        lead = fill_placeholders(page.summary, placeholders)
        keys = next((u for u in page_units if u.is_list and u.heading in answers.KEY_POINTS), None)
        if keys is None:
            first = [u.text for u in page_units[:2] if not u.is_list]
            return page, " ".join([lead, *first][:3]), note, None
        # The page's own key points say what matters most about it: the first few, under what the page is about.
        items = [line for line in keys.text.split("\n") if line.startswith("- ")][:KEY_POINTS_SHOWN]
        return page, "\n".join([lead, *items]), note, (keys.heading, keys.anchor) if keys.anchor else None
    items = answers.key_point_items(page_units)
    vectors = search_meaning.store().embed([answers.unit_passage(page.title, u) for u in page_units + items])
    question = meaning_model.query(meaning.text) if vectors is not None else None
    similarity = (vectors @ question).tolist() if vectors is not None and question is not None else None
    chosen = answers.choose(
        page_units,
        asked,
        weights,
        ix._stem,
        title=page.title,
        similarity=similarity[: len(page_units)] if similarity else None,
        item_similarity=similarity[len(page_units) :] if similarity else None,
    )
    # The section link goes to the passage (a key point leading it is first; the passage is all one section).
    section = (chosen[-1].heading, chosen[-1].anchor) if chosen and chosen[-1].anchor else None
    return page, answers.as_text(chosen), note, section


# A message shaped like a question (a question word or mark), in English, Welsh, Polish or Urdu.
_ASKS = re.compile(
    r"\?|^\s*(?:how|what|whats|when|where|who|why|which|can|could|do|does|did|is|are|will|should|must|may|"
    r"pa|beth|pwy|sut|pryd|ble|oes|ydy|ydw|ydi|a oes|jak|czy|kiedy|kya|kaise|kab)\b|[؟]",
    re.IGNORECASE,
)


def unit_passages(slugs: list[str] | None = None) -> list[str]:
    """The answer units of published pages (all, or these), and each of their key points, as embedded for choosing
    the passage."""
    placeholders = _council().placeholders()
    out = []
    for page in local_offer.all_published_pages():
        if slugs is None or page.slug in slugs:
            page_units = answers.units(fill_placeholders(page.body_md, placeholders))
            out += [answers.unit_passage(page.title, u) for u in page_units + answers.key_point_items(page_units)]
    return out


@local_offer_events.pages_changed.connect
def _on_pages_changed(sender: object, *, slugs: list[str], **_: object) -> None:
    """A page was published here: embed its answer units now, beside the request, not in a family's."""
    if not current_app.testing:
        search_meaning.warm(unit_passages(slugs))


# How many of the page's key points (answers.KEY_POINTS) a word or two typed as a search are answered with.
KEY_POINTS_SHOWN = 3


def _names_a_part(message: str, fixed: str | None, title: str) -> bool:
    """A word or two that name more than the page's title: a part of the page ("health visitor", "two-year check"),
    answered from that part rather than from what the whole page is about."""
    named = ix.stems_of([(title, 1.0)])
    for word in re.findall(r"\w+", fixed or message):
        stems = ix.stems_of([(word, 1.0)])
        if not stems or stems <= named:
            continue
        # An abbreviation or older term that stands for the title's own words ("EHE", elective home education, on
        # the home education page) names the page.
        _, means = search.expand(word)
        if not (means and ix.stems_of([(" ".join(means), 1.0)]) & named):
            return True
    return False


def _names_only(message: str) -> bool:
    """One or two words naming a topic, not asking anything about it."""
    return len(ix.stems_of([(message, 1.0)])) <= 2 and not _ASKS.search(message) and not answers.fact_kinds(message)


def _question_weights(message: str, added: list[str], context: str) -> dict[str, float]:
    weights: dict[str, float] = {}
    for text, weight in ((context, 0.3), (" ".join(added), 0.5), (message, 1.0)):
        for stem in ix.stems_of([(text, 1.0)]):
            weights[stem] = max(weights.get(stem, 0.0), weight)
    return weights


# Conversations on the web ------------------------------------------------------------------


def get_conversation(conversation_id: str | None, *, for_update: bool = False) -> Any:
    """The visitor's conversation, or None (ids come only from their own signed session cookie).

    `for_update` locks its row until the commit (PostgreSQL), so two messages sent at once into one conversation
    take turns for their positions; SQLite's writers take turns anyway (BEGIN IMMEDIATE, portal/db.py).
    """

    if not conversation_id:
        return None
    return db.session.get(ChatConversation, conversation_id, with_for_update=for_update or None)


def start_conversation(*, locale: str, easy_read: bool = False) -> Any:
    """A new conversation, stored by record() with its first messages (its id is known now, for the session).

    It joins the database session only then, so nothing read while answering writes it early.
    """

    return ChatConversation(id=new_id(), locale=locale, easy_read=easy_read, misses=0, message_count=0)


def handle_message(conversation: Any, message: str, *, locale: str) -> Reply:
    """Answer a message in a stored conversation, then record it."""
    answered = answer_in(conversation, message, locale=locale)
    record(conversation, message, answered.reply, answered.state, locale=locale, screening=answered.screening,
           written=answered.written)  # fmt: skip
    return answered.reply


@dataclass
class Answered:
    reply: Reply
    state: ChatState  # the conversation's state after this message, for record()
    screening: Any
    written: str | None  # the language the question is written in, on evidence (written_in)


def answer_in(
    conversation: Any, message: str, *, locale: str, easy_read: bool | None = None, user: str | None = None
) -> Answered:
    """Answer a message in a conversation without writing anything (record() stores it after).

    `easy_read`, when given, is the reader's choice on this message (stored by the caller afterwards); `user`, the
    signed-in person (a reply about their own case points them to their case page; the assistant never reads it)."""
    state = ChatState(
        last_topic=conversation.last_topic,
        last_question=conversation.last_question,
        misses=conversation.misses,
        easy_read=conversation.easy_read if easy_read is None else easy_read,
    )
    reply, meaning = _answer(message, locale=locale, state=state, user=user)
    return Answered(reply, state, meaning.screening, written_in(message))


# Built once: the statements of every message, run on the session's connection (no ORM unit of work).
_INSERT_CONVERSATION = insert(ChatConversation.__table__)
_INSERT_MESSAGE = insert(ChatMessage.__table__)
_conversations = ChatConversation.__table__
# The conversation's state and count in one statement, which also gives the count it came to: two messages sent
# at once into one conversation take turns at this row (its lock on PostgreSQL, the write lock on SQLite), so
# each pair gets its own positions whatever the conversation looked like when they were answered.
_COUNT_TWO_MORE = (
    update(_conversations)
    .where(_conversations.c.id == bindparam("conversation"))
    .values(
        message_count=_conversations.c.message_count + 2,
        **{
            name: bindparam(f"new_{name}") for name in ("last_topic", "last_question", "misses", "locale", "updated_at")
        },
    )
    .returning(_conversations.c.message_count)
)


def record(
    conversation: Any,
    message: str,
    reply: Reply,
    state: ChatState,
    *,
    locale: str,
    screening: Any = None,
    written: str | None | bool = False,
) -> None:
    """Step 4: keep the question (masked: this is the only place words are stored) and the answer; flag risk.

    The two messages are written as rows beside the conversation, never by loading its earlier messages: the
    next position is the conversation's own count, so a long conversation costs no more per message than a new
    one. A new conversation's row goes in the same way; an existing one's count and state are changed by one
    UPDATE that returns the count, so positions come from what is stored, not from the copy that was answered
    (another message may have been stored meanwhile). Plain statements, not the ORM's unit of work, which cost
    as much as everything else here together. `written`: the question's language (written_in), when the caller
    has worked it out already (answer_in does, while it only reads).
    """

    now = utcnow()
    last_question = mask_personal(state.last_question)[:500] if state.last_question else None
    changes = {"last_topic": state.last_topic, "last_question": last_question, "misses": state.misses,
               "locale": locale, "updated_at": now}  # fmt: skip
    common = {"conversation_id": conversation.id, "intent": reply.intent, "topic": reply.topic, "helpful": None,
              "created_at": now, "updated_at": now}  # fmt: skip
    messages = [
        # The question is marked up in the language it is written in when shown, so only on evidence.
        {**common, "id": new_id(), "role": "user", "text": mask_personal(message),
         "language": written_in(message) if written is False else written,
         "sources": [], "quick_replies": [], "choices": [], "note": None, "note_language": None},
        {**common, "id": new_id(), "role": "assistant", "text": reply.answer,
         "sources": reply.sources, "quick_replies": reply.quick_replies, "choices": reply.choices,
         "note": reply.note,
         # What the answer is written in (the page it quotes, or the interface), so it is marked up in that
         # language whatever language the conversation is read in later.
         "language": reply.answer_language or locale,
         "note_language": reply.note_language or (locale if reply.note else None)},
    ]  # fmt: skip
    state_of = inspect(conversation)
    # Everything above is worked out before the transaction begins: on SQLite a writer holds the database's
    # one write lock from here to the commit, so the less it does in between, the less every other writer waits.
    connection = db.session.connection()  # begins the request's transaction, as the ORM would
    row = {"id": conversation.id, "easy_read": bool(conversation.easy_read), "created_at": now, "message_count": 2,
           **changes}  # fmt: skip
    counted = None
    if not state_of.transient:
        values = {"conversation": conversation.id, **{f"new_{name}": value for name, value in changes.items()}}
        counted = connection.execute(_COUNT_TWO_MORE, values).scalar_one_or_none()
    if counted is None:  # a new conversation (or one the retention job removed while this was answered)
        connection.execute(_INSERT_CONVERSATION, [row])
    position = (counted or 2) - 2
    for n, row_of_message in enumerate(messages):
        row_of_message["position"] = position + n
    connection.execute(_INSERT_MESSAGE, messages)
    if state_of.transient:
        for name, value in row.items():
            setattr(conversation, name, value)
        # The object now stands for the stored row (no second INSERT); its messages load from the database.
        make_transient_to_detached(conversation)
        db.session.add(conversation)
    else:
        # What is stored now, without the ORM writing it again at the commit.
        for name, value in {**changes, "message_count": position + 2}.items():
            set_committed_value(conversation, name, value)
        if "messages" not in state_of.unloaded:
            db.session.expire(conversation, ["messages"])  # loaded before these two were written
    if reply.intent == "urgent":
        # The safeguarding lead needs the exact words, so the flag keeps them unmasked. The screening that
        # found the risk is passed on, not run again.
        raise_flag(source="chat", source_id=conversation.id, text=message, language=reply.language, found=screening)


def raise_flag(*, source: str, source_id: str | None, text: str, language: str | None, found: Any = None) -> Any:
    """Put the exact words in the safeguarding queue (same-working-day target for the safeguarding lead)."""
    found = found if found is not None else screen(text)
    return safeguarding.raise_flag(source=source, source_id=source_id, text=text, language=language, found=found)


def record_helpful(conversation: Any, message_id: str, helpful: bool) -> bool:
    """'Was this helpful?' on one of this conversation's answers. False if the answer is not theirs."""

    if conversation is None:
        return False
    answer = db.session.scalar(
        select(ChatMessage).where(
            ChatMessage.id == message_id,
            ChatMessage.conversation_id == conversation.id,
            ChatMessage.role == "assistant",
        )
    )
    if answer is None:
        return False
    answer.helpful = helpful
    return True


def set_easy_read(conversation: Any, on: bool) -> None:
    conversation.easy_read = on


def request_callback(
    *,
    name: str,
    phone: str | None,
    email: str | None,
    preferred_time: str | None,
    about: str,
    locale: str,
    conversation_id: str | None,
    idempotency_key: str | None,
    user_id: str | None = None,
) -> Any:
    """Save a request for a person to get in touch (once, however many times it is sent)."""

    from portal.chat.callbacks import start_clock

    if idempotency_key:
        existing = db.session.scalar(select(CallbackRequest).where(CallbackRequest.idempotency_key == idempotency_key))
        if existing is not None:
            return existing
    callback = CallbackRequest(
        name=name,
        phone=phone,
        email=email,
        preferred_time=preferred_time,
        about=about,
        locale=locale,
        conversation_id=conversation_id,
        idempotency_key=idempotency_key,
        user_id=user_id,
    )
    start_clock(callback)
    db.session.add(callback)
    db.session.flush()
    screen_and_flag(about, source="callback", source_id=callback.id, language=locale)
    return callback


def purge_conversations(days: int) -> int:
    """Delete conversations not touched for `days` days (their messages go with them)."""
    from datetime import timedelta

    cutoff = utcnow() - timedelta(days=days)
    old_ids = list(db.session.scalars(select(ChatConversation.id).where(ChatConversation.updated_at < cutoff)))
    if not old_ids:
        return 0
    db.session.execute(delete(ChatMessage).where(ChatMessage.conversation_id.in_(old_ids)))
    db.session.execute(delete(ChatConversation).where(ChatConversation.id.in_(old_ids)))
    return len(old_ids)


@dataclass(frozen=True)
class Asked:
    """A family's question as officers see it: masked words, the language they are written in, and the topic
    answered (for answers marked not helpful)."""

    text: str
    language: str | None = None
    topic: str | None = None

    def __str__(self) -> str:
        return f"{self.topic or '-'}: {self.text}" if self.topic is not None else self.text


def report(limit: int = 50) -> dict[str, list[Any]]:
    """For officers improving content: unanswered and unhelpful questions (masked, as Asked) and urgent flags."""

    unanswered = db.session.scalars(
        select(ChatMessage)
        .where(ChatMessage.role == "user", ChatMessage.intent.in_(("out_of_scope", "handover")))
        .order_by(ChatMessage.created_at.desc())
        .limit(limit)
    )
    unhelpful = db.session.scalars(
        select(ChatMessage).where(ChatMessage.helpful.is_(False)).order_by(ChatMessage.created_at.desc()).limit(limit)
    )
    flags = safeguarding.latest_flags(limit)
    # Words in the safeguarding queue go only to the safeguarding lead: hold back every message of a
    # flagged conversation, and any question that screens as risky.
    held = safeguarding.flagged_ids("chat")

    def shown(message: ChatMessage, text: str) -> bool:
        return message.conversation_id not in held and not screen(text).risky

    rows_unhelpful = []
    for answer in unhelpful:
        asked = next((m for m in answer.conversation.messages if m.position == answer.position - 1), None)
        if asked is None or not shown(answer, asked.text):
            continue
        rows_unhelpful.append(Asked(asked.text, asked.language, answer.topic or "-"))
    return {
        "Not answered": [Asked(m.text, m.language) for m in unanswered if shown(m, m.text)],
        "Marked not helpful": rows_unhelpful,
        "Urgent (flagged to the safeguarding queue)": [
            f"{f.created_at:%Y-%m-%d %H:%M} [{', '.join(f.categories)}] status {f.status}" for f in flags
        ],
    }
