"""Deterministic, entirely fictional demo data for the Wessex Local Offer directory.

The shape follows the Open Referral UK / HSDS 3.0 UK profile (service, organization,
location, contact, phone, schedule, cost_option, taxonomy_term) plus the SEND extensions
the Local Offer needs (category, provider type, in/out of area, need types, Schedule 2
paragraph 5 answers, eligibility, referral route, review dates and owner).

Everything here is invented: Wessex County Council, its districts and towns, every
organisation and person. Postcodes use the fictional areas WX (Wessex) and WY (the
neighbouring fictional county of Mercia Marches), phone numbers come only from Ofcom's
drama range 01632 960000 to 01632 960999, and e-mail and web addresses only use the
reserved example.org / example.com / example.net domains.

``generate(seed)`` uses one ``random.Random(seed)`` and never the clock, so the same seed
gives identical output on every run and machine. Run this file to print counts by
category, a sample service and the result of a self-check.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import sys
from datetime import date, timedelta

__all__ = ["DISTRICTS", "OUTCODES", "TAXONOMY", "postcode_to_latlon", "demo_postcode", "generate"]

# Places ------------------------------------------------------------------------------------

# fmt: off
DISTRICTS: list[dict] = [
    {"key": "kingsbridge-vale", "name": "Kingsbridge Vale", "towns": ["Kingsbridge", "Harrowmere"],
     "outcodes": ["WX1", "WX2"]},
    {"key": "wyvern-downs", "name": "Wyvern Downs", "towns": ["Wyvernbury", "Brenmoor Lacy", "Fennerby"],
     "outcodes": ["WX3", "WX4", "WX5"]},
    {"key": "sallow-coast", "name": "Sallow Coast", "towns": ["Port Sallow", "Merrowcliff"],
     "outcodes": ["WX6", "WX7"]},
    {"key": "ravensmere-forest", "name": "Ravensmere Forest", "towns": ["Ravensmere", "Quillbrook"],
     "outcodes": ["WX8", "WX9"]},
    {"key": "cranholt-hills", "name": "Cranholt Hills", "towns": ["Cranholt", "Dunsmere Magna", "Wendlecote"],
     "outcodes": ["WX10", "WX11", "WX12"]},
    {"key": "heronsey-levels", "name": "Heronsey Levels", "towns": ["Heronsey", "Brackenholt"],
     "outcodes": ["WX13", "WX14"]},
]

# Outcode centres. WX: Wessex; WY: Mercia Marches, the fictional neighbouring county to the north-west.
OUTCODES: dict[str, tuple[float, float]] = {
    "WX1": (50.9312, -2.0841), "WX2": (50.9876, -2.1873), "WX3": (51.1418, -1.9236),
    "WX4": (51.2187, -1.7724), "WX5": (51.0893, -1.6612), "WX6": (50.7146, -2.2869),
    "WX7": (50.7428, -1.9815), "WX8": (50.8617, -1.7402), "WX9": (50.7931, -1.6385),
    "WX10": (51.0547, -2.4521), "WX11": (51.1622, -2.3368), "WX12": (51.2394, -2.5517),
    "WX13": (50.9718, -2.6384), "WX14": (50.8472, -2.5129),
    "WY1": (51.3384, -2.8127), "WY2": (51.4102, -2.6435), "WY3": (51.3011, -2.9673), "WY4": (51.4650, -2.8849),
}
# fmt: on

_OOA_TOWNS = {"WY1": "Marchbury", "WY2": "Lenthall Cross", "WY3": "Orrisford", "WY4": "Tanwick Minster"}
_TOWN = {oc: t for d in DISTRICTS for oc, t in zip(d["outcodes"], d["towns"], strict=True)} | _OOA_TOWNS
_DISTRICT_OF = {oc: d["name"] for d in DISTRICTS for oc in d["outcodes"]}
_WHOLE = "Wessex (whole county)"
_OOA = "Mercia Marches"
_WX = [oc for d in DISTRICTS for oc in d["outcodes"]]
# fmt: off
# Health and social care teams work in three zones of two districts each.
_ZONES = {
    "North": ("WX3", ["Wyvern Downs", "Cranholt Hills"]),
    "Central": ("WX1", ["Kingsbridge Vale", "Heronsey Levels"]),
    "South": ("WX6", ["Sallow Coast", "Ravensmere Forest"]),
}
# fmt: on

# Postcodes ---------------------------------------------------------------------------------

_INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # letters allowed in the inward code (no C I K M O V)
_FULL_RE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][ABD-HJLNP-UW-Z]{2})$")
_OUT_RE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")


def _split_postcode(postcode: object) -> tuple[str, str | None] | None:
    if not isinstance(postcode, str):
        return None
    text = re.sub(r"\s+", "", postcode).upper()
    match = _FULL_RE.match(text)
    if match:
        return match.group(1), match.group(2)
    if _OUT_RE.match(text):
        return text, None
    return None


def postcode_to_latlon(postcode: str) -> tuple[float, float] | None:
    """Where a fictional WX/WY postcode (or outcode alone) is, or None.

    "WX1 4AB", "wx14ab" and "WX1" are all accepted. A full postcode gives the outcode centre
    moved by a small fixed offset (under 0.01 degrees) taken from a hash of the postcode, so
    the same postcode always lands on the same spot. Unknown outcodes and strings that are not
    shaped like a UK postcode give None.
    """
    parts = _split_postcode(postcode)
    if parts is None:
        return None
    outward, inward = parts
    centre = OUTCODES.get(outward)
    if centre is None:
        return None
    if inward is None:
        return centre
    digest = hashlib.sha256(f"{outward} {inward}".encode("ascii")).digest()
    dlat = (int.from_bytes(digest[:4], "big") / 0xFFFFFFFF - 0.5) * 0.018
    dlon = (int.from_bytes(digest[4:8], "big") / 0xFFFFFFFF - 0.5) * 0.018
    return (round(centre[0] + dlat, 6), round(centre[1] + dlon, 6))


def demo_postcode(rng: random.Random, outcode: str) -> str:
    """A made-up postcode in ``outcode``, such as "WX3 7QJ"."""
    return f"{outcode} {rng.randint(1, 9)}{rng.choice(_INWARD_LETTERS)}{rng.choice(_INWARD_LETTERS)}"


# Taxonomy ----------------------------------------------------------------------------------

# fmt: off
_CATEGORIES = {
    "education": ("Education", "Nurseries, schools, colleges and other places to learn, and the help they give with SEND."),
    "health": ("Health", "Therapies, mental health support, community paediatrics, nursing and equipment for children and young people."),
    "social-care": ("Social care", "Help from social workers and family support teams, carers' support and preparing for adult services."),
    "short-breaks": ("Short breaks", "Time apart for disabled children and young people to have fun, and a break for their families."),
    "leisure": ("Leisure and activities", "Inclusive sport, swimming, youth clubs, arts and days out."),
    "childcare": ("Childcare", "Childminders, nurseries, after-school and holiday clubs with experience of SEND."),
    "support-groups": ("Support groups", "Groups where parents, carers, brothers and sisters can meet others who understand."),
    "advice": ("Information and advice", "Free, impartial advice on SEND, benefits, rights, mediation and appeals."),
    "travel": ("Travel and transport", "Getting to school or college, travel training and travel concessions."),
    "employment": ("Work and training", "Supported internships, job coaching, apprenticeships and careers help for 14 to 25 year olds."),
}

# category -> "key=Name; key=Name; ..."
_SUBCATEGORY_TEXT = {
    "education": ("nursery=Nurseries and early years settings; mainstream-primary=Mainstream primary schools; "
                  "mainstream-secondary=Mainstream secondary schools; resourced-provision=Resourced provisions and units in mainstream schools; "
                  "special-school=Special schools; independent-special=Independent special schools; "
                  "non-maintained-special=Non-maintained special schools; post-16-college=Colleges and sixth forms; "
                  "specialist-post-16=Specialist post-16 institutions; alternative-provision=Alternative provision and pupil referral units; "
                  "hospital-education=Hospital and medical needs education"),
    "health": ("speech-and-language=Speech and language therapy; occupational-therapy=Occupational therapy; physiotherapy=Physiotherapy; "
               "camhs=Children and young people's mental health services (CAMHS); school-mental-health=Mental health support teams in schools; "
               "paediatrics=Community paediatrics; continence=Continence service; wheelchair=Wheelchair service; sensory=Hearing and vision support; "
               "neurodevelopmental=Autism and ADHD assessment; portage=Portage home learning (early years); "
               "community-nursing=Community and school nursing; equipment=Equipment for daily living"),
    "social-care": ("disabled-children-team=Children with disabilities social work; early-help=Early help and family hubs; "
                    "carers-support=Support for parent carers and young carers; transitions=Moving to adult services; "
                    "direct-payments=Direct payments and personal budgets support; home-adaptations=Home adaptations; "
                    "family-support=Family support and keyworkers"),
    "short-breaks": ("overnight=Overnight short breaks; family-based=Family-based short breaks; play-scheme=Play schemes and adventure play; "
                     "holiday-club=Holiday clubs; sitting-service=Sitting and befriending services; saturday-club=Saturday clubs; "
                     "youth-short-breaks=Youth short breaks (11 to 25); short-break-grants=Short breaks grants"),
    "leisure": ("swimming=Inclusive swimming; sport=Inclusive and disability sport; youth-club=Youth clubs; arts=Arts, music, drama and dance; "
                "uniformed-groups=Uniformed and adventure groups; cinema-and-theatre=Relaxed cinema and theatre; "
                "discount-card=Leisure discount card; libraries=Library sessions; outdoor-activities=Outdoor activities"),
    "childcare": ("childminder=Childminders; day-nursery=Day nurseries; after-school-club=After-school clubs; holiday-club=Holiday childcare; "
                  "childcare-information=Finding and paying for childcare"),
    "support-groups": ("parent-carer-forum=Parent carer forum; autism=Autism groups; adhd=ADHD groups; down-syndrome=Down syndrome groups; "
                       "siblings=Groups for brothers and sisters; sensory-impairment=Deaf and visual impairment groups; "
                       "physical-disability=Physical disability groups; general-send=Groups for all SEND families; "
                       "mental-health=Emotional wellbeing groups"),
    "advice": ("sendiass=SEND information, advice and support (SENDIASS); independent-support=Independent supporters and advocacy; "
               "benefits=Benefits and money advice; mediation=Mediation and disagreement resolution; "
               "information-service=Family information and the Local Offer; legal=Legal advice; housing=Housing advice"),
    "travel": ("school-transport=Home to school transport; travel-training=Independent travel training; post-16-travel=Post-16 travel support; "
               "travel-concessions=Bus passes and Blue Badges"),
    "employment": ("supported-internship=Supported internships; job-coaching=Job coaching and supported employment; "
                   "apprenticeships=Apprenticeships support; volunteering=Volunteering; careers-advice=Careers advice"),
}
_SUBCATEGORIES = {cat: [tuple(part.split("=")) for part in text.split("; ")] for cat, text in _SUBCATEGORY_TEXT.items()}

_NEEDS = {
    "C": ("communication-interaction", "Communication and interaction",
          "Speech, language and communication needs, including autism."),
    "L": ("cognition-learning", "Cognition and learning",
          "Learning difficulties, from moderate to profound and multiple, and specific learning difficulties such as dyslexia."),
    "S": ("semh", "Social, emotional and mental health",
          "Needs such as anxiety, attachment difficulties, ADHD or behaviour that shows a child is struggling."),
    "P": ("sensory-physical", "Sensory and/or physical",
          "Hearing or vision impairment, multi-sensory impairment and physical disability."),
}
# fmt: on


def _build_taxonomy() -> list[dict]:
    terms: list[dict] = []
    for cat, (name, desc) in _CATEGORIES.items():
        terms.append(
            {
                "id": f"cat-{cat}",
                "name": name,
                "description": desc,
                "parent_id": None,
                "vocabulary": "wessex-send-categories",
            }
        )
        for sub, sub_name in _SUBCATEGORIES[cat]:
            terms.append(
                {
                    "id": f"cat-{cat}-{sub}",
                    "name": sub_name,
                    "description": f"{sub_name} ({name.lower()}).",
                    "parent_id": f"cat-{cat}",
                    "vocabulary": "wessex-send-categories",
                }
            )
    for key, name, desc in _NEEDS.values():
        terms.append(
            {
                "id": f"need-{key}",
                "name": name,
                "description": desc,
                "parent_id": None,
                "vocabulary": "wessex-send-needs",
            }
        )
    return terms


TAXONOMY: list[dict] = _build_taxonomy()

# Small word lists --------------------------------------------------------------------------

# fmt: off
_FIRST = ["Amara", "Ben", "Chloe", "Dev", "Eleanor", "Farid", "Grace", "Harvey", "Imogen", "Jasmine", "Kieran",
          "Lena", "Marcus", "Nadia", "Owen", "Priya", "Rosa", "Samuel", "Tamsin", "Usha", "Victor", "Willow",
          "Yusuf", "Zara", "Aled", "Bethan", "Callum", "Delyth", "Ewan", "Fiona", "Gareth", "Hana", "Ifeoma",
          "Joel", "Kasia", "Liam", "Maya", "Niamh", "Oskar", "Poppy", "Rhys", "Sian", "Tomasz", "Uzma", "Wiktoria"]
_LAST = ["Ashdown", "Brereton", "Carrow", "Delamere", "Fairbourne", "Gillard", "Hallett", "Inchbold", "Jessop",
         "Kemble", "Lockyer", "Marwood", "Northcott", "Ollerton", "Pascoe", "Quarrie", "Rendell", "Tremlett",
         "Upcott", "Vosper", "Whitlock", "Yeo", "Akhtar", "Baptiste", "Chaudhry", "Dzienis", "Eze", "Farooq",
         "Gomez", "Hughes", "Iqbal", "Jankowski", "Khan", "Lewandowska", "Mensah", "Nowak", "Okafor", "Patel",
         "Rahman", "Sandhu", "Thomas", "Evans", "Morgan", "Price", "Osei", "Kowalczyk"]
_STREETS = ["Mill Lane", "Church Street", "Station Road", "Orchard Way", "Tanners Row", "Fore Street", "Market Place",
            "Chapel Hill", "Saxon Way", "Ropewalk", "Quay Street", "Barton Close", "Coombe Road", "Priory Lane",
            "Weavers Walk", "Sheep Street", "Castle Mead", "Harbour Road", "Linnet Way", "Mallard Drive",
            "Cider Press Lane", "Dairy Lane", "Cross Street", "New Road", "Withy Lane", "Turnpike Road",
            "Brook Street", "Westgate", "Long Acre", "Parsonage Road"]
_ACCESS = [
    "Step-free access from the car park, automatic doors and an accessible toilet.",
    "Level access throughout, a hearing loop at reception and two disabled parking bays.",
    "Ground-floor rooms with step-free access; a Changing Places toilet with hoist and adult-sized bench is on site.",
    "Ramped entrance, lift to all floors and accessible toilets on each floor; a quiet room is available on request.",
    "Older building: the main entrance has two steps, with a portable ramp and a doorbell at the side entrance.",
    "Step-free access, a low-sensory waiting area with dimmable lights, and a hearing loop.",
    "Accessible parking next to the entrance, wide corridors and an accessible toilet with a changing bench.",
]
# Invented place-like names for schools and nurseries.
_STEMS = [
    "Kestrel Lane", "Wrenholt", "Otterbrook", "Linnetfield", "Sallowmead", "Teasel Hill", "Brambleford", "Heronmere",
    "Fallowdene", "Merrowcombe", "Larchwood Rise", "Cowslip Meadow", "Saxon Mill", "Thistlecombe", "Beacon Vale",
    "Owlcombe", "Fernhollow", "Skylark Rise", "Dormouse Lane", "Tithe Barn", "Millrace", "Chalkhollow",
    "Stonechat Green", "Yarrowfield", "Harebell Lane", "Orchard Mead", "Wyvern Gate", "Pennyroyal", "Lydwell",
    "Hollowell Down", "Speedwell", "Corncockle", "Withyholt", "Clovermead", "Swallowdene", "Crowsfoot", "Quillet",
    "Reedmere", "Sedgecombe", "Bittern Fen", "Gorsebrook", "Wayfarer", "Holloway Cross", "Burdock Hill",
    "Celandine", "Damselfly", "Eyebright", "Fieldfare", "Goldcrest", "Hawkweed", "Ivythorn", "Juniper Bank",
    "Knapweed", "Lintonmead", "Mallowdown", "Nettlemead", "Oxlip Green", "Primrose Hollow", "Quarrymead",
    "Rowan Tor", "Saffron Ridge", "Thrift Cliff", "Underhill Mead", "Vetchfield", "Wagtail", "Yewtree Barton",
    "Alderwick", "Bryony Bank", "Campion Way", "Dunnock Green", "Elderbrook", "Flaxmoor", "Guelder Rose",
    "Hornbeam Hill", "Ironstone Lane", "Jackdaw Rise",
]
# fmt: on
_EXTRA_LANGS = ["Polish", "Urdu", "British Sign Language", "Welsh", "Romanian", "Bengali"]
_ALL = "CLSP"
_RESERVED_PHONES = {"01632 960100", "01632 960200", "01632 960300", "01632 960399", "01632 960400"}

# fmt: off
# Organisations used by more than one service: key -> (name, description, web domain, e-mail local part).
_ORGS = {
    "council": ("Wessex County Council", "The county council for Wessex. It runs the Local Offer, SEND assessment and review, children's social care, transport and many family services.", "wessex.example.org", "localoffer"),
    "cchp": ("Wessex Children's Community Health Partnership", "The community health provider for children and young people in Wessex, running therapies, community paediatric nursing, continence, wheelchair and equipment services.", "childrenshealth.example.org", "enquiries"),
    "ewp": ("Wessex Emotional Wellbeing Partnership", "Runs children and young people's mental health services (CAMHS) and the mental health support teams in Wessex schools.", "wellbeing-partnership.example.org", "hello"),
    "hospitals": ("Wessex Vale Hospitals Group", "Runs the county's two general hospitals, including children's outpatient clinics, community paediatrics and audiology.", "wessexvale-hospitals.example.org", "patient.info"),
    "kitewing": ("Kitewing Online Counselling CIC", "A community interest company offering free online counselling and chat support for young people.", "kitewing.example.org", "support"),
    "lanternlight": ("Lanternlight Family Trust", "A local charity supporting young carers, brothers and sisters of disabled children, and families under pressure.", "lanternlight-family.example.org", "info"),
    "carershub": ("Wessex Carers' Hub", "An independent charity giving information, breaks and emotional support to unpaid carers of all ages in Wessex.", "carershub.example.org", "hello"),
    "brightwater": ("Brightwater Short Breaks", "A charity running overnight and day short breaks for disabled children and young people.", "brightwater-breaks.example.org", "bookings"),
    "skylark": ("Skylark Play Association", "An inclusive play charity running holiday play schemes and adventure play for disabled children.", "skylarkplay.example.org", "play"),
    "harbourside": ("Harbourside Holiday Clubs CIC", "A not-for-profit company running holiday clubs for disabled children and young people aged 8 to 19.", "harbourside-clubs.example.org", "hello"),
    "homefield": ("Homefield Sitters CIC", "A not-for-profit sitting and befriending service with staff trained in SEND, first aid and medication.", "homefield-sitters.example.org", "office"),
    "oakacorn": ("Oak and Acorn Youth Trust", "Runs Saturday clubs, youth short breaks and weekend activities for disabled children and young people.", "oakandacorn.example.org", "clubs"),
    "leisure": ("Wessex Active Leisure Trust", "A not-for-profit trust running the county's public leisure centres and swimming pools.", "activeleisure.example.org", "customer.services"),
    "youth": ("Wessex Youth Service", "The council's youth work service, running youth clubs, detached youth work and inclusive clubs.", "youth.wessex.example.org", "youthwork"),
    "libraries": ("Wessex Libraries", "The county library service, with relaxed sessions, sensory stories and accessible reading collections.", "libraries.wessex.example.org", "libraries"),
    "kestrels": ("Wessex Kestrels Youth Movement", "A volunteer-led uniformed youth movement running adventure groups for young people aged 6 to 18.", "wessexkestrels.example.org", "leaders"),
    "reelhouse": ("Reelhouse Picture Houses", "An independent cinema company with two picture houses in Wessex.", "reelhouse.example.com", "screenings"),
    "adhdnet": ("Wessex ADHD Parents Network", "A volunteer network of local groups run by and for parents of children with ADHD.", "adhd-parents-wessex.example.org", "network"),
    "pcf": ("Wessex Parent Carer Forum", "The independent parent carer forum for Wessex, working with the council and health services to improve SEND services.", "wessexpcf.example.org", "info"),
    "sendiass": ("Wessex SENDIASS", "The free, impartial and confidential SEND information, advice and support service for Wessex, run at arm's length from the council.", "wessexsendiass.example.org", "hello"),
    "advocacy": ("Wessex Family Advocacy Partnership", "An independent charity providing independent supporters and advocacy for families and young people.", "familyadvocacy.example.org", "support"),
    "mediation": ("Wessex SEND Mediation", "An independent mediation and disagreement resolution service commissioned by Wessex County Council.", "sendmediation.example.org", "referrals"),
    "lawcentre": ("Wessex Community Law Centre", "A not-for-profit law centre offering free legal advice on education, community care and benefits.", "wessexlawcentre.example.org", "advice"),
    "fis": ("Wessex Family Information Service", "The council's free information service for families with children aged 0 to 25.", "fis.wessex.example.org", "fis"),
    "dpsupport": ("Wessex Independent Living Support CIC", "A not-for-profit company helping families and young people to manage direct payments and employ personal assistants.", "independent-living.example.org", "support"),
    "clubhouse": ("Clubhouse Childcare CIC", "Runs inclusive after-school clubs on school sites across Wessex.", "clubhouse-childcare.example.org", "bookings"),
    "campfire": ("Campfire Childcare Ltd", "A small company running Ofsted-registered holiday clubs for children aged 4 to 14.", "campfire-childcare.example.com", "hello"),
    "jobcoach": ("Ladder Lane Job Coaching CIC", "A community interest company providing job coaching for young people with learning disabilities and autism.", "ladderlane.example.org", "coaches"),
    "volunteer": ("Wessex Volunteer Centre", "Matches people of all ages with local volunteering and supports organisations to include disabled volunteers.", "volunteerwessex.example.org", "hello"),
}
_TRUSTS = {
    "trust-kestrel": ("Kestrel Schools Partnership", "kestrelschools.example.org"),
    "trust-threevales": ("Three Vales Learning Trust", "threevales.example.org"),
    "trust-chalkstream": ("Chalk Stream Academy Trust", "chalkstream.example.org"),
    "trust-lantern": ("Lanternfield Education Trust", "lanternfield.example.org"),
}
# fmt: on


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower().replace("'", "")).strip("-")


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _needs(code: str) -> list[str]:
    return [_NEEDS[c][0] for c in _ALL if c in code]


def _sch(byday: str, opens: str, closes: str, desc: str) -> dict:
    return {"byday": byday, "opens_at": opens, "closes_at": closes, "description": desc}


_WEEK = "MO,TU,WE,TH,FR"
# fmt: off
_DAYNAME = {"MO": "Monday", "TU": "Tuesday", "WE": "Wednesday", "TH": "Thursday", "FR": "Friday",
            "SA": "Saturday", "SU": "Sunday"}


_ALLDAYS = "MO,TU,WE,TH,FR,SA,SU"
# kind -> rows of (byday, opens_at choices, closes_at choices, description); {day}, {name}, {nth} and {wkend} are filled in.
_SCHEDULES = {
    "office": [(_WEEK, "09:00", "16:30|17:00", "Monday to Friday, all year except bank holidays")],
    "helpline": [("MO,TU,WE,TH", "09:30", "16:30", "Helpline, Monday to Thursday"), ("FR", "09:30", "16:00", "Helpline, Friday")],
    "clinic": [(_WEEK, "08:30", "17:00", "Clinic appointments, all year; home and school visits by arrangement")],
    "school": [(_WEEK, "08:40|08:45|08:50", "15:10|15:15|15:20", "Term time; breakfast and after-school clubs run outside these hours")],
    "secondary": [(_WEEK, "08:25|08:30|08:35", "15:00|15:05|15:10", "Term time")],
    "special": [(_WEEK, "09:00|09:10", "15:00|15:15", "Term time; most pupils travel on council-arranged transport")],
    "college": [(_WEEK, "09:00", "16:30", "Term time; the learning centre stays open until 18:00 Monday to Thursday")],
    "preschool": [(_WEEK, "08:45|09:00", "15:00|15:15", "Term time (38 weeks a year)")],
    "nursery": [(_WEEK, "07:45", "18:00", "All year except bank holidays and one week at Christmas")],
    "childminder": [(_WEEK, "07:30|08:00", "17:30|18:00", "All year, closed for two weeks in August")],
    "after-school": [(_WEEK, "15:15", "18:00", "Term time, after school")],
    "holiday": [(_WEEK, "10:00", "15:00", "School holidays: Easter, summer and October half term")],
    "holiday-long": [(_WEEK, "08:30", "17:30", "School holidays except Christmas")],
    "weekly-evening": [("{day}", "18:00", "20:00|20:30", "Every {name} evening, term time")],
    "weekly-day": [("{day}", "09:30|10:00", "11:30|12:00", "Every {name} morning, term time")],
    "monthly": [("{day}", "10:00", "12:00", "{nth} {name} of each month")],
    "monthly-evening": [("{day}", "19:00", "21:00", "{nth} {name} evening of each month")],
    "saturday": [("SA", "09:30|10:00", "12:30|13:00", "Every Saturday, term time")],
    "sunday": [("SU", "10:00", "12:00", "Second Sunday of each month")],
    "weekend": [("SA,SU", "10:00", "16:00", "Weekends all year, plus weekdays in school holidays")],
    "swim": [("{wkend}", "08:00", "09:00", "Weekly quiet session with warmer water and no music"),
             ("{day}", "17:00", "18:00", "{name} family session, term time")],
    "overnight": [(_ALLDAYS, "16:00", "10:00", "Overnight stays planned in advance, including weekends")],
    "flexible": [(_ALLDAYS, "08:00", "21:00", "Sessions arranged with each family, including evenings and weekends")],
    "24-7": [(_ALLDAYS, "00:00", "23:59", "24 hours a day, every day of the year")],
    "online": [(_WEEK, "12:00", "22:00", "Chat with a counsellor, Monday to Friday"),
               ("SA,SU", "18:00", "22:00", "Chat with a counsellor, weekends")],
    "cinema": [("SU", "10:30", "12:30", "First Sunday of each month"),
               ("{day}", "16:30", "18:30", "Third {name} of each month, after school")],
}
# fmt: on


def _schedule(rng: random.Random, kind: str) -> list[dict]:
    fill = {
        "day": rng.choice(["MO", "TU", "WE", "TH", "FR"]),
        "wkend": rng.choice(["SA", "SU"]),
        "nth": rng.choice(["First", "Second", "Third", "Last"]),
    }
    fill["name"] = _DAYNAME[fill["day"]]
    return [
        _sch(byday.format(**fill), rng.choice(opens.split("|")), rng.choice(closes.split("|")), desc.format(**fill))
        for byday, opens, closes, desc in _SCHEDULES[kind]
    ]


def _costs(
    kind: str, amount: float | None = None, unit: str = "per session", free_note: str | None = None
) -> list[dict]:
    free = {
        "option": "Free",
        "amount": 0.0,
        "currency": "GBP",
        "amount_description": free_note or "There is no charge for this service.",
    }
    if kind == "free":
        return [free]
    paid = {
        "option": "Standard price",
        "amount": amount,
        "currency": "GBP",
        "amount_description": f"£{amount:.2f} {unit}" if amount is not None else unit,
    }
    if kind == "paid":
        return [paid]
    return [dict(free, option="Free for eligible families"), paid]


# The builder -------------------------------------------------------------------------------


class _Builder:
    """Holds the random generator and hands out ids, phone numbers, people and locations."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.services: list[dict] = []
        self.orgs: dict[str, dict] = {}
        self.schools: dict[str, list[str]] = {oc: [] for oc in _WX}
        self._locations = 0
        pool = [f"01632 {n}" for n in range(960000, 961000) if f"01632 {n}" not in _RESERVED_PHONES]
        self.rng.shuffle(pool)
        self._phones = pool
        self.stems = list(_STEMS)
        self.rng.shuffle(self.stems)

    def phone(self) -> str:
        return self._phones.pop() if self._phones else f"01632 {self.rng.randint(960000, 960999)}"

    def person(self) -> str:
        return f"{self.rng.choice(_FIRST)} {self.rng.choice(_LAST)}"

    def org(
        self,
        key: str,
        name: str | None = None,
        desc: str = "",
        domain: str = "",
        local: str = "info",
        web: str | None = None,
    ) -> dict:
        """The organisation with ``key``, made on first use (from _ORGS when only the key is given)."""
        if key not in self.orgs:
            if name is None:
                name, desc, domain, local = _ORGS[key]
            website = web or (f"https://www.{domain}" if domain.count(".") == 1 else f"https://{domain}")
            if not website.endswith(".example.org"):
                website = f"https://{_slug(name)[:40]}.example.org"
            self.orgs[key] = {
                "id": f"org-{len(self.orgs) + 1:03d}",
                "name": name,
                "description": desc,
                "email": f"{local}@{domain}",
                "website": website,
            }
        return self.orgs[key]

    def location(self, name: str, outcode: str, address_1: str | None = None, postcode: str | None = None) -> dict:
        self._locations += 1
        postcode = postcode or demo_postcode(self.rng, outcode)
        lat, lon = postcode_to_latlon(postcode)
        return {
            "id": f"loc-{self._locations:04d}",
            "name": name,
            "address_1": address_1 or f"{self.rng.randint(1, 120)} {self.rng.choice(_STREETS)}",
            "city": _TOWN[outcode],
            "state_province": _OOA if outcode.startswith("WY") else "Wessex",
            "postal_code": postcode,
            "country": "GB",
            "latitude": lat,
            "longitude": lon,
            "accessibility": self.rng.choice(_ACCESS),
        }

    def add(
        self,
        cat: str,
        sub: str,
        name: str,
        desc: str,
        org: dict,
        *,
        ptype: str | None = None,
        in_area: bool = True,
        needs: str = _ALL,
        ages: tuple[int, int] = (0, 25),
        aud: str = "PY",
        costs: list[dict] | None = None,
        url: str | None = None,
        email: str | None = None,
        phone: str | None = None,
        phone_desc: str = "Main office",
        contact: tuple | None = None,
        title: str = "Service manager",
        locs: list[dict] | None = None,
        attending: str = "in_person",
        sched: list[dict] | None = None,
        areas: list[str] | None = None,
        langs: list[str] | None = None,
        elig: str = "",
        app: str = "",
        ref: str = "any",
        sch2: dict | None = None,
        sen_report: str | None = None,
        owner: str | None = None,
        alert: str | None = None,
    ) -> dict:
        rng = self.rng
        domain = org["email"].split("@", 1)[1]
        costs = costs or _costs("free")
        cname, ctitle = (contact[0], contact[1]) if contact else (self.person(), title)
        if contact and len(contact) > 2:
            cemail = contact[2]
        else:
            first, last = cname.lower().split(" ", 1)
            cemail = f"{first}.{re.sub('[^a-z]', '', last)}@{domain}" if rng.random() < 0.8 else None
        cphones = [{"number": self.phone(), "description": "Direct line"}] if rng.random() < 0.7 else []
        phones = [{"number": phone or self.phone(), "description": phone_desc}]
        if rng.random() < 0.12:
            phones.append({"number": self.phone(), "description": rng.choice(["Bookings", "Answerphone out of hours"])})
        languages = ["English"] + [lang for lang in (langs or []) if lang != "English"]
        if langs is None and rng.random() < 0.22:
            languages.append(rng.choice(_EXTRA_LANGS))
        need_list = _needs(needs)
        free = [c["amount"] == 0 for c in costs]
        cost = "free" if all(free) else "some-free" if any(free) else "paid"
        service = {
            "id": f"svc-{len(self.services) + 1:04d}",
            "name": name,
            "description": desc,
            "organization": org,
            "category": cat,
            "subcategory": sub,
            "provider_type": ptype,
            "in_area": in_area,
            "need_types": need_list,
            "min_age": ages[0],
            "max_age": ages[1],
            "audience": [a for c, a in (("P", "parents"), ("Y", "young-people"), ("R", "professionals")) if c in aud],
            "cost": cost,
            "cost_options": costs,
            "status": "active",
            "alert": alert,
            "url": url or f"{org['website']}/{_slug(name)}",
            "email": email or org["email"],
            "phones": phones,
            "contacts": [{"name": cname, "title": ctitle, "email": cemail, "phones": cphones}],
            "locations": locs or [],
            "attending_type": attending,
            "schedules": sched if sched is not None else _schedule(rng, "office"),
            "service_areas": areas or [_WHOLE],
            "languages": languages,
            "eligibility": elig,
            "application_process": app,
            "referral_route": ref,
            "taxonomy_terms": [f"cat-{cat}", f"cat-{cat}-{sub}"] + [f"need-{n}" for n in need_list],
            "sch2_para5": sch2,
            "sen_information_report_url": sen_report,
            "assured_date": "",
            "review_due": "",  # filled in by _finish()
            "owner": (owner or f"{cname}, {ctitle}, {org['name']}")[:200],
        }
        self.services.append(service)
        return service


