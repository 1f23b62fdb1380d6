"""What the feedback domain keeps about a person (complaints and their drafts, "How is school?", "All about me"
and young people's answers in progress) and how long it keeps what nobody owns, registered for "Your data" and
retention (portal/platform/personal_data.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select

from portal.db import db
from portal.feedback import complaints, voice
from portal.feedback.complaint_models import Complaint, ComplaintDraft
from portal.feedback.voice_models import AllAboutMe, VoiceSubmission, YoungPersonDraft
from portal.platform.personal_data import Person, iso, register_personal_data

ABOUT_ME_FIELDS = voice.STATEMENT_FIELDS
FEELING_WORDS = {value: words for value, _, words in voice.FEELINGS}
CHOICE_WORDS = {key: words for key, _, words in voice.CHOICES}


def _complaints(person: Person) -> list[dict[str, Any]]:
    """Complaints made signed in, with what they told us and what we sent them (officers' own notes are not
    shared with the complainant on the complaint's page, and are not here)."""
    found = db.session.scalars(select(Complaint).where(Complaint.user_id == person.id).order_by(Complaint.created_at))
    return [
        {"reference": c.reference, "status": c.status, "stage": c.stage, "made": iso(c.created_at),
         "about": c.about, "what_happened": c.what_happened, "outcome_wanted": c.outcome_wanted, "name": c.name,
         "email": c.email, "phone": c.phone, "contact_by": c.contact_by, "address": c.address,
         "adjustments": c.adjustments, "case_reference": c.case_reference,
         "attachment": (c.attachment or {}).get("name"), "acknowledged": iso(c.acknowledged_on),
         "responded": iso(c.responded_on), "outcome": c.outcome, "closed": iso(c.closed_on),
         "updates": [{"when": iso(e.created_at), "kind": e.kind, "text": e.body}
                     for e in complaints.shared_events(c)]}
        for c in found
    ]  # fmt: skip


def _complaint_drafts(person: Person) -> list[dict[str, Any]]:
    found = db.session.scalars(select(ComplaintDraft).where(ComplaintDraft.user_id == person.id))
    return [{"started": iso(d.created_at), "changed": iso(d.updated_at), "answers": d.answers} for d in found]


def _all_about_me(person: Person) -> list[dict[str, Any]]:
    return [
        {"about": a.subject_key, "updated": iso(a.updated_at), **{f: getattr(a, f) for f in ABOUT_ME_FIELDS}}
        for a in db.session.scalars(select(AllAboutMe).where(AllAboutMe.owner_id == person.id))
    ]


def _voice(person: Person) -> list[dict[str, Any]]:
    found = db.session.scalars(
        select(VoiceSubmission).where(VoiceSubmission.user_id == person.id).order_by(VoiceSubmission.created_at)
    )
    return [
        {"sent": iso(v.created_at), "topic": v.topic,
         "feeling": str(FEELING_WORDS[v.feeling]) if v.feeling in FEELING_WORDS else None,
         "choices": [str(CHOICE_WORDS.get(c, c)) for c in v.choices], "text": v.text}
        for v in found
    ]  # fmt: skip


def _young_people_drafts(person: Person) -> list[dict[str, Any]]:
    found = db.session.scalars(select(YoungPersonDraft).where(YoungPersonDraft.user_id == person.id))
    return [{"kind": d.kind, "changed": iso(d.updated_at), "ends": iso(d.expires_at), "answers": d.data}
            for d in found]  # fmt: skip


def _anonymous_all_about_me(now: dt.datetime) -> int:
    cutoff = now - dt.timedelta(days=current_app.config["ANONYMOUS_ALL_ABOUT_ME_DAYS"])
    query = delete(AllAboutMe).where(AllAboutMe.owner_id.is_(None), AllAboutMe.updated_at < cutoff)
    return db.session.execute(query).rowcount or 0  # type: ignore[attr-defined]


def register() -> None:
    register_personal_data(
        "complaints", tables=("complaint", "complaint_event"), export=_complaints, title=_l("Complaints"),
        labels={"reference": _l("Complaint reference"), "status": _l("Status"), "stage": _l("Stage"),
                "made": _l("Made"), "about": _l("What is your complaint about?"),
                "what_happened": _l("What happened?"),
                "outcome_wanted": _l("What would you like us to do to put things right?"), "name": _l("Your name"),
                "email": _l("Email address"), "phone": _l("Phone number"),
                "contact_by": _l("How should we contact you?"), "address": _l("Postal address"),
                "adjustments": _l("Help you asked for"), "case_reference": _l("Case or letter reference"),
                "attachment": _l("File"), "acknowledged": _l("Acknowledged"), "responded": _l("Answered"),
                "outcome": _l("Outcome"), "closed": _l("Closed"), "updates": _l("What we sent you"),
                "when": _l("When"), "kind": _l("Kind"), "text": _l("Text")},
    )  # fmt: skip
    # Drafts abandoned for 30 days go with their files; files nothing refers to any more go too.
    register_personal_data(
        "complaint_drafts", tables=("complaint_draft",), export=_complaint_drafts,
        purge=lambda now: complaints.purge_drafts(), title=_l("Complaints you started"),
        labels={"started": _l("Started"), "changed": _l("Last changed"), "answers": None},
    )  # fmt: skip
    register_personal_data("complaint_uploads", tables=(), purge=lambda now: complaints.purge_orphan_uploads())
    register_personal_data(
        "all_about_me", tables=("all_about_me",), export=_all_about_me, title=_l("All about me"),
        labels={"about": _l("About"), "updated": _l("Updated"),
                **{name: question for name, _, question, _ in voice.STATEMENTS}},
    )  # fmt: skip
    register_personal_data(
        "voice_submissions", tables=("voice_submission",), export=_voice, title=_l("What you told us about school"),
        labels={"sent": _l("Sent"), "topic": _l("About"), "feeling": _l("How do you feel about school?"),
                "choices": _l("What would help you at school?"), "text": _l("Do you want to tell us more?")},
    )  # fmt: skip
    register_personal_data("anonymous_all_about_me", tables=("all_about_me",), purge=_anonymous_all_about_me)
    register_personal_data(
        "young_people_drafts", tables=("young_person_draft",), export=_young_people_drafts, purge=voice.purge_drafts,
        title=_l("Answers you have not sent yet"),
        labels={"kind": _l("Kind"), "changed": _l("Last changed"), "ends": _l("Deleted on"), "answers": None},
    )  # fmt: skip
