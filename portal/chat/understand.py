"""Step 1 of the assistant: understand a message before looking anything up.

What language it is in, whether screening says someone may be at risk, and what kind of message
it is (the person's own case, something outside the Local Offer, a follow-up, or a question).
These are rules built from the shape of a message (who it is about, what it asks), not lists of
questions we happen to have seen. The words are used exactly as written: masking personal details
is for what we store, never for what we answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from portal.chat import intent as learned
from portal.platform import language as lang
from portal.safeguarding import Screening, screen

# -- own case ---------------------------------------------------------------------------------
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


# Someone whose case it is: a possessive or first person, in any of our languages (a name alone is rarer).
_OWNER = re.compile(
    r"\b(?:my|our|we|we'?ve|we'?re|i|i'?ve|i'?m|us|me|ds|dd|dc|lo|fy|ein|dw|rydyn|mój|moj|moja|mojego|mojej|moje|"
    r"mojemu|nasz|nasza|naszego|naszej|nam|nas|syna|córki|corki|mera|meri|mere|hamara|hamari|hamare|humne|hum)\b|"
    r"\w+'s\b|میرا|میری|میرے|ہمارا|ہماری|ہمارے|ہم",
    re.IGNORECASE,
)
# How sure the learned model must be. A question about a rule ("how long does the council have") needs
# far more certainty before it is treated as the person's own case: answering from the page is the safe default.
CASE_SURE = 0.65
CASE_SURE_DESPITE_RULE = 0.9
CASE_WITH_RULES = 0.2
CASE_WITH_OTHER_LANGUAGE_RULES = 0.1
CASE_WITH_NAME = 0.1  # the shape rule with a child named: the model, which has seen few names, need only not object
MIN_CASE_WORDS = 4


def is_case_status(message: str, probabilities: dict[str, float] | None = None) -> bool:
    """Does the message ask where the person's OWN case is up to (not what the rule is)?

    The learned model decides; the shape rule lowers the bar it must clear, and a rule cue raises it.
    A two- or three-word search ("SALT waiting list") has no owner and is never a case.
    """
    p = (probabilities or learned.probabilities(message))["case"]
    if _OTHER_LANGUAGE_CASE.search(message):
        # The shape rule in Welsh, Polish and Urdu lowers the bar further than in English (the model has seen fewer
        # such messages), but no longer decides alone: the loose Welsh shape ("fy mab i wedi ...") also fits a parent
        # telling their situation before asking what help there is, and there the model objects outright.
        return p >= CASE_WITH_OTHER_LANGUAGE_RULES
    if len(message.split()) < MIN_CASE_WORDS:
        return False
    if matches_case_rules(message):
        return p >= (CASE_WITH_NAME if names_a_child(message) else CASE_WITH_RULES)
    asks_the_rule = _RULE_CUE.search(message) or _OTHER_LANGUAGE_RULE_CUE.search(message)
    bar = CASE_SURE_DESPITE_RULE if asks_the_rule or not _OWNER.search(message) else CASE_SURE
    return p >= bar


# -- out of scope ------------------------------------------------------------------------------
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


# The intent model's share for "out" above which a covered question is outside the Local Offer. 0.6 until the
# corpus's second batch (6 December 2026: 954 more examples, many short and borderline); with it, 0.6 sent short
# jargon questions ("job coach", "managed move") out. On the development sets (tuned on), 0.6 / 0.7 / 0.8 gave
# right page first 255 / 260 / 262 of 305 and out of scope 14 / 14 / 14 of 14; on bench/intent-dev.tsv, out of
# scope 20 / 19 / 19 of 21. 0.7 is the smallest bar that keeps the questions, so the most out of scope is caught.
OUT_SURE = 0.7
OUT_CERTAIN = 0.85
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
# SEND words do not make it ours, and the model decides at its ordinary bars.
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
OUT_WHEN_UNCOVERED = 0.3
# SEND words that only describe who the question is about ("my autistic daughter wants...", "my son has an EHCP and
# loves his school but is it open on the strike day?"): the question itself may be about anything. They are set
# aside before asking whether the question names SEND, and the model then decides at its ordinary bars.
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


def is_out_of_scope(
    message: str,
    *,
    written_in: str,
    expansions: list[str],
    coverage: float,
    probabilities: dict[str, float] | None = None,
) -> bool:
    """Not something the Local Offer covers: another council service, an adult's own needs, or not SEND at all.

    `coverage` is the share of the question's words that our pages' titles, tags and summaries use. The learned
    model decides, with a lower bar when our pages hardly use the question's words; a question that names
    special needs or disability in so many words is always ours, unless it says the question is about something
    else ("my son has an EHCP but this is about me").
    """
    if _ADULT_AGE.search(message):
        return True
    set_aside = bool(_ABOUT_SOMETHING_ELSE.search(message))
    # "She has no additional needs": the SEND words are there only to say there is none.
    set_aside = set_aside or bool(_NO_SEND.search(message))
    if mentions_send(message, expansions) and not set_aside and not _send_only_describes(message, expansions):
        return False
    if _OLDER_RELATIVE.search(message) and not _CHILD_WORDS.search(message):
        return True
    p = (probabilities or learned.probabilities(message))["out"]
    if set_aside:
        return p >= OUT_WHEN_UNCOVERED  # they said it is not about the SEND they named: the lower bar
    if written_in != "en" and expansions and p < OUT_CERTAIN:
        # Our word lists recognised a Local Offer word in a language the model has seen less of: trust the words.
        return False
    if p >= OUT_SURE or OTHER_SERVICES.search(message) and p >= OUT_WHEN_UNCOVERED:
        return True
    if written_in in ("pl", "ur", "ur-Latn"):
        # Our word lists carry these languages' SEND words; a question with none of them is probably not ours,
        # unless its English words (coverage is counted on the lexicons' translation) are our pages' own: then
        # the model needs the ordinary bar. Dev (tuned on): assistant right page first 433 -> 434 of 495, sources
        # 470 -> 471; intent sets' out of scope 66/91 unchanged (dropping the rule when covered lost four).
        return not expansions and p >= (OUT_WHEN_UNCOVERED if coverage >= 0.5 else OUT_WHEN_UNCOVERED / 2)
    return coverage < 0.5 and p >= OUT_WHEN_UNCOVERED


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


# The learned model's own call, trusted over the rules above when it is confident AND the message reads unlike
# anything our pages say (`likeness`: its best passage similarity over every page, portal/search/meaning.py).
# The rules above were written to keep questions about the rules from being taken for a case or for out of
# scope; on messages written apart from them they threw away much of what the model knew. bench/intent-dev2.tsv
# holds 230 messages a helper wrote from a brief, having seen neither the code, the corpus nor any evaluation
# set (100 more of the 330 it wrote shared 60% of their words with a corpus line and were dropped). On them the
# model's top label was right far more often than the decisions, and questions the pages answer read more like
# a passage (median likeness 0.888, tenth percentile 0.86) than own-case (0.852) or out-of-scope (0.843)
# messages. Decisions before -> after: own case 51 -> 67 of 86, out of scope 42 -> 47 of 70, questions 73 -> 73
# of 74; the assistant's development questions did not move (own case 12/12, out of scope 14/14, right page
# first 260/305), bench/intent-dev.tsv 24 -> 25 of 26 own case, 19 -> 20 of 21 out. The bars were chosen on
# those sets, so every figure here is a development figure (tuned on). Without the meaning model (likeness
# None) only the rules decide. After the corpus's third batch (7 December 2026: 287 own-case, 278 out-of-scope and
# 328 question lines, hard ones, from two writers who saw no code, corpus or evaluation set) the model is surer of
# "case" and "out" on everyday messages, so both bars rose: 0.55 -> 0.6 and 0.7 -> 0.75. Dev (tuned on), from
# before the batch to after it with these bars: intent sets own case 91 -> 94 of 112, out of scope 66 -> 75 of 91,
# questions 96/96; the assistant's right page first 434 -> 432 of 495, sources 471 -> 470, out of scope and own
# case 14/14 and 12/12 (with the old bars: 428 and 468). A fourth batch (7 December 2026, morning: 189 "out" lines
# of everyday matters about children, school, health and the council with no SEND in them, and 173 "question"
# lines in the same settings with a SEND angle) left the bars as they were (0.65 and 0.8 moved nothing): on
# bench/questions-dev4.tsv, which only one rule had been chosen on, out of scope 20 -> 23 of 24, right page first
# 83/100 and own case 27/28 unchanged; on the older sets (tuned on) right page first 432 -> 430 of 495, intent
# sets out of scope 79 -> 78 of 91, own case 152 -> 151 of 175.
MODEL_CASE = 0.6
MODEL_OUT = 0.75
UNLIKE_PAGES_CASE = 0.88
UNLIKE_PAGES_OUT = 0.87
# The other way: a message that reads very like a passage of our pages (above the typical question's likeness) is
# not out of scope, whatever the model's share for "out" says of its few words ("preparing for adulthood", 0.934,
# was sent out at "out" 0.72), unless it says the person is an adult over 25. On the development sets (tuned on):
# the assistant's right page first 458 -> 461 of 565 (bench/questions-dev2.tsv with dev.tsv and extras), out of
# scope still 14/14; on the intent sets out of scope 67 -> 66 of 91, questions 95 -> 96 of 96.
LIKE_PAGES = 0.89


def model_says(message: str, probabilities: dict[str, float], likeness: float | None, *, follow_up: bool) -> str:
    """Returns "case", "out" or "": the learned model's confident call on a message unlike our pages (see above)."""
    if likeness is None:
        return ""
    top = max(probabilities, key=probabilities.__getitem__)
    asks_the_rule = _RULE_CUE.search(message) or _OTHER_LANGUAGE_RULE_CUE.search(message)
    if (
        top == "case"
        and probabilities["case"] >= (CASE_SURE_DESPITE_RULE if asks_the_rule else MODEL_CASE)
        and likeness < UNLIKE_PAGES_CASE
        and len(message.split()) >= MIN_CASE_WORDS
    ):
        return "case"
    if not follow_up and top == "out" and probabilities["out"] >= MODEL_OUT and likeness < UNLIKE_PAGES_OUT:
        return "out"
    return ""


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

    `names_a_page`: every word of the message is in one page's title ("tell us what you think"): never a case.
    `uses_page_phrase`: a short message that uses two words together as one or two of our pages do ("job coach",
    "pupil passport", "areas of need"): a term our pages explain, so never out of scope (an adult's own needs and
    the like are decided by their age before this), unless it names another service (`names_another_service`, worked
    out by the caller so that a service word inside one of our terms, the passport in "pupil passport", does not
    count; by default any service word counts)."""
    if first.intent:
        return first
    message, written_in = first.text, first.language
    probabilities = learned.probabilities(message)
    called = model_says(message, probabilities, likeness, follow_up=first.follow_up)
    if not names_a_page and (is_case_status(message, probabilities) or called == "case"):
        return replace(first, intent="case_status", follow_up=False)
    reads_like_our_pages = (
        likeness is not None
        and likeness >= LIKE_PAGES
        and not _ADULT_AGE.search(message)
        and not _ABOUT_SOMETHING_ELSE.search(message)
    )
    if (
        not first.follow_up
        and not reads_like_our_pages
        and not (
            uses_page_phrase
            and probabilities["out"] < OUT_CERTAIN
            and not (OTHER_SERVICES.search(message) if names_another_service is None else names_another_service)
            and not _OLDER_RELATIVE.search(message)
        )
        and (
            called == "out"
            or is_out_of_scope(
                message, written_in=written_in, expansions=expansions, coverage=coverage, probabilities=probabilities
            )
        )
    ):
        by_kind = bool(_ADULT_AGE.search(message) or _OLDER_RELATIVE.search(message))
        out_score = 1.0 if by_kind else probabilities["out"]
        return replace(first, intent="out_of_scope", out_score=out_score)
    return replace(first, intent="question", out_score=probabilities["out"])
