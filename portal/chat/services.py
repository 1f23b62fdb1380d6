"""The Local Offer assistant: retrieval over our own pages, never generation.

One function, ask(), serves the web page, htmx and the console. It decides what the message is
(urgent, about the person's own case, out of scope, unclear, or a question the Local Offer
answers), finds the best page and passage, and quotes two to four sentences from it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from flask import current_app
from flask_babel import force_locale, gettext, lazy_gettext

from portal.chat import language as lang
from portal.local_offer import services as local_offer
from portal.local_offer.markdown import fill_placeholders, passages
from portal.safeguarding import screen
from portal.safeguarding import services as safeguarding
from portal.safeguarding.services import screen_and_flag
from portal.search import index as ix
from portal.search import services as search

INTENTS = ("answer", "clarify", "out_of_scope", "urgent", "case_status", "handover")
MAX_ANSWER_WORDS = 90
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

_FOLLOW_UP = re.compile(
    r"^(?:and|so|but|also|then|what about|how about|what if|ok(?:ay)?|and what)\b|\b(?:that|this|it|they|them|there)\b",
    re.IGNORECASE,
)
_CASE_STATUS = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"\b(?:my|our|his|her|my (?:son|daughter|child)'?s?|ds'?s?|dd'?s?)\b[^.?!]{0,50}\b(?:request|application|assessment|case|ehcp|ehc plan|plan|draft|review|referral|appeal|taxi|transport|bus|paperwork|mediation|meeting)\b[^.?!]{0,60}\b(?:decided|decision|update|status|progress|stage|where|yet|heard|hear back|booked|late|overdue|chase|chasing|received|got it|approved|accepted|refused|still going ahead|going ahead|cancelled)\b",
        r"\b(?:has|have|did) (?:the )?(?:panel|council|la|sen team|send team|caseworker|case worker|case officer|you|anyone|someone)\b[^.?!]{0,30}\b(?:decided|made a decision|agreed|received|got|looked at|booked|sent|read|even)\b",
        r"\bwhere(?:'s|s| is) (?:my|our|his|her|the) (?:draft|final|plan|ehcp|request|application|decision|letter|taxi|transport|paperwork)\b",
        r"\b(?:still no|still not|still waiting|still haven'?t|no one has|nobody has|not heard|haven'?t heard|heard nothing|no reply|no response|no answer)\b",
        r"\b(?:it'?s|its) (?:been )?(?:week|weeks) \d+|\bweek \d+ and\b|\b\d+ weeks (?:and|since|now|ago)\b|\b(?:it'?s|its) been \d+ (?:weeks|months)\b",
        r"\bcan you (?:check|tell me|find out|look up|see)\b|\bis it still (?:going ahead|on|happening)\b",
        r"\b(?:my|our) (?:reference|ref) (?:number|no)\b|\bupdate on (?:my|our|his|her)\b|\bwho is (?:my|our) (?:caseworker|case worker|case officer|sen officer)\b",
        r"\bwhen will (?:i|we) (?:hear|get|know|find out)\b",
        r"\bczy (?:mój|moj|moja)?\s*wniosek\b.*\b(?:rozpatrzony|decyzj)|\bble mae\b[^?]{0,40}\b(?:fy|ein)\b|\bwedi bod yn \d+ wythnos|میرا کیس|میری درخواست کا کیا|کا کیا بنا",
        r"\b(?:mera|meri) (?:case|darkhwast)\b|\bka kya bana\b|\bhafte ho gaye\b",
    )
]  # fmt: skip


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

    def as_json(self) -> dict[str, Any]:
        """The console contract in DESIGN.md."""
        return {
            "intent": self.intent,
            "topic": self.topic,
            "answer": self.answer,
            "sources": self.sources,
            "quick_replies": self.quick_replies,
        }


def is_case_status(message: str) -> bool:
    return any(p.search(message) for p in _CASE_STATUS)


def _source(slug: str, title: str) -> dict[str, str]:
    return {"slug": slug, "title": title, "url": f"/local-offer/{slug}"}


def _council() -> Any:
    return current_app.config["COUNCIL"]


def ask(message: str, *, locale: str = "en", state: ChatState | None = None, user: str | None = None) -> Reply:
    """Answer one message in the interface language `locale`, using and updating the conversation state."""
    state = state or ChatState()
    message = " ".join(message.split())[:500]
    written_in = lang.detect(message)
    with force_locale(locale):
        reply = _decide(message, locale=locale, written_in=written_in, state=state, user=user)
        reply.quick_replies = [str(q) for q in reply.quick_replies]
    reply.language = written_in
    if reply.intent in ("out_of_scope", "handover"):
        state.misses += 1
    elif reply.intent in ("answer", "case_status", "urgent"):
        state.misses = 0
    if reply.topic and reply.intent in ("answer", "clarify"):
        state.last_topic = reply.topic
        state.last_question = message
    return reply


def _decide(message: str, *, locale: str, written_in: str, state: ChatState, user: str | None) -> Reply:
    # The "Talk to someone" button's own words are not a disclosure: they get the handover, not the screen.
    if _is_quick_reply(message, TALK):
        return handover_reply(gettext("Here is how to talk to a person."))
    if screen(message).risky:
        return urgent_reply(written_in)
    if is_case_status(message):
        return case_status_reply(message, user=user, locale=locale)
    return answer_reply(message, locale=locale, written_in=written_in, state=state)


def _is_quick_reply(message: str, label: Any) -> bool:
    return message.strip().rstrip("?.!").lower() == str(label).rstrip("?.!").lower()


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
        confidence=1.0,
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


def case_status_reply(message: str, *, user: str | None, locale: str) -> Reply:
    council = _council()
    found = search.search(search.SearchParams(q=message, kind="page", locale=locale, per_page=1), record_gaps=False)
    topic = found.hits[0].slug if found.hits else None
    lead = (
        gettext("I could not find a case linked to your account.")
        if user
        else gettext("I cannot see anyone's case from here, so I cannot tell you where yours is.")
    )
    answer = " ".join(
        [
            lead,
            gettext(
                "Your caseworker can tell you: phone the SEND team on %(phone)s or e-mail %(email)s, and give your "
                "reference number if you have one.",
                phone=council.sen_team_phone,
                email=council.sen_team_email,
            ),
            gettext("When online case tracking is switched on, you will be able to sign in and see your case here."),
        ]
    )
    sources = [_source("ehc-assessment-process-timeline", gettext("The assessment steps and time limits"))]
    return Reply(intent="case_status", topic=topic, answer=answer, sources=sources, quick_replies=[HOW_LONG, TALK])


# Words that mark a question as being about SEND, whatever else it mentions.
_SEND_WORDS = re.compile(
    r"\b(?:sen|ehcp?|ehc plan|senco|sendco|sendiass|disab\w*|autis\w*|adhd|asd|dyslex\w*|dyspraxi\w*|special "
    r"(?:needs|educational|school)|additional needs|learning (?:difficult\w*|disabilit\w*)|therap\w*|camhs|respite|"
    r"short breaks?|deaf|blind|wheelchair|down'?s syndrome|cerebral palsy|epilep\w*|tribunal|mediation|"
    r"one[- ]to[- ]one|1:1|ta support|speech|sensory|non[- ]verbal|global delay|diagnos\w*)\b",
    re.IGNORECASE,
)
_SEND_CASED = re.compile(r"\b(?:SEND|SEN|EHCP|SALT|EP|OT|SEMH|PDA)\b")
# Council and everyday matters that the Local Offer does not cover.
_OTHER_SERVICES = re.compile(
    r"\b(?:council tax|bins?|bin collection|recycling|rubbish|parking|permit|pothole|road ?works|library|libraries|"
    r"planning permission|births?|deaths?|marriage|registrar|passport|driving licence|electoral|vote|"
    r"care home|dementia|pension|reception place|school place|admissions?|first choice|catchment|"
    r"parcel|weather|capital of|football score|recipe)\b",
    re.IGNORECASE,
)


def about_send(message: str) -> bool:
    """Does the question say in so many words that it is about special needs or disability?"""
    return bool(_SEND_WORDS.search(message) or _SEND_CASED.search(message) or search.expand(message)[1])


def _page_vocabulary() -> frozenset[str]:
    version = local_offer.content_version()
    cached = _VOCABULARY.get("pages")
    if cached and cached[0] == version:
        return cached[1]
    words: set[str] = set()
    for page in local_offer.published_pages(locale="en"):
        text = " ".join([page.title, page.summary, " ".join(page.tags), " ".join(page.questions)])
        words.update(ix.stems_of([(text, 1.0)]))
    vocab = frozenset(words)
    _VOCABULARY["pages"] = (version, vocab)
    return vocab


_VOCABULARY: dict[str, tuple[int, frozenset[str]]] = {}


def coverage(message: str) -> float:
    """The share of the question's meaningful words that our pages' titles, keys and questions use."""
    stems = [t for t in ix.stems_of([(message, 1.0)]) if len(t) > 2 and not t.isdigit()]
    if not stems:
        return 0.0
    vocab = _page_vocabulary()
    return sum(1 for t in stems if t in vocab) / len(stems)


def out_of_scope(message: str, written_in: str) -> bool:
    """Not something the Local Offer covers: another council service, or nothing to do with SEND at all."""
    if about_send(message):
        return False
    if _OTHER_SERVICES.search(message):
        return True
    return written_in == "en" and coverage(message) < 0.5


def answer_reply(message: str, *, locale: str, written_in: str, state: ChatState) -> Reply:
    follow_up = bool(state.last_question) and _looks_like_follow_up(message)
    context = state.last_question if follow_up else ""
    if not follow_up and out_of_scope(message, written_in):
        return _miss_reply(message, [], state)
    params = search.SearchParams(
        q=message, kind="page", locale=locale, per_page=5, context=context or "", context_weight=0.6
    )
    results = search.search(params, record_gaps=False)
    hits = results.hits
    confidence = _confidence(message, hits, context)
    if not hits or confidence < MIN_CONFIDENCE:
        return _miss_reply(message, hits, state)
    best = hits[0]
    if follow_up and state.last_topic:
        # A follow-up usually stays on the page we were talking about, if that page answers it well enough.
        same = next((h for h in hits if h.slug == state.last_topic), None)
        if same is not None and same.score >= best.score * FOLLOW_UP_STAY:
            best = same
            hits = [same] + [h for h in hits if h is not same]
    if _ambiguous(message, hits) and not follow_up:
        return _clarify_reply(hits)
    page, sentences, note = _extract(best.slug, message, context, locale=locale, written_in=written_in, state=state)
    sources = [_source(best.slug, page.title)]
    for hit in hits[1:]:
        if len(sources) >= 3 or hit.score < best.score * 0.4:
            break
        if hit.slug not in {s["slug"] for s in sources}:
            sources.append(_source(hit.slug, hit.title))
    quick = [q for q in QUICK_REPLIES.get(best.slug, DEFAULT_QUICK_REPLIES)]
    return Reply(
        intent="answer",
        topic=best.slug,
        answer=" ".join(sentences),
        sources=sources,
        quick_replies=quick,
        note=note,
        confidence=confidence,
    )


def _looks_like_follow_up(message: str) -> bool:
    """Short questions lean on what came before ("how long do I have?"); longer ones stand alone."""
    words = message.split()
    return len(words) <= 6 or (len(words) <= 10 and bool(_FOLLOW_UP.search(message)))


def _confidence(message: str, hits: list[search.Hit], context: str) -> float:
    """The best page's score per telling word in the question (scores grow with the number of words)."""
    if not hits:
        return 0.0
    idx = search.search_index()
    searcher = idx.searcher()
    expanded, _ = search.expand(message)
    rare, common = ix.weighted_terms(searcher, [(expanded, 1.0)])
    known = len(rare) + len(common)
    if known == 0:
        return 0.0
    return hits[0].score / (known**0.5 * 3.0)


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
        sources=[_source(h.slug, h.title) for h in options],
        quick_replies=[h.title for h in options],
        choices=[h.title for h in options],
    )