# Education ---------------------------------------------------------------------------------

# fmt: off
# Words and examples for the Schedule 2 paragraph 5 answers, by phase of education.
_PHASE = {
    "early": dict(learner="child", learners="children", lead="SENCo", approach="play-based learning, Makaton signing and short adult-led activities",
                  adapt="simplified routines, now-and-next boards and extra time to explore", support="key-person sessions, small-group language games and help from Portage and health visitors",
                  clubs=["messy play", "music and movement", "forest-school mornings", "stay-and-play sessions"], gov="the setting's leadership team",
                  mhst="health visitors and the family hub", cred="our SENCo has completed the council's early years SENCo course", office="setting office"),
    "primary": dict(learner="child", learners="children", lead="SENCo", approach="phonics catch-up, concrete maths resources and pre-teaching of key words",
                    adapt="adapted tasks, coloured overlays, word banks and visual timetables", support="teaching assistant support in class, daily reading catch-up and speech and language groups",
                    clubs=["football", "choir", "art club", "multi-skills", "coding club", "gardening club"], gov="the governors' SEND link governor",
                    mhst="the school mental health support team", cred="our SENCo holds the national SENCo qualification", office="school office"),
    "secondary": dict(learner="student", learners="students", lead="SENCo", approach="literacy support in every subject, chunked tasks and structured revision",
                      adapt="alternative curriculum pathways, agreed reduced timetables and exam access arrangements", support="a learning support base, literacy and numeracy interventions and a homework club",
                      clubs=["Duke-style expedition award", "drama", "climbing", "chess club", "boccia", "Lego club"], gov="the governors' SEND link governor",
                      mhst="the school mental health support team", cred="our SENCo holds the national SENCo qualification", office="school reception"),
    "special": dict(learner="pupil", learners="pupils", lead="deputy headteacher for inclusion", approach="a highly structured day, PECS, Intensive Interaction and sensory learning",
                    adapt="personalised learning pathways, sensory diets and accredited life-skills courses", support="high staff ratios, on-site speech and language therapy and physiotherapy programmes",
                    clubs=["rebound therapy", "swimming", "horse riding", "sensory drama", "cycling on adapted trikes", "cookery club"], gov="the governing body's quality committee",
                    mhst="the CAMHS learning disability team", cred="every teacher has specialist training before starting with us", office="school office"),
    "post16": dict(learner="student", learners="students", lead="additional learning support manager", approach="practical, hands-on learning in small groups with clear routines",
                   adapt="courses from entry level to level 3, supported work placements and flexible timetables", support="learning support assistants, study skills sessions and assistive technology",
                   clubs=["the college gym", "student union societies", "supported volunteering", "inclusive football", "the college choir"], gov="the college's quality and standards committee",
                   mhst="the college wellbeing team", cred="our learning support team includes qualified specialist teachers", office="student services desk"),
    "ap": dict(learner="pupil", learners="pupils", lead="inclusion lead", approach="trauma-informed, restorative teaching in very small groups",
               adapt="short, flexible sessions, outdoor learning and one-to-one catch-up", support="one-to-one mentoring and small-group tuition in English and maths",
               clubs=["boxing fitness", "bike maintenance", "cooking", "outdoor learning days"], gov="the management committee",
               mhst="CAMHS and the youth justice team", cred="all staff are trained in trauma-informed practice", office="centre office"),
}
_SCH2 = {
    "a": ["Teachers plan lessons so every {learner} can take part, using {approach}.",
          "We use high-quality, adaptive teaching first, and {learners} who need more get small-group or one-to-one teaching built on {approach}.",
          "Every teacher is responsible for the progress of {learners} with SEND, with advice from our {lead}; lessons use {approach}."],
    "b": ["We adapt the curriculum through {adapt}, and offer a quiet space and movement breaks when the classroom gets too much.",
          "Classrooms have calm, low-clutter displays, and we use {adapt} so each {learner} can learn in a way that suits them.",
          "The curriculum is adapted with {adapt}; seating, lighting and noise are changed for individual {learners} where it helps."],
    "c": ["Extra help includes {support}, planned and reviewed by our {lead}.",
          "Where needed, {learners} get {support}, and we also draw on the council's specialist teachers and therapists.",
          "We offer {support}, and use the assess, plan, do, review cycle to decide who needs it."],
    "d": ["Progress is checked {freq}, and {learners} and parents meet the {lead} to review targets together.",
          "We review support plans with you and your {learner} {freq}, and hold person-centred annual reviews for EHC plans.",
          "You will get a short written update {freq} and a meeting to talk through what is working, what is not, and the next steps."],
    "e": ["We check that our support is working by looking at progress and by asking {learners} and parents each year in a short survey.",
          "{gov} reviews our SEND provision every year, using feedback from {learner} voice groups and parent coffee mornings.",
          "Each intervention is measured before and after, and we change what we offer based on the results and on what families tell us."],
    "f": ["The site has {access}, and our accessibility plan is published on our website.",
          "We have {access}; individual access and evacuation plans are written with families where needed."],
    "g": ["Activities such as {club1} and {club2} are open to every {learner}, with extra adult support if needed.",
          "We make sure {learners} with SEND can join trips and clubs, including {club1} and {club2}, and PE is adapted so everyone takes part."],
    "h": ["Our {lead}, {lead_name}, is the first person to talk to; contact them through the {office}.",
          "Families can speak to the {lead}, {lead_name}, at any time, and we can put you in touch with Wessex SENDIASS for independent advice."],
    "i": ["All staff have SEND training every year, {cred}, and {n} staff hold specialist qualifications in {specialism}.",
          "We buy in advice from educational psychologists, therapists and the sensory support service, and {cred}.",
          "New staff complete SEND induction training, and {n} staff are trained in {specialism} so they can support colleagues."],
    "j": ["{learners} can use {semh_space} and talk to a trained {semh_staff}; we also work with {mhst}.",
          "We teach friendship and emotional skills through {semh_prog}, and {learners} helped to write our anti-bullying approach.",
          "A trained {semh_staff} runs {semh_space}, and we refer to {mhst} when a {learner} needs more help."],
}
# fmt: on
_SCH2_FILL = dict(
    freq=["every term", "three times a year", "every half term"],
    access=[
        "level access throughout and an accessible toilet",
        "a lift to the first floor, a hygiene room with a hoist and wide doorways",
        "step-free access to most rooms and a hearing loop in the hall",
        "ramps to all entrances, a sensory room and disabled parking bays",
    ],
    specialism=[
        "autism",
        "speech and language",
        "dyslexia",
        "attachment and trauma",
        "Makaton",
        "moving and handling",
        "ADHD",
    ],
    semh_space=["a calm nest room", "the nurture group", "the wellbeing hub", "a quiet lunchtime club"],
    semh_staff=["emotional literacy support assistant", "wellbeing mentor", "pastoral lead", "school counsellor"],
    semh_prog=[
        "weekly personal and social education lessons, zones of regulation and a buddy scheme",
        "circle time, social stories and peer mentors",
    ],
)


