"""Welsh, Polish and Urdu questions turned into the English words our pages use.

Most Local Offer pages exist only in English, and a family asking in Welsh, Polish or Urdu shares almost no
words with them. Search ranks a bag of words, so a word-by-word translation is enough to find the right page:
`to_english("Pa mor hir mae'n rhaid aros am asesiad?", "cy")` gives "how long must wait waiting assessment".
Each English word comes once, in the order of the question. Not wired into search here: the caller decides how
much weight the translation gets beside the words as typed.

The vocabularies are in lexicon/<lang>.tsv (term, english), written for this portal. How a term matches:

- Case and accents are ignored on both sides (ô = o, ł = l, ą = a); Urdu letters that vary between keyboards
  (Arabic and Persian forms of yeh, kaf and heh, hamza and madda forms, ں and ن) are folded into one and
  its diacritics (zer, zabar, pesh...) are dropped; Arabic-Indic digits become 0-9. In Roman Urdu
  a doubled letter counts once ("bachay" = "bachaay", "skool" = "skol").
- A term of several words matches those words in a row; the longest term found at a place wins.
- A trailing * on a word matches any ending ("wnios*" matches "wniosek", "wniosku", "wnioskować"); an exact
  term beats a stem, and a longer stem beats a shorter one, so "szkoleni*" (training) wins over "szkol*".
- Welsh words are looked up as typed and then as their possible base forms with the initial mutation undone
  ("fy mhlentyn" -> plentyn, "ei chais" / "nghais" / "gais" -> cais, "yr ysgol", "ei hysgol" -> ysgol), in
  every word of a term, so the lexicon lists base forms only.
- An English column of "-" marks a word we know but that says nothing about which page is wanted (a, yn, i,
  czy, ka, ہے): it is dropped rather than kept as if it were English.

Words no lexicon knows are kept when they are English (any word on the English side of a lexicon, or in
`english_words` when the caller passes its own vocabulary) or numbers, and dropped otherwise. A word in
capitals that is English ("DLA", "PIP", "EHCP") is kept as English before the lexicon is asked, so the
Polish "dla" (for) and the benefit do not meet.

Each lexicon is read once per process, and each typed word's look-ups are cached, so a question costs a few
dictionary look-ups per word.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container, Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

LANGUAGES = ("cy", "pl", "ur")
DROP = "-"
_LEXICON_DIR = Path(__file__).with_name("lexicon")
_TOKEN = re.compile(r"[^\W_]+")
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
# Letters NFKD does not take apart: Polish ł, and the Urdu letters typed differently on Arabic, Persian and
# Urdu keyboards (yeh, kaf, the heh forms, teh marbuta, noon ghunna).
_LETTERS = str.maketrans(
    {
        "ł": "l",
        "ß": "ss",
        "ي": "ی",
        "ى": "ی",
        "ې": "ی",
        "ك": "ک",
        "ه": "ہ",
        "ھ": "ہ",
        "ە": "ہ",
        "ۃ": "ہ",
        "ة": "ہ",
        "ں": "ن",
        "ـ": None,  # tatweel, the stretching stroke
        "\u200c": " ",  # zero-width non-joiner: a break between the parts of a word
        "\u200d": None,
        "\u200e": None,
        "\u200f": None,
        "\ufeff": None,
    }
)
# English words on the English side of the lexicons ("home to school transport") that say nothing alone:
# not kept when typed.
_FUNCTION_WORDS = frozenset("a an and at do for in is it of on or than the to".split())
# Accents and vowel signs (Latin, Greek, Cyrillic, Arabic, Urdu... combining marks), dropped after NFKD.
_MARKS = dict.fromkeys(
    cp
    for block in (range(0x0300, 0x2000), range(0x20D0, 0x2100), range(0xFE20, 0xFE30))
    for cp in block
    if unicodedata.category(chr(cp)) in ("Mn", "Me")
)
_DOUBLED = re.compile(r"([a-z])\1+")
_VOWELS = "aeiouwy"
# Welsh initial mutations undone: (mutated start, base starts), longest starts first. Soft: p->b, t->d, c->g,
# b->f, m->f, d->dd, ll->l, rh->r, g->(nothing); nasal: c->ngh, p->mh, t->nh, g->ng, b->m, d->n; aspirate:
# c->ch, p->ph, t->th, and h before a vowel.
_DEMUTATIONS = (
    ("ff", ()),
    ("ll", ()),
    ("rh", ()),
    ("ngh", ("c",)),
    ("mh", ("p",)),
    ("nh", ("t",)),
    ("ng", ("g",)),
    ("ph", ("p",)),
    ("th", ("t",)),
    ("ch", ("c",)),
    ("dd", ("d",)),
    ("f", ("b", "m")),
    ("b", ("p",)),
    ("d", ("t",)),
    ("g", ("c",)),
    ("m", ("b",)),
    ("n", ("d",)),
    ("l", ("ll", "gl")),
    ("r", ("rh", "gr")),
)

_DEMUTATIONS_BY_LETTER: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
for _start, _bases in _DEMUTATIONS:
    _DEMUTATIONS_BY_LETTER.setdefault(_start[0], []).append((_start, _bases))


@dataclass(frozen=True, slots=True, eq=False)
class Term:
    words: tuple[str, ...]  # normalised; a word ending in * is a stem
    english: str  # "" for a word that is dropped
    # Longer terms first, then exact words over stems, then longer stems.
    rank: tuple[int, int, int] = field(init=False, compare=False)

    def __post_init__(self) -> None:
        exact = sum(1 for w in self.words if not w.endswith("*"))
        object.__setattr__(self, "rank", (len(self.words), exact, sum(len(w) for w in self.words)))


@dataclass(frozen=True, slots=True)
class Lexicon:
    lang: str
    exact: dict[str, tuple[Term, ...]]  # by first word
    stems: dict[str, tuple[Term, ...]]  # by first word's stem (without *)
    stem_lengths: tuple[int, ...]  # the lengths of those stems, longest first
    size: int  # rows in the file


def _fold(text: str) -> str:
    """Accents and diacritics off, keyboard variants folded, digits 0-9; case kept."""
    if text.isascii():
        return text
    text = unicodedata.normalize("NFKD", text).translate(_MARKS)
    return unicodedata.normalize("NFC", text).translate(_LETTERS).translate(_DIGITS)


def normalise(text: str, lang: str) -> str:
    """Fold case, accents and keyboard variants the same way for the lexicon and the question."""
    text = _fold(text.casefold())
    if lang == "ur":
        text = _DOUBLED.sub(r"\1", text)
    return text


def _words(text: str, lang: str) -> list[str]:
    return _TOKEN.findall(normalise(text, lang))


def _welsh_bases(word: str) -> list[str]:
    """The word, then the base forms it could be a mutation of."""
    forms = [word]
    if len(word) < 3:
        return forms
    for start, bases in _DEMUTATIONS_BY_LETTER.get(word[0], ()):
        if word.startswith(start):
            forms.extend(base + word[len(start) :] for base in bases)
            # A word starting "ngh" or "ff" is not also a mutation of its first letter alone.
            if len(start) > 1:
                break
    if word[0] == "h" and word[1] in _VOWELS:
        forms.append(word[1:])
    if word[0] in _VOWELS:
        forms.append("g" + word)
    return list(dict.fromkeys(forms))


def _forms(word: str, lang: str) -> list[str]:
    return _welsh_bases(word) if lang == "cy" else [word]


@cache
def lexicon(lang: str) -> Lexicon:
    """The terms of lexicon/<lang>.tsv, read once per process."""
    if lang not in LANGUAGES:
        raise ValueError(f"no lexicon for {lang!r}")
    merged: dict[tuple[str, ...], list[str]] = {}
    rows = 0
    for term, english in _rows(_LEXICON_DIR / f"{lang}.tsv"):
        rows += 1
        words = tuple(_pattern_words(term, lang))
        if not words:
            continue
        known = merged.setdefault(words, [])
        for word in [] if english == DROP else english.split():
            if word not in known:
                known.append(word)
    exact: dict[str, list[Term]] = {}
    stems: dict[str, list[Term]] = {}
    for words, english in merged.items():
        term = Term(words, " ".join(english))
        first = words[0]
        if first.endswith("*"):
            stems.setdefault(first[:-1], []).append(term)
        else:
            exact.setdefault(first, []).append(term)
    return Lexicon(
        lang,
        {k: tuple(sorted(v, key=lambda t: t.rank, reverse=True)) for k, v in exact.items()},
        {k: tuple(sorted(v, key=lambda t: t.rank, reverse=True)) for k, v in stems.items()},
        tuple(sorted({len(k) for k in stems}, reverse=True)),
        rows,
    )


def _rows(path: Path) -> Iterator[tuple[str, str]]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip() or line.startswith("#"):
                continue
            term, _, english = line.rstrip("\n").partition("\t")
            term, english = term.strip(), english.strip()
            if term == "term" and english == "english":
                continue
            yield term, english


def _pattern_words(term: str, lang: str) -> list[str]:
    """A term's words as the question's words will look; "wnios*" keeps its star, "budd-daliadau" is two words."""
    words: list[str] = []
    for part in term.split():
        star = part.endswith("*")
        pieces = _words(part, lang)
        if star and pieces:
            pieces[-1] += "*"
        words.extend(pieces)
    return words


@cache
def english_vocabulary() -> frozenset[str]:
    """Every word on the English side of the lexicons: the words our pages use."""
    return frozenset(
        word
        for lang in LANGUAGES
        for terms in (*lexicon(lang).exact.values(), *lexicon(lang).stems.values())
        for term in terms
        for word in term.english.split()
    )


def _matches(pattern: str, forms: tuple[str, ...]) -> bool:
    if pattern.endswith("*"):
        stem = pattern[:-1]
        return any(form.startswith(stem) for form in forms)
    return pattern in forms


@dataclass(frozen=True, slots=True)
class _Word:
    typed: str  # as typed, accents off: kept when it is English
    forms: tuple[str, ...]  # normalised, then (Welsh) its possible base forms
    terms: tuple[Term, ...]  # the terms that could start here, best rank first


@lru_cache(maxsize=65536)
def _prepare(word: str, lang: str) -> tuple[_Word, ...]:
    """A typed word's look-ups, done once per word and language (questions share most words)."""
    lex = lexicon(lang)
    prepared = []
    for normalised in _words(word, lang):
        forms = tuple(_forms(normalised, lang))
        found: dict[Term, None] = {}
        for form in forms:
            found.update(dict.fromkeys(lex.exact.get(form, ())))
            for end in lex.stem_lengths:
                if end <= len(form):
                    found.update(dict.fromkeys(lex.stems.get(form[:end], ())))
        terms = tuple(sorted(found, key=lambda t: t.rank, reverse=True))
        prepared.append(_Word(word, forms, terms))
    return tuple(prepared)