def _miss_reply(message: str, hits: list[search.Hit], state: ChatState) -> Reply:
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
    reply.sources = reply.sources or [_source(h.slug, h.title) for h in hits[:3]]
    return reply


_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'‘“(])")


def _extract(
    slug: str, message: str, context: str, *, locale: str, written_in: str, state: ChatState
) -> tuple[Any, list[str], str | None]:
    """The page to quote, two to four of its sentences, and a note about language if needed."""
    variant = "easy-read" if state.easy_read else "standard"
    view = local_offer.get_page(slug, locale=locale, variant=variant)
    page = view.page
    note = None
    if written_in in ("pl", "ur", "ur-Latn"):
        note = gettext("I answered in English. To talk to someone in your language, ask us to contact you.")
    elif locale != "en" and page.locale != locale:
        note = gettext("This page has not been translated yet, so the answer is in English.")
    body = fill_placeholders(page.body_md, _council().placeholders())
    expanded, added = search.expand(message)
    stems = ix.stems_of([(message, 1.0), (" ".join(added), 0.6), (context, 0.4)])
    parts = passages(body)
    if len(ix.stems_of([(message, 1.0)])) <= 2 and not context:
        # One or two words ("transport", "EHE"): start from what the page is about.
        first = parts[0].text if parts else ""
        sentences = [fill_placeholders(page.summary, _council().placeholders()), *_split(first)[:2]]
        return page, [s for s in sentences if s][:3], note
    chosen = _best_passage(parts, stems)
    return page, _pick_sentences(_split(chosen), stems), note