def _sch2(rng: random.Random, phase: str, lead_name: str) -> dict:
    values = dict(_PHASE[phase], lead_name=lead_name, n=rng.randint(2, 7))
    for key, options in _SCH2_FILL.items():
        values[key] = rng.choice(options)
    values["club1"], values["club2"] = rng.sample(_PHASE[phase]["clubs"], 2)
    return {key: _cap(rng.choice(options).format(**values)) for key, options in _SCH2.items()}


# fmt: off
_EDU_ACCESS = {
    "nursery": ("Children aged {lo} to {hi}. All 3 and 4 year olds, and some 2 year olds, can have funded early education here.",
                "Contact the setting to visit and join the waiting list. Ask about SEN inclusion funding and the Disability Access Fund if your child has additional needs.", "self"),
    "mainstream-primary": ("Children aged {lo} to {hi}. Places are offered using the published admission rules, and a child whose EHC plan names the school will be admitted.",
                           "Apply for a place through Wessex County Council's school admissions service. If your child has or is getting an EHC plan, talk to your SEN caseworker about naming the school.", "self"),
    "mainstream-secondary": ("Young people aged {lo} to {hi}. Places are offered using the published admission rules, and a young person whose EHC plan names the school will be admitted.",
                             "Apply in Year 6 through Wessex County Council's secondary admissions service. If your child has an EHC plan, the school is named at the phase transfer review instead.", "self"),
    "resourced-provision": ("Children and young people aged {lo} to {hi} with an EHC plan whose main need is {needtext}.",
                            "Places are agreed by the council's SEND Assessment and Review Team through the EHC plan process, not by applying to the school. Visits can be arranged through the school office.", "ehc-plan"),
    "special-school": ("Children and young people aged {lo} to {hi} with an EHC plan whose needs include {needtext}.",
                       "Places are agreed by the council's SEND Assessment and Review Team through the EHC plan process. You can ask for the school to be named in your child's plan, and visits can be arranged through the school office.", "ehc-plan"),
    "independent-special": ("Children and young people aged {lo} to {hi} with an EHC plan whose needs include {needtext}.",
                            "This is an independent school. The council pays the fees only when the school is named in an EHC plan; talk to your SEN caseworker, who will consult the school.", "ehc-plan"),
    "non-maintained-special": ("Children and young people aged {lo} to {hi} with an EHC plan whose needs include {needtext}.",
                               "A place is funded through an EHC plan. Talk to your SEN caseworker, and book a visit with the admissions team.", "ehc-plan"),
    "post-16-college": ("Young people aged {lo} to {hi}. Students aged 19 to 25 with an EHC plan can keep their support here.",
                        "Apply online through the college website or at an open event. If you have an EHC plan, the council consults the college and you are invited to a transition interview.", "self"),
    "specialist-post-16": ("Young people aged {lo} to {hi} with an EHC plan whose needs include {needtext}.",
                           "Places are agreed through the EHC plan process, usually after a visit and taster days. Talk to your SEN caseworker or careers adviser from Year 10.", "ehc-plan"),
    "alternative-provision": ("Pupils aged {lo} to {hi} who are excluded, at risk of exclusion, or unable to attend school because of their needs.",
                              "Places are arranged by the school or the council's Inclusion Team. Parents cannot apply directly, but can ask the school to make a referral.", "professional"),
    "hospital-education": ("Children and young people aged {lo} to {hi} who are in hospital or too unwell to attend school, with medical evidence from a consultant.",
                           "Hospital staff or your child's school refer to the service. The council decides on home teaching within the timescales in its medical needs policy.", "professional"),
}
_PHASE_OF = {"nursery": "early", "mainstream-primary": "primary", "mainstream-secondary": "secondary",
             "special-school": "special", "independent-special": "special", "non-maintained-special": "special",
             "post-16-college": "post16", "specialist-post-16": "post16", "alternative-provision": "ap",
             "hospital-education": "ap"}
_LEAD_TITLE = {"early": "SENCo", "primary": "SENCo", "secondary": "SENCo", "special": "Deputy headteacher (inclusion)",
               "post16": "Additional learning support manager", "ap": "Inclusion lead"}
_PRACTICAL = {  # a closing, practical sentence for each phase
    "early": ["Ring to arrange a visit; you are welcome to stay with your child for settling-in sessions.", "Ask about the Disability Access Fund if your child gets Disability Living Allowance."],
    "primary": ["Families of children with SEND can book a visit with the SENCo through the school office.", "The SEN information report on the school website explains the support in more detail."],
    "secondary": ["Families of children with SEND can book an extra transition visit with the SENCo in Year 6.", "The SEN information report on the school website explains the support in more detail."],
    "special": ["Families are welcome to visit; ring the school office to arrange a tour.", "Visits for families considering the school run every half term, or at another time by arrangement."],
    "post16": ["Open events run every autumn, and you can book a one-to-one visit with the learning support team.", "Taster days can be arranged in Year 11 so you can try the college before you apply."],
    "ap": ["Each placement starts with a meeting with the pupil, parents and the home school to agree goals.", "Most placements are reviewed every six weeks, with the aim of a planned return to school or a move to the right long-term setting."],
}

# Fixed education providers: sub, name, provider type, outcode, ages, needs, organisation key (None: its own), need text, description.
_EDU_FIXED = [
    ("special-school", "Greywethers School", "maintained_school", "WX1", (2, 19), "CLP", None, "severe, profound or multiple learning difficulties",
     "Greywethers School is a day special school for children and young people with severe and complex learning difficulties, many of whom also have physical or sensory needs. Classes have up to eight pupils with a teacher and several assistants, and therapists work on site every week."),
    ("special-school", "Kingfisher Reach School", "academy", "WX6", (4, 16), "C", "trust-chalkstream", "autism",
     "Kingfisher Reach School is a special academy for autistic children who need a small, predictable and low-arousal setting. Each class has a sensory room next door, and the curriculum builds communication, independence and confidence alongside English and maths."),
    ("special-school", "Nightjar Heath School", "maintained_school", "WX10", (7, 16), "S", None, "social, emotional and mental health needs",
     "Nightjar Heath School supports children whose social, emotional or mental health needs make mainstream school very hard. Pupils learn in groups of six to eight with a key adult, and the school has a farm, a forest-school site and an on-site therapist."),
    ("special-school", "Sorrel Bank School", "maintained_school", "WX14", (2, 19), "PL", None, "physical disabilities and complex medical needs",
     "Sorrel Bank School is for children and young people with physical disabilities and complex medical needs. The school has a hydrotherapy pool, a full-time nursing team and physiotherapists working alongside teachers."),
    ("special-school", "Bluebell Dene School", "maintained_school", "WX8", (4, 16), "LC", None, "moderate learning difficulties",
     "Bluebell Dene School teaches children with moderate learning difficulties, often with speech and language or social communication needs too. Classes of about twelve follow a practical curriculum, and older pupils take entry-level qualifications and work-related courses."),
    ("special-school", "Marlstone Edge School", "academy", "WX12", (11, 19), "LC", "trust-threevales", "severe learning difficulties",
     "Marlstone Edge School is a secondary and sixth-form special academy for young people with severe learning difficulties. The sixth form focuses on independence, travel, cooking, money and work skills, with a café run by students."),
    ("special-school", "Lapwing Moor School", "academy", "WX3", (11, 19), "C", "trust-kestrel", "autism",
     "Lapwing Moor School is a secondary special academy for autistic young people who can follow an academic curriculum in a smaller, calmer setting. Students take GCSEs and vocational courses, with daily check-ins with a key adult."),
    ("special-school", "Hartsmere School", "maintained_school", "WX13", (4, 11), "LC", None, "complex learning difficulties",
     "Hartsmere School is a primary special school for children with complex learning difficulties and communication needs. Classes use signing, symbols and sensory stories, and a speech and language therapist is in school three days a week."),
    ("special-school", "Coldspring Academy", "academy", "WX5", (11, 16), "S", "trust-lantern", "social, emotional and mental health needs",
     "Coldspring Academy is a secondary special academy for young people with social, emotional and mental health needs, including those who have been out of school for a long time. Students follow a personalised timetable that builds up gradually, with a mentor and regular therapy sessions."),
    ("post-16-college", "Kingsbridge Vale College", "post16_institution", "WX1", (16, 25), _ALL, None, "",
     "Kingsbridge Vale College is a large further education college offering vocational courses, A levels and apprenticeships, with a Foundation Learning department for students with learning difficulties. The additional learning support team arranges in-class support, assistive technology and a quiet study room."),
    ("post-16-college", "Sallow Coast College", "post16_institution", "WX6", (16, 25), _ALL, None, "",
     "Sallow Coast College offers courses in marine engineering, catering, health and care, and creative arts, from entry level to degree level. Students with SEND can have a named support worker, exam arrangements and a transition programme in the summer before they start."),
    ("post-16-college", "Wyvernbury Sixth Form College", "post16_institution", "WX3", (16, 19), _ALL, None, "",
     "Wyvernbury Sixth Form College teaches A levels and applied general courses to students aged 16 to 19. The learning support hub offers study skills, mentoring and a calm space, and autistic students can join a small-group induction before term starts."),
    ("post-16-college", "Cranholt College of Land and Rural Skills", "post16_institution", "WX11", (16, 25), _ALL, None, "",
     "Cranholt College teaches agriculture, animal care, horticulture and countryside skills on a working farm estate. Practical, outdoor learning suits many students with SEND, and entry-level courses build up to work placements."),
    ("post-16-college", "Heronsey Community School Sixth Form", "maintained_school", "WX13", (16, 19), _ALL, None, "",
     "The sixth form at Heronsey Community School offers A levels and vocational courses in a small, friendly setting. Students with SEND keep the support they had in Year 11, and the SENCo plans the move to university or work with them."),
    ("specialist-post-16", "Tansy Green Farm College", "section41_independent", "WX12", (16, 25), "LC", None, "learning disabilities or autism",
     "Tansy Green Farm College is a small independent specialist college where young people learn work and independent living skills through farming, catering and a farm shop. Courses last up to three years and lead to supported internships, volunteering or paid work."),
    ("specialist-post-16", "Foxglove Common College", "section41_independent", "WX5", (16, 25), _ALL, None, "complex or multiple disabilities",
     "Foxglove Common College is an independent specialist college for young people with complex and multiple disabilities, with day and weekly residential places. Therapists, nurses and tutors work together on each student's programme towards adult life."),
    ("specialist-post-16", "Kingsbridge Vale College Pathways to Independence", "post16_institution", "WX1", (16, 25), "LC", "kingsbridge-vale-college", "learning difficulties",
     "Pathways to Independence is the college's specialist programme for students with learning difficulties who are not yet ready for a vocational course. Students learn money, travel, cooking and work skills in small groups and on real work placements."),
    ("specialist-post-16", "Wessex Bridge to Adulthood Programme", "la_commissioned", "WX8", (16, 25), "S", "council", "social, emotional and mental health needs",
     "The Bridge to Adulthood Programme is a council-commissioned course for young people with an EHC plan who are not in education, employment or training, often because of anxiety. Learning takes place in small groups at a community venue, with a mentor who helps each young person plan their next step."),
    ("independent-special", "Ammonite Bay School", "independent_special", "WX7", (7, 19), "C", None, "autism",
     "Ammonite Bay School is an independent special school for autistic children and young people, many with high anxiety. Classes have no more than six pupils, and the school has speech and language and occupational therapists on site."),
    ("independent-special", "Samphire Cove School", "section41_independent", "WX6", (11, 19), "S", None, "social, emotional and mental health needs",
     "Samphire Cove School is an independent special school on the national list of approved independent institutions, for young people with social, emotional and mental health needs. It combines GCSE teaching with outdoor learning on the coast and therapeutic support."),
    ("independent-special", "Lantern Hill School", "independent_special", "WX10", (7, 16), "L", None, "specific learning difficulties such as dyslexia",
     "Lantern Hill School is an independent special school for children with severe dyslexia and other specific learning difficulties. Every pupil has daily specialist literacy teaching, touch-typing and assistive technology."),
    ("independent-special", "Wherry Quay Learning Centre", "independent_special", "WX9", (11, 16), "S", None, "social, emotional and mental health needs",
     "Wherry Quay Learning Centre is a small independent school for young people who have had several school placements break down. Students learn in groups of four with a mentor, and the centre works closely with CAMHS and youth workers."),
    ("non-maintained-special", "Dovecote Hill School for Deaf Children", "non_maintained_special", "WX4", (3, 19), "PC", None, "deafness",
     "Dovecote Hill School is a non-maintained special school for deaf children, teaching in British Sign Language and spoken English. It has day and weekly boarding places, an audiology suite and deaf role models on the staff."),
    ("non-maintained-special", "Whitebeam School and College for Visually Impaired Learners", "non_maintained_special", "WX2", (3, 25), "P", None, "visual impairment",
     "Whitebeam is a non-maintained special school and college for children and young people who are blind or partially sighted. Pupils learn braille, mobility and daily living skills alongside the full curriculum."),
    # Out of area: Mercia Marches.
    ("special-school", "Marchbury Vale School", "maintained_school", "WY1", (2, 19), "CLP", None, "severe or profound learning difficulties",
     "Marchbury Vale School is a Mercia Marches special school close to the Wessex border, and a few Wessex children attend because it is nearer than their local school. It serves children with severe and profound learning difficulties and has a hydrotherapy pool."),
    ("mainstream-secondary", "Lenthall Cross Academy", "academy", "WY2", (11, 18), _ALL, None, "",
     "Lenthall Cross Academy is a mainstream secondary school just over the county border with an 18-place autism resource base. Some Wessex families living in the north of Wyvern Downs choose it as their nearest school."),
    ("post-16-college", "Orrisford College", "post16_institution", "WY3", (16, 25), _ALL, None, "",
     "Orrisford College is a further education college in Mercia Marches with a well-known supported learning department and a residential block. Wessex students sometimes attend for courses not offered in the county, such as horse care and stage technology."),
    ("non-maintained-special", "Tanwick Minster School", "non_maintained_special", "WY4", (3, 19), "PL", None, "physical disabilities and complex medical needs",
     "Tanwick Minster School is a non-maintained special school for children with physical disabilities and complex health needs, with weekly and termly boarding. Conductive education, physiotherapy and nursing are part of every pupil's day."),
    ("independent-special", "Oxbow Meadows School", "independent_special", "WY1", (8, 19), "C", None, "autism",
     "Oxbow Meadows School is an independent residential school for autistic children and young people whose needs cannot be met in a day school. Pupils live in small houses on site during term and follow a curriculum built around communication and independence."),
    ("specialist-post-16", "Greenshank House College", "section41_independent", "WY2", (16, 25), "CL", None, "learning disabilities or autism",
     "Greenshank House College is an independent specialist college in Mercia Marches offering day and residential places. Students learn in small groups and live in shared houses where they practise cooking, budgeting and travelling on their own."),
    ("independent-special", "Curlew Rise School", "independent_special", "WY3", (11, 18), "S", None, "social, emotional and mental health needs",
     "Curlew Rise School is an independent special school for young people with social, emotional and mental health needs, including those who have experienced trauma. Teaching is in groups of five with a therapeutic team on site."),
    ("non-maintained-special", "Marcher Hall School for the Deaf", "non_maintained_special", "WY4", (5, 19), "PC", None, "deafness with additional needs",
     "Marcher Hall School is a non-maintained special school for deaf children who also have additional needs such as autism or learning difficulties. It is bilingual in British Sign Language and English and offers weekly boarding."),
    ("special-school", "Redkite Academy", "academy", "WY2", (7, 16), "S", None, "social, emotional and mental health needs",
     "Redkite Academy is a special academy in Mercia Marches for children with social, emotional and mental health needs. It has a small number of places for Wessex children who live close to the border."),
    ("mainstream-primary", "Beckholt Primary School", "maintained_school", "WY1", (4, 11), _ALL, None, "",
     "Beckholt Primary School is a small village school just across the county border, and the nearest school for some families in Wendlecote. It has a nurture room and a part-time speech and language assistant."),
    ("independent-special", "Ferrywell School", "independent_special", "WY3", (6, 19), "CLS", None, "autism, learning disabilities and behaviour that challenges",
     "Ferrywell School is an independent special school with 52-week residential care for children with autism, learning disabilities and behaviour that challenges. Education, care and therapy staff follow one shared plan for each child."),
    ("hospital-education", "Marchbury Children's Hospital School", "pupil_referral_unit", "WY1", (4, 18), _ALL, None, "",
     "The hospital school at Marchbury Children's Hospital teaches Wessex children who are admitted to the regional children's hospital for specialist treatment. Teachers liaise with each child's home school so that learning carries on and the return to school is planned."),
    # Alternative provision and hospital education in Wessex.
    ("alternative-provision", "Wessex Learning Centre (Kingsbridge)", "pupil_referral_unit", "WX1", (5, 16), "S", "wlc", "",
     "This pupil referral unit teaches primary and secondary pupils who have been excluded or are at risk of exclusion from schools in the centre and north of the county. Pupils learn in groups of up to six, with a focus on English, maths and getting ready to return to school."),
    ("alternative-provision", "Wessex Learning Centre (Port Sallow)", "pupil_referral_unit", "WX6", (11, 16), "S", "wlc", "",
     "The Port Sallow centre teaches secondary pupils from the south of Wessex who are excluded or need a short placement away from their school. It offers GCSE English and maths, vocational tasters and mentoring."),
    ("alternative-provision", "Wessex Medical Needs and Tuition Service", "la_commissioned", "WX11", (5, 16), _ALL, "wlc", "",
     "This service teaches children who cannot attend school because of physical or mental health needs, at home, in small groups or online. It works with the home school so the child stays on roll and can return when ready."),
    ("hospital-education", "Wessex Hospital Education Service", "pupil_referral_unit", "WX1", (4, 18), _ALL, "wlc", "",
     "Teachers from this service work on the children's ward and in the adolescent unit at Kingsbridge General Hospital. Lessons fit around treatment, and the teachers keep in touch with your child's school."),
]

