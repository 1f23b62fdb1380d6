"""Fictional complaints and page feedback for the demo (never in production): `seed()` is idempotent.

The lead wires it into `portal seed-demo`. Names, e-mail addresses and words are made up.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from portal.auth.models import User
from portal.db import db
from portal.feedback import complaints as svc
from portal.feedback import services as page_feedback
from portal.feedback.complaint_models import Complaint

DEMO = [
    # (key, about, days ago received, what happened, outcome wanted, procedure, acknowledged, responded)
    ("demo-1", "ehc_process", 2, "We asked for an EHC needs assessment 8 weeks ago and have heard nothing.",
     "A decision and an apology.", None, False, False),
    ("demo-2", "transport", 9, "The school taxi did not come for a week and nobody told us.",
     "Transport that turns up, and a named person to call.", "corporate", True, False),
    ("demo-3", "social_care", 20, "Our short breaks stopped without any letter.", "Short breaks to start again.",
     "statutory", True, True),
    ("demo-4", "communication", 30, "Phone calls to the SEND team were not returned.", "Someone to call back.",
     "corporate", True, True),
]  # fmt: skip


def seed(today: date | None = None) -> int:
    """Create the demo complaints (once) and a little page feedback. Needs a request context (e-mail links)."""
    today = today or date.today()
    officer = db.session.scalar(select(User).where(User.email == "complaints@example.com"))
    parent = db.session.scalar(select(User).where(User.email == "parent.one@example.com"))
    made = 0
    for key, about, ago, happened, wanted, procedure, acknowledged, responded in DEMO:
        if db.session.scalar(select(Complaint.id).where(Complaint.idempotency_key == key)):
            continue
        draft = svc.start_draft(user=parent)
        svc.save_answers(draft, about=about, what_happened=happened, outcome_wanted=wanted, contact_by="email",
                         name="Alex Parent", email="parent.one@example.com")  # fmt: skip
        complaint = svc.submit(draft, key=key, user=parent, locale="en", today=today - timedelta(days=ago)).complaint
        made += 1
        if officer is None or procedure is None:
            continue
        svc.triage(complaint, user=officer, category=about, team="SEND casework", procedure=procedure,
                   assigned_to=officer.id)  # fmt: skip
        if acknowledged:
            svc.acknowledge(complaint, user=officer, message="Thank you. We are looking into this.",
                            today=complaint.stage_started_on + timedelta(days=2))  # fmt: skip
        if responded:
            svc.respond(complaint, user=officer, outcome="partly_upheld", body="We are sorry. We have fixed this.",
                        today=complaint.stage_started_on + timedelta(days=10))  # fmt: skip
    if made:
        for path, useful, theme, comment in (
            ("/local-offer/annual-review", False, "content", "It does not say what happens if the review is late."),
            ("/local-offer/short-breaks-respite", False, "accessibility", "Too many long words."),
            ("/local-offer/annual-review", True, None, None),
        ):
            page_feedback.record(path=path, useful=useful, theme=theme, doing=None, comment=comment, locale="en",
                                 idempotency_key=None)  # fmt: skip
    db.session.flush()
    return made