def _split(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_SPLIT.split(" ".join(text.split())) if len(s.strip()) > 2]


def _best_passage(parts: list[Any], stems: set[str]) -> str:
    def score(p: Any) -> float:
        heading_hits = sum(1 for w in re.findall(r"\w+", p.heading) if ix._stem(w) in stems)
        body_hits = sum(1 for w in re.findall(r"\w+", p.text) if ix._stem(w) in stems)
        # "What to do next" is a list of links: good to follow, poor to quote.
        penalty = 0.3 if p.heading.lower().startswith(("what to do next", "beth i'w wneud")) else 1.0
        return (3 * heading_hits + body_hits / (1 + len(p.text) / 600)) * penalty

    usable = [p for p in parts if len(p.text.split()) >= 8]
    if not usable:
        return parts[0].text if parts else ""
    return max(usable, key=score).text


def _pick_sentences(sentences: list[str], stems: set[str]) -> list[str]:
    """Up to four sentences in page order, starting at the most relevant, at most MAX_ANSWER_WORDS words."""
    if not sentences:
        return []

    def hits(s: str) -> int:
        return sum(1 for w in re.findall(r"\w+", s) if ix._stem(w) in stems)

    start = max(range(len(sentences)), key=lambda i: (hits(sentences[i]), -i))
    # Start one sentence earlier when the best sentence leans on the one before it.
    if start > 0 and re.match(r"^(?:This|That|It|They|These|Then|So|But|And)\b", sentences[start]):
        start -= 1
    picked: list[str] = []
    words = 0
    for sentence in sentences[start:]:
        n = len(sentence.split())
        if picked and (len(picked) >= 4 or words + n > MAX_ANSWER_WORDS):
            break
        picked.append(sentence)
        words += n
    if len(picked) < 2 and start > 0:
        picked.insert(0, sentences[start - 1])
    return picked