_FUNDED = "Funded early education hours are free."
_FUNDED_HOURS = "Funded early education hours (15 or 30 a week) are free."
_NURSERY_KINDS = ["maintained nursery school with qualified teachers", "friendly pre-school",
                  "community pre-school run by a parent committee", "small village playgroup"]
_PRIMARY_FORMS = ["{s} Primary School", "{s} Primary Academy", "{s} Church of England Primary School",
                  "{s} Community Primary School", "{s} Infant School", "{s} Junior School", "{s} Primary School"]
_SECONDARY_FORMS = ["{t} Academy", "{t} School", "{t} Community College", "{s} School", "{s} Academy"]
_PRIMARY_S1 = ["{name} is a {size} primary school in {town} for children aged {lo} to {hi}.",
               "A {size} primary school in {town}, teaching children aged {lo} to {hi}."]
_PRIMARY_S2 = [
    "The school has a nurture room and a part-time speech and language assistant, and many classes use visual timetables.",
    "Children with SEND learn in their own class with extra help, and the SENCo meets parents every term to review progress.",
    "A sensory circuit runs every morning for children who need help to settle, and a small lunchtime club helps children who find the playground hard.",
    "Staff have training in autism and attachment, and forest-school sessions are popular with children who learn best outdoors.",
    "The school works closely with the local speech and language therapy team and has a well-used quiet room.",
    "Most of the site is on one level, with an accessible toilet and a hygiene room with a changing bench.",
]
_SECONDARY_S1 = ["{name} is a {size} secondary school in {town} for students aged {lo} to {hi}.",
                 "A {size} secondary school serving {town} and nearby villages, for students aged {lo} to {hi}."]
_SECONDARY_S2 = [
    "The learning support base offers a quiet space at break and lunchtime, and students can have an exit card and a named key adult.",
    "A specialist teacher for dyslexia runs literacy and numeracy catch-up groups in Years 7 to 9.",
    "Students with SEND get extra visits before starting in Year 7 and a transition booklet with photos of the school.",
    "Staff are trained in autism, ADHD and anxiety, and the pastoral team includes a counsellor two days a week.",
    "Exam access arrangements such as extra time, a reader or a separate room are assessed in Year 9.",
]
_NURSERY_S2 = [
    "Every child has a key person, and staff use Makaton, visual timetables and small-group language games.",
    "Staff have experience of supporting children with speech and language delay, autism and medical needs, and work closely with Portage and health visitors.",
    "There is a garden with a sensory area, and the setting can apply for SEN inclusion funding to provide extra adult support.",
    "The SENCo can help with your child's two-year progress check and with asking for an EHC needs assessment if it is needed.",
]
_RP_TYPES = [
    ("Autism Resource Base", "C", "autism", "a calm base with its own entrance and sensory room"),
    ("Speech and Language Resource Base", "C", "speech, language and communication", "daily sessions with a speech and language therapist and a specialist teacher"),
    ("Hearing Support Centre", "PC", "deafness or hearing loss", "a teacher of the deaf, a sound-treated room and communication support workers who sign"),
    ("Physical Disability Resource Base", "P", "physical disability", "physiotherapy space, a hygiene suite with a hoist and accessible outdoor play"),
    ("Nurture and Wellbeing Base", "S", "social, emotional and mental health needs", "a nurture room, a trained mentor and a small group for part of each day"),
    ("Learning Support Centre", "L", "moderate learning difficulties", "small-group teaching in English and maths and a life-skills programme"),
]
# fmt: on


def _school(
    b: _Builder,
    sub: str,
    name: str,
    ptype: str,
    oc: str,
    ages: tuple[int, int],
    needs: str,
    org: dict,
    domain: str,
    desc: str,
    needtext: str = "",
    costs: list[dict] | None = None,
    areas: list[str] | None = None,
    sched: str = "school",
    loc: dict | None = None,
    phase: str | None = None,
    langs: list[str] | None = None,
) -> dict:
    rng = b.rng
    phase = phase or _PHASE_OF[sub]
    lead = b.person()
    lead_title = _LEAD_TITLE[phase]
    in_area = oc.startswith("WX")
    elig, app, ref = _EDU_ACCESS[sub]
    lo, hi = ages
    app = app.format(name=name)
    if not in_area:
        app += " This setting is in Mercia Marches, outside Wessex; talk to your SEN caseworker about placements and travel support."
        areas = [_OOA]
    loc = loc or b.location(name, oc)
    report = None if ptype == "early_years" else f"https://{domain}/send/sen-information-report"
    role = "senco" if lead_title == "SENCo" else "inclusion"
    return b.add(
        "education",
        sub,
        name,
        desc,
        org,
        ptype=ptype,
        in_area=in_area,
        needs=needs,
        ages=ages,
        aud="P" if phase in ("early", "primary") else "PY",
        costs=costs,
        url=f"https://{domain}",
        email=f"office@{domain}",
        phone_desc="School office" if phase not in ("post16", "early") else "Reception",
        contact=(lead, lead_title, f"{role}@{domain}"),
        locs=[loc],
        sched=_schedule(rng, sched),
        areas=areas or [_DISTRICT_OF[oc]],
        langs=langs,
        elig=elig.format(lo=lo, hi=hi, needtext=needtext),
        app=app,
        ref=ref,
        sch2=_sch2(rng, phase, lead),
        sen_report=report,
        owner=f"{lead}, {lead_title}, {name}",
    )


def _school_org(b: _Builder, key: str | None, name: str, domain: str, desc: str) -> tuple[dict, str]:
    """The organisation for a school and the school's own web domain."""
    if key and key in _TRUSTS:
        trust, tdomain = _TRUSTS[key]
        org = b.org(
            key,
            trust,
            "A multi-academy trust running primary, secondary and special academies in Wessex.",
            tdomain,
            "enquiries",
        )
        return org, f"{domain.split('.')[0]}.{tdomain}"
    if key == "wlc":
        org = b.org(
            "wlc",
            "Wessex Learning Centres",
            "The council's pupil referral units and medical needs and hospital "
            "education service, run by one management committee.",
            "learningcentres.example.org",
            "admin",
        )
        return org, f"{_slug(name)[:40]}.learningcentres.example.org"
    if key:
        org = b.org(key)
        return org, org["email"].split("@", 1)[1]
    return b.org(_slug(name), name, desc, domain, "office"), domain


def _education(b: _Builder) -> None:
    rng = b.rng
    # Nurseries and pre-schools: 3 maintained nursery schools, 11 early years settings.
    for i in range(14):
        oc = _WX[(i * 5) % 14]
        town = _TOWN[oc]
        if i < 3:
            name, ptype, ages, kind = f"{town} Nursery School", "maintained_school", (2, 4), _NURSERY_KINDS[0]
        else:
            name = rng.choice(["{s} Pre-School", "{s} Community Pre-School", "{s} Playgroup"]).format(s=b.stems.pop())
            ptype, ages, kind = "early_years", (2, 5), rng.choice(_NURSERY_KINDS[1:])
        org, domain = _school_org(b, None, name, f"{_slug(name)}.example.org", f"Early years setting in {town}.")
        opening = f"{name} is a {kind} in {town} for children aged {ages[0]} to {ages[1]}, offering funded early education places."
        desc = f"{opening} {rng.choice(_NURSERY_S2)} {rng.choice(_PRACTICAL['early'])}"
        costs = _costs("some-free", rng.choice([5.2, 5.5, 5.8, 6.1, 6.4]), "per hour for extra hours", _FUNDED_HOURS)
        _school(b, "nursery", name, ptype, oc, ages, _ALL, org, domain, desc, costs=costs, sched="preschool")
    # Mainstream primary schools.
    trusts = list(_TRUSTS)
    primaries: list[dict] = []
    for i in range(36):
        oc = _WX[i % 14]
        town, stem = _TOWN[oc], b.stems.pop()
        name = rng.choice(_PRIMARY_FORMS).format(s=stem)
        ages = (4, 7) if "Infant" in name else (7, 11) if "Junior" in name else (4, 11)
        academy = "Academy" in name or rng.random() < 0.35
        ptype, trust = ("academy", rng.choice(trusts)) if academy else ("maintained_school", None)
        base = _slug(stem) + {(4, 7): "-infants", (7, 11): "-juniors"}.get(ages, "-primary")
        about = f"Maintained primary school in {town}, run by its governing body."
        org, domain = _school_org(b, trust, name, f"{base}.example.org", about)
        size = rng.choice(["small village", "one-form entry", "two-form entry", "large three-form entry", "friendly"])
        opening = _cap(rng.choice(_PRIMARY_S1).format(name=name, size=size, town=town, lo=ages[0], hi=ages[1]))
        desc = f"{opening} {rng.choice(_PRIMARY_S2)} {rng.choice(_PRACTICAL['primary'])}"
        primaries.append(_school(b, "mainstream-primary", name, ptype, oc, ages, _ALL, org, domain, desc))
        b.schools[oc].append(name)
    # Mainstream secondary schools: one per town (14), plus two more.
    secondaries: list[dict] = []
    for i in range(16):
        oc = _WX[i % 14]
        town = _TOWN[oc]
        form = rng.choice(_SECONDARY_FORMS[:3] if i < 14 else _SECONDARY_FORMS[3:])
        stem = b.stems.pop() if "{s}" in form else ""
        name = form.format(t=town, s=stem)
        academy = "Academy" in name or rng.random() < 0.5
        ages = rng.choice([(11, 16), (11, 18), (11, 18)])
        ptype, trust = ("academy", rng.choice(trusts)) if academy else ("maintained_school", None)
        about = f"Maintained secondary school in {town}, run by its governing body."
        org, domain = _school_org(b, trust, name, f"{_slug(name)}.example.org", about)
        size = rng.choice(["mixed", "large mixed", "smaller-than-average", "popular mixed", "rural"])
        opening = _cap(rng.choice(_SECONDARY_S1).format(name=name, size=size, town=town, lo=ages[0], hi=ages[1]))
        desc = f"{opening} {rng.choice(_SECONDARY_S2)} {rng.choice(_PRACTICAL['secondary'])}"
        svc = _school(b, "mainstream-secondary", name, ptype, oc, ages, _ALL, org, domain, desc, sched="secondary")
        secondaries.append(svc)
    # Resourced provisions hosted by six primary and four secondary schools.
    hosts = rng.sample(primaries, 6) + rng.sample(secondaries, 4)
    for host, (label, needs, needtext, offer) in zip(hosts, _RP_TYPES + rng.sample(_RP_TYPES, 4), strict=True):
        phase = "primary" if host["subcategory"] == "mainstream-primary" else "secondary"
        places = rng.choice([8, 10, 12, 14, 16])
        learners = _PHASE[phase]["learners"]
        desc = (
            f"The {label} at {host['name']} has {places} places for {learners} with an EHC plan whose main need is {needtext}. "
            f"{_cap(learners)} spend much of the day in mainstream classes, with {offer}. "
            "Places are agreed through the council's SEND Assessment and Review Team, not by applying to the school."
        )
        domain = host["url"].removeprefix("https://")
        loc = host["locations"][0]
        _school(
            b,
            "resourced-provision",
            f"{host['name']}: {label}",
            host["provider_type"],
            loc["postal_code"].split()[0],
            (host["min_age"], host["max_age"]),
            needs,
            host["organization"],
            domain,
            desc,
            needtext=needtext,
            loc=loc,
            phase=phase,
            sched="school" if phase == "primary" else "secondary",
            langs=["British Sign Language"] if "Hearing" in label else None,
        )
    # Special, independent, non-maintained, post-16, out-of-area and alternative provision.
    for sub, name, ptype, oc, ages, needs, org_key, needtext, text in _EDU_FIXED:
        phase = _PHASE_OF[sub]
        org, domain = _school_org(b, org_key, name, f"{_slug(name)[:40]}.example.org", _cap(text.split(". ")[0]) + ".")
        if org_key in b.orgs and org_key not in _TRUSTS and org_key not in ("wlc", "council"):
            domain = f"pathways.{domain}"
        if org_key is None:
            b.orgs.setdefault(_slug(name), org)
        desc = f"{text} {rng.choice(_PRACTICAL[phase])}"
        areas = [_WHOLE] if sub not in ("mainstream-primary", "mainstream-secondary") else None
        if ptype in ("independent_special", "section41_independent", "non_maintained_special"):
            costs = _costs(
                "free",
                free_note="No cost to families: fees are paid by the council when the school is named in an EHC plan.",
            )
        else:
            costs = None
        sched = {"post16": "college", "special": "special", "ap": "special"}.get(
            phase, "secondary" if "secondary" in sub else "school"
        )
        _school(
            b,
            sub,
            name,
            ptype,
            oc,
            ages,
            needs,
            org,
            domain,
            desc,
            needtext=needtext,
            costs=costs,
            areas=areas,
            sched=sched,
            phase="secondary" if sub == "mainstream-secondary" else None,
            langs=["British Sign Language"] if "Deaf" in name else None,
        )


# Table-driven categories -------------------------------------------------------------------
# Each row is a dict. mode: "county" (one service; place with oc), "zones" (one per health zone), "districts"
# (one per district) or a list of outcodes (one each). name may be a list matching a list mode. Placeholders:
# {town} {district} {zone} {area}. loc=False means outreach, phone or online (no location).

# fmt: off
_EXTRA = {
    "health": [
        "If English is not your family's first language, a free interpreter can join your appointments.",
        "You can bring a family member or friend to any appointment, and ask for the next one at home, school or a clinic.",
        "Current waiting times are shown on the Local Offer and updated every month.",
        "Letters and reports can be sent in large print, easy read or by e-mail if you ask.",
        "Young people aged 16 and over can ask to be seen on their own for part of an appointment.",
    ],
    "social-care": [
        "A worker will talk with you about what is going well and what would help, and you stay involved in every decision.",
        "Support is free, and you can ask for an interpreter or for written information in another language.",
        "If you are worried that a child is at risk of harm, ring the children's services front door straight away instead.",
        "You can bring someone with you to meetings, such as a friend, a family member or an advocate.",
    ],
    "short-breaks": [
        "Staff are trained in first aid, medication and moving and handling, and staffing ratios are agreed with families before the first session.",
        "Many families use a direct payment or the Short Breaks Activity Grant to pay for sessions.",
        "You can visit with your child before booking so they can meet staff and see the space.",
        "Places fill quickly before the summer holidays, so book early.",
    ],
    "leisure": [
        "Carers and personal assistants go free, and the Wyvern Card gives a further discount.",
        "Sessions are small and relaxed, and you can ring beforehand to talk about your child's needs.",
        "Changing rooms include an accessible changing room with a hoist.",
        "A photo guide showing the building and what to expect can be sent before your first visit.",
    ],
    "childcare": [
        "Funded early education hours and Tax-Free Childcare are accepted.",
        "Ask about extra inclusion funding, which can pay for additional staff time if your child needs it.",
        "The setting is happy to meet your child's therapists and follow their advice.",
    ],
    "support-groups": [
        "New members are always welcome, and you do not need a diagnosis to come along.",
        "Tea, coffee and a friendly chat are on offer, and there is often a visiting speaker.",
        "The group also has a private online chat for members between meetings.",
        "Everything shared in the group stays in the group.",
    ],
    "advice": [
        "The service is free, confidential and impartial.",
        "Information is available in easy read, large print and other languages on request.",
        "If you do not have internet access, you can ask for information to be posted to you.",
    ],
    "travel": ["Information is available in easy read and other languages on request.",
               "Decisions can be reviewed if you disagree, and the letter you receive explains how."],
    "employment": ["Support can continue for several months after you start work.",
                   "Young people keep their EHC plan while they are on a supported internship."],
}

