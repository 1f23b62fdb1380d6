"""The short list of phrases that must never be missed, one entry per idea, in each language we serve.

This is a safety net under the model, not the method: the model (screen.py) finds risk said in words
nobody listed here. An entry belongs here only when the words are unambiguous on their own and missing
one would be unacceptable. Each entry names a kind of immediate danger generically (what was taken, what
is being held, who is gone, what the body is doing), in English, Welsh, Polish and Urdu (script and Roman),
not a sentence anyone wrote: a stated wish or plan to die, an overdose or poisoning, a weapon, someone
missing now, a medical emergency, a carer at breaking point, forced marriage or FGM. Because the lexicon
catches these, the model's threshold is chosen for recall on everything else and is not dragged down to
the hardest immediate-danger message. Entries run on normalised (lower-case) text.
"""

from __future__ import annotations

import re

_PERSON = (
    r"(?:he|she|they|son|daughter|child|boy|girl|brother|sister|kid|grandson|granddaughter|nephew|niece|"
    r"[a-z]+ (?:is|has been))"
)
_HIM = r"(?:him|her|them|my (?:son|daughter|child|boy|girl|brother|sister|kid)|the (?:child|baby)|(?:my|our) (?:little )?(?:one|baby))"
# Words about a service, not a person ("suicide prevention training", "overdose policy").
_NOT_AN_EVENT = r"(?![- ](?:prevention|awareness|risk assessment|training|polic(?:y|ies)|plan|procedures?)\b)"
# Things that poison when swallowed, and medicines taken in quantity.
_POISON = (
    r"(?:bleach|detergent|washing[- ]?(?:up )?(?:liquid|powder|pods?|tablets?)|dishwasher (?:tablets?|pods?)|"
    r"cleaning (?:stuff|liquid|spray|products?)|anti-?freeze|weed ?killer|rat poison|poison|batter(?:y|ies)(?! of\b)|"
    r"magnets?|white spirit|paraffin|methadone|e-?liquid|vape liquid)"
)
# Medicines taken in quantity: the general words (and their common misspellings), and the medicines families of
# disabled children most often have in the house (pain and fever, sleep, ADHD, epilepsy, mood and anxiety).
_PILLS = (
    r"(?:pills|tab(?:le?)?ts|tabs|paracetamol|ibuprofen|calpol|aspirin|codeine|co-?codamol|tramadol|meds|medicines?|"
    r"medication|insulin|painkillers|antidepressants|sleeping (?:pills|tablets)|melatonin|methylphenidate|ritalin|"
    r"concerta|equasym|elvanse|medikinet|guanfacine|sertraline|fluoxetine|citalopram|lithium|risperidone|"
    r"aripiprazole|quetiapine|diazepam|epilim|(?:sodium )?valproate|lamotrigine|keppra|levetiracetam|"
    r"carbamazepine|(?:cough |calpol )?(?:syrup|medicine))"
)
_WEAPON = r"(?:knife|knives|blade|machete|gun|axe)"
_NOT_A_WEAPON = r"(?!(?:toy|water|nerf|glue|bubble|hair|tattoo|pretend|play|butter|plastic|massage|heat|staple) )"
_NOT_MISSING_A_THING = (
    r"(?! (?:lots of |a lot of |so much |some |most of |too much |loads of )?(?:school|lessons?|class(?:es)?|days|"
    r"education|out|her|his|their|my|our|the|you|home|friends?|mum|dad|grandma|nan)\b)"
)
ENTRIES: list[tuple[str, str]] = [
    # A stated wish or plan to end one's life (en, cy, pl, ur, Roman Urdu).
    ("suicide-self-harm", rf"\bsu[i]?cid\w*\b{_NOT_AN_EVENT}|\bkill(?:ing)? (?:my|him|her|them)(?: ?sel(?:f|ves))\b(?! laughing)"
                          r"|\b(?:end|take) (?:my|his|her) (?:own )?life\b|\bk+m+s+\b|\bend it all\b|\bbetter off dead\b"
                          # Every form of the verb: "ending it all", "taking my own life", "ended his life".
                          r"|\b(?:ends|ending|ended|takes|taking|took|taken) (?:my|his|her|their) (?:own )?li(?:fe|ves)\b(?! savings| story| stories| insurance| back| in (?:my|his|her|their) hands)"
                          r"|\b(?:ends|ending|ended) it all\b"
                          # Something tied round the neck, or the means made ready (not "ligature risk assessment").
                          r"|\b(?:tied|tying|tie|ties|put|putting|wrapped|wrapping|pulled|pulling|tightened|tightening) (?:a |the |his |her |my |their )?"
                          r"(?:belt|rope|cord|cable|wire|lead|sheet|string|shoelaces?|dressing gown cord)s? (?:round|around) (?:his|her|my|their) (?:own )?neck\b"
                          # At the edge of a height, on the wrong side of its railings.
                          r"|\b(?:i'?m|i am|he'?s|she'?s|he is|she is|they'?re|they are|standing|sitting|climbed|climbing|gone) (?:\w+ ){0,2}(?:on|at|over) the (?:wrong side|edge) of (?:the |a )?(?:\w+ ){0,2}(?:bridge|roof|cliff|railings?|balcony|platform|car park)\b"
                          r"|\b(?:this is|here'?s) my last (?:message|text|post)\b(?! (?:before|until|for|about|on|of|to|today|this))"
                          # Or tied to something to hang from ("tied my school tie round the bannister").
                          r"|\b(?:tied|tying|tie|hung|hanging|fixed) (?:a |the |my |his |her |their |school )*(?:belt|rope|cord|tie|scarf|sheet|cable|wire|string|dressing gown cord)s? "
                          r"(?:round|around|to|from|over|on) (?:the |a |my |his |her )?(?:bannisters?|banisters?|stair ?(?:rail|gate)|door ?(?:frame|handle|top)?|hook|beam|loft hatch|curtain (?:rail|pole)|wardrobe rail|pole|tree|light fitting)\b"
                          r"|\bnoose\b|\b(?:made|making|tied|tying|used|using|had|found|tried) (?:a |another |an? \w+ )?ligatures?\b|\b(?:the |a |my )?rope(?: is|'s)? ready\b"
                          r"|(?<!make me )(?<!makes me )\b(?:want|wanna|wants|wanted|wish) (?:to )?(?:die|be dead)\b(?! of\b| laughing)"
                          r"|\bwish (?:i|he|she) (?:was|were) dead\b|\b(?:don'?t|dont|do not|doesn'?t|does not) want to (?:live|be alive)\b"
                          rf"|\blladd (?:fy|ei) hun\b|(?<!atal )\bhunanladd\w*\b{_NOT_AN_EVENT}|\b(?:isio|isie|eisiau|moyn) marw\b|\bddim (?:isio|isie|eisiau|moyn) byw\b"
                          r"|\bzabi[ćc] si[ęe]\b|\bsi[ęe] zabi[ćc]\b|\bsamob[óo]j\w*|\bchc[ęe] umrze[ćc]\b|\bnie chc[ęe] (?:ju[żz] )?[żz]y[ćc]\b"
                          r"|خودکشی|خود کشی|\bkhud ?kushi\b|مرنا چاہت|مر جانا چاہت|جینا نہیں چاہت|\bmarna chaht\w*|\bmar jana chaht\w*"
                          r"|\bjeena nahi chaht\w*"),
    # Asking for the way or the means to die: the easiest way, how many tablets it takes, a lethal dose. Someone looking up a method is at risk now, whatever else the message says. (Welsh, Polish and Urdu
    # wording: written by the team, to be checked by native speakers, as the rest of this file.)
    ("suicide-self-harm", r"\b(?:easiest|easyest|easist|quickest|fastest|best|painless|surest|simplest|least painful) (?:way|ways|method|methods) "
                          r"(?:to|of) (?:die|dying|overdose|od|kill (?:my|your|him|her|them|one)sel(?:f|ves)|end (?:it|it all|my life|your life)|hang (?:my|your)self)\b"
                          r"|\bhow (?:many|much) (?:[\w']+ ){0,5}(?:to|would|will|does it take to|would it take to) (?:overdose|od|die|kill (?:you|me|a person|someone|myself)|be (?:fatal|lethal))\b"
                          r"|\b(?:lethal|fatal|deadly) (?:dose|amount|overdose)\b"
                          r"|\bhow (?:do|can|would|could|to) (?:i |you |someone |a person )?(?:overdose|kill (?:my|your)self|end (?:my|your) (?:own )?life|hang (?:my|your)self)\b"
                          r"|\bffordd (?:hawsaf|gyflymaf|orau) (?:i )?(?:farw|ladd fy hun|orddosio)\b"
                          r"|\b(?:najłatwiejszy|najszybszy|najlepszy|bezbolesny) sposób,? (?:żeby |aby |na |by )?(?:umrzeć|się zabić|przedawkować)\b"
                          r"|\bile (?:tabletek|leków|pigułek) (?:\w+ )?(?:żeby|aby|by|do) (?:umrzeć|przedawkować|się zabić)\b|\bśmiertelna dawka\b"
                          r"|\bmarne ka (?:sab se )?(?:aasan|asaan|asan|tez) (?:tareeqa|tarika|tareeka|tariqa)\b|\bkitni (?:goliyan|goliyaan|golian) (?:\w+ ){0,2}(?:mar|maut)\b"
                          r"|مرنے کا (?:سب سے )?(?:آسان|تیز) طریقہ|کتنی گولیاں (?:\S+ ){0,2}(?:مر|موت)"),
    # Going in front of a train or traffic, or being on the railway line, to end one's life (the words of a plan:
    # "I'll step in front of", not a child who ran out in front of a car). Welsh, Polish and Urdu wording to be
    # checked by native speakers.
    ("suicide-self-harm", r"\b(?:i'?ll|i will|i'?m going to|im going to|i'?m gonna|im gonna|gonna|going to|want to|wanna|about to|he'?s going to|she'?s going to|(?:he|she) (?:says|said) (?:he|she)'?(?:ll| will)) "
                          r"(?:\w+ ){0,2}(?:jump|step|walk|throw (?:my|him|her)self|lie down|stand) (?:out )?in front of (?:a|the) (?:\w+ )?(?:train|bus|lorry|truck|car|tube|tram)\b"
                          r"|\b(?:i'?m|im|i am|he'?s|she'?s|he is|she is|they'?re|they are|standing|sitting|walking|lying) on the (?:railway|train|rail) (?:lines?|tracks?)\b"
                          r"|\b(?:neidio|camu|cerdded|taflu fy hun|gorwedd) o flaen (?:y |yr )?(?:trên|tren|bws|lori|car)\b"
                          r"|\b(?:rzuc\w* si[ęe]|skocz\w*|wskocz\w*|po[łl]o[żz]\w* si[ęe]) pod (?:poci[ąa]g|autobus|samoch[óo]d|ci[ęe][żz]ar[óo]wk\w*|tramwaj)\b"
                          r"|\b(?:train|gaari|gaadi|bus) (?:ke|kay|ki) (?:aage|agay|aagay|samne|saamne|samnay|neeche|niche) (?:aa|a|ja|jaa|kood|kud|let|lait)\w*"
                          r"|(?:ٹرین|گاڑی|بس) کے (?:آگے|سامنے|نیچے) (?:آ|جا|کود|لیٹ)"),
    # An overdose or poisoning, named by what was taken.
    ("suicide-self-harm", r"\boverdos(?:ed|ing)\b|\b(?:taken|took|had|done|did) (?:an |a )?overdose\b|\bod'?d\b"
                          # What was taken and how much: "took the whole box of", "drank the bottle of", "taken the rest of".
                          r"|\b(?:took|tak|taken|swallowed|drank|drunk|had|has had) (?:(?:a|the) (?:whole |full |big |entire )?(?:box|packet|pack|bottle|strip|tub|sheet) of"
                          r"|all (?:of )?(?:my|his|her|the|their)|all the|the rest of (?:my|his|her|the|their)"
                          rf"|loads of|too many|a handful of|[1-9]\d+|(?:ten|twenty|thirty|forty|fifty)) (?:\w+ )?{_PILLS}\b"
                          r"|\bprzedawkowa[łl]\w*|\bwedi cymryd gorddos\b"
                          # Roman Urdu and Urdu: strips or a number of pills eaten ("2 patte kha liye", "ساری گولیاں کھا لیں").
                          r"|\b(?:\d+|do|teen|char|saare|sari|saari|poora|pura|bohat|bahut|zyada) (?:patte|pattay|goliyan|goliyaan|golian) (?:\w+ )?kha (?:li|liye|lien|lin|gay\w*|gai|gayi)\b(?! thi| thin| thay| the\b)"
                          r"|(?:ساری|پورا|پوری|بہت سی|دو|تین) (?:پتے|گولیاں) (?:\S+ )?کھا (?:لیں|لی|لئے|لیے|گئ\S*)(?! تھ)"),
    # Someone who has swallowed something poisonous, or stopped breathing or responding.
    # However the thing is described on the way ("swallowed one of those little round watch batteries"); not "a battery
    # of tests".
    ("medical-emergency", rf"\b(?:swallowed|drank|drunk|ate|eaten|licked|sucked|has had|'s had) (?:a |an |some |the |his |her |my |a bit of |half (?:a|the) )?(?:[\w-]+ ){{0,6}}{_POISON}"
                          r"|\b\w+ (?:stuff|liquid) (?:under|from) the sink|\b(?:been|got|is|was) poisoned\b"
                          r"|\b(?:isn'?t|not|stopped|no longer) breathing\b|\bunconscious\b|\bunresponsive\b"
                          r"|\b(?:he|she|they|baby|son|daughter|child)(?: is|'s| are)? (?:can'?t|cannot) breathe\b"
                          r"|\b(?:struggling|fighting|battling) (?:to breathe|for (?:breath|air))\b|\bgasping for (?:breath|air)\b"
                          r"|\b(?:lips|face|he|she|they|baby)(?: is| are|'s)? (?:going|gone|turning|turned) (?:blue|grey)\b|\bblue lips\b"
                          r"|\b(?:won'?t|will not|not) stop (?:fitting|seizing|bleeding)\b|\bseizure (?:won'?t|will not|isn'?t going to) stop\b"
                          # A seizure going on for five minutes or more now (when emergency medicine or 999 is due).
                          r"|\b(?:fit|seizure)s? (?:that |which )?(?:has|have|'s) (?:gone on|been going(?: on)?|lasted|been) (?:for )?(?:over |more than )?"
                          r"(?:[5-9]|[1-9]\d|five|six|seven|eight|nine|ten|fifteen|twenty) (?:minutes|mins)\b"
                          r"|\b(?:has been|have been|'s been|is|are|been) (?:fitting|seizing|convulsing|having a (?:fit|seizure)) for (?:over |more than )?"
                          r"(?:[5-9]|[1-9]\d|five|six|seven|eight|nine|ten|fifteen|twenty) (?:minutes|mins)\b"
                          r"|\b(?:he|she|they|baby|son|daughter|child|friend|frend|brother|sister|mum|dad)(?: is|'s| are)? "
                          r"(?:not|isn'?t|stopped) (?:moving|responding)\b(?! (?:when|to)\b)|\b(?:won'?t|can'?t) wake (?:him|her|them) up\b"
                          r"|\b(?:he|she|they|son|daughter|child|baby|teacher|mum|dad|friend|someone|somebody) (?:has |have |just |'s )?collaps(?:ed|d)\b"
                          r"|\b(?:isn'?t|is not|not) movin'?\b(?! (?:house|school|on|up|forward|schools)\b)|\blost consciousness\b|\bpassed out\b(?! laughing)"
                          r"|\bgwefusau'?n las\b|\bwedi llewygu\b|\b(?:ze|o)mdla[łl]\w*\b(?! ze [śs]miechu)|\bffit (?:sy )?ddim yn stopio\b|\bstraci[łl]\w* przytomno\w*"
                          r"|ہونٹ نیلے|نیلا پڑ|نیلی پڑ|جھٹکے (?:آ رہے|نہیں رک|رک نہیں)|دورہ (?:نہیں رک|رک نہیں|پڑا (?:ہوا )?ہے)|دورہ (?:\S+ ){1,4}(?:سے )?(?:نہیں رک|رک نہیں)|\bhont neel\w*|\bjhatk\w* (?:aa|nahi ruk|ruk nahi)\w*"
                          r"|\bddim yn anadlu\b|\bmethu anadlu\b|\banymwybodol\b|\bgwenwyn\w*"
                          # Fighting for breath, and going grey or blue, in Welsh as in English above.
                          r"|\b(?:ymladd|brwydro|straffaglu) (?:am|i gael) (?:ei |fy |eu )?(?:h|n)?(?:anadl|aer|wynt|gwynt)\b"
                          r"|\b(?:mae'?n|mae o'?n|mae hi'?n|mae e'?n|wyneb\w*'?n|gwefus\w*'?n) (?:mynd|troi)(?: yn|'n) (?:las|llwyd)\b"
                          r"|\b(?:wedi|newydd) (?:l|ll)yncu (?:\w+ ){0,4}(?:t|d|th|nh)abledi|\b(?:wedi|newydd) (?:l|ll)yncu (?:\w+ ){0,3}(?:pils|cannydd|batri\w*|magnet\w*|gwenwyn|hylif|moddion)"
                          r"|\bnie oddycha\b|\bnie mo[żz]e oddycha[ćc]\b|\bnieprzytomn\w*|\bnie (?:budzi si[ęe]|rusza si[ęe]|reaguje)\b|\bsine usta\b"
                          r"|\bpo[łl]kn\w* (?:\w+ ){0,3}(?:bateri\w*|magnes\w*|tabletk\w*|lek\w*|trucizn\w*|p[łl]yn\w*)"
                          r"|\bwypi[łl]\w* (?:\w+ ){0,3}(?:p[łl]yn\w*|wybielacz\w*|domestos\w*|chemi\w*|trucizn\w*)|\bzatru(?:ł|l|cie|ci|t)\w*"
                          r"|سانس نہیں|بے ہوش|بیہوش|زہر (?:کھا|پی)|\bsaans nahi\b|\bbe ?hosh\b|\bzeh?e?r (?:kha|pi)\w*"
                          # Something poisonous drunk or swallowed, in Roman Urdu and Urdu ("thori si bleach pee li"), not in the past.
                          r"|\b(?:bleach|blich|phenyl|phenol|tezab|tezaab|acid|detergent|surf|sarf|harpic|dettol|kerosene|mitti ka tel|batter(?:y|ies|i)|magnets?|chooh?e? maar\w*|keer[ae]y? maar\w*) "
                          r"(?:\w+ ){0,2}(?:pee|pi|kha|khaa|nigal|nighal|nigl) ?(?:li|liya|lia|liye|lee|gaya|gayi|gai|gya|gyi)\b(?! thi| tha| thay| the\b)"
                          r"|(?:بلیچ|تیزاب|فینائل|ڈیٹول|ہارپک|مٹی کا تیل|بیٹری|مقناطیس|چوہے مار) (?:\S+ ){0,2}(?:پی|کھا|نگل) ?(?:لی|لیا|لیے|گیا|گئی|گئے)(?! تھ)"
                          # A severe allergic reaction (anaphylaxis): the throat closing, the tongue or lips swelling.
                          r"|\banaphyla\w*|\b(?:my|his|her|their) throat (?:is |feels |keeps )?(?:tight|closing|swelling|swollen)"
                          r"|\b(?:my|his|her|their) (?:tongue|lips|face) (?:is |are |has |have )?(?:swelling|swollen|gone big|big)\b"
                          r"|\b(?:used|gave|give|given|needed|had to use) (?:him |her |them |me )?(?:his |her |their |my |the |an )?epi ?pen\b"
                          r"|\banaffylacsis\b|\bgwddf (?:yn cau|wedi chwyddo)\b|\btafod (?:yn chwyddo|wedi chwyddo)\b"
                          r"|\banafilak\w*|\bgard[łl]o (?:(?:mu|jej|mi) )?(?:si[ęe] )?(?:zamyka|zaciska|puchnie|spuch)\w*|\bj[ęe]zyk (?:puchnie|spuch)\w*"
                          r"|گلا بند|زبان سوج|ہونٹ سوج|\bgala band\b|\b(?:zuban|zaban) sooj\w*"
                          # Not responding to voice or touch, and will not come round (as "unresponsive", "won't wake").
                          r"|ہوش میں نہیں|(?:آواز|ہلانے|بلانے) (?:پر|سے) (?:بھی )?(?:جواب|ردعمل|رد عمل) نہیں|\bhosh (?:mein|me|main) nahi\b"
                          r"|\b(?:awaz|awaaz|hilane|bulane) (?:par|pe|se) (?:bhi )?jawab nahi\b"
                          r"|\b(?:e|o|hi|fy mab|fy merch|y babi|y plentyn) ddim yn ymateb\b(?! i)|\bmethu (?:ei )?(?:ddeffro|deffro)\b"),
    # A weapon, here and now.
    ("immediate-danger", rf"\b(?:got|has|have|had|holding|carrying|with|pulled|waving|grabbed|took|brought) (?:a|an|the|his|her|my|their) {_NOT_A_WEAPON}(?:\w+ )?{_WEAPON}\b(?! and fork)"
                         r"|\b(?:c|g|ch|ngh)yllell\b(?! a fforc)|\bno[żz]em\b|\b(?:ma|trzyma|wzi[ąa][łl]\w*|wyci[ąa]gn[ąa][łl]\w*|chwyci[łl]\w*) n[oó][żz]\b(?! na gardle)|\bbroń\b|\bbroni[ąa]\b|\bmaczet\w*"
                         r"|چاقو|چھری(?! کانٹ)|بندوق|پستول|\bchaa?ku\b|\bchh?uri\b|\bbandooq\b"),
    # A threat to stab or shoot someone, or to kill or hurt them said as a threat ("my mum will kill me" is an idiom,
    # so "kill" counts only after "threatening to"). Welsh, Polish and Urdu wording to be checked by native speakers.
    ("threat-to-others", r"\b(?:going to|gonna|gunna|will|'ll|would|wanna|want to|threaten\w* to|promised to) (?:\w+ )?(?:stab|shoot|knife|glass) (?:me|him|her|them|you|us|my|his|her|their|the)\b(?! (?:\w+ )?in the back\b| (?:\w+ )?(?:a|an) (?:text|message|email|e-mail|line|note|call|dm|look)\b)"
                         r"|\bthreaten\w* to (?:kill|hurt|stab|shoot|burn|beat up|batter|attack)\b"
                         r"|\b(?:trywanu|saethu) (?:fi|fe|hi|nhw|chi)\b|\bfy nhrywanu\b|\b(?:dźgnąć|zadźgać|zastrzelić) (?:mnie|go|ją|ich)\b"
                         r"|\b(?:chaaku|chaku|chhuri|churi) (?:maar|mar)(?:ne|nay|en|ein|ega|enge|dunga|denge)\b|چاقو مار"),
    # Someone missing now.
    # (Missing school, lessons or a friend is not someone missing.)
    ("missing", rf"\b{_PERSON} (?:is|has gone|has been|went|'s gone|'s been) missing\b{_NOT_MISSING_A_THING}|\bgone missing\b"
                rf"|\b(?:can'?t|cannot|cant|can not) find {_HIM}\b"
                r"|\b(?:he|she|they)(?:'s|'ve| has| have)? (?:run|ran) (?:off|away)\b(?! from (?:the|a) (?:dog|bee|spider))"
                r"|\b(?:hasn'?t|haven'?t|didn'?t|did not|has not|have not|never) (?:come|came|got|gotten) (?:back )?home\b"
                r"|\b(?:hasn'?t|haven'?t|didn'?t|did not|has not|have not|never) (?:come|came|got|gotten) back from (?:school|college|the park|town|the shops|(?:his|her|their) (?:friend|mate)'?s?)\b(?! trips?| clubs?| holidays?)"
                r"|\b(?:no ?one|nobody|we|i) (?:knows?|don'?t know|do not know) where (?:he|she|they) (?:is|are|went|has gone)\b(?! (?:going|gonna|up to|meant|supposed|at with))"
                # Whoever was looking after them does not know where they are ("the provider doesn't know where he is").
                r"|\b(?:doesn'?t|does not|didn'?t|did not|don'?t|do not|can'?t|cannot) (?:know|tell (?:me|us)) where (?:he|she|they) (?:is|are|went|has gone|have gone)\b(?! (?:going|gonna|up to|meant|supposed|at with|with (?:his|her|their) (?:work|reading|learning)))"
                # Not seen for hours, or out of sight a moment ago: "nobody has seen him since lunch", "lost sight of her".
                r"|\b(?:no ?-?one|nobody|no body)(?: has|'s| have)? (?:seen|heard from) (?:\w+ ){0,2}since\b"
                r"|\blost (?:sight of|track of) (?:him|her|them)\b|\bturned (?:a)?round and (?:he|she|they)(?:'s| is| was|'re| are)? gone\b"
                r"|\bstraci[łl]\w* (?:go|j[ąa]|je|ich) z oczu\b|\bcolli golwg ar\w*|نظر سے اوجھل|\bnazar se ojhal\b"
                r"|\b(?:mab|fab|merch|ferch|plentyn|blentyn|bachgen|fachgen|hogyn|hogan|babi|brawd|frawd|chwaer|o|hi|fo|e|nhw) (?:\w+ )?(?:wedi mynd |wedi bod |yn )?ar goll\b"
                r"|\bheb (?:ddod|dod) (?:adre|adref|nôl|yn ôl)\b|\bzagin[ąa][łl](?:a|o|y)?\b(?! mi\b)|\bzaginion\w*|\bnie wr[óo]ci[łl]\w*"
                r"|لاپتہ|گھر نہیں آ|\bghayab\b|\blapata\b|\bghar nahi (?:aaya|aya|ayi|aayi|aaye|aye)\b"),
    # Someone who says they are not safe, or are afraid to go, where they live.
    ("abuse", r"\b(?:don'?t|dont|do not|doesn'?t|does not|never) feel (?:safe|saf) (?:at|in (?:my|our|the)) (?:home|house)\b"
              r"|\b(?:not|isn'?t|am not|i'?m not) safe (?:at|in (?:my|our|the)) (?:home|house)\b|\b(?:scared|afraid|frightened) to go home\b"
              r"|\bddim yn teimlo'?n (?:ddiogel|saff) (?:adra|adre|adref|gartref|yn y t[ŷy])|\bofn mynd (?:adra|adre|adref)\b"
              r"|\bnie czuj[ęe] si[ęe] bezpiecznie w domu\b|\bboj[ęe] si[ęe] wr[óo]ci[ćc] do domu\b"
              r"|گھر (?:میں|پر) (?:محفوظ نہیں|ڈر لگتا)|گھر جانے سے ڈر|\bghar (?:mein|me|pe|par) (?:mehfooz nahi|dar lagta)\b|\bghar jane se dar\b"
              # Touched where they should not be, told in a child's own words or about a child (not "touch base").
              r"|\btouch(?:es|ed|ing)? (?:me|him|her|them|my (?:\w+ )?(?:son|daughter|child|boy|girl)) (?:where|in places) (?:he|she|they|you|i)? ?(?:shouldn'?t|should not|is not meant|isn'?t meant|aren'?t meant|are not meant|don'?t like)\b"
              r"|\btouch(?:es|ed|ing)? (?:my|his|her|their) (?:private(?:s| parts| bits| places)?|willy|fanny|bum|bottom|boobs|chest) (?:and|when|at|in|every|under)\b"
              r"|\bcyffwrdd (?:â )?(?:fi|fy|fi lle)\b[^.]{0,30}\bna ddylai\b|\bdotyka mnie (?:tam,? )?gdzie nie powinien\b|\bmujhe (?:galat|gandi) jagah (?:chhoota|chhuta|chuta|choota)\b"
              r"|مجھے غلط جگہ (?:چھوتا|چھوتی)"),
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
    r"emails?|parcels?|appointments?|link|plan) (?:\w+ ){0,4}?(?:has |have |had |is |are |was )?(?:gone |been |went )?missing\b"
)


# A knife named alone (the Welsh, Polish and Urdu entries name the thing, not what is done with it) in a message
# about cooking is a kitchen knife: left to the model. A knife held, grabbed or waved is still found.
_COOKING = re.compile(
    r"\b(?:cook\w*|chop\w*|vegetables?|veg|carrots?|onions?|life ?skills|coginio|llysiau|moron|nionod|winwns|"
    r"gotow\w*|warzyw\w*|marchew\w*|cebul\w*|sabzi\w*|pyaz|khana paka\w*)\b|سبزی|پیاز|کھانا پکا"
)


def matches(text: str) -> list[tuple[str, str]]:
    """(category, words) for every entry found in normalised `text`."""
    cleaned = _NOT_A_PERSON.sub(" ", text)
    found = []
    for category, pattern in _COMPILED:
        hit = pattern.search(cleaned)
        if hit and category == "immediate-danger" and " " not in hit.group(0) and _COOKING.search(cleaned):
            continue
        if hit:
            found.append((category, hit.group(0)))
    return found
