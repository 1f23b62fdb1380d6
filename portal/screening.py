"""Risk-of-harm screening for any free text a family or young person writes.

Used by the assistant now, and by feedback, complaints, voice of the child and requests as
they arrive. Recall matters more than precision here: a false alarm costs an officer a minute,
a miss can cost a child. Patterns cover English, Welsh, Polish and Urdu, with the misspellings
and indirect wording people really use.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Each entry: (category, pattern). Patterns run on lower-cased text with accents kept.
_WHO = r"(?:he|she|they|him|her|my (?:son|daughter|child|boy|girl|kid|brother|sister)|ds|dd|dc)"
_RISK_PATTERNS: list[tuple[str, str]] = [
    # Suicide and self-harm, direct and indirect
    ("self-harm", r"\b(?:kill(?:ing)?|hurt(?:ing)?|harm(?:ing)?|cut(?:ting)?|burn(?:ing)?) (?:my ?self|him ?self|her ?self|themselves)\b"),
    ("self-harm", r"\bself[- ]?harm\w*|\bsuicid\w*|\bsucid\w*|\boverdos\w*|\btook (?:all )?(?:the |my |his |her )?(?:pills|tablets)"),
    ("self-harm", r"\b(?:want(?:s|ed)?|wanna|going) (?:to )?die\b|\bwish (?:i|he|she) (?:was|were) dead\b|\bbetter off dead\b"),
    ("self-harm", r"\b(?:end (?:it all|my life|his life|her life)|no (?:point|reason) (?:in )?(?:living|going on|being here))"),
    ("self-harm", r"\bcan'?t (?:go on|do this any ?more|take (?:it|this) any ?more|cope any ?more)\b|\bdon'?t want to (?:be here|live|wake up)"),
    ("self-harm", r"\b(?:do|doing) something stupid\b|\bnot (?:be|being) here (?:anymore|any more|tomorrow)\b"),
    ("self-harm", r"\b(?:don'?t|doesn'?t|dont|doesnt|do not|does not) want to (?:be here|be alive|live|wake up|exist)\b"),
    ("self-harm", r"\bcut(?:s|ting)? (?:her|his|my|their) (?:arms?|legs?|wrists?|skin|thighs?)\b|\bcutting again\b"),
    ("self-harm", r"\b(?:took|taken|swallowed|had) (?:a load of|loads of|lots of|too many|all (?:of )?(?:the|his|her|my)|a handful of) (?:pills|tablets|paracetamol|medicine|meds)"),
    # Crisis in a carer
    ("crisis", r"\bcan'?t cope\b|\bcant cope\b|\bat (?:my|the) breaking point\b|\bbreaking down\b|\bgoing to snap\b"),
    ("crisis", r"\b(?:might|going to|gonna|will|could) (?:hurt|harm|hit|shake) (?:him|her|them|my (?:son|daughter|child|baby))\b"),
    # Abuse and violence
    ("abuse", rf"\b{_WHO}? ?(?:hits?|hitting|beats?|beating|punch\w*|kicks?|kicking|chokes?|strangl\w*|slaps?) (?:me|us|him|her|my)\b"),
    ("abuse", r"\b(?:touch(?:es|ed|ing)?|touchd) (?:me|him|her|them|my \w+)\b(?! (?:base|screen))|\bsexual(?:ly)? (?:abus\w*|assault\w*)|\brap(?:ed|e)\b|\bgroom(?:ed|ing)\b"),
    ("abuse", r"\babus(?:e|ed|es|ing|ive)\b|\bdomestic (?:violence|abuse)\b|\bneglect(?:ed|ing)?\b|\bbruis\w* (?:on|all over)"),
    ("abuse", r"\b(?:scared|afraid|frightened|terrified) (?:of|to go) (?:home|him|her|my (?:dad|mum|mom|stepdad|stepmum|partner))"),
    ("unsafe", r"\b(?:not|don'?t|dont|never) feel safe\b|\bnot safe (?:at|in) (?:home|school)\b|\bi'?m not safe\b|\bunsafe at home\b"),
    ("unsafe", r"\b(?:threaten\w*) (?:to )?(?:kill|hurt)\b|\bwith a knife\b|\bhas a (?:knife|weapon)\b"),
    ("abuse", r"\b(?:pushed|shoved|threw|dragged|locked|grabbed|strangled) (?:me|him|her|them|my \w+)\b"),
    ("abuse", r"\bbru(?:i)?s(?:e[sd]?|ing)\b|\bburn marks\b|\bmarks on (?:his|her|my) (?:body|arms|legs|neck)\b"),
    ("abuse", r"\b(?:hurts|hurting|hurt) (?:me|him|her)\b(?! feelings)|\bkill (?:me|him|her|us)\b"),
    ("exploitation", r"\b(?:older )?(?:man|men|guy|boys?|lads?|someone)\b.{0,40}\b(?:giving|buying|gives|buys|gave|bought) (?:her|him|them|my \w+) (?:money|gifts?|phones?|alcohol|drugs|vapes?|clothes)"),
    ("exploitation", r"\b(?:nudes?|naked (?:pictures|photos|pics))\b|\bmet (?:someone|a man|him|her) online\b.{0,40}\bmeet\b|\bcounty lines\b"),
    # Missing child
    ("missing", r"\b(?:run|ran|running) (?:off|away)\b|\bgone missing\b|\bis missing\b|\bhas gone missing\b"),
    ("missing", rf"\b(?:can'?t|cannot|cant) find {_WHO}\b|\bwe can'?t find\b|\bno sense of danger\b.*\b(?:gone|missing|lost)\b"),
    ("missing", r"\bhasn'?t come home\b|\bnot come home\b|\bdidn'?t come home\b"),
    # Welsh
    ("self-harm", r"\blladd fy hun\b|\bhunan-?niwed\w*|\beisiau marw\b|\bisio marw\b|\bmethu ymdopi\b|\bddim eisiau byw\b"),
    ("unsafe", r"\bddim yn (?:teimlo'?n )?ddiogel\b|\bar goll\b|\bwedi diflannu\b|\byn fy (?:nharo|mrifo)\b|\bcam-?drin\w*"),
    # Polish
    ("self-harm", r"\bzabi(?:ć|c) si[ęe]\b|\bsamob[óo]j\w*|\bnie chc[ęe] (?:ju[żz] )?(?:żyć|zyc)\b|\bzrobi[ęe] co[śs] g[łl]upiego\b"),
    ("crisis", r"\bnie daj[ęe] (?:ju[żz] )?rady\b|\bnie wytrzymam\b|\bokalecz\w*|\btnie si[ęe]\b|\bcięcie się\b"),
    ("abuse", r"\bbije mnie\b|\bbije (?:go|j[ąa])\b|\bprzemoc\w*|\bmolest\w*|\bdotyka mnie\b"),
    ("missing", r"\bzagin[ąa][łl]\w*|\bzagin\w*|\buciek[łl]\w*|\bnie mo[żz]emy (?:go|jej) znale[źz][ćc]\b"),
    ("unsafe", r"\bnie czuj[ęe] si[ęe] bezpiecznie\b|\bboj[ęe] si[ęe] wr[óo]ci[ćc] do domu\b"),
    # Urdu (Arabic script) and Urdu in Latin letters
    ("self-harm", r"خودکشی|خود کشی|مرنا چاہت|مر جانا چاہت|اپنے آپ کو (?:نقصان|مار)|جینا نہیں چاہت|خود کو (?:نقصان|مار|زخمی)"),
    ("abuse", r"مجھے مار(?:تا|تی|تے)|مارتا ہے|مارتی ہے|تشدد|زیادتی|غلط طریقے سے چھو"),
    ("missing", r"گم ہو گیا|گم ہو گئی|لاپتہ|بھاگ گیا|بھاگ گئی|(?:بیٹا|بیٹی|بچہ|بچی|وہ) (?:کہیں )?نہیں مل رہ"),
    ("unsafe", r"محفوظ نہیں|ڈر لگتا ہے گھر"),
    ("self-harm", r"\bkhudkushi\b|\bmarna chahta\b|\bmarna chahti\b|\bjeena nahi chahta\b"),
    ("abuse", r"\bmujhe marta\b|\bmujhe marti\b|\bmaarta hai\b"),
]  # fmt: skip

_COMPILED = [(category, re.compile(pattern, re.IGNORECASE)) for category, pattern in _RISK_PATTERNS]

# Phrases that look risky but are about services, not a person in danger now.
_SAFE_CONTEXT = re.compile(
    r"\b(?:missing (?:paperwork|form|forms|documents?|reports?|information|info|evidence|section|sections|deadline)"
    r"|(?:paperwork|form|report|plan|section|letter|appointment|information|info) (?:is|was|are|has gone) missing"
    r"|ran out of|run out of)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Screening:
    risky: bool
    categories: tuple[str, ...]
    matched: tuple[str, ...]


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = text.replace("’", "'").replace("‘", "'")
    return re.sub(r"\s+", " ", text).strip().lower()


def screen(text: str) -> Screening:
    """Does this text suggest someone may be at risk of harm? Errs on the side of yes."""
    norm = _normalise(text)
    cleaned = _SAFE_CONTEXT.sub(" ", norm)
    categories: list[str] = []
    matched: list[str] = []
    for category, pattern in _COMPILED:
        m = pattern.search(cleaned)
        if m:
            if category not in categories:
                categories.append(category)
            matched.append(m.group(0))
    return Screening(risky=bool(categories), categories=tuple(categories), matched=tuple(matched))