_HEALTH = [
    dict(sub="speech-and-language", name="Children's Speech and Language Therapy ({zone})", mode="zones", org="cchp", needs="C", ages=(0, 19), att="hybrid",
         site="{town} Child Development Centre", sched="clinic", title="Clinical lead speech and language therapist",
         desc="Speech and language therapists help children who find it hard to talk, to understand what others say, to use language with other people, or to eat and drink safely. The {zone} team sees children in clinics, at home, in nurseries and in schools, and runs online workshops for parents.",
         elig="Children and young people aged 0 to 19 who live in {area} or go to school there.",
         app="Parents can ring the advice line to talk to a therapist and refer their child. Health visitors, GPs, nurseries and schools can also refer with your agreement."),
    dict(sub="speech-and-language", name="Early Talk Drop-in, {town}", mode="districts", org="cchp", needs="C", ages=(0, 5), aud="P", ref="self", site="{town} Family Hub",
         sched="weekly-day", title="Speech and language therapy assistant",
         desc="A friendly drop-in where parents of babies and young children can talk to a speech and language therapy assistant about talking, listening and play. No appointment or referral is needed, and you go home with ideas to try.",
         elig="Parents and carers of children aged 0 to 5 who live in {district}.", app="Just turn up during the session. If your child needs more help, the assistant can refer to the speech and language therapy team with your agreement."),
    dict(sub="speech-and-language", name="Eating, Drinking and Swallowing Team", oc="WX1", org="cchp", needs="P", ages=(0, 19), ref="professional",
         site="Kingsbridge Child Development Centre", sched="clinic", title="Specialist speech and language therapist",
         desc="This specialist team helps children who have difficulty eating, drinking or swallowing safely, including children who are tube fed. Therapists visit homes, nurseries and special schools to assess mealtimes and write eating and drinking plans.",
         elig="Children and young people aged 0 to 19 registered with a Wessex GP who have eating, drinking or swallowing difficulties.", app="Referral from a GP, paediatrician, health visitor, school nurse or other professional."),
    dict(sub="occupational-therapy", name="Children's Occupational Therapy ({zone})", mode="zones", org="cchp", needs="PL", ages=(0, 19), ref="professional",
         site="{town} Child Development Centre", sched="clinic", title="Occupational therapy team lead",
         desc="Occupational therapists help children take part in everyday activities such as dressing, eating, writing and playing, when a physical, sensory or developmental difficulty makes them hard. The {zone} team offers assessments, short blocks of therapy and advice for home and school.",
         elig="Children aged 0 to 19 who live in {area} and have difficulties with everyday activities that have not improved with advice from school or nursery.",
         app="Referral from a GP, paediatrician, health visitor, school SENCo or other professional. Parents can phone for advice before a referral is made."),
    dict(sub="physiotherapy", name="Children's Physiotherapy ({zone})", mode="zones", org="cchp", needs="P", ages=(0, 19), site="{town} Child Development Centre",
         sched="clinic", title="Lead paediatric physiotherapist",
         desc="Physiotherapists help babies, children and young people with movement difficulties, including cerebral palsy, muscle conditions and delayed walking. The {zone} team works in clinics, homes and schools, and gives advice on standing frames, splints and exercise programmes.",
         elig="Children and young people aged 0 to 19 who live in {area} and have a physical difficulty affecting movement.", app="Parents can self-refer using the online form or by phone; GPs, health visitors and schools can also refer."),
    dict(sub="camhs", name="CAMHS Community Team ({zone})", mode="zones", org="ewp", needs="S", ages=(0, 18), att="hybrid", site="{town} Young People's Wellbeing Centre",
         sched="office", title="CAMHS team manager",
         desc="CAMHS (child and adolescent mental health services) help children and young people with moderate to severe mental health difficulties such as anxiety, depression, self-harm and eating problems. The {zone} team offers assessment, talking therapies and medication reviews, in person or by video.",
         elig="Children and young people aged 0 to 18 who live in {area} and have mental health difficulties that are affecting their daily life.",
         app="Young people aged 14 and over and parents can self-refer through the online form. GPs, schools and other professionals can also refer."),
    dict(sub="camhs", name="CAMHS Learning Disability and Neurodevelopmental Team", oc="WX2", org="ewp", needs="SL", ages=(4, 18), ref="professional",
         site="Harrowmere Young People's Wellbeing Centre", title="Consultant clinical psychologist",
         desc="This team supports children with a learning disability whose mental health or behaviour is causing serious concern at home or school. Psychologists, nurses and psychiatrists work with families on positive behaviour support, sleep, anxiety and medication.",
         elig="Children aged 4 to 18 with a moderate to severe learning disability who live in Wessex.", app="Referral from a GP, paediatrician, special school or social worker."),
    dict(sub="camhs", name="CAMHS Crisis and Home Treatment Line", org="ewp", needs="S", ages=(0, 18), att="phone", loc=False, ref="self", sched="24-7",
         title="Crisis team duty nurse", phone_desc="24-hour crisis line",
         desc="A 24-hour phone line for children and young people in mental health crisis, and for parents and professionals worried about them. The team can give advice straight away and arrange an urgent assessment or short-term support at home.",
         elig="Children and young people aged 0 to 18 in Wessex, and anyone worried about them. In an emergency, always ring 999.",
         app="Ring the crisis line at any time; you do not need a referral. You can also call NHS 111 and choose option 2."),
    dict(sub="camhs", name="Kitewing Online Counselling", org="kitewing", needs="S", ages=(11, 25), aud="Y", att="online", loc=False, ref="self", sched="online",
         title="Clinical lead counsellor",
         desc="Free, anonymous online chat and counselling for young people who are struggling with worries, low mood, relationships or stress. You can chat to a trained counsellor, read articles written by young people, or join moderated forums.",
         elig="Young people aged 11 to 25 who live or study in Wessex.", app="Sign up on the website with a username; you do not need a referral or to give your real name."),
    dict(sub="school-mental-health", name="Mental Health Support Team in Schools ({district})", mode="districts", org="ewp", needs="S", ages=(5, 18), aud="PYR", loc=False,
         ref="professional", sched="office", title="Mental health support team manager",
         desc="Education mental health practitioners work in schools across {district}, offering short courses of help for mild to moderate anxiety, low mood and worries. They also run workshops for parents and help school staff build a calm, supportive culture.",
         elig="Children and young people at participating schools in {district}, and their parents.",
         app="Ask your child's school, which refers to the team. Parents of primary-age children can ask the school about the parent-led anxiety course."),
    dict(sub="paediatrics", name="Community Paediatrics ({zone})", mode="zones", org="hospitals", needs=_ALL, ages=(0, 18), ref="professional",
         site="{town} Children's Outpatients", sched="clinic", title="Consultant community paediatrician",
         desc="Community paediatricians are children's doctors who assess and care for children with developmental delay, disabilities, epilepsy, and complex health needs. The {zone} clinic also provides medical advice for EHC needs assessments and looked-after children's health assessments.",
         elig="Children and young people aged 0 to 18 registered with a GP in {area}.", app="Referral from a GP, health visitor, school doctor or other health professional."),
    dict(sub="continence", name="Children's Bladder and Bowel Service", oc="WX7", org="cchp", needs="P", ages=(0, 19), site="Merrowcliff Health Centre", sched="clinic",
         title="Specialist continence nurse",
         desc="Specialist nurses help children with wetting, soiling, constipation and toilet training, including disabled children who may need longer to learn. The service also assesses for and supplies continence products such as pads when they are needed.",
         elig="Children and young people aged 0 to 19 registered with a Wessex GP; products are considered from age 4.", app="Parents can self-refer by phone or online; health visitors, school nurses and GPs can also refer."),
    dict(sub="wheelchair", name="Children's Wheelchair Service", oc="WX11", org="cchp", needs="P", ages=(0, 19), ref="professional", site="Dunsmere Magna Mobility Centre",
         sched="clinic", title="Wheelchair service clinical lead",
         desc="The wheelchair service assesses children who have a long-term difficulty with walking and provides manual or powered wheelchairs, buggies and seating. Therapists and engineers make sure chairs fit as your child grows and are safe for school transport.",
         elig="Children and young people aged 0 to 19 registered with a Wessex GP who have a long-term mobility need.", app="Referral from a GP, physiotherapist, occupational therapist or paediatrician."),
    dict(sub="sensory", name="Sensory Support Service: Hearing Impairment Team", oc="WX1", org="council", needs="PC", ages=(0, 25), ref="professional", site="County Hall",
         langs=["British Sign Language"], title="Lead teacher of the deaf", owner="Sensory Support Service, Wessex County Council",
         desc="Qualified teachers of the deaf support deaf babies, children and young people at home, in nurseries, schools and colleges. They advise on hearing aids, radio aids and classroom acoustics, and teach BSL and deaf awareness to families and staff.",
         elig="Children and young people aged 0 to 25 living in Wessex with a diagnosed permanent hearing loss.", app="Children are referred by audiology at diagnosis; schools and parents can contact the team for advice at any time."),
    dict(sub="sensory", name="Sensory Support Service: Vision Impairment Team", oc="WX1", org="council", needs="P", ages=(0, 25), ref="professional", site="County Hall",
         title="Lead qualified teacher of vision impairment", owner="Sensory Support Service, Wessex County Council",
         desc="Qualified teachers of vision impairment and habilitation specialists help blind and partially sighted children learn, move around safely and become independent. They provide braille teaching, large-print and tactile resources, and training for school staff.",
         elig="Children and young people aged 0 to 25 living in Wessex with a diagnosed vision impairment that affects learning.",
         app="Referral from an ophthalmologist, optometrist, paediatrician or school with parents' consent; parents can also phone for advice."),
    dict(sub="sensory", name="Multi-Sensory Impairment Outreach", org="council", needs="PC", ages=(0, 25), loc=False, ref="professional", sched="flexible",
         title="Specialist teacher for multi-sensory impairment", owner="Sensory Support Service, Wessex County Council",
         desc="A specialist teacher supports children and young people who have both a hearing and a vision impairment, often alongside other disabilities. Visits are at home or school and focus on communication, such as tactile signing and objects of reference.",
         elig="Children and young people aged 0 to 25 in Wessex with both hearing and vision impairment.", app="Referral through the Hearing or Vision Impairment Team, a paediatrician or a school."),
    dict(sub="sensory", name="Children's Audiology", oc="WX2", org="hospitals", needs="P", ages=(0, 18), ref="professional", site="Harrowmere Community Hospital",
         sched="clinic", title="Head of paediatric audiology",
         desc="Audiologists test children's hearing, fit and maintain hearing aids, and follow up babies referred from newborn hearing screening. Appointments can be adapted for children with autism or learning disabilities, including longer slots and a quiet waiting room.",
         elig="Children and young people aged 0 to 18 registered with a Wessex GP.", app="Referral from a GP, health visitor, school nurse or speech and language therapist."),
    dict(sub="neurodevelopmental", name="Autism Assessment Pathway (under 18s)", oc="WX1", org="cchp", needs="CS", ages=(2, 18), ref="professional",
         site="Kingsbridge Child Development Centre", title="Neurodevelopmental pathway lead",
         alert="Waiting times for a first assessment appointment are currently around 18 months. You do not need a diagnosis to get support at school or to ask for an EHC needs assessment.",
         desc="The autism assessment pathway brings together paediatricians, speech and language therapists and psychologists to assess whether a child or young person is autistic. After the assessment, families are offered a feedback meeting, a written report and a place on a post-diagnosis workshop.",
         elig="Children and young people aged 2 to 18 registered with a Wessex GP, where there are signs of autism at home and at school or nursery.",
         app="Referral from a GP, health visitor, paediatrician or school SENCo, with information from home and school."),
    dict(sub="neurodevelopmental", name="ADHD Assessment and Medication Clinic", oc="WX3", org="ewp", needs="SL", ages=(6, 18), ref="professional",
         site="Wyvernbury Young People's Wellbeing Centre", sched="clinic", title="Consultant psychiatrist",
         desc="The ADHD clinic assesses children and young people who may have attention deficit hyperactivity disorder, and supports those who are diagnosed. Families can attend a parent programme, and young people who take medication have regular reviews of growth, sleep and how it is helping.",
         elig="Children and young people aged 6 to 18 registered with a Wessex GP.", app="Referral from a GP, paediatrician or school, with rating scales completed by home and school."),
    dict(sub="portage", name="Wessex Portage ({zone})", mode="zones", org="council", needs=_ALL, ages=(0, 5), aud="P", loc=False, ref="any", sched="flexible",
         title="Portage senior home visitor", owner="Early Years SEND Team, Wessex County Council",
         desc="Portage is a home-visiting service for pre-school children with significant developmental delay or disabilities. A Portage home visitor comes every one or two weeks to play with your child and plan small, achievable next steps together with you.",
         elig="Children aged 0 to 5 living in {area} with significant delay in two or more areas of development, who are not yet at school.",
         app="Anyone can refer with the parents' agreement, including parents themselves, health visitors, paediatricians and nurseries."),
    dict(sub="community-nursing", name="Community Children's Nursing Team", org="cchp", needs="P", ages=(0, 19), loc=False, ref="professional", sched="flexible",
         title="Community children's nursing team lead",
         desc="Community children's nurses care for children with complex or long-term health needs at home, so they can spend less time in hospital. They support tube feeding, oxygen, wound care and end-of-life care, and train parents and school staff.",
         elig="Children and young people aged 0 to 19 registered with a Wessex GP with nursing needs that can be met at home.", app="Referral from a hospital team, GP, paediatrician or health visitor."),
    dict(sub="community-nursing", name="Special School Nursing Service", org="cchp", needs="PL", ages=(2, 19), loc=False, ref="professional", sched="school",
         title="Special school nursing lead",
         desc="Nurses based in Wessex special schools manage pupils' health care plans, give medication and treatments, and train school staff in procedures such as gastrostomy feeding and epilepsy care. They also run health clinics and support moving on to adult health services.",
         elig="Pupils attending a Wessex special school.", app="Every pupil at a special school is known to the team; parents can contact the school nurse through the school office."),
    dict(sub="community-nursing", name="Sleep and Behaviour Support Service", org="cchp", needs="SL", ages=(2, 18), att="hybrid", loc=False, sched="office",
         title="Learning disability nurse specialist",
         desc="Learning disability nurses help families of disabled children with sleep problems and behaviour that challenges, through workshops and home visits. Together you make a plan that fits your family and review how it is going.",
         elig="Families in Wessex of children aged 2 to 18 with a learning disability or autism.", app="Parents can self-refer by phone or online after attending a free sleep workshop; professionals can also refer."),
    dict(sub="equipment", name="Children's Community Equipment Service", oc="WX10", org="cchp", needs="P", ages=(0, 19), ref="professional", site="Cranholt Equipment Store",
         title="Equipment service manager",
         desc="This service delivers, fits, repairs and collects equipment that disabled children need at home, such as specialist beds, bath seats, hoists and standing frames. Equipment is lent free of charge and checked regularly.",
         elig="Children and young people aged 0 to 19 in Wessex whose therapist or nurse has assessed them as needing equipment.",
         app="Equipment is ordered by your child's occupational therapist, physiotherapist or nurse; ring the service about deliveries and repairs."),
]

_SOCIAL = [
    dict(sub="disabled-children-team", name="Children with Disabilities Team ({zone})", mode="zones", org="council", ages=(0, 18), aud="P", att="hybrid",
         site="{town} Children's Services Office", title="Team manager", owner="Children with Disabilities Service, Wessex County Council", phone="01632 960300",
         phone_desc="Children's services front door",
         desc="The Children with Disabilities Team supports families of children with a significant and lasting disability, such as severe learning disabilities, complex health needs or profound physical or sensory disabilities. A social worker can carry out an assessment and arrange support such as short breaks, direct payments or help at home.",
         elig="Children aged 0 to 18 living in {area} whose disability has a substantial and long-term effect on everyday life. The eligibility guidance on the Local Offer explains more.",
         app="Contact the children's services front door by phone or online form; parents can refer themselves. Professionals can refer with the family's consent."),
    dict(sub="early-help", name="Early Help Team, {district} Family Hub", mode="districts", org="council", ages=(0, 19), aud="PY", site="{town} Family Hub",
         title="Early help coordinator", owner="Early Help Service, Wessex County Council",
         desc="Family support workers help families who are finding things hard, such as sleep, routines, behaviour, money worries or school attendance, before problems get bigger. Support can include parenting courses, home visits and a family plan that brings together everyone who is helping.",
         elig="Families with children aged 0 to 19 (or up to 25 with SEND) living in {district}.", app="Families can ask for help themselves by phone or at the family hub, or a school, health visitor or GP can refer with your agreement."),
    dict(sub="carers-support", name="Wessex Young Carers Project", oc="WX2", org="lanternlight", ages=(8, 18), aud="PY", site="Harrowmere Youth Hub", sched="weekly-evening",
         title="Young carers project lead",
         desc="Support for children and young people who help to look after a disabled brother, sister or parent. Young carers can join clubs and trips, get one-to-one support, and have a young carers' assessment.",
         elig="Young people aged 8 to 18 living in Wessex who care for a family member.", app="Young people, parents, schools and professionals can refer using the online form or by phone."),
    dict(sub="carers-support", name="Parent Carer Support and Carers' Assessments", oc="WX1", org="carershub", ages=(0, 25), aud="P", att="hybrid",
         site="Kingsbridge Carers' Centre", title="Parent carer support worker",
         desc="Parent carers of disabled children can have their own assessment of what would help them keep caring and look after their own health. The Carers' Hub also offers wellbeing sessions, a carers' emergency card and small grants for breaks.",
         elig="Parents and carers of disabled children and young people aged 0 to 25 living in Wessex.", app="Ring or complete the online form; you can refer yourself and do not need a social worker."),
    dict(sub="transitions", name="Preparing for Adulthood Team", oc="WX1", org="council", ages=(14, 25), att="hybrid", site="County Hall",
         address="County Hall, Fictional Way", postcode="WX1 1AA", title="Preparing for adulthood manager", owner="Preparing for Adulthood Team, Wessex County Council",
         desc="This team helps disabled young people and their families plan the move from children's to adult social care, starting from age 14. Workers explain the Care Act assessment, help young people think about where they want to live and work, and make sure support carries on after 18.",
         elig="Young people aged 14 to 25 living in Wessex who are likely to need care and support as adults.",
         app="Young people known to the Children with Disabilities Team are referred automatically at 14; others can contact the team or ask their school to refer."),
    dict(sub="direct-payments", name="Direct Payments Support Service", org="dpsupport", ages=(0, 25), aud="PY", loc=False, att="phone", title="Direct payments adviser",
         desc="Help for families and young people who receive direct payments, including recruiting and employing a personal assistant, payroll and keeping records. Advisers can also explain how a personal budget can be used for short breaks or activities.",
         elig="Families and young people in Wessex who have, or have been offered, a direct payment from social care or health.",
         app="Your social worker will refer you when a direct payment is agreed; you can also ring for advice before deciding."),
    dict(sub="home-adaptations", name="Home Adaptations for Disabled Children", org="council", needs="P", ages=(0, 18), aud="P", loc=False, ref="professional",
         title="Occupational therapist (housing)", owner="Adaptations Team, Wessex County Council",
         desc="Social care occupational therapists assess whether a disabled child needs changes to the family home, such as a level-access shower, a stairlift or a ground-floor bedroom. They can help you apply for a Disabled Facilities Grant to pay for larger adaptations.",
         elig="Children aged 0 to 18 living in Wessex whose disability makes it hard to use their home safely.", app="Contact the children's services front door to ask for an occupational therapy assessment."),
    dict(sub="family-support", name="Keyworker Service for Autistic Young People", oc="WX3", org="council", needs="CS", ages=(0, 25), att="hybrid",
         site="Wyvernbury Family Hub", ref="professional", title="Keyworker team lead", owner="Keyworker Service, Wessex County Council",
         desc="Keyworkers support autistic children and young people, and those with a learning disability, who are in hospital or at risk of admission to a mental health ward. They coordinate the professionals involved and make sure the young person and family are heard.",
         elig="Children and young people aged 0 to 25 in Wessex who are autistic or have a learning disability and are in, or at risk of, mental health hospital admission.",
         app="Referral from CAMHS, a social worker, a hospital ward or the young person's GP."),
]

