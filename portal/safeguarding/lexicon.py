"""The short list of phrases that must never be missed, one entry per idea, in each language we serve.

This is a safety net under the model, not the method: the model (screen.py) finds risk said in words
nobody listed here. An entry belongs here only when the words are unambiguous on their own (a stated plan
to end a life, an overdose, a weapon, someone missing, a medical emergency, forced marriage or FGM) and
missing one would be unacceptable. Entries run on normalised (lower-case) text.
"""

from __future__ import annotations

import re

_PERSON = (
    r"(?:he|she|they|son|daughter|child|boy|girl|brother|sister|kid|grandson|granddaughter|nephew|niece|"
    r"[a-z]+ (?:is|has been))"
)
ENTRIES: list[tuple[str, str]] = [
    # A stated wish or plan to end one's life (en, cy, pl, ur, Roman Urdu).
    ("suicide-self-harm", r"\bsu[i]?cid\w*|\bkill(?:ing)? (?:my|him|her|them)(?: ?sel(?:f|ves))\b|\bend (?:my|his|her) (?:own )?life\b"
                          r"|\bk+m+s+\b|\blladd (?:fy|ei) hun\b|\bhunanladd\w*|\bzabi[ćc] si[ęe]\b|\bsi[ęe] zabi[ćc]\b|\bsamob[óo]j\w*"
                          r"|خودکشی|خود کشی|\bkhud ?kushi\b"),
    # An overdose or poisoning, named by what was taken.
    ("suicide-self-harm", r"\boverdos\w*|\b(?:took|taken|swallowed|had) (?:a (?:whole|full) (?:box|packet|bottle) of|all (?:of )?(?:my|his|her|the)|loads of|too many|a handful of)"
                          r" (?:\w+ )?(?:pills|tablets|paracetamol|meds|medicine|medication|insulin)\b"),
    # Someone who has stopped responding, or has swallowed something poisonous.
    ("medical-emergency", r"\b(?:swallowed|drank|drunk|ate) (?:a |some |the )?(?:batter(?:y|ies)|bleach|magnets?|button batter\w*|"
                          r"\w+ (?:stuff|liquid) (?:under|from) the sink)"
                          r"|\b(?:isn'?t|not|stopped) breathing\b|\bunconscious\b"
                          r"|\b(?:he|she|they|baby|son|daughter|child|friend|frend|brother|sister|mum|dad)(?: is|'s| are)? "
                          r"(?:not|isn'?t|stopped) (?:moving|responding)\b"
                          r"|\b(?:won'?t|can'?t) wake (?:him|her|them) up\b|\bddim yn anadlu\b|\bnie oddycha\b|سانس نہیں"),
    # A weapon, here and now.
    ("immediate-danger", r"\b(?:got|has|have|holding|carrying|with|pulled|waving|grabbed) (?:a|the|his|her) (?:knife|knives|blade|machete|gun)\b"
                         r"|\bcyllell\b|\bz no[żz]em\b|چاقو"),
    # Someone missing.
    ("missing", rf"\b{_PERSON} (?:is|has gone|has been|went|'s gone|'s been) missing\b|\bgone missing\b"
                r"|\b(?:can'?t|cannot|cant|can not) find (?:him|her|them|my (?:son|daughter|child|boy|girl|brother|sister))\b"
                r"|\b(?:he|she|they)(?:'s|'ve| has| have)? (?:run|ran) (?:off|away)\b(?! from (?:the|a) (?:dog|bee|spider))"
                r"|\bar goll\b|\bzagin[ąa][łl]\w*|لاپتہ|\bghayab\b"),
    # A parent or carer who says they cannot go on coping (not "can't cope with the forms").
    ("carer-crisis", r"\b(?:can'?t|cannot|cant|can not) cope (?:any ?more|anymore)\b|\bat (?:my|the) breaking point\b"
                     r"|\bnie daj[ęe] ju[żz] rady\b|\bmethu ymdopi (?:dim )?mwy\b"),
    # Forced marriage and FGM.
    ("harmful-practices", r"\bforced (?:to )?marr\w*|\bforced marriage\b|\bfgm\b|\bfemale genital\b|\bbeing cut\b.{0,30}\bgirls?\b"),
]  # fmt: skip

_COMPILED = [(category, re.compile(pattern)) for category, pattern in ENTRIES]
# The same words about things, not people ("the form has gone missing").
_NOT_A_PERSON = re.compile(
    r"\b(?:paperwork|forms?|documents?|reports?|letters?|pages?|sections?|evidence|information|info|files?|"
    r"emails?|parcels?|appointments?|link|plan) (?:\w+ )?(?:has |have |had |is |are |was )?(?:gone |been |went )?missing\b"
)


def matches(text: str) -> list[tuple[str, str]]:
    """(category, words) for every entry found in normalised `text`."""
    cleaned = _NOT_A_PERSON.sub(" ", text)
    found = []
    for category, pattern in _COMPILED:
        hit = pattern.search(cleaned)
        if hit:
            found.append((category, hit.group(0)))
    return found