# Conversations on the web ------------------------------------------------------------------


def get_conversation(conversation_id: str | None) -> Any:
    """The visitor's conversation, or None (ids come only from their own signed session cookie)."""
    from portal.chat.models import ChatConversation
    from portal.db import db

    if not conversation_id:
        return None
    return db.session.get(ChatConversation, conversation_id)


def start_conversation(*, locale: str, easy_read: bool = False) -> Any:
    from portal.chat.models import ChatConversation
    from portal.db import db

    conversation = ChatConversation(locale=locale, easy_read=easy_read)
    db.session.add(conversation)
    db.session.flush()
    return conversation


def handle_message(conversation: Any, message: str, *, locale: str) -> Reply:
    """Answer a message in a stored conversation: keep the masked question and the answer, flag any risk."""
    from portal.chat.models import ChatMessage
    from portal.db import db

    state = ChatState(
        last_topic=conversation.last_topic,
        last_question=conversation.last_question,
        misses=conversation.misses,
        easy_read=conversation.easy_read,
    )
    reply = ask(message, locale=locale, state=state)
    position = len(conversation.messages)
    conversation.messages.append(
        ChatMessage(
            position=position,
            role="user",
            text=search.mask_personal(message),
            language=reply.language,
            intent=reply.intent,
            topic=reply.topic,
        )
    )
    conversation.messages.append(
        ChatMessage(
            position=position + 1,
            role="assistant",
            text=reply.answer,
            intent=reply.intent,
            topic=reply.topic,
            sources=reply.sources,
            quick_replies=reply.quick_replies,
            choices=reply.choices,
            note=reply.note,
        )
    )
    conversation.last_topic = state.last_topic
    conversation.last_question = search.mask_personal(state.last_question) if state.last_question else None
    conversation.misses = state.misses
    conversation.locale = locale
    db.session.flush()
    if reply.intent == "urgent":
        screen_and_flag(message, source="chat", source_id=conversation.id, language=reply.language)
    return reply