def _best(words: list[_Word], at: int) -> Term | None:
    for term in words[at].terms:
        size = len(term.words)
        if at + size <= len(words) and all(_matches(term.words[k], words[at + k].forms) for k in range(1, size)):
            return term
    return None


def to_english(text: str, lang: str, *, english_words: Container[str] | None = None) -> str:
    """The English words for the words of `text` we know, in order, each once; numbers and English kept.

    `lang` is "cy", "pl" or "ur" (Urdu script and Roman Urdu); any other language gives the text back.
    `english_words` adds to the words kept as English (for example the search index's own vocabulary).
    """
    if lang not in LANGUAGES:
        return text
    english = english_vocabulary()
    words = [w for typed in _TOKEN.findall(_fold(text)) for w in _prepare(typed, lang)]
    out: list[str] = []

    def is_english(word: str) -> bool:
        if not word.isascii():
            return False
        folded = word.casefold()
        if folded in _FUNCTION_WORDS:
            return False
        return folded in english or (english_words is not None and folded in english_words)

    at = 0
    while at < len(words):
        word = words[at]
        typed = word.typed
        if len(typed) > 1 and typed.isupper() and is_english(typed):
            out.append(typed)
            at += 1
            continue
        term = _best(words, at)
        if term is not None:
            out.extend(term.english.split())
            at += len(term.words)
            continue
        if word.forms[0].isdigit() or is_english(typed):
            out.append(typed)
        at += 1
    return " ".join(dict.fromkeys(out))


def without_small_words(text: str, lang: str) -> str:
    """The words of `text` as typed, less those the lexicon marks as saying nothing about the topic ("-").

    Welsh, Polish and Urdu pages share their small words ("yn", "fy", "czy", "ہے") with every page in the same
    language, so left in, they rank any page in that language above the right one in English."""
    if lang not in LANGUAGES:
        return text
    kept = []
    for typed in _TOKEN.findall(text):
        prepared = _prepare(typed, lang) if typed else ()
        small = bool(prepared) and all(
            any(len(term.words) == 1 and not term.english and not term.words[0].endswith("*") for term in w.terms)
            for w in prepared
        )
        if not small:
            kept.append(typed)
    return " ".join(kept)