_SHORT = [
    dict(sub="overnight", name="Chalkhill House Overnight Short Breaks", oc="WX3", org="council", ages=(8, 18), ref="professional", site="Chalkhill House", sched="overnight",
         title="Registered manager", owner="Short Breaks Service, Wessex County Council",
         desc="Chalkhill House is a six-bedroom home where disabled children stay overnight with trained care staff, usually one or two nights a month. Children enjoy trips, cooking and games, while their families get a planned break.",
         elig="Children aged 8 to 18 with complex disabilities whose social care assessment shows they need overnight short breaks.",
         app="Overnight breaks are arranged through a social worker from the Children with Disabilities Team after an assessment."),
    dict(sub="overnight", name="Meadowsweet Lodge", oc="WX14", org="brightwater", ages=(5, 18), ref="professional", site="Meadowsweet Lodge", sched="overnight",
         title="Registered manager",
         desc="Meadowsweet Lodge offers overnight stays for children with complex health needs, including those who need tube feeding, oxygen or night-time care. Nurses and care staff work together, and there is a sensory room and an accessible garden.",
         elig="Children aged 5 to 18 with complex health needs living in Wessex, funded through social care or continuing care.",
         app="Placements are arranged through your social worker or continuing care nurse; families are welcome to visit first."),
    dict(sub="family-based", name="Wessex Family Link Scheme", org="council", ages=(0, 18), loc=False, ref="professional", sched="flexible", title="Family link coordinator",
         owner="Family Placement Team, Wessex County Council",
         desc="The Family Link Scheme matches disabled children with approved short break carers, who look after them in their own homes for a few hours, a day or overnight. Children build a lasting friendship with their link family, and families get regular breaks.",
         elig="Disabled children aged 0 to 18 living in Wessex who have been assessed as needing short breaks.", app="Ask your social worker to refer you; the coordinator will visit to get to know your child before making a match."),
    dict(sub="play-scheme", name="Skylark Holiday Play Scheme, {town}", mode="districts", org="skylark", ages=(5, 18), site="{town} Community Campus", sched="holiday",
         cost="some-free", amt=(12.0, 15.0, 18.0), unit="per day", free="Free for children with an EHC plan or a social care short breaks assessment.",
         title="Play scheme coordinator",
         desc="A fun, inclusive play scheme in the school holidays with arts and crafts, sensory play, sports and trips out. Playworkers support children one-to-one or in small groups, depending on their needs.",
         elig="Disabled children and young people aged 5 to 18 living in {district} or nearby."),
    dict(sub="holiday-club", name="Harbourside SEND Holiday Club, {town}", mode=["WX2", "WX7", "WX11", "WX9"], org="harbourside", ages=(8, 19), site="{town} Sports Centre",
         sched="holiday-long", cost="paid", amt=(25.0, 28.0, 30.0), unit="per day", title="Club manager",
         desc="A full-day holiday club for older disabled children and teenagers who want more independence, with cooking, swimming, games and days out. Staff are trained in autism, epilepsy and personal care.",
         elig="Disabled young people aged 8 to 19; some places are kept for young people with high support needs."),
    dict(sub="sitting-service", name="Homefield Home Sitting ({zone})", mode="zones", org="homefield", ages=(0, 18), loc=False, aud="P", sched="flexible", cost="some-free",
         amt=(14.0, 15.5), unit="per hour", free="Free when funded through a short breaks assessment or direct payment.", title="Sitting service coordinator",
         desc="Trained sitters come to your home so you can have a break, go to an appointment or spend time with your other children. Sitters are matched with your family and can follow care plans, including giving medication.",
         elig="Families of disabled children aged 0 to 18 living in {area}."),
    dict(sub="saturday-club", name="Saturday Club, {town}", mode=["WX1", "WX6", "WX13"], org="oakacorn", ages=(5, 12), site="{town} Community Centre", sched="saturday",
         cost="some-free", amt=(6.0, 8.0), unit="per session", free="Free for children with a short breaks assessment.", title="Club leader",
         desc="A Saturday morning club for disabled children with music, games, messy play and a sensory room. Children are supported by a team of playworkers and trained volunteers.",
         elig="Disabled children aged 5 to 12 living in Wessex."),
    dict(sub="youth-short-breaks", name="Friday Night Crew, {town}", mode=["WX4", "WX8"], org="oakacorn", ages=(11, 25), aud="Y", site="{town} Youth Centre",
         sched="weekly-evening", cost="paid", amt=(4.0, 5.0), unit="per evening", title="Youth worker",
         desc="A Friday night youth club and trips programme for disabled young people who want to see friends without their parents. Activities are planned by the members and include bowling, pizza nights, gigs and the cinema.",
         elig="Disabled young people aged 11 to 25 living in Wessex."),
    dict(sub="short-break-grants", name="Short Breaks Activity Grant", org="council", ages=(0, 18), loc=False, att="online", aud="P", title="Short breaks officer",
         owner="Short Breaks Service, Wessex County Council",
         desc="A yearly grant of up to £450 that families of disabled children can spend on activities, clubs, equipment for play or holiday schemes. You do not need a social worker to apply.",
         elig="Children aged 0 to 18 living in Wessex who get Disability Living Allowance (middle or higher rate care) or have an EHC plan.", app="Apply online once a year from April; you will hear within four weeks."),
    dict(sub="play-scheme", name="Quillbrook Sensory Adventure Playground", oc="WX9", org="skylark", ages=(3, 18), site="Quillbrook Sensory Adventure Playground",
         sched="weekend", cost="paid", amt=(3.0, 3.5), unit="per child", title="Playground manager",
         desc="An adventure playground designed for disabled children, with wheelchair-accessible swings, a sensory garden, a water play area and an indoor soft-play room. Playworkers are always on site, and parents stay with their children.",
         elig="Disabled children and young people aged 3 to 18 and their families, from anywhere."),
]

_LEISURE = [
    dict(sub="swimming", name="Inclusive swimming at {town} Leisure Centre", mode="districts", org="leisure", site="{town} Leisure Centre", sched="swim", cost="paid",
         amt=(2.5, 3.0, 3.5), unit="per swim; carers free", title="Aquatics manager",
         desc="Quiet swimming sessions for disabled children and their families, with warmer water, no music, lower lighting and a pool hoist. Inclusive swimming lessons in small groups are also available.",
         elig="Disabled children and young people aged 0 to 25 and their families."),
    dict(sub="sport", name="Wyvern Warriors Wheelchair Basketball", oc="WX3", needs="P", ages=(8, 25), site="Wyvernbury Leisure Centre", sched="weekly-evening", cost="paid",
         amt=(3.0,), title="Head coach",
         org=("Wyvern Warriors Wheelchair Basketball Club", "A volunteer-run wheelchair basketball club.", "wyvernwarriors.example.org", "coach"),
         desc="A friendly wheelchair basketball club for children and young people, whether or not they use a wheelchair day to day. Sports chairs are provided, and players can train for fun or for regional competitions.",
         elig="Young people aged 8 to 25 with a physical disability, plus their brothers, sisters and friends."),
    dict(sub="sport", name="Kingsbridge Inclusive Football Club", oc="WX1", ages=(6, 18), site="Kingsbridge Recreation Ground", sched="saturday", cost="paid", amt=(2.5,),
         title="Club welfare officer",
         org=("Kingsbridge Inclusive Football Club", "A community football club with teams for disabled players.", "kingsbridge-inclusive-fc.example.org", "secretary"),
         desc="Football sessions for disabled children and young people, including pan-disability, frame football and autism-friendly groups. Coaches keep sessions small and fun, and players can join matches when they are ready.",
         elig="Children and young people aged 6 to 18 with any disability or additional need."),
    dict(sub="sport", name="Ravensmere Boccia Club", oc="WX8", needs="P", ages=(8, 25), site="Ravensmere Community Hall", sched="weekly-evening", cost="paid", amt=(2.0,),
         title="Club coach", org=("Ravensmere Boccia Club", "A volunteer-run boccia club.", "ravensmereboccia.example.org", "club"),
         desc="Boccia is a target ball sport that everyone can play, including people with severe physical disabilities who use ramps or assistants. The club plays every week and enters county competitions.",
         elig="Anyone aged 8 and over with a physical disability, plus family and friends."),
    dict(sub="sport", name="Heronsey Bounce Inclusive Trampolining", oc="WX13", ages=(5, 18), site="Heronsey Sports Hall", sched="saturday", cost="paid", amt=(5.0,),
         title="Lead coach", org=("Heronsey Bounce Trampoline Club", "A community trampoline club.", "heronseybounce.example.org", "bookings"),
         desc="Small-group trampolining sessions for children with SEND, including rebound therapy for children with complex needs. Coaches adapt each session, and a hoist is available.",
         elig="Children and young people aged 5 to 18 with SEND."),
    dict(sub="sport", name="Cranholt Climbing Wall: Adapted Climbing", oc="WX10", ages=(7, 25), site="Cranholt Climbing Wall", sched="sunday", cost="paid", amt=(8.0,),
         title="Centre manager", org=("Cranholt Climbing Wall", "An indoor climbing centre.", "cranholtclimbing.example.com", "hello"),
         desc="Monthly adapted climbing sessions with specialist harnesses, pulley systems and extra instructors so disabled young people can climb safely. The centre closes to the public during sessions, so it is quieter.",
         elig="Disabled children and young people aged 7 to 25."),
    dict(sub="sport", name="Merrowcliff Adaptive Cycling Club", oc="WX7", ages=(4, 25), site="Merrowcliff Seafront Cycle Hub", sched="weekend", cost="paid", amt=(3.0,),
         title="Cycling coordinator", org=("Merrowcliff Adaptive Cycling", "A charity lending adapted bikes.", "adaptivecycling.example.org", "ride"),
         desc="A traffic-free cycling track with adapted trikes, tandems, hand bikes and bikes that carry a wheelchair. Volunteers help you find the right bike, and families can ride together.",
         elig="Disabled children, young people and adults, with family and friends."),
    dict(sub="sport", name="Port Sallow Adaptive Sailing Club", oc="WX6", ages=(8, 25), site="Port Sallow Harbour Slipway", sched="weekend", cost="paid", amt=(6.0,),
         title="Principal instructor",
         org=("Port Sallow Adaptive Sailing Club", "A sailing club for disabled people.", "portsallowsailing.example.org", "sail"),
         desc="Sailing for disabled young people in stable, specially adapted boats with qualified instructors. Sessions run from April to October, and a hoist helps sailors into the boats.",
         elig="Disabled young people aged 8 to 25; no experience is needed."),
    dict(sub="youth-club", name="Friends Together Youth Club, {town}", mode="districts", org="youth", ages=(11, 25), aud="Y", site="{town} Youth Centre",
         sched="weekly-evening", cost="paid", amt=(1.5, 2.0), unit="per evening", title="Senior youth worker",
         desc="A weekly youth club for young people with SEND, with games, music, cooking and trips. Youth workers help members plan activities and make friends at their own pace.",
         elig="Young people aged 11 to 25 with SEND living in {district}."),
    dict(sub="arts", name="Spindlewood Drama Collective", oc="WX2", ages=(8, 25), site="Harrowmere Arts Centre", sched="saturday", cost="paid", amt=(5.0,),
         title="Artistic director", org=("Spindlewood Drama Collective", "An inclusive youth theatre company.", "spindlewood.example.org", "hello"),
         desc="An inclusive youth theatre where young people with and without disabilities make and perform plays together. Sessions use movement, signing and visual scripts, and there is a show every summer."),
    dict(sub="arts", name="Wessex Rhythm Makers", oc="WX11", ages=(5, 25), site="Dunsmere Magna Music Centre", sched="weekly-evening", cost="paid", amt=(4.0,),
         title="Music leader", org=("Wessex Rhythm Makers", "An inclusive music charity.", "rhythmmakers.example.org", "music"),
         desc="Music sessions for children and young people with SEND using drums, keyboards, adapted instruments and music technology that responds to small movements. Members can join the group band or have one-to-one sessions."),
    dict(sub="arts", name="Pebble and Paint Studio: Relaxed Art Sessions", oc="WX7", ages=(4, 16), site="Pebble and Paint Studio", sched="saturday", cost="paid", amt=(6.5,),
         title="Studio owner", org=("Pebble and Paint Studio", "A community art studio.", "pebbleandpaint.example.com", "studio"),
         desc="Relaxed art sessions with clay, painting and printing for children who find busy classes hard. Groups are small, the studio is quiet, and children can take breaks whenever they need."),
    dict(sub="arts", name="Moving Together Dance Company", oc="WX14", ages=(6, 25), site="Brackenholt Village Hall", sched="weekly-evening", cost="paid", amt=(4.5,),
         title="Dance artist", org=("Moving Together Dance Company", "An inclusive dance company.", "movingtogether.example.org", "dance"),
         desc="Inclusive dance classes for children and young people, including wheelchair dance and sessions for young people with profound disabilities. The company performs at local festivals."),
    dict(sub="uniformed-groups", name="1st {town} Kestrels Adventure Group", mode=["WX5", "WX9", "WX12"], org="kestrels", ages=(6, 18), site="{town} Scout and Guide Hut",
         sched="weekly-evening", cost="paid", amt=(2.0,), unit="per week; help with costs available", title="Group leader",
         desc="A uniformed adventure group where children earn badges for camping, first aid, cooking and community projects. The {town} group welcomes children with SEND and adapts every activity so everyone can join in."),
    dict(sub="cinema-and-theatre", name="Relaxed screenings at {town} Picture House", mode=["WX3", "WX6"], org="reelhouse", ages=(0, 25), site="{town} Picture House",
         sched="cinema", cost="paid", amt=(4.0,), unit="per ticket; carers free", title="Cinema manager",
         desc="Relaxed film screenings with the lights left on low, the sound turned down and no adverts. You can move around, make noise and come and go as you need."),
    dict(sub="discount-card", name="The Wyvern Card", org="council", ages=(0, 25), loc=False, att="online", title="Wyvern Card coordinator",
         owner="Local Offer Team, Wessex County Council",
         desc="The Wyvern Card is a free discount card for families of children and young people with SEND, giving reduced prices at leisure centres, attractions, cinemas and cafés across Wessex. The card is run with the Wessex Parent Carer Forum and includes a carer-goes-free offer at many venues.",
         elig="Families of children and young people aged 0 to 25 living in Wessex who have SEND, with or without a diagnosis.", app="Apply online with one piece of evidence, such as a letter from school, a health professional or the DWP."),
    dict(sub="libraries", name="Relaxed Rhyme Time and Sensory Stories, {town} Library", mode=["WX1", "WX13"], org="libraries", ages=(0, 8), aud="P", site="{town} Library",
         sched="weekly-day", title="Children's librarian",
         desc="A calm session of songs, signing and sensory stories for young children with SEND and their families. The library also lends sensory story bags, dyslexia-friendly books and audiobooks."),
    dict(sub="outdoor-activities", name="Brenmoor Outdoor Centre: Accessible Adventure Days", oc="WX4", ages=(7, 25), site="Brenmoor Outdoor Centre", sched="weekend",
         cost="paid", amt=(15.0,), unit="per day", title="Centre manager",
         org=("Brenmoor Outdoor Education Centre", "An outdoor education centre.", "brenmooroutdoors.example.org", "bookings"),
         desc="Accessible adventure days with canoeing, zip wire, archery and bushcraft, using adapted equipment and trained instructors. Groups are small, and there are accessible toilets and a changing room with a hoist."),
]

_CHILDCARE = [
    dict(sub="after-school-club", name="Clubhouse After-School Club, {town}", mode=["WX2", "WX5", "WX10"], org="clubhouse", ages=(4, 11), aud="P",
         site="{town} Primary Campus", sched="after-school", cost="paid", amt=(11.0, 12.5), unit="per session", title="Club manager",
         desc="An Ofsted-registered after-school club with a calm room, outdoor play and homework help. Staff have had autism and Makaton training, and the club collects children from nearby schools."),
    dict(sub="holiday-club", name="Campfire Holiday Club, {town}", mode=["WX8", "WX12"], org="campfire", ages=(4, 14), aud="P", site="{town} Community Campus",
         sched="holiday-long", cost="paid", amt=(32.0, 35.0), unit="per day", title="Holiday club manager",
         desc="A full-day holiday club for children aged 4 to 14, with sport, crafts and outdoor games. Children with SEND are welcome, and the club can apply for inclusion funding for extra staff."),
    dict(sub="childcare-information", name="Childcare Finder and Funding Help", org="fis", ages=(0, 14), aud="P", att="hybrid", loc=False,
         title="Childcare information officer", owner="Family Information Service, Wessex County Council",
         desc="The Family Information Service helps parents of children with SEND find childcare that can meet their child's needs, and explains funded hours, Tax-Free Childcare and inclusion funding. Officers can ring around settings on your behalf.",
         elig="Parents and carers in Wessex looking for childcare for children aged 0 to 14, or up to 18 for disabled children.", app="Ring, e-mail or use the online childcare search; you do not need a referral."),
]

