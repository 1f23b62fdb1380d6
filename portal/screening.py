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
    ("abuse", r"\b(?:hurts|hurting|hurt) (?:me|him|her)\b(?! (?:feelings|ankle|knee|leg|arm|back|foot|wrist|finger|toe|neck|shoulder))|\bkill (?:me|him|her|us)\b"),
    ("exploitation", r"\b(?:older )?(?:man|men|guy|boys?|lads?|someone)\b.{0,40}\b(?:giving|buying|gives|buys|gave|bought) (?:her|him|them|my \w+) (?:money|gifts?|phones?|alcohol|drugs|vapes?|clothes)"),
    ("exploitation", r"\b(?:nudes?|naked (?:pictures|photos|pics))\b|\bmet (?:someone|a man|him|her) online\b.{0,40}\bmeet\b|\bcounty lines\b"),
    # Missing child
    ("missing", r"\b(?:run|ran|running) (?:off|away)\b|\b(?:he|she|son|daughter|child|boy|girl|brother|sister|they) (?:is|are|has gone|went) missing\b"),
    ("missing", rf"\b(?:can'?t|cannot|cant) find {_WHO}\b|\bwe can'?t find\b|\bno sense of danger\b.*\b(?:gone|missing|lost)\b"),
    ("missing", r"\bhasn'?t come home\b|\bnot come home\b|\bdidn'?t come home\b"),
    # Suicide, said indirectly
    ("self-harm", r"\bwhat'?s the point (?:of|in) (?:me|living|anything)\b|\bbetter off without me\b|\bif i (?:was|were) gone\b|\bnot (?:wake|waking) up\b|\bsleep forever\b"),
    ("self-harm", r"\bjump(?:ing)? (?:off|in front of)\b|\bwrote a (?:note|letter) for\b|\bsaving (?:up )?(?:my |his |her )?(?:tablets|pills|meds)\b|\bk+ms+\b|\bkys\b"),
    ("self-harm", r"\b(?:i'?m|im) done\b.{0,20}\bbye\b|\bbye everyone\b|\bgiven away (?:all )?(?:his|her|my)\b|\bsaid goodbye to\b|\btake all (?:\w+ ){0,2}(?:pills|tablets)\b"),
    ("self-harm", r"\bbang(?:s|ing)? (?:his|her|my|their) head\b|\b(?:until|till|til) (?:it|they|i|he|she) bleed|\bblades?\b|\bfresh cuts\b|\bcuts on (?:his|her|my)\b"),
    ("self-harm", r"\btook more (?:of )?(?:my|his|her) (?:tablets|pills|meds|medicine)\b|\bbeen sh\b|\bsh again\b|\bpunch(?:es|ing)? walls?\b|\bwon'?t wake up\b|\bwont wake up\b"),
    ("self-harm", r"\b(?:me|i) hurt (?:me|my ?self|myself)\b|\bhurt me (?:arm|leg|self)\b|\bdo it when (?:sad|angry|upset)\b"),
    # Physical abuse and restraint that hurts
    ("abuse", r"\bmarks on (?:his|her|my|their) \w+|\bhandprint\b|\bthrows? (?:stuff|things|plates|\w+) at (?:me|him|her)\b|\bhold(?:s|ing)? (?:me|him|her) down\b|\bblack eye\b|\bis purple\b|\bwith a belt\b"),
    # Sexual abuse and grooming
    ("abuse", r"\b(?:asking|asks|asked|ask) (?:me )?for (?:pictures|pics|photos|nudes)\b|\bcomes? (?:in|into) my (?:room|bed)\b|\bour (?:little )?secret\b|\bkeep (?:it|this) between us\b|\bmade me do (?:stuff|things)\b"),
    ("abuse", r"\b(?:says|said) (?:he'?s|hes|she'?s|shes) my (?:boyfriend|girlfriend)\b|\bsending (?:photos|pics|pictures) to\b|\bolder (?:man|men|guy)\b|\bcome in the bathroom\b|\bwhen i'?m in the shower\b|\bno one will believe me\b"),
    # Neglect
    ("neglect", r"\bhaven'?t eaten\b|\bhavent eaten\b|\bno food\b|\bhungry\b.{0,30}\bno\b|\bhasn'?t been home\b|\bhasnt been home\b|\b(?:on my own|alone) all night\b|\bno (?:electric|electricity|heating|gas)\b"),
    ("neglect", r"\bnobody gives me my\b|\bno one (?:has )?given (?:him|her|my \w+) (?:his|her) (?:insulin|medicine|meds|medication)|\bnappy rash\b|\bhadn'?t been changed\b|\bsleep in our coats\b|\bdrinking again\b|\bforgets to pick me up\b|\bno washing\b"),
    # Domestic violence
    ("abuse", r"\bgets? (?:really )?angry and (?:we|i) hide\b|\bwe hide\b|\bsmashing\b|\bpolice came\b|\bstrangling\b|\bso scared\b"),
    # Exploitation
    ("exploitation", r"\bgives? me (?:money|weed|drugs|vodka|alcohol)\b|\btake bags\b|\bi owe them\b|\bcarry (?:it|drugs|bags|a package|stuff)\b|\bnew trainers and phones\b|\bpicked up by (?:police|men)\b|\bdifferent cars\b"),
    ("exploitation", r"\bopen a bank account so\b|\bsend my (?:pics|pictures|photos) to everyone\b|\bunless i pay\b|\btakes? all (?:his|her|my) (?:pip|money|benefits)\b|\bstay at (?:their|his) flat\b|\bpay him back later\b"),
    # Missing, lost or running away
    ("missing", r"\bmissing since\b|\bbeen missing\b|\bgone missing\b|\bdon'?t know where (?:she|he|they) (?:is|are)\b|\bdont know where (?:she|he|they) (?:is|are)\b|\bsleeping (?:in the park|rough|on the streets?)\b"),
    ("missing", r"\bnot going back (?:home|to the home)\b|\bdidn'?t come back\b|\bdoesn'?t know where (?:he|she|they) (?:is|are)\b|\b(?:me|i'?m|im) lost\b|\bgot off the bus at the wrong stop\b"),
    # A carer close to breaking point
    ("crisis", r"\b(?:do|doing) something to (?:him|her|them)\b|\bwalk out and leave (?:them|him|her)\b|\b(?:weren'?t|werent|wasn'?t) here anymore\b|\bpassed out\b|\bdrinking to get through\b|\bcan'?t get out of bed\b|\bcant get out of bed\b"),
    # Threats of violence
    ("unsafe", r"\b(?:gonna|going to|will|'ll) (?:stab|jump|kill|beat|batter|hurt|burn|shoot)\b|\bstab(?:bed)? me\b|\bburn (?:the|our|my) house\b|\bhead down the toilet\b|\bkill my (?:dog|cat|mum|dad|mom)\b|\b(?:got|have|has|bringing|bring) a knife\b"),
    # Other danger now
    ("unsafe", r"\bswallowed (?:batteries|a battery|bleach|magnets?|pills|tablets|a coin)\b|\bget kids in (?:his|their|a) car\b|\bon the roof\b|\bnearly fell\b|\balone in the (?:taxi|car|bus|minibus)\b|\bseizures today\b|\bstopped taking (?:his|her|my) (?:meds|medication|tablets)\b"),
    # Young people's own words in their space (voice of the child): hopelessness, fear at home
    ("self-harm", r"\bhate my (?:life|self)\b|\bwant(?:s|ed)? to disappear\b|\bwish (?:i|he|she) (?:was|wasn'?t|had never been|were never) (?:never )?born\b|\bgiv(?:e|ing) up on (?:everything|life|me)\b"),
    ("self-harm", r"\bnobody would (?:miss|notice|care)\b|\bno ?one would (?:miss|notice|care)\b|\bnobody cares (?:about|if) (?:me|i)\b|\bsleep and never wake\b|\bnever wake up\b"),
    ("abuse", r"\b(?:i|we) (?:get|got|gets) (?:hit|beaten|smacked|slapped|kicked)\b|\b(?:boyfriend|girlfriend|stepdad|step dad|stepmum|step mum|dad|mum|uncle|partner) (?:\w+ )?(?:scares|frightens) me\b"),
    ("unsafe", r"\b(?:don'?t|dont|do not) want to go (?:back )?home\b|\bgets drunk and (?:shouts|hits|throws|smashes)\b"),
    # Welsh
    ("self-harm", r"\blladd fy hun\b|\bhunan-?niwed\w*|\beisiau marw\b|\bisio marw\b|\bmethu ymdopi\b|\bddim eisiau byw\b"),
    ("unsafe", r"\bddim yn (?:teimlo'?n )?ddiogel\b|\b(?:mab|merch|plentyn|o|hi|nhw) (?:\w+ )?ar goll\b|\bwedi diflannu\b|\byn fy (?:nharo|mrifo)\b|\bcam-?drin\w*"),
    ("self-harm", r"\bisio bod yma\b|\beisiau bod yma\b|\btorri fy hun\b|\bneb yn malio\b|\bei (?:frifo|brifo)\b|\bfy nhrywanu\b|\btrywanu\b"),
    ("neglect", r"\bdim bwyd\b|\bddim adra\b|\bddim adref\b|\bcuddio\b|\bgwylltio\b|\bofyn am luniau\b|\bcyffwrdd (?:fi|â fi|ynof)\b"),
    # Polish
    ("self-harm", r"\bzabi(?:ć|c) si[ęe]\b|\bsamob[óo]j\w*|\bnie chc[ęe] (?:ju[żz] )?(?:żyć|zyc)\b|\bzrobi[ęe] co[śs] g[łl]upiego\b"),
    ("crisis", r"\bnie daj[ęe] (?:ju[żz] )?rady\b|\bnie wytrzymam\b|\bokalecz\w*|\btn[ęe] si[ęe]\b|\btnie si[ęe]\b|\bcięcie się\b|\b[żz]yletk\w*"),
    ("neglect", r"\bnie ma nic do jedzenia\b|\bnie wr[óo]ci[łl]a\b|\bnie wr[óo]ci[łl]\b|\bprosi mnie o zdj[ęe]cia\b|\bwozi[ćc] paczki\b|\bjestem im winn\w*|\bpobij\w*|\bzabij\w*"),
    ("abuse", r"\bbije mnie\b|\bbije (?:go|j[ąa])\b|\bprzemoc\w*|\bmolest\w*|\bdotyka mnie\b"),
    ("missing", r"\bzagin[ąa][łl]\w*|\bzagin\w*|\buciek[łl]\w*|\bnie mo[żz]emy (?:go|jej) znale[źz][ćc]\b"),
    ("unsafe", r"\bnie czuj[ęe] si[ęe] bezpiecznie\b|\bboj[ęe] si[ęe] wr[óo]ci[ćc] do domu\b"),
    # Urdu (Arabic script) and Urdu in Latin letters
    ("self-harm", r"خودکشی|خود کشی|مرنا چاہت|مر جانا چاہت|اپنے آپ کو (?:نقصان|مار)|جینا نہیں چاہت|خود کو (?:نقصان|مار|زخمی)"),
    ("abuse", r"مجھے مار(?:تا|تی|تے)|مارتا ہے|مارتی ہے|تشدد|زیادتی|غلط طریقے سے چھو"),
    ("missing", r"گم ہو گیا|گم ہو گئی|لاپتہ|بھاگ گیا|بھاگ گئی|(?:بیٹا|بیٹی|بچہ|بچی|وہ) (?:کہیں )?نہیں مل رہ"),
    ("unsafe", r"محفوظ نہیں|ڈر لگتا ہے گھر|کھانے کو کچھ نہیں|گھر نہیں آئ|بیلٹ سے مار|مارتے ہیں|نقصان نہ پہنچا|نقصان پہنچا دوں|تصویریں مانگ"),
    ("unsafe", r"\bkhatam kar doon\b|\bbardasht nahi\b|\bmaarte hain\b|\bkhana nahi hai\b|\buth nahi rahi\b|\bwapas nahi aaya\b|\bwapas nahi aayi\b|\bkuch kar na doon\b"),
    ("self-harm", r"\bkhudkushi\b|\bmarna chahta\b|\bmarna chahti\b|\bjeena nahi chahta\b"),
    ("abuse", r"\bmujhe marta\b|\bmujhe marti\b|\bmaarta hai\b"),
]  # fmt: skip

_COMPILED = [(category, re.compile(pattern, re.IGNORECASE)) for category, pattern in _RISK_PATTERNS]

# Phrases that look risky but are about services, not a person in danger now.
_SAFE_CONTEXT = re.compile(
    r"\b(?:missing (?:paperwork|form|forms|documents?|reports?|information|info|evidence|section|sections|deadline)"
    r"|(?:paperwork|form|report|plan|section|letter|appointment|information|info|link|drop-down|page|draft) (?:is|was|are|has gone) missing"
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
