"""Step 1 of the assistant: understand a message before looking anything up.

What language it is in, whether screening says someone may be at risk, and what kind of message
it is (the person's own case, something outside the Local Offer, a follow-up, or a question).
The shape cues below (who a message is about, what it asks) are not verdicts: with the intent model's two heads
and what search says of the message, they are the features of one learned decision (decide(), with the model in
portal/chat/decision.py, trained on the intent corpus). The words are used exactly as written: masking personal
details is for what we store, never for what we answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

import numpy as np

from portal.chat import decision
from portal.chat import intent as learned
from portal.platform import language as lang
from portal.safeguarding import Screening, screen

# -- own case (cues: features of the decision, not verdicts) ---------------------------------
# A message is about the person's own case when it points at THEIR case (a possessive, something
# they did, or a request to look something up) AND asks where it stands (a status cue), and it
# does not ask what the rule is (a general-rule cue such as "how long does the council have").
_CASE_NOUN = (
    r"(?:request|application|assessment|ehc ?needs assessment|ehcna|case|ehcp|ehc plan|plan|draft|final|review|"
    r"annual review|referral|appeal|tribunal|transport|taxi|bus|paperwork|forms?|mediation|meeting|panel|"
    r"decision|letter|report|amendments?|caseworker|case worker|case officer|sen officer|place)"
)
_POSSESSIVE = re.compile(
    r"\b(?:my|our|his|her|their|(?:my|our) (?:son|daughter|child|kid|boy|girl)'?s?|ds'?s?|dd'?s?|dc'?s?)\b"
    r"(?:\s+\w+){0,4}?\s+" + _CASE_NOUN + r"\b",
    re.IGNORECASE,
)
_CASE_WORD = re.compile(r"\b" + _CASE_NOUN + r"\b", re.IGNORECASE)
# Capitalised words that are not a child's name: days, months, languages, places, organisations, people in
# general, sentence openers ("Today's meeting", "Council's decision", "the panel for Monday").
_NOT_A_NAME = (
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|"
    r"September|October|November|December|Christmas|Easter|Today|Tomorrow|Yesterday|Week|Month|Year|Reception|"
    r"English|Welsh|Polish|Urdu|England|Wales|God|Council|School|College|Tribunal|Ofsted|Wessex|Government|NHS|LA|"
    r"SENCO|GP|Makaton|Autism|Down|Asperger|Tourette|Covid|Everyone|Nobody|Somebody|Someone|Anyone|Child|Children|"
    r"Parent|Parents|Mum|Dad|Nan|Gran|The|This|That)"
)
# A named child's case ("Ruby's EHCP", "Ezra's application"): a capitalised name that is none of the above.
_NAMED_CHILDS = re.compile(
    r"\b(?!" + _NOT_A_NAME + r"['’]s)"
    r"[A-Z][a-z]{1,15}['’]s\b(?:\s+\w+){0,4}?\s+(?i:" + _CASE_NOUN + r")\b"
)
# A child named after a preposition ("the decision for Jacob", "any news about Omar", "Hassan ke baare mein", "Sara ka
# form"), a capitalised name that is none of the above.
_NAMED_AFTER = re.compile(
    r"\b(?:for|about|with|regarding|re|of|concerning|dla|i|ar gyfer)\s+(?!" + _NOT_A_NAME + r"\b)[A-Z][a-z]{2,15}\b"
    r"(?!\s+(?:County|Council|School|College|Academy|Primary|Hospital|Road|Street|Centre|Forum|Trust|Park))|"
    r"\b(?!" + _NOT_A_NAME + r"\b)[A-Z][a-z]{2,15} (?:ka|ki|ke) (?:liye|baare|kya|case|form|ehcp|application|plan)\b"
)
# A case reference ("ref EH/2231", "reference number 448812", "our ref: SEN-7781") exists only for someone's own case.
_CASE_REFERENCE = re.compile(
    r"\b(?:ref(?:erence)?|case)(?:\s*(?:no|number|num)\.?)?\s*(?:is\s*)?[:#.]?\s*[A-Z]{0,5}[/-]?\d{3,}\b|"
    r"\b[A-Z]{2,5}[/-]\d{3,}\b|\b(?:the |my |our )?reference (?:number|no\.?) for (?:my|our)\b",
    re.IGNORECASE,
)
_OWN_CHILD = re.compile(r"\b(?:my|our) (?:son|daughter|child|kid|boy|girl)\b|\b(?:ds|dd|dc)\b", re.IGNORECASE)
_DID_SOMETHING = re.compile(
    r"\b(?:i|we)(?: have| had|'ve)? (?:sent|sent off|applied|asked|put in|submitted|booked|emailed|e-mailed|rang|"
    r"phoned|called|requested|appealed|returned|handed in|filled in)\b|^(?:sent|applied|submitted|booked|"
    r"was (?:meant|supposed|told) to)\b|\b(?:was|were) (?:meant|supposed|told) to (?:get|have|hear|receive)\b",
    re.IGNORECASE,
)
_LOOK_UP = re.compile(
    r"\bcan you (?:check|tell me|find out|look up|look into|see|chase)\b|\b(?:any|an) (?:update|news)\b|"
    r"\bupdate on\b|\bwho is (?:my|our|his|her) (?:caseworker|case worker|case officer|sen officer|key worker)\b",
    re.IGNORECASE,
)
_STATUS = re.compile(
    r"\b(?:yet|update|news|status|progress|up to|where(?:'s|s| is| are)|still (?:no|not|waiting|nothing|"
    r"haven'?t|hasn'?t|going ahead|on|happening)|heard (?:nothing|back|anything)|not heard|haven'?t heard|"
    r"no (?:reply|response|answer|word)|been (?:approved|accepted|agreed|decided|booked|sent|received|refused|"
    r"looked at|read)|has (?:the |anyone|anybody|someone)\b[^.?!]{0,40}\b(?:decided|received|got|looked|booked|"
    r"sent|read|agreed|approved)|have you (?:got|received|decided)|is it (?:still )?(?:going ahead|booked|on)|"
    r"who is (?:my|our)|chase|chasing|overdue|"
    # Whether anyone is handling it: "is it being looked at", "is anyone working on ...".
    r"being (?:looked at|dealt with|processed|considered|sorted)|(?:anyone|anybody|someone|somebody) (?:actually )?"
    r"(?:working on|dealing with|looking at|sorting)|"
    # Where one step of it is: "what stage", "has the advice come in", "what's holding it up", "when will it come".
    r"what stage|(?:come|came) in|holding (?:things|it|everything) up|when (?:will|is|does)\b[^?.!]{0,60}\b(?:come|arrive|"
    r"be (?:sent|ready|decided|made|finished|issued)))\b",
    re.IGNORECASE,
)
# Time already passing in their own case: "it's week 19", "5 weeks ago", "its been 18 weeks".
_ELAPSED = re.compile(
    r"\b(?:it'?s|its|it is|now)(?: been)? (?:week )?\d+(?: weeks| months)?\b|\bweek \d+\b|\b\d+ (?:weeks|months|days) "
    r"(?:ago|now|since|later|and)\b|\bbeen \d+ (?:weeks|months)\b",
    re.IGNORECASE,
)
# Asking what the rule is, not where their case is.
_RULE_CUE = re.compile(
    r"\bhow long (?:does|do|should|can|will|is|has)\b|\btime ?limits?\b|\bdeadlines?\b|\ballowed\b|\blegal(?:ly)?\b|"
    r"\bby law\b|\bsupposed to (?:take|happen)\b|\bwhat happens (?:if|when|after|next)\b|\bwhat (?:if|should|can) "
    r"(?:i|we|they|the council)\b|\b(?:do|does) (?:they|the council|the la|school) have to\b|\bnormally\b|\busually\b|"
    r"\bis (?:that|it|this) (?:normal|ok|okay|right|legal)\b|\bmy rights?\b|\bhow do (?:i|we)\b|\bhow can (?:i|we)\b|"
    # What something means or holds: "what section F means", "what goes in", "I don't understand what".
    r"\bwhat (?:\w+ ){1,3}means?\b|\bwhat goes in\b|\b(?:don'?t|do not) (?:know|understand) what\b|"
    # Who qualifies: eligibility is a rule, whoever it is asked about.
    r"\b(?:entitled|entitlement|eligible|eligibility|qualify|qualifies)\b|"
    # How long one has to act, and the right to challenge a decision.
    r"\bhow long (?:have|has) (?:i|we|they|you) got\b|\bcan (?:i|we) (?:appeal|challenge|complain|disagree|dispute)\b|"
    r"\bappealable\b|\bcan (?:it|that|this|the decision|they|we|i) be (?:appealed|challenged|overturned)\b",
    re.IGNORECASE,
)
# "How do I", "how long" in Welsh, Polish and Urdu: asking for the process or the rule.
_OTHER_LANGUAGE_RULE_CUE = re.compile(
    r"\b(?:sut|pa mor hir|faint o amser|jak|ile czasu|ile tygodni|kaise|kitna waqt)\b|کیسے|کتنا وقت", re.IGNORECASE
)
# The same shape in Welsh, Polish and Urdu: a possessive with a status question, or time already passing.
_OTHER_LANGUAGE_CASE = re.compile(
    r"\bble mae\b[^?]{0,60}\b(?:fy|ein)\b|\b(?:fy|ein) \w+ (?:i )?\w+ (?:eto|wedi)\b|\bwedi bod yn \d+ (?:wythnos|mis)|"
    r"\b(?:mój|moj|moja|mojego|mojej|nasz|nasza|naszego)\b[^?]{0,40}\b(?:rozpatrz\w*|decyzj\w*|jeszcze|nadal|status)\b|"
    r"\b(?:mera|meri|mere|hamara|hamari)\b[^?]{0,50}\b(?:kya bana|kab tak|abhi tak|update)\b|\bhafte ho gaye\b|"
    r"میرا کیس|میری درخواست|کا کیا بنا|ابھی تک|"
    # "What became of ...", and nobody has called back or answered, in each of these languages.
    r"\b(?:us|un|is|in)?(?:ka|ki|ke) kya bana\b|\bkya faisla (?:hua|huwa)\b|کیا فیصلہ ہوا|\bneb (?:wedi|'di) (?:ffonio|ateb|cysylltu|ymateb|ffonio['’]?n ôl)\b|"
    r"\bnikt (?:nie |mi nie |nam nie )?(?:oddzwoni\w*|odpisa\w*|odpowiedzia\w*|skontaktowa\w*)\b|"
    r"\bkisi ne (?:call|phone|fone|jawab|reply|rabta) (?:\w+ )?nahi\b|کسی نے (?:جواب|فون|کال|رابطہ) نہیں",
    re.IGNORECASE,
)


def names_a_child(message: str) -> bool:
    """A child named in the message ("Ruby's EHCP", "the decision for Jacob"): nobody asks the rule about a name."""
    return bool(_NAMED_CHILDS.search(message) or _NAMED_AFTER.search(message))


def matches_case_rules(message: str) -> bool:
    """The hand-written shape rule: points at THEIR case, asks where it stands, and is not a rule question."""
    if _OTHER_LANGUAGE_CASE.search(message):
        return True
    if _CASE_REFERENCE.search(message):
        return not _RULE_CUE.search(message)
    own = bool(
        _POSSESSIVE.search(message)
        or names_a_child(message)
        or _DID_SOMETHING.search(message)
        or _LOOK_UP.search(message)
        or (_OWN_CHILD.search(message) and _CASE_WORD.search(message))
    )
    elapsed = bool(_ELAPSED.search(message))
    status = bool(_STATUS.search(message) or _LOOK_UP.search(message))
    if not status or not (own or elapsed):
        return False
    return not _RULE_CUE.search(message)


def names_a_case_matter(message: str, expansions: list[str]) -> bool:
    """Does the message name something a family's case is made of (a plan, a request, a review, SEND words, a named
    child)?"""
    return bool(_CASE_WORD.search(message) or names_a_child(message) or mentions_send(message, expansions))


# Someone whose case it is: a possessive or first person, in any of our languages (a name alone is rarer).
_OWNER = re.compile(
    r"\b(?:my|our|we|we'?ve|we'?re|i|i'?ve|i'?m|us|me|ds|dd|dc|lo|fy|ein|dw|rydyn|mój|moj|moja|mojego|mojej|moje|"
    r"mojemu|nasz|nasza|naszego|naszej|nam|nas|syna|córki|corki|mera|meri|mere|hamara|hamari|hamare|humne|hum)\b|"
    r"\w+'s\b|میرا|میری|میرے|ہمارا|ہماری|ہمارے|ہم",
    re.IGNORECASE,
)
MIN_CASE_WORDS = 4  # shorter than this, a message is never the person's own case (see decide)


# -- out of scope (cues: features of the decision, not verdicts) -----------------------------
# Words that mark a question as being about SEND, whatever else it mentions.
_SEND_WORDS = re.compile(
    r"\b(?:sen|ehcp?|ehc plan|senco|sendco|sendiass|disab\w*|autis\w*|adhd|asd|dyslex\w*|dyspraxi\w*|special "
    r"(?:needs|educational|school)|additional needs|learning (?:difficult\w*|disabilit\w*)|therap\w*|camhs|respite|"
    r"short ?breaks?|deaf|blind|wheelchair|down'?s syndrome|cerebral palsy|epilep\w*|tribunal|mediation|"
    r"one[- ]to[- ]one|1:1|ta support|speech|sensory|non[- ]verbal|global delay|diagnos\w*|"
    # The Local Offer's own services, often typed in English inside a Welsh, Polish or Urdu question.
    r"personal budgets?|direct payments?|annual reviews?|local offer|portage|preparing for adulthood)\b",
    re.IGNORECASE,
)
_SEND_CASED = re.compile(r"\b(?:SEND|SEN|EHCP|SALT|EP|OT|SEMH|PDA)\b")
# Council and everyday matters the Local Offer does not cover, by kind rather than by question.
OTHER_SERVICES = re.compile(
    r"\b(?:council tax|bins?|bin collection|recycling|rubbish|fly.?tipping|parking|permit|pothole|road ?works|"
    r"street ?lights?|library|libraries|planning permission|planning application|births?|deaths?|marriage|registrar|"
    r"passport|driving licence|electoral|vote|voting|care home|dementia|pension|reception place|school place|"
    r"admissions?|first choice|catchment|housing benefit|parcel|weather|capital of|football|score|recipe|"
    r"holiday booking|flights?|mortgage|tax return|universal credit claim)\b",
    re.IGNORECASE,
)
# Someone asking about an adult's own needs (over 25) or an older relative: outside a 0-25 Local Offer.
# Any person the message is about said to be 26 or older, in each language ("my brother is 28", "mae mam yn 80",
# "ma 30 lat", "40 saal ke"), but not 30 of anything else ("is 30 minutes late", "40 pages").
_OVER_25 = r"(?:2[6-9]|[3-9]\d)"
_ADULT_AGE = re.compile(
    rf"\b(?:i'?m|i am|aged|age|is|he'?s|she'?s|they'?re|who'?s|turned|now) (?:now |just |nearly )?{_OVER_25}\b"
    r"(?!\s*(?:%|percent|per ?cent|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|miles?|km|pounds?|quid|pages?|"
    r"times?|pupils?|children|kids|people|places?|sessions?|am\b|pm\b|o'?clock|working|school))"
    rf"|\b{_OVER_25} ?(?:years? old|yrs? old|year-old|y/?o)\b|\byn {_OVER_25}\b(?= (?:oed|mlwydd|ac)\b)"
    rf"|\bma {_OVER_25} lat\b|\b{_OVER_25} lat(?:a|ek)?\b|\b{_OVER_25} (?:saal|sal) (?:ka|ki|ke)\b|\b{_OVER_25} ke ha?in\b"
    rf"|\b{_OVER_25} سال",
    re.IGNORECASE,
)
_OLDER_RELATIVE = re.compile(
    r"\b(?:my|our) (?:dad|mum|mom|father|mother|husband|wife|partner|nan|nana|gran|grandma|grandad|grandfather|"
    r"grandmother|elderly)\b",
    re.IGNORECASE,
)
_CHILD_WORDS = re.compile(
    r"\b(?:child|children|son|daughter|kid|kids|boy|girl|teen|teenager|baby|toddler|pupil|student|young person|"
    r"school|college|nursery|ds|dd|dc)\b",
    re.IGNORECASE,
)


def mentions_send(message: str, expansions: list[str]) -> bool:
    """Does the question say in so many words that it is about special needs or disability?

    Our word lists' expansions count only when they are SEND words themselves ("autyzm" -> autism), not
    everyday words ("help" -> support) that any council question uses.
    """
    added = " ".join(expansions)
    return bool(_SEND_WORDS.search(message) or _SEND_CASED.search(message) or _SEND_WORDS.search(added))


# The child's SEND named first, then set aside: "but this is about me", "not about him", "ond mae hyn am rywbeth
# arall", "ale to nie dotyczy", "lekin yeh us ke baare mein nahi". The model then decides as for any question.
_ABOUT_SOMETHING_ELSE = re.compile(
    r"\b(?:but|though|however) (?:this|it|my question)(?:'s| is) (?:about|for|a question about) "
    r"(?:me|myself|something else|another thing|something different|a different thing)\b"
    r"|\b(?:this|it|my question)(?: is not|'s not| isn'?t) (?:about|for|to do with) (?:him|her|them|my (?:son|daughter|child|kid))\b"
    r"|\bnothing to do with (?:his|her|their|my (?:son|daughter|child)'?s?) (?:send|needs|plan|ehcp|autism|disability)\b"
    r"|\b(?:mae hyn|mae'r cwestiwn) (?:am|ynglŷn â) (?:rywbeth|rhywbeth) arall\b|\bdim (?:byd )?i'?w wneud (?:â|a|efo) (?:ei|eu)\b"
    r"|\bale (?:to|pytanie) (?:nie dotyczy|jest o czym[śs] innym|dotyczy (?:mnie|czego[śs] innego))"
    r"|\b(?:lekin|magar|par) (?:yeh|ye|yah|sawal) (?:us|un|uske|unke) (?:ke )?(?:baare|bare) (?:mein|me|main) nahi\b"
    r"|لیکن (?:یہ|سوال) (?:اس|ان) کے بارے میں نہیں",
    re.IGNORECASE,
)
# A child said to have no SEND at all ("he doesn't have any additional needs"; not "no EHCP", which is ours): the
# SEND words do not make it ours.
_NO_SEND = re.compile(
    r"\b(?:(?:does ?n[o']?t|does not|doesn'?t) have|has no|with no|without) (?:any )?(?:additional|special|extra) "
    r"(?:educational )?needs\b|\b(?:is|he'?s|she'?s) not (?:sen|send)\b|"
    # The same in Welsh, Polish and Urdu (script and Roman): no additional or special needs at all.
    r"\b(?:does dim|heb|dim) (?:unrhyw )?anghenion (?:addysgol )?(?:arbennig|ychwanegol)\b|"
    r"\b(?:nie ma|nie mają|bez|brak) (?:żadnych )?(?:specjalnych|dodatkowych|szczególnych) (?:potrzeb|wymagań)\b|"
    r"\bkoi (?:khaas|khas|special|khusoosi|khususi) (?:zaroorat|zarurat|zaruriyat|zaroori|needs?) nahi\b|"
    r"کوئی (?:خاص|خصوصی|اضافی) (?:ضرورت|ضروریات) نہیں",
    re.IGNORECASE,
)
# SEND words that only describe who the question is about ("my autistic daughter wants...", "my son has an EHCP and
# loves his school but is it open on the strike day?"): the question itself may be about anything. They are set
# aside before asking whether the question names SEND.
_SEND_DESCRIBED = (
    r"(?:autistic|disabled|deaf|blind|dyslexic|dyspraxic|adhd|send|sen|non-?verbal|additional needs|special needs)"
)
_SEND_HELD = (
    r"(?:an? )?(?:ehcp|ehc plan|autism|adhd|asd|sen|send|disability|dyslexia|dyspraxia|additional needs|special "
    r"needs|learning difficult\w*|learning disabilit\w*|down'?s syndrome|cerebral palsy|epilepsy|pda|global delay)"
)
_DESCRIBES_THE_CHILD = re.compile(
    r"\b(?:my|our|his|her) (?:\w+ )?" + _SEND_DESCRIBED + r" (?:son|daughter|child|kid|boy|girl|teen|teenager|toddler|"
    r"grandson|granddaughter|brother|sister)\b"
    r"|\b(?:he|she|they|my (?:son|daughter|child|kid|boy|girl)|our (?:son|daughter|child))(?: \w+)? (?:has|have|is|'s|are)"
    r" (?:got )?(?:" + _SEND_HELD + r"|" + _SEND_DESCRIBED + r")\b",
    re.IGNORECASE,
)


def _send_only_describes(message: str, expansions: list[str]) -> bool:
    """The SEND words only say who the question is about (see _DESCRIBES_THE_CHILD); the rest names none."""
    if not _DESCRIBES_THE_CHILD.search(message):
        return False
    rest = _DESCRIBES_THE_CHILD.sub(" my child ", message)
    return not (_SEND_WORDS.search(rest) or _SEND_CASED.search(rest))


# -- follow-ups -------------------------------------------------------------------------------
_LEANS_BACK = re.compile(
    r"^(?:and|so|but|also|then|what about|how about|ok(?:ay)?|and what|a beth am|a |ac |i co z|a co)\b",
    re.IGNORECASE,
)
_OWN_SUBJECT = re.compile(
    r"\b(?:my|our) (?:son|daughter|child|kid|boy|girl|baby|teen|teenager)\b|\b(?:i'?m|i am) \d+\b|\b(?:ds|dd|dc)\b",
    re.IGNORECASE,
)
_POINTS_BACK = re.compile(r"\b(?:that|this|it|they|them|there|those|these|one)\b", re.IGNORECASE)


def is_follow_up(message: str, *, has_earlier: bool, names_a_topic: bool) -> bool:
    """Does the message need the earlier one to make sense? A self-contained question never does.

    "and how long does that take?" leans on what came before; "what is an EHCP" names its own topic.
    """
    if not has_earlier:
        return False
    if _LEANS_BACK.search(message.strip()):
        return True
    if names_a_topic:
        return False
    if _POINTS_BACK.search(message):
        return True
    # A very short question with no topic and no subject of its own ("how long do I have?").
    return len(message.split()) <= 5 and not _OWN_SUBJECT.search(message)


# -- the whole step ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Understanding:
    text: str  # exactly as written (never masked)
    language: str  # "en", "cy", "pl", "ur" or "ur-Latn"
    intent: str  # "urgent", "handover", "case_status", "out_of_scope" or "question"
    follow_up: bool = False
    categories: tuple[str, ...] = ()
    # How sure the learned model is that this is outside the Local Offer (1.0 when a rule of kind said so).
    out_score: float = 0.0
    # What screening found (None for our own buttons' words), kept so a flag is raised without screening again.
    screening: Screening | None = field(default=None, compare=False, repr=False)


def _plain(text: str) -> str:
    return text.strip().rstrip("?.!").lower()


def understand(
    message: str,
    *,
    has_earlier: bool,
    handover_words: str,
    expansions: list[str],
    coverage: float,
    names_a_topic: bool,
    own_words: frozenset[str] = frozenset(),
) -> Understanding:
    """Language, screening and intent of one message, in that order (screening always comes first)."""
    first = first_look(
        message, has_earlier=has_earlier, handover_words=handover_words, names_a_topic=names_a_topic,
        own_words=own_words,
    )  # fmt: skip
    return decide(first, expansions=expansions, coverage=coverage)


def first_look(
    message: str,
    *,
    has_earlier: bool,
    handover_words: str,
    names_a_topic: bool,
    own_words: frozenset[str] = frozenset(),
) -> Understanding:
    """What needs no model of intent: language, the handover button, screening, and whether it is a follow-up.

    The intent is "urgent" or "handover" when those settle it, otherwise "" until decide() has run (a first
    question the assistant has answered before needs no more than this: see services._answer).
    """
    written_in = lang.detect(message)
    # The "Talk to someone" button's own words are not a disclosure: they get the handover, not the screen.
    if message.strip().rstrip("?.!").lower() == handover_words.rstrip("?.!").lower():
        return Understanding(message, written_in, "handover")
    # Our own quick-reply buttons ("How long does it take?") are not the family's words: no screen.
    screening = None if _plain(message) in own_words else screen(message)
    if screening is not None and screening.risky:
        return Understanding(message, written_in, "urgent", categories=screening.categories, screening=screening)
    follow_up = is_follow_up(message, has_earlier=has_earlier, names_a_topic=names_a_topic)
    return Understanding(message, written_in, "", follow_up=follow_up, screening=screening)


# What the decision model (portal/chat/decision.py) reads of a message: the intent heads' log-odds against a
# question, how like our pages it reads and how much of it their words cover, and the shape cues above.
FEATURE_NAMES = (
    "words_case", "words_out", "meaning_case", "meaning_out", "likeness", "coverage", "names_a_page",
    "uses_page_phrase", "names_another_service", "mentions_send", "set_aside", "send_only_describes", "case_shape",
    "names_a_child", "rule_cue", "other_language_case", "owner", "short", "log_words", "adult_age", "older_relative",
    "child_words", "other_services", "expansions", "lang_en", "lang_cy", "lang_pl", "lang_ur", "lang_ur-Latn",
)  # fmt: skip


def decision_features(
    message: str,
    *,
    written_in: str,
    expansions: list[str],
    coverage: float,
    likeness: float | None,
    names_a_page: bool,
    uses_page_phrase: bool,
    names_another_service: bool,
    heads: tuple[np.ndarray, np.ndarray | None],
) -> np.ndarray:
    """The message as the decision model reads it (FEATURE_NAMES). Without the meaning model the word head stands
    in for the meaning head, and likeness is NaN (decide() puts the corpus's mean there)."""
    words, by_meaning = heads
    by_meaning = words if by_meaning is None else by_meaning
    lw, lm = np.log(words + 1e-6), np.log(by_meaning + 1e-6)
    q, c, o = (learned.LABELS.index(k) for k in ("question", "case", "out"))
    values = [
        lw[c] - lw[q], lw[o] - lw[q], lm[c] - lm[q], lm[o] - lm[q], np.nan if likeness is None else likeness, coverage,
        names_a_page, uses_page_phrase, names_another_service, mentions_send(message, expansions),
        bool(_ABOUT_SOMETHING_ELSE.search(message) or _NO_SEND.search(message)),
        _send_only_describes(message, expansions), matches_case_rules(message), names_a_child(message),
        bool(_RULE_CUE.search(message) or _OTHER_LANGUAGE_RULE_CUE.search(message)),
        bool(_OTHER_LANGUAGE_CASE.search(message)), bool(_OWNER.search(message)),
        len(message.split()) < MIN_CASE_WORDS, np.log1p(len(message.split())), bool(_ADULT_AGE.search(message)),
        bool(_OLDER_RELATIVE.search(message)), bool(_CHILD_WORDS.search(message)),
        bool(OTHER_SERVICES.search(message)), bool(expansions),
        *(written_in == code for code in ("en", "cy", "pl", "ur", "ur-Latn")),
    ]  # fmt: skip
    return np.array(values, dtype=np.float64)


def decide(
    first: Understanding,
    *,
    expansions: list[str],
    coverage: float,
    likeness: float | None = None,
    names_a_page: bool = False,
    uses_page_phrase: bool = False,
    names_another_service: bool | None = None,
) -> Understanding:
    """The intent first_look() left open: the person's own case, outside the Local Offer, or a question.

    One learned model decides (portal/chat/decision.py). Three things it is not allowed to decide, because they
    are so by definition: a message that is a page's title (`names_a_page`) or has fewer than MIN_CASE_WORDS words
    is never the person's own case (nobody's case is in "SALT waiting list"), and a follow-up is never out of
    scope (it leans on a question that was ours)."""
    if first.intent:
        return first
    message = first.text
    model = decision.decider()
    x = decision_features(
        message, written_in=first.language, expansions=expansions, coverage=coverage, likeness=likeness,
        names_a_page=names_a_page, uses_page_phrase=uses_page_phrase,
        names_another_service=bool(OTHER_SERVICES.search(message)) if names_another_service is None else names_another_service,
        heads=learned.model().heads(message),
    )  # fmt: skip
    x = np.where(np.isnan(x), model.mean, x)
    scores = model.scores(x)
    probabilities = model.probabilities(x)
    case, out = decision.LABELS.index("case"), decision.LABELS.index("out")
    scores[case] -= decision.CASE_MARGIN
    scores[out] -= decision.OUT_MARGIN
    if names_a_page or len(message.split()) < MIN_CASE_WORDS:
        scores[case] = -np.inf
    if first.follow_up:
        scores[out] = -np.inf
    out_score = float(probabilities[out])
    chosen = decision.LABELS[int(np.argmax(scores))]
    if chosen == "case":
        return replace(first, intent="case_status", follow_up=False, out_score=out_score)
    if chosen == "out":
        return replace(first, intent="out_of_scope", out_score=out_score)
    return replace(first, intent="question", out_score=out_score)