_SUPPORT = [
    dict(sub="parent-carer-forum", name="Wessex Parent Carer Forum", oc="WX1", org="pcf", aud="PR", att="hybrid", site="Kingsbridge Community Centre", sched="office",
         title="Forum coordinator",
         desc="The parent carer forum is an independent group of parents and carers of children with SEND who work with the council and NHS to improve services. Members share their experiences through surveys and events, and the forum runs coffee mornings and information sessions across Wessex.",
         elig="Any parent or carer of a child or young person aged 0 to 25 with SEND living in Wessex. Membership is free.", app="Join online or at any event; you can take part as much or as little as you like."),
    dict(sub="autism", mode=["WX1", "WX6", "WX3", "WX13"], org="self", needs="C", aud="P", site="{town} Community Centre", sched="monthly", title="Group organiser",
         name=["Kingsbridge Vale Autism Parents' Coffee Morning", "Sallow Coast Autism Family Group", "Wyvern Downs Autism Parents",
                             "Heronsey Levels Autism and PDA Parent Circle"],
         desc="A relaxed monthly group for parents and carers of autistic children, run by parents who have been there too. Members share tips on school, sleep, eating and getting support, and the group has an active online chat."),
    dict(sub="adhd", name="Wessex ADHD Parents Network, {town} group", mode=["WX2", "WX8", "WX10"], org="adhdnet", needs="S", aud="P", site="{town} Library",
         sched="monthly-evening", title="Group facilitator",
         desc="An evening meeting for parents and carers of children with ADHD, whether or not they have a diagnosis. Sessions mix peer support with short talks on topics such as medication, school and managing big feelings at home."),
    dict(sub="down-syndrome", name="Wessex Down Syndrome Family Group", oc="WX3", org="self", needs="LC", ages=(0, 25), site="Wyvernbury Family Hub", sched="saturday",
         title="Family group chair",
         desc="A friendly group for families of children and young people with Down syndrome, with monthly play sessions, a teen social club and talks from speech therapists and teachers. New parents can be matched with a family who has been through the early years."),
    dict(sub="siblings", name="Brothers and Sisters Club, {town}", mode=["WX1", "WX6"], org="lanternlight", ages=(6, 16), aud="Y", site="{town} Youth Hub",
         sched="monthly-evening", title="Sibling support worker",
         desc="A club for brothers and sisters of disabled children, where they can have fun, make friends and talk about what it is like at home. Activities include games, crafts and trips in the holidays."),
    dict(sub="sensory-impairment", name="Wessex Deaf Children's Family Group", oc="WX11", org="self", needs="PC", langs=["British Sign Language"],
         site="Dunsmere Magna Community Centre", sched="saturday", title="Group coordinator",
         desc="A family group for deaf children and their parents, brothers and sisters, with play sessions, family sign language classes and days out. Deaf adults volunteer with the group as role models."),
    dict(sub="sensory-impairment", name="Wessex Families of Children with Sight Loss", oc="WX7", org="self", needs="P", site="Merrowcliff Community Centre", sched="monthly",
         title="Group organiser",
         desc="A support group for families of blind and partially sighted children, with coffee mornings, accessible days out and talks on equipment and braille. Parents can borrow tactile books and toys."),
    dict(sub="physical-disability", name="Wessex Cerebral Palsy and Physical Disability Parents Group", oc="WX14", org="self", needs="P", aud="P",
         site="Brackenholt Village Hall", sched="monthly", title="Group organiser",
         desc="A parent-led group for families of children with cerebral palsy and other physical disabilities. Members share advice on equipment, therapy, adaptations and accessible days out."),
    dict(sub="general-send", name="Rare and Undiagnosed Families Wessex", org="self", att="online", loc=False, aud="P", sched="monthly-evening", title="Group founder",
         desc="An online support group for families of children with rare conditions or no diagnosis yet. Members meet by video each month and help each other find information and support."),
    dict(sub="general-send", name="SEND Dads' Walk and Talk", oc="WX10", org="self", aud="P", site="Cranholt Country Park Visitor Centre", sched="sunday", title="Walk leader",
         desc="A monthly walk for dads, grandads and male carers of children with SEND, ending with a coffee. It is a low-pressure way to meet others and talk, or just walk."),
    dict(sub="mental-health", name="Wessex Parents of Anxious Teens", oc="WX2", org="self", needs="S", ages=(11, 25), aud="P", site="Harrowmere Library",
         sched="monthly-evening", title="Group facilitator",
         desc="A support group for parents and carers of teenagers with anxiety, school refusal or low mood. Meetings are led by trained parent volunteers, with occasional visits from CAMHS and education staff."),
    dict(sub="general-send", name="Grandparents and Kinship Carers SEND Group", oc="WX5", org="self", aud="P", site="Fennerby Methodist Hall", sched="monthly",
         title="Group organiser",
         desc="A group for grandparents and kinship carers who look after or help to care for a child with SEND. Members share experiences and get information about benefits, school and support."),
]

_ADVICE = [
    dict(sub="sendiass", name="Wessex SENDIASS", oc="WX1", org="sendiass", aud="PYR", att="hybrid", site="Kingsbridge Community Centre", sched="helpline",
         phone="01632 960200", phone_desc="Helpline", title="SENDIASS manager",
         desc="Wessex SENDIASS gives free, impartial and confidential information, advice and support about special educational needs and disabilities to parents, children and young people. Advisers can help with SEN support, EHC needs assessments, plans, annual reviews, exclusions and appeals, and can come to meetings with you.",
         elig="Parents and carers of children aged 0 to 25 with SEND, and children and young people themselves, living in Wessex.", app="Ring the helpline, e-mail or use the online contact form; you do not need a referral."),
    dict(sub="sendiass", name="Wessex SENDIASS Young People's Service", oc="WX1", org="sendiass", ages=(16, 25), aud="Y", att="hybrid", site="Kingsbridge Community Centre",
         sched="office", title="Young people's adviser",
         desc="A part of Wessex SENDIASS just for young people aged 16 to 25, helping you understand your rights at college, in training and with your EHC plan. An adviser can help you say what you want at meetings, or speak up with you.",
         elig="Young people aged 16 to 25 with SEND living or studying in Wessex.", app="Contact the service yourself by text, phone, e-mail or online chat, or ask someone to refer you."),
    dict(sub="independent-support", name="Wessex Independent Supporters", org="advocacy", aud="PY", att="phone", loc=False, sched="office",
         title="Independent support coordinator",
         desc="Independent supporters are trained volunteers and staff who help families through the EHC needs assessment and plan process. They can explain letters, help you gather evidence and prepare for meetings.",
         elig="Families and young people in Wessex going through an EHC needs assessment or transfer review.", app="Ask Wessex SENDIASS to refer you, or contact the service directly."),
    dict(sub="benefits", name="Welfare Rights Service for Disabled Children", org="council", aud="PY", att="phone", loc=False, title="Welfare rights adviser",
         owner="Welfare Rights Service, Wessex County Council",
         desc="Welfare rights advisers check that families of disabled children get the benefits they are entitled to, such as Disability Living Allowance, Carer's Allowance and Universal Credit elements. They can help with forms, mandatory reconsiderations and appeals.",
         elig="Families of disabled children and disabled young people aged up to 25 living in Wessex.", app="Ring the advice line; professionals can refer with your consent."),
    dict(sub="benefits", name="DLA and PIP Form-Filling Clinic, {town}", mode=["WX6", "WX10"], org="carershub", aud="PY", site="{town} Carers' Centre", sched="weekly-day",
         title="Benefits adviser",
         desc="Book a one-hour appointment with a trained adviser who will help you fill in a Disability Living Allowance or Personal Independence Payment form. Advisers know what evidence helps and how to describe your child's needs on a difficult day.",
         elig="Parent carers and young people aged 16 to 25 in Wessex.", app="Book by phone or online; home visits are available if you cannot get to the clinic."),
    dict(sub="mediation", name="Wessex SEND Mediation", org="mediation", aud="PY", att="hybrid", loc=False, sched="office", title="Mediation coordinator",
         desc="An independent mediator helps families and the council try to resolve disagreements about EHC needs assessments and plans, without going to tribunal. You must contact the service for information about mediation before you can appeal most decisions, and it will issue a certificate.",
         elig="Parents and young people in Wessex who disagree with a decision about an EHC needs assessment or plan.",
         app="Ring or e-mail within two months of the decision letter; the service will explain mediation and give you a certificate if you decide not to go ahead."),
    dict(sub="mediation", name="SEND Disagreement Resolution Service", org="mediation", aud="PY", att="hybrid", loc=False, sched="office",
         title="Disagreement resolution lead",
         desc="This independent service helps families settle disagreements with schools, colleges, the council or health services about SEN support and provision, including for children without an EHC plan. A trained facilitator runs a meeting where everyone can be heard.",
         elig="Parents and young people in Wessex who have a disagreement about special educational provision.", app="Contact the service by phone or e-mail; it is free and you can stop at any time."),
    dict(sub="information-service", name="Local Offer Helpline", org="council", aud="PYR", att="phone", loc=False, sched="helpline", title="Local Offer officer",
         owner="Local Offer Team, Wessex County Council",
         desc="If you do not use the internet or cannot find what you need, ring the Local Offer helpline and an officer will look up services for you and post or e-mail the information. You can also tell us about services that are missing or out of date.",
         elig="Anyone looking for information about SEND services in Wessex.", app="Ring or e-mail; information can be sent in large print, easy read or another language."),
    dict(sub="legal", name="SEND Legal Advice Clinic", oc="WX1", org="lawcentre", aud="PY", att="hybrid", site="Wessex Community Law Centre", sched="weekly-day",
         title="Solicitor (education law)",
         desc="A free monthly clinic where parents and young people can get initial legal advice from an education law solicitor about tribunal appeals, exclusions and discrimination. The law centre can sometimes take on cases with legal aid.",
         elig="Families and young people in Wessex with a SEND-related legal problem.", app="Book a 30-minute slot by phone; bring letters and your child's plan if there is one."),
    dict(sub="housing", name="Housing Options for Young Disabled People", org="council", ages=(16, 25), aud="PY", att="hybrid", loc=False, ref="any",
         title="Housing options officer", owner="Housing Options Team, Wessex County Council",
         desc="Advisers help disabled young people and their families understand housing choices for the future, including supported living, shared lives and adapted council homes. They work with the Preparing for Adulthood Team to plan moves early.",
         elig="Disabled young people aged 16 to 25 in Wessex and their families.", app="Contact the team directly, or ask your social worker or Preparing for Adulthood worker to refer you."),
    dict(sub="information-service", name="EHC Needs Assessment Enquiries", org="council", aud="PYR", att="phone", loc=False, phone="01632 960100", phone_desc="SEND team",
         title="SEND duty officer", owner="SEND Assessment and Review Team, Wessex County Council",
         desc="The SEND Assessment and Review Team answers questions about asking for an EHC needs assessment, what happens during it and how decisions are made. Parents, young people and schools can ask for an assessment online or by phone.",
         elig="Parents of children aged 0 to 25, young people aged 16 to 25, and schools and colleges in Wessex.", app="Use the online request form or ring the SEND team; a caseworker will confirm the request in writing."),
]

_TRAVEL = [
    dict(sub="school-transport", name="Home to School Transport Team", org="council", ages=(4, 16), aud="P", att="phone", loc=False, title="Transport eligibility officer",
         owner="Home to School Transport Team, Wessex County Council",
         desc="The team decides who can get free travel to school, including children who cannot walk to school because of their SEND or disability, and arranges buses, taxis, passenger assistants or a personal travel budget. The home to school transport policy explains the rules.",
         elig="Children aged 4 to 16 living in Wessex who meet the distance, SEND or low-income criteria in the transport policy.",
         app="Apply online when you accept a school place; for children with an EHC plan, apply as soon as the school is named."),
    dict(sub="travel-training", name="Independent Travel Training", org="council", ages=(11, 25), aud="PY", loc=False, ref="any", sched="flexible", title="Travel trainer",
         owner="Home to School Transport Team, Wessex County Council",
         desc="Travel trainers teach young people with SEND to travel safely on their own, usually on the bus or walking to school or college. Training is one-to-one and step by step, until the young person and their family are confident.",
         elig="Young people aged 11 to 25 in Wessex with SEND who are ready to learn to travel on their own.", app="Ask your school, college or transport officer to refer you, or contact the team yourself."),
    dict(sub="post-16-travel", name="Post-16 Travel Support", org="council", ages=(16, 25), aud="PY", att="online", loc=False, title="Post-16 transport officer",
         owner="Home to School Transport Team, Wessex County Council",
         desc="Help with travel to school sixth forms, colleges and training for young people aged 16 to 25, including a bus pass, mileage payments or, for those with the highest needs, arranged transport. A contribution may be charged for students aged 16 to 18.",
         elig="Young people aged 16 to 25 in Wessex in education or training who meet the criteria in the post-16 transport policy statement.", app="Apply online by 30 June for the next academic year; late applications are still considered."),
    dict(sub="school-transport", name="Personal Travel Budgets", org="council", ages=(4, 25), aud="P", att="online", loc=False, title="Transport eligibility officer",
         owner="Home to School Transport Team, Wessex County Council",
         desc="Instead of council-arranged transport, families can choose a personal travel budget and make their own arrangements, such as driving their child or paying a friend. The budget is paid each term and depends on distance and need.",
         elig="Families whose child is eligible for home to school or post-16 transport."),
    dict(sub="travel-concessions", name="Disabled Person's Bus Pass", org="council", ages=(5, 25), aud="PY", att="online", loc=False, title="Concessionary travel officer",
         owner="Concessionary Travel Team, Wessex County Council",
         desc="A free bus pass for disabled people, allowing free off-peak travel on local buses across England. A companion pass is available for people who need someone with them.",
         elig="Disabled people aged 5 and over living in Wessex who meet the national eligibility criteria.", app="Apply online with a photo and proof of disability, such as a benefit letter."),
    dict(sub="travel-concessions", name="Blue Badge Team", org="council", ages=(0, 25), aud="PY", att="online", loc=False, title="Blue Badge officer",
         owner="Blue Badge Team, Wessex County Council",
         desc="The Blue Badge lets disabled people park closer to where they need to go. Children under 3 with bulky medical equipment, and children with hidden disabilities who find journeys very hard, can also qualify.",
         elig="Disabled children and young people in Wessex who meet the Blue Badge criteria.", app="Apply online; the team may ask for more evidence or an assessment."),
]

_EMPLOYMENT = [
    dict(sub="supported-internship", name="Supported Internships at Kingsbridge Vale College", oc="WX1", org="kingsbridge-vale-college", ages=(16, 25), aud="Y",
         ref="ehc-plan", site="Kingsbridge Vale College", sched="college", title="Supported internship coordinator",
         desc="A one-year programme where young people with an EHC plan spend most of the week on a work placement with a job coach, and one day in college. Placements include the hospital, hotels and the council, and most interns move into paid work.",
         elig="Young people aged 16 to 25 with an EHC plan who want to get a paid job.", app="Talk to your college or careers adviser; the internship is agreed through your EHC plan."),
    dict(sub="supported-internship", name="Supported Internships at Sallow Coast College", oc="WX6", org="sallow-coast-college", ages=(16, 25), aud="Y", ref="ehc-plan",
         site="Sallow Coast College", sched="college", title="Employer partnerships lead",
         desc="Supported internships with local employers in hospitality, marine trades and retail, with a job coach who helps interns learn the job and travel to work. Interns also study English and maths where needed.",
         elig="Young people aged 16 to 25 with an EHC plan.", app="Apply through the college; places are agreed through your EHC plan."),
    dict(sub="supported-internship", name="County Hall Supported Internships", oc="WX1", org="council", ages=(17, 25), aud="Y", ref="ehc-plan", site="County Hall",
         address="County Hall, Fictional Way", postcode="WX1 1AA", sched="office", title="Internship programme manager",
         owner="Preparing for Adulthood Team, Wessex County Council",
         desc="Wessex County Council offers supported internships in its own teams, including libraries, highways, catering and the post room. Interns rotate through three placements over the year with a job coach."),
    dict(sub="job-coaching", name="Wessex Supported Employment Service", org="council", ages=(16, 25), aud="Y", att="hybrid", loc=False, title="Employment specialist",
         owner="Supported Employment Service, Wessex County Council",
         desc="Employment specialists help young people with learning disabilities, autism or mental health needs find paid work and keep it. They help with CVs and interviews, talk to employers about reasonable adjustments, and provide job coaching in the workplace.",
         elig="Young people aged 16 to 25 in Wessex with a disability or long-term health condition who want paid work.", app="Refer yourself by phone or online, or ask your college, careers adviser or social worker to refer you."),
    dict(sub="job-coaching", name="Ladder Lane Job Coaching, {town}", mode=["WX3", "WX13"], org="jobcoach", ages=(16, 25), aud="Y", site="{town} Enterprise Centre",
         title="Job coach",
         desc="Job coaches work one-to-one with young people to learn a new job, building up independence until they no longer need support. The service also runs work taster weeks with local employers."),
    dict(sub="apprenticeships", name="Inclusive Apprenticeships Hub", org="council", ages=(16, 25), aud="PYR", att="hybrid", loc=False, title="Apprenticeships adviser",
         owner="Skills and Employment Team, Wessex County Council",
         desc="Advisers help young people with SEND find and apply for apprenticeships, and help employers make adjustments. Young people with an EHC plan may be able to do an apprenticeship with lower English and maths requirements."),
    dict(sub="volunteering", name="Volunteer Pathways for Young People with SEND", oc="WX8", org="volunteer", ages=(14, 25), aud="Y", site="Ravensmere Volunteer Centre",
         title="Volunteer pathways coordinator",
         desc="Supported volunteering placements for young people who want to build confidence and skills for work, such as in charity shops, gardens and animal rescue. A coordinator helps choose a placement and visits regularly."),
    dict(sub="careers-advice", name="Careers Advice for Young People with SEND", org="council", ages=(13, 25), aud="PY", att="hybrid", loc=False,
         title="Specialist careers adviser", owner="Careers and Participation Team, Wessex County Council",
         desc="Specialist careers advisers attend Year 9 and later annual reviews for young people with EHC plans, helping them think about jobs, courses and training. They can also meet young people aged 16 to 25 who are not in education or work."),
    dict(sub="job-coaching", name="Tansy Green Farm College Work Skills Enterprise", oc="WX12", org="tansy-green-farm-college", ages=(16, 25), aud="Y", ref="ehc-plan",
         site="Tansy Green Farm Shop", sched="college", title="Enterprise manager",
         desc="Students run the college's farm shop and café, learning customer service, stock control, food hygiene and handling money. Graduates can move into supported internships or paid work with local businesses."),
]

