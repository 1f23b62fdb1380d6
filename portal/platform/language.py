"""Which language a question is written in: enough to search and answer from the right pages, mark the words up
in their own language, or route to a person. The assistant and search share it."""

from __future__ import annotations

import re
from functools import lru_cache

from portal.platform import langid

_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]")
_POLISH_LETTERS = re.compile(r"[ąćęłńśźżĄĆĘŁŃŚŹŻ]")
_WORDS = re.compile(r"[\w']+", re.UNICODE)
# How much likelier than English, per letter sequence, another language must be before the letters overrule the
# words (0.1; on the development questions 0.0 to 0.3 gave the same Welsh, Polish and Roman Urdu, 0.0 took six
# English questions for another language, 0.1 none of two words or more).
LETTERS_MARGIN = 0.1

_POLISH = {
    "jak", "czy", "nie", "jest", "się", "sie", "dla", "syn", "syna", "córka", "corka", "córki", "szkoła", "szkola",
    "mam", "moje", "mój", "moj", "moja", "dziecko", "dziecka", "co", "gdzie", "kiedy", "już", "juz", "bardzo",
    "pomoc", "wniosek", "że", "ze", "tak", "mogę", "moge", "jestem", "ma", "na",
}  # fmt: skip
_WELSH = {
    "ydy", "mae", "yn", "fy", "ac", "gyda", "beth", "sut", "pryd", "ydw", "dw", "cyngor", "ysgol", "plentyn",
    "mab", "merch", "i'r", "y", "yr", "ar", "am", "oes", "gallaf", "alla", "eisiau", "angen", "gymorth", "help",
    "wedi", "ddim", "hefyd", "ble", "pam", "fod", "iddo", "iddi", "chi", "ei", "cynllun", "coleg", "blwyddyn",
}  # fmt: skip
_URDU_LATIN = {
    "hai", "hain", "kya", "ka", "ki", "ke", "ko", "nahi", "nahin", "mera", "meri", "mere", "bachay", "bacha",
    "beta", "beti", "kaise", "kab", "hota", "hoti", "kuch", "kar", "karein", "karun", "mein", "se", "aur",
    "bataya", "chahiye", "milega", "sakte", "sakta", "sakti",
}  # fmt: skip
_ENGLISH = {
    "the", "is", "my", "and", "to", "a", "of", "in", "for", "what", "how", "can", "do", "i", "he", "she",
    "it", "with", "have", "about", "does", "we", "you", "school", "child", "son", "daughter",
}  # fmt: skip


@lru_cache(maxsize=4096)  # the assistant asks once, then its search asks again for the same words
def detect(text: str) -> str:
    """'en', 'cy', 'pl', 'ur' (Urdu script) or 'ur-Latn' (Urdu in Latin letters); English when nothing says.

    The common words below settle most messages; where they say English or nothing, the letters decide
    (portal/platform/langid.py), for messages of two words or more, when they point clearly at another language.
    """
    found = evidence(text)
    if found not in (None, "en") or len(_WORDS.findall(text)) < 2:
        return found or "en"
    guessed, margin = langid.guess(text)
    return guessed if guessed != "en" and margin >= LETTERS_MARGIN else found or "en"


def evidence(text: str) -> str | None:
    """The language the words show, or None when they show none (a name, "seibiant byr", "personal budgets").

    Marking text up in a language is a claim a screen reader acts on, so it is made only on evidence.
    """
    if _ARABIC_SCRIPT.search(text):
        return "ur"
    words = [w.lower() for w in _WORDS.findall(text)]
    if not words:
        return None
    english = sum(w in _ENGLISH for w in words)
    scores = {
        "pl": sum(w in _POLISH for w in words) + 2 * len(_POLISH_LETTERS.findall(text)),
        "cy": sum(w in _WELSH for w in words)
        + 2 * sum(w in {"ydy", "mae", "fy", "sut", "beth", "pryd"} for w in words),
        "ur-Latn": sum(w in _URDU_LATIN for w in words),
    }
    best = max(scores, key=lambda k: scores[k])
    if scores[best] >= 2 and scores[best] > english:
        return best
    return "en" if english else None