def raise_flag(*, source: str, source_id: str | None, text: str, language: str | None) -> Any:
    """Put the exact words in the safeguarding queue (same-working-day target for the safeguarding lead)."""
    return safeguarding.raise_flag(source=source, source_id=source_id, text=text, language=language, found=screen(text))


def record_helpful(conversation: Any, message_id: str, helpful: bool) -> bool:
    """'Was this helpful?' on one of this conversation's answers. False if the answer is not theirs."""
    for message in conversation.messages if conversation else []:
        if message.id == message_id and message.role == "assistant":
            message.helpful = helpful
            from portal.db import db

            db.session.flush()
            return True
    return False


def set_easy_read(conversation: Any, on: bool) -> None:
    from portal.db import db

    conversation.easy_read = on
    db.session.flush()


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
) -> Any:
    """Save a request for a person to get in touch (once, however many times it is sent)."""
    from sqlalchemy import select

    from portal.chat.callbacks import start_clock
    from portal.chat.models import CallbackRequest
    from portal.db import db

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
    )
    start_clock(callback)
    db.session.add(callback)
    db.session.flush()
    screen_and_flag(about, source="callback", source_id=callback.id, language=locale)
    return callback


def purge_conversations(days: int) -> int:
    """Delete conversations not touched for `days` days (their messages go with them)."""
    from datetime import timedelta

    from sqlalchemy import delete, select

    from portal.chat.models import ChatConversation, ChatMessage
    from portal.db import db, utcnow

    cutoff = utcnow() - timedelta(days=days)
    old_ids = list(db.session.scalars(select(ChatConversation.id).where(ChatConversation.updated_at < cutoff)))
    if not old_ids:
        return 0
    db.session.execute(delete(ChatMessage).where(ChatMessage.conversation_id.in_(old_ids)))
    db.session.execute(delete(ChatConversation).where(ChatConversation.id.in_(old_ids)))
    return len(old_ids)


def report(limit: int = 50) -> dict[str, list[str]]:
    """For officers improving content: unanswered and unhelpful questions (masked) and urgent flags."""
    from sqlalchemy import select

    from portal.chat.models import ChatMessage
    from portal.db import db
    from portal.safeguarding.models import SafeguardingFlag

    unanswered = db.session.scalars(
        select(ChatMessage)
        .where(ChatMessage.role == "user", ChatMessage.intent.in_(("out_of_scope", "handover")))
        .order_by(ChatMessage.created_at.desc())
        .limit(limit)
    )
    unhelpful = db.session.scalars(
        select(ChatMessage).where(ChatMessage.helpful.is_(False)).order_by(ChatMessage.created_at.desc()).limit(limit)
    )
    flags = db.session.scalars(select(SafeguardingFlag).order_by(SafeguardingFlag.created_at.desc()).limit(limit))
    # Words in the safeguarding queue go only to the safeguarding lead: hold back every message of a
    # flagged conversation, and any question that screens as risky.
    from portal.feedback.safeguarding import flagged_ids

    held = flagged_ids("chat")

    def shown(message: ChatMessage, text: str) -> bool:
        return message.conversation_id not in held and not screen(text).risky

    question_for: dict[str, str] = {}
    rows_unhelpful = []
    for answer in unhelpful:
        asked = next((m.text for m in answer.conversation.messages if m.position == answer.position - 1), "")
        if not shown(answer, asked):
            continue
        question_for[answer.id] = asked
        rows_unhelpful.append(f"{answer.topic or '-'}: {asked}")
    return {
        "Not answered": [m.text for m in unanswered if shown(m, m.text)],
        "Marked not helpful": rows_unhelpful,
        "Urgent (flagged to the safeguarding queue)": [
            f"{f.created_at:%Y-%m-%d %H:%M} [{', '.join(f.categories)}] status {f.status}" for f in flags
        ],
    }