_DEFAULT_APP = {
    "short-breaks": "Book directly with the provider by phone or online. Families with a short breaks assessment or grant can use it to pay.",
    "leisure": "Book directly with the provider, or just turn up to the first session to try it out.",
    "childcare": "Contact the provider to arrange a visit and check availability.",
    "support-groups": "Just come along, or get in touch first if you would like someone to meet you at the door.",
    "advice": "Contact the service directly; you do not need a referral.",
    "travel": "Apply online, or ring the team if you need help with the form.",
    "employment": "Contact the service directly, or ask your school, college or careers adviser to refer you.",
}
# fmt: on


# Row keys passed straight to _Builder.add() (as the argument named on the right) when a row gives them.
_ROW_ARGS = {key: key for key in ("needs", "ages", "aud", "phone", "phone_desc", "title", "langs", "owner", "alert")}
_ROW_ARGS["att"] = "attending"


def _from_table(b: _Builder, cat: str, rows: list[dict]) -> None:
    rng = b.rng
    for row in rows:
        mode = row.get("mode", "county")
        if mode == "county":
            places = [(row.get("oc", "WX1"), None)]
        elif mode == "zones":
            places = [(oc, zone) for zone, (oc, _d) in _ZONES.items()]
        elif mode == "districts":
            places = [(rng.choice(d["outcodes"]), None) for d in DISTRICTS]
        else:
            places = [(oc, None) for oc in mode]
        for i, (oc, zone) in enumerate(places):
            district = _DISTRICT_OF[oc]
            if zone:
                areas, area = _ZONES[zone][1], " or ".join(_ZONES[zone][1])
            elif mode == "county":
                areas, area = [_WHOLE], "Wessex"
            else:
                areas, area = [district], district
            values = dict(town=_TOWN[oc], district=district, zone=zone or "", area=area)
            name = (row["name"][i] if isinstance(row["name"], list) else row["name"]).format(**values)
            org_spec = row.get("org", "council")
            if org_spec == "self":
                about = f"A volunteer-led support group for families in {area}."
                org = b.org(_slug(name), name, about, f"{_slug(name)[:36].strip('-')}.example.org", "hello")
            elif isinstance(org_spec, tuple):
                org = b.org(_slug(org_spec[0]), *org_spec)
            else:
                org = b.org(org_spec)
            site = row.get("site", "{town} Community Centre").format(**values)
            locs = [b.location(site, oc, row.get("address"), row.get("postcode"))] if row.get("loc", True) else []
            desc = row["desc"].format(**values)
            if len(re.findall(r"[.!?](?:\s|$)", desc)) < 3:
                desc = f"{desc} {rng.choice(_EXTRA[cat])}"
            amount = rng.choice(row["amt"]) if row.get("amt") else None
            costs = _costs(row.get("cost", "free"), amount, row.get("unit", "per session"), row.get("free"))
            lo, hi = row.get("ages", (0, 25))
            elig = row.get("elig") or (
                f"Parents and carers of children and young people aged {lo} to {hi} with SEND in {area}; no diagnosis is needed."
                if row.get("aud", "PY") == "P"
                else f"Children and young people aged {lo} to {hi} with SEND in {area}, with their families; no diagnosis is needed."
            )
            passed = {arg: row[key] for key, arg in _ROW_ARGS.items() if key in row}  # the rest use add()'s defaults
            app = (row.get("app") or _DEFAULT_APP[cat]).format(**values)
            ref = row.get("ref", "self" if cat in ("leisure", "support-groups", "childcare") else "any")
            sched = _schedule(rng, row.get("sched", "office"))
            b.add(
                cat,
                row["sub"],
                name,
                desc,
                org,
                costs=costs,
                locs=locs,
                sched=sched,
                areas=areas,
                elig=elig.format(**values),
                app=app,
                ref=ref,
                **passed,
            )


# fmt: off
_CM_S2 = [
    "{first} has {years} years' experience, including caring for children with autism, Down syndrome and epilepsy, and uses Makaton every day.",
    "{first} used to work as a teaching assistant in a special school and will follow your child's care plan, with training from the community nursing team.",
    "{first} has a calm, small setting with a sensory corner and a secure garden, and cares for no more than three children under five at a time.",
    "{first} has completed training in autism, positive behaviour support and paediatric first aid, and works closely with Portage home visitors.",
]
# fmt: on


def _childcare(b: _Builder) -> None:
    rng = b.rng
    # Childminders with SEND experience: each is their own organisation.
    for i in range(8):
        oc = _WX[(i * 3 + 1) % 14]
        town, slug = _TOWN[oc], ""
        while not slug or slug in b.orgs:  # childminders are named after themselves, so names must not repeat
            person = b.person()
            first, last = person.split(" ", 1)
            name = rng.choice(["{p} Childminding", "{f}'s Home Childcare", "{l} Family Childminding"]).format(
                p=person, f=first, l=last
            )
            slug = _slug(name)
        about, web = f"Ofsted-registered childminder in {town}.", f"https://{slug}.example.org"
        org = b.org(slug, name, about, "childminders.example.net", slug.replace("-", "."), web=web)
        school = rng.choice(b.schools[oc]) if b.schools[oc] else f"schools in {town}"
        opening = (
            f"{first} is an Ofsted-registered childminder in {town}, caring for children from 1 to 11 in a family home."
        )
        experience = rng.choice(_CM_S2).format(first=first, years=rng.randint(6, 22))
        desc = f"{opening} {experience} Funded early education hours are accepted, and {first} does the school run to {school}."
        loc = b.location(f"{name} (home-based)", oc, address_1="Home-based: full address given when you enquire")
        b.add(
            "childcare",
            "childminder",
            name,
            desc,
            org,
            ages=(1, 11),
            aud="P",
            contact=(person, "Registered childminder", org["email"]),
            costs=_costs("some-free", rng.choice([5.8, 6.0, 6.25, 6.5]), "per hour", _FUNDED),
            locs=[loc],
            sched=_schedule(rng, "childminder"),
            areas=[_DISTRICT_OF[oc]],
            phone_desc="Mobile or home",
            elig=f"Children aged 1 to 11 living in or near {town}, including children with SEND and medical needs.",
            app=f"Ring or e-mail {first} to arrange a visit; spaces are limited.",
            ref="self",
            owner=f"{person}, registered childminder",
        )
    # Day nurseries with SEND experience.
    for i in range(4):
        oc = _WX[(i * 4 + 2) % 14]
        town, stem = _TOWN[oc], b.stems.pop()
        name = f"{stem} Day Nursery"
        domain, about = f"{_slug(stem)}-nursery.example", f"Private day nursery in {town}."
        org = b.org(_slug(name), name, about, f"{domain}.com", "office", web=f"https://{domain}.org")
        opening = f"{name} is a day nursery in {town} for children from 6 months to 5 years, open all year."
        desc = f"{opening} {rng.choice(_NURSERY_S2)} {rng.choice(_EXTRA['childcare'])}"
        b.add(
            "childcare",
            "day-nursery",
            name,
            desc,
            org,
            ages=(0, 5),
            aud="P",
            costs=_costs("some-free", rng.choice([6.9, 7.2, 7.5, 7.8]), "per hour", _FUNDED),
            locs=[b.location(name, oc)],
            sched=_schedule(rng, "nursery"),
            areas=[_DISTRICT_OF[oc]],
            title="Nursery manager",
            elig="Children aged 6 months to 5 years; children with SEND are welcome and the SENCo will plan support with you before they start.",
            app="Book a visit and join the waiting list by phone or online.",
            ref="self",
        )
    _from_table(b, "childcare", _CHILDCARE)


# Finishing touches -------------------------------------------------------------------------

# fmt: off
_ALERTS = [
    "Temporarily closed while the venue is refurbished. We expect to reopen on {d}; ring the main number to hear about sessions nearby.",
    "Sessions are paused until {d} while we recruit new staff. Families on the register will be contacted before they restart.",
    "Closed until {d} after flood damage to the building. Please check back or ring for updates.",
    "Not running until {d} while we move to a new venue. Existing bookings have been moved to the nearest alternative.",
]
# fmt: on
_REOPEN = ["5 January 2027", "12 January 2027", "1 February 2027", "1 March 2027"]


def _add_year(d: date) -> date:
    try:
        return d.replace(year=d.year + 1)
    except ValueError:  # 29 February
        return d.replace(year=d.year + 1, day=28)


def _finish(b: _Builder) -> None:
    rng, services = b.rng, b.services
    n = len(services)
    # About 8% of listings were last checked more than a year ago, so staleness shows in the portal.
    stale = set(rng.sample(range(n), round(n * 0.08)))
    fresh_start, fresh_days = date(2025, 12, 1), (date(2026, 11, 20) - date(2025, 12, 1)).days
    for i, svc in enumerate(services):
        checked = (
            date(2025, 6, 1) + timedelta(days=rng.randint(0, 167))
            if i in stale
            else fresh_start + timedelta(days=rng.randint(0, fresh_days))
        )
        svc["assured_date"] = checked.isoformat()
        svc["review_due"] = _add_year(checked).isoformat()
    # About 3% temporarily closed (never schools, childminders, advice or statutory teams).
    candidates = [
        s
        for s in services
        if s["category"] in ("short-breaks", "leisure", "support-groups", "childcare")
        and s["subcategory"] != "childminder"
    ]
    for svc in rng.sample(candidates, round(n * 0.03)):
        svc["status"] = "temporarily closed"
        svc["alert"] = rng.choice(_ALERTS).format(d=rng.choice(_REOPEN))


def generate(seed: int = 2026) -> list[dict]:
    """The demo directory: a list of fictional services, identical for the same seed."""
    b = _Builder(seed)
    _education(b)
    _from_table(b, "health", _HEALTH)
    _from_table(b, "social-care", _SOCIAL)
    _from_table(b, "short-breaks", _SHORT)
    _from_table(b, "leisure", _LEISURE)
    _childcare(b)
    _from_table(b, "support-groups", _SUPPORT)
    _from_table(b, "advice", _ADVICE)
    _from_table(b, "travel", _TRAVEL)
    _from_table(b, "employment", _EMPLOYMENT)
    _finish(b)
    return b.services


# Self-check --------------------------------------------------------------------------------

# fmt: off
_MIN_COUNTS = {"education": 110, "health": 35, "social-care": 12, "short-breaks": 20, "leisure": 30, "childcare": 15,
               "support-groups": 15, "advice": 10, "travel": 5, "employment": 8}
_KEYS = ["id", "name", "description", "organization", "category", "subcategory", "provider_type", "in_area", "need_types",
         "min_age", "max_age", "audience", "cost", "cost_options", "status", "alert", "url", "email", "phones", "contacts",
         "locations", "attending_type", "schedules", "service_areas", "languages", "eligibility", "application_process",
         "referral_route", "taxonomy_terms", "sch2_para5", "sen_information_report_url", "assured_date", "review_due", "owner"]
_PROVIDER_TYPES = {"early_years", "maintained_school", "academy", "non_maintained_special", "post16_institution",
                   "section41_independent", "independent_special", "pupil_referral_unit", "la_commissioned"}
# fmt: on
_PHONE_RE = re.compile(r"^01632 960\d{3}$")
_EMAIL_RE = re.compile(r"^[a-z0-9.'-]+@([a-z0-9-]+\.)*example\.(org|com|net)$")
_URL_RE = re.compile(r"^https://([a-z0-9-]+\.)+example\.org(/[a-z0-9/-]*)?$")


def _service_problems(s: dict, terms: set[str]) -> list[str]:
    """What is wrong with one generated service (an empty list if nothing)."""
    if list(s) != _KEYS:
        return ["keys differ from the documented shape"]
    problems: list[str] = []
    phones = list(s["phones"]) + [p for c in s["contacts"] for p in c["phones"]]
    problems += [f"phone {p['number']} outside the drama range" for p in phones if not _PHONE_RE.match(p["number"])]
    emails = [s["email"], s["organization"]["email"]] + [c["email"] for c in s["contacts"] if c["email"]]
    problems += [f"e-mail {e} not on an example domain" for e in emails if not _EMAIL_RE.match(e)]
    urls = [s["url"], s["organization"]["website"], s["sen_information_report_url"] or s["url"]]
    problems += [f"URL {u} not on example.org" for u in urls if not _URL_RE.match(u)]
    for loc in s["locations"]:
        at = postcode_to_latlon(loc["postal_code"])
        if at is None or abs(at[0] - loc["latitude"]) >= 0.01 or abs(at[1] - loc["longitude"]) >= 0.01:
            problems.append(f"postcode {loc['postal_code']} does not resolve to the location")
    assured = date.fromisoformat(s["assured_date"])
    in_area_ok = s["in_area"] or all(loc["postal_code"].startswith("WY") for loc in s["locations"])
    education_ok = s["provider_type"] in _PROVIDER_TYPES and sorted(s["sch2_para5"] or {}) == list("abcdefghij")
    checks = [
        (
            all(t in terms for t in s["taxonomy_terms"])
            and f"cat-{s['category']}-{s['subcategory']}" in s["taxonomy_terms"],
            "unknown or missing taxonomy term",
        ),
        (
            0 <= s["min_age"] <= s["max_age"] <= 25 and s["need_types"] and s["audience"],
            "ages, needs or audience out of range",
        ),
        (2 <= len(re.findall(r"[.!?](?:\s|$)", s["description"])) <= 4, "description is not 2 to 4 sentences"),
        (
            s["eligibility"] and s["application_process"] and 0 < len(s["owner"]) <= 200,
            "eligibility, application or owner missing",
        ),
        (
            s["cost"] in ("free", "paid", "some-free")
            and s["referral_route"] in ("self", "professional", "ehc-plan", "any")
            and s["attending_type"] in ("in_person", "online", "phone", "hybrid"),
            "bad cost, referral route or attending type",
        ),
        (
            date.fromisoformat(s["review_due"]) == _add_year(assured)
            and date(2025, 6, 1) <= assured <= date(2026, 11, 20),
            "assured_date out of range or review_due not a year later",
        ),
        (
            education_ok and in_area_ok
            if s["category"] == "education"
            else s["provider_type"] is None and s["sch2_para5"] is None,
            "education fields (provider type, Schedule 2 answers, out-of-area postcode) wrong",
        ),
    ]
    return problems + [message for ok, message in checks if not ok]


def _self_check(services: list[dict]) -> list[str]:
    """Problems with a generated data set (an empty list means it passed)."""
    problems: list[str] = []
    term_ids = [t["id"] for t in TAXONOMY]
    terms = set(term_ids)
    if len(terms) != len(term_ids) or any(t["parent_id"] and t["parent_id"] not in terms for t in TAXONOMY):
        problems.append("taxonomy ids not unique or a parent is missing")
    if [s.get("id") for s in services] != [f"svc-{i + 1:04d}" for i in range(len(services))]:
        problems.append("service ids not unique and in order")
    if len({s.get("name") for s in services}) != len(services):
        problems.append("service names not unique")
    seen: dict[str, dict] = {}  # organisations and locations: one id, one content
    for s in services:
        problems += [f"{s.get('id')}: {p}" for p in _service_problems(s, terms)]
        for item in [s.get("organization", {})] + s.get("locations", []):
            if seen.setdefault(item.get("id"), item) != item:
                problems.append(f"{s.get('id')}: id {item.get('id')} reused for something different")
    if (
        sum(len(s["phones"]) + sum(len(c["phones"]) for c in s["contacts"]) for s in services if list(s) == _KEYS)
        > 1000
    ):
        problems.append("more phone numbers than the drama range holds")
    counts = {c: sum(1 for s in services if s.get("category") == c) for c in _MIN_COUNTS}
    problems += [f"only {counts[c]} {c} services (need {m})" for c, m in _MIN_COUNTS.items() if counts[c] < m]
    if len(services) < 260:
        problems.append(f"only {len(services)} services")
    used = {f"cat-{s.get('category')}-{s.get('subcategory')}" for s in services}
    problems += [f"no services for term {t['id']}" for t in TAXONOMY if t["parent_id"] and t["id"] not in used]
    edu = [s for s in services if s.get("category") == "education"]
    if not 0.08 <= sum(1 for s in edu if not s["in_area"]) / max(len(edu), 1) <= 0.13:
        problems.append("out-of-area providers are not about 10% of education")
    areas = {a for s in services for a in s.get("service_areas", [])}
    problems += [f"no services for {d['name']}" for d in DISTRICTS if d["name"] not in areas]
    stale = sum(1 for s in services if s.get("assured_date", "") < "2025-11-20")
    closed = sum(1 for s in services if s.get("status") == "temporarily closed")
    if not (0.06 <= stale / len(services) <= 0.10 and 0.02 <= closed / len(services) <= 0.04):
        problems.append(f"stale ({stale}) or temporarily closed ({closed}) share is off")
    return problems


if __name__ == "__main__":
    data = generate(int(sys.argv[1]) if len(sys.argv) > 1 else 2026)
    by_category: dict[str, int] = {}
    for item in data:
        by_category[item["category"]] = by_category.get(item["category"], 0) + 1
    print("Services by category:")
    for category, count in by_category.items():
        print(f"  {category:<15} {count:>4}")
    print(f"  {'total':<15} {len(data):>4}")
    print(
        f"Organisations: {len({s['organization']['id'] for s in data})}; "
        f"locations: {len({loc['id'] for s in data for loc in s['locations']})}; "
        f"out of area: {sum(1 for s in data if not s['in_area'])}; "
        f"temporarily closed: {sum(1 for s in data if s['status'] != 'active')}; "
        f"checked over a year before 2026-11-20: {sum(1 for s in data if s['assured_date'] < '2025-11-20')}"
    )
    print(f"Taxonomy terms: {len(TAXONOMY)}")
    print("SHA-256 of the data set:", hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest())
    print("Sample service:")
    print(json.dumps(next(s for s in data if s["subcategory"] == "resourced-provision"), indent=2, ensure_ascii=False))
    issues = _self_check(data)
    print("Self-check:", "OK" if not issues else f"{len(issues)} problem(s)")
    for issue in issues:
        print("  -", issue)
    sys.exit(1 if issues else 0)


def load_demo_directory(seed: int = 2026) -> int:
    """Replace the directory with the fictional demo data set. Returns how many services."""
    from portal.local_offer.services import replace_directory

    return replace_directory(TAXONOMY, generate(seed))
