"""Demo data: a Local Offer survey with about 150 fictional responses, and a few You said, we did entries."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import select

from portal.auth.services import find_user
from portal.db import db
from portal.surveys import results, services, yousaid
from portal.surveys.models import Survey

SLUG = "local-offer-survey-2026"

COMMENTS = [
    "The school transport page is hard to follow and the dates were out of date.",
    "I could not find out how to ask for an EHC needs assessment without phoning.",
    "More information about short breaks in the holidays please.",
    "The directory helped me find a parent support group near Port Sallow.",
    "Please put the transport forms online so we do not have to post them.",
    "Easy read pages would help my son understand his plan.",
    "It took a long time to find what happens at 16 and college options.",
    "Short breaks information is hard to find and the list of clubs is out of date.",
    "The search did not understand the word respite.",
    "Good to see phone numbers on every page.",
    "I want to know what the council will do about waiting times for speech and language therapy.",
    "Information about preparing for adulthood is thin.",
    "The transport eligibility rules are confusing.",
    "More Welsh language pages please.",
    "Email me at sam.example@example.com about the holiday clubs list.",
]


def seed_demo() -> str:
    """Create the demo survey, its responses and entries once; later runs change nothing."""
    if db.session.scalar(select(Survey.id).where(Survey.slug == SLUG)) is not None:
        return ""
    user = find_user("participation@example.com")
    rng = random.Random(2026)
    today = date.today()
    survey = services.create_survey(
        user=user,
        slug=SLUG,
        title="Local Offer survey 2026",
        title_cy="Arolwg y Cynnig Lleol 2026",
        intro="Tell us what you think of the Local Offer: what helps, what is missing and what we should change.",
        intro_cy="Dywedwch wrthym beth rydych chi'n ei feddwl o'r Cynnig Lleol: beth sy'n helpu, beth sydd ar goll a "
        "beth y dylem ei newid.",
        anonymous=True,
        opens_on=today - timedelta(days=21),
        closes_on=today + timedelta(days=60),
    )
    q1 = services.add_question(
        survey, user=user, kind="yesno", required=True,
        text="Have you used the Local Offer website in the last year?",
        text_cy="Ydych chi wedi defnyddio gwefan y Cynnig Lleol yn ystod y flwyddyn ddiwethaf?",
        easy_read="Have you looked at the Local Offer website this year?",
        easy_read_cy="Ydych chi wedi edrych ar wefan y Cynnig Lleol eleni?",
    )  # fmt: skip
    services.add_question(
        survey, user=user, kind="multiple", required=True,
        text="What did you look for?", text_cy="Am beth oeddech chi'n chwilio?",
        help="Choose all that apply.", help_cy="Dewiswch bob un sy'n berthnasol.",
        options=services.parse_options("Schools and colleges\nTransport\nShort breaks\nHealth services\nMoney and "
                                       "benefits", "Ysgolion a cholegau\nTrafnidiaeth\nSeibiannau byr\nGwasanaethau "
                                       "iechyd\nArian a budd-daliadau"),
    )  # fmt: skip
    services.add_question(
        survey, user=user, kind="rating5", required=True,
        text="How easy was it to find what you needed?", text_cy="Pa mor hawdd oedd dod o hyd i'r hyn oedd ei angen?",
        easy_read="Was it easy to find things?", easy_read_cy="Oedd hi'n hawdd dod o hyd i bethau?",
    )  # fmt: skip
    services.add_question(
        survey, user=user, kind="likert", required=True,
        text="How far do you agree?", text_cy="I ba raddau ydych chi'n cytuno?",
        rows=services.parse_options("The information is up to date\nThe words are easy to understand\nI know who to "
                                    "contact", "Mae'r wybodaeth yn gyfredol\nMae'r geiriau'n hawdd eu deall\nRwy'n "
                                    "gwybod pwy i gysylltu â nhw", prefix="r"),
    )  # fmt: skip
    services.add_question(
        survey, user=user, kind="text", required=False,
        text="What should we change?", text_cy="Beth ddylen ni ei newid?",
        help="Please do not include names or details of your own case.",
        help_cy="Peidiwch â chynnwys enwau na manylion eich achos eich hun.",
    )  # fmt: skip
    services.add_question(
        survey, user=user, kind="rating10", required=False,
        text="How likely are you to tell another family about the Local Offer?",
        text_cy="Pa mor debygol ydych chi o sôn wrth deulu arall am y Cynnig Lleol?",
    )  # fmt: skip
    services.update_question(q1, user=user, routing=[{"answer": "no", "goto": 5}])
    services.set_published(survey, user=user, published=True)
    qs = survey.questions
    groups = ["parent"] * 6 + ["young_person"] * 2 + ["professional"] * 2
    areas = [key for key, _label in services.areas()]
    for _ in range(150):
        response = services.start_response(survey, user=None, locale=rng.choice(["en"] * 9 + ["cy"]))
        services.set_about_you(response, group=rng.choice(groups), area=rng.choice(areas))
        used = rng.random() < 0.8
        services.save_answer(response, qs[0], value="yes" if used else "no")
        if used:
            services.save_answer(
                response, qs[1], value=rng.sample([o["value"] for o in qs[1].options], rng.randint(1, 3))
            )
            services.save_answer(response, qs[2], value=str(rng.choices([1, 2, 3, 4, 5], [1, 3, 4, 4, 2])[0]))
            scale = ["sa", "a", "n", "d", "sd"]
            services.save_answer(response, qs[3], value={r["value"]: rng.choice(scale) for r in qs[3].rows})
        services.save_answer(response, qs[4], text=rng.choice(COMMENTS) if rng.random() < 0.5 else None)
        services.save_answer(response, qs[5], value=str(rng.randint(0, 10)) if rng.random() < 0.7 else None)
        services.submit(survey, response)
    # Some answers tagged with themes, as an officer would.
    transport = results.add_theme(survey, "Transport", user=user)
    breaks = results.add_theme(survey, "Short breaks", user=user)
    text_result = results.results(survey).questions[4]
    for answer in text_result.texts:
        words = answer.text.lower()
        chosen = [t.id for t, word in ((transport, "transport"), (breaks, "short breaks")) if word in words]
        if chosen:
            results.set_answer_themes(survey, results.get_text_answer(survey, answer.id), chosen, user=user)
    entries = [
        dict(title="Clearer school transport information", title_cy="Gwybodaeth gliriach am drafnidiaeth i'r ysgol",
             you_said="The school transport pages were hard to follow and some dates were out of date.",
             you_said_cy="Roedd y tudalennau trafnidiaeth i'r ysgol yn anodd eu dilyn ac roedd rhai dyddiadau'n hen.",
             we_did="We are rewriting the transport pages with the Wessex Parent Carer Forum and will put the "
                    "application form online.",
             we_did_cy="Rydym yn ailysgrifennu'r tudalennau trafnidiaeth gyda Fforwm Rhieni Gofalwyr Wessex a byddwn "
                       "yn rhoi'r ffurflen gais ar-lein.",
             owner="SEND transport team", due_date=today + timedelta(days=90), year=today.year, theme="Transport",
             status="in_progress", update="First drafts are with the parent carer forum.", link=transport.id,
             kind="survey_theme"),
        dict(title="An up-to-date list of short breaks", title_cy="Rhestr gyfredol o seibiannau byr",
             you_said="Information about short breaks was hard to find and the list of clubs was out of date.",
             you_said_cy="Roedd gwybodaeth am seibiannau byr yn anodd dod o hyd iddi ac roedd y rhestr o glybiau'n hen.",
             we_did="We checked every short breaks listing and added a date to each one showing when it was last "
                    "checked.",
             we_did_cy="Fe wnaethom wirio pob rhestriad seibiannau byr ac ychwanegu dyddiad at bob un.",
             owner="Local Offer team", due_date=today - timedelta(days=20), year=today.year, theme="Short breaks",
             status="done", update="Every listing now shows when it was last checked.", link=breaks.id,
             kind="survey_theme"),
        dict(title="Easy read pages", title_cy="Tudalennau hawdd eu darllen",
             you_said="Young people asked for easy read versions of the main pages.",
             you_said_cy="Gofynnodd pobl ifanc am fersiynau hawdd eu darllen o'r prif dudalennau.",
             we_did="We are adding easy read versions, starting with EHC plans and annual reviews.",
             we_did_cy="Rydym yn ychwanegu fersiynau hawdd eu darllen, gan ddechrau gyda chynlluniau EHC.",
             owner="Participation team", due_date=today + timedelta(days=150), year=today.year, theme="Information",
             status="planned", update="", link=qs[2].id, kind="survey_question"),
        dict(title="Open the SEND helpline on Sundays", title_cy="Agor llinell gymorth AAAA ar ddydd Sul",
             you_said="Some families asked for the helpline to open on Sundays.",
             you_said_cy="Gofynnodd rhai teuluoedd i'r llinell gymorth agor ar ddydd Sul.",
             we_did="We looked at how many calls we get at weekends. We will not open on Sundays, but the online "
                    "assistant and the out-of-hours number are there every day.",
             we_did_cy="Fe wnaethom edrych ar faint o alwadau a gawn ar benwythnosau. Ni fyddwn yn agor ar ddydd Sul.",
             owner="SEND team", due_date=None, year=today.year - 1, theme="Contacting us", status="not_doing",
             update="Too few weekend calls to staff a Sunday line; other routes are open every day.", link=None,
             kind=None),
    ]  # fmt: skip
    for item in entries:
        status, update, link, kind = item.pop("status"), item.pop("update"), item.pop("link"), item.pop("kind")
        entry = yousaid.create_entry(user=user, **item)
        if update:
            yousaid.add_update(entry, user=user, status=status, note=update)
        if link:
            yousaid.link_source(entry.id, kind, link, user)
        yousaid.set_published(entry, user=user, published=True)
    return f"Surveys: 1 demo survey with 150 responses at /surveys/{SLUG}; {len(entries)} You said, we did entries."
