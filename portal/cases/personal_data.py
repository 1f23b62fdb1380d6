"""What the cases domain keeps about a person, registered for "Your data" and retention
(portal/platform/personal_data.py): their requests for an assessment, the cases they may see, and how they hear
about them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.auth.models import User
from portal.cases import requests, timeline, uploads
from portal.cases.models import AssessmentRequest, CaseDocument, NotificationPreference
from portal.db import db
from portal.platform.personal_data import Person, iso, register_personal_data

DOCUMENT_LABELS = {"name": _l("File"), "kind": _l("Kind"), "size": _l("Size in bytes"), "added": _l("Added"),
                   "from_you": _l("From your family")}  # fmt: skip


def _document(d: CaseDocument) -> dict[str, Any]:
    return {"name": d.filename, "kind": d.kind, "size": d.size, "added": iso(d.created_at), "from_you": d.from_family}


def _assessment_requests(person: Person) -> list[dict[str, Any]]:
    found = db.session.scalars(
        select(AssessmentRequest).where(AssessmentRequest.user_id == person.id).order_by(AssessmentRequest.created_at)
    )
    return [
        {"reference": r.reference, "status": r.status, "started": iso(r.created_at), "sent": iso(r.submitted_at),
         "answers": r.answers, "documents": [_document(d) for d in uploads.documents_for_request(r.id)]}
        for r in found
    ]  # fmt: skip


def _cases(person: Person) -> list[dict[str, Any]]:
    """The cases of the children this person may see, as the case pages show them (officers' notes and the
    service's internal steps are not shown there, and are not here)."""
    user = db.session.get(User, person.id)
    if user is None:
        return []
    cases = []
    for case in timeline.cases_for(user):
        steps = [m for m in case.milestones if m.code not in timeline.HIDDEN_CODES]
        cases.append({
            "reference": case.reference, "child": case.child_name, "date_of_birth": iso(case.child_dob),
            "school": case.school, "received": iso(case.received_on), "stage": case.stage,
            "assess_decision": case.assess_decision, "assess_decision_on": iso(case.assess_decision_on),
            "plan_decision": case.plan_decision, "plan_decision_on": iso(case.plan_decision_on),
            "draft_served": iso(case.draft_served_on), "plan_issued": iso(case.plan_issued_on),
            "closed": iso(case.closed_on), "closed_reason": case.closed_reason,
            "steps": [{"step": m.name, "due": iso(m.due), "status": m.status, "done": iso(m.completed_on),
                       "adviser": m.adviser} for m in steps],
            "exceptions": [{"kind": e.kind, "starts": iso(e.starts_on), "ends": iso(e.ends_on),
                            "explanation": e.family_explanation} for e in case.exceptions],
            "documents": [_document(d) for d in timeline.documents(case)],
            "messages": [{"sent": iso(m.created_at), "from_you": m.from_family, "text": m.body}
                         for m in timeline.messages(case)],
            "draft_plan_comments": [{"sent": iso(c.created_at), "text": c.comments, "school": c.school_requested,
                                     "wants_meeting": c.wants_meeting} for c in timeline.draft_comments(case)],
        })  # fmt: skip
    return cases


def _notification_preferences(person: Person) -> list[dict[str, Any]]:
    found = db.session.scalars(select(NotificationPreference).where(NotificationPreference.user_id == person.id))
    # The calendar link's secret is not repeated here: whoever holds the file could follow the case with it.
    return [
        {"email_on_change": p.email_on_change, "email_before_due": p.email_before_due,
         "calendar_feed": p.calendar_token is not None}
        for p in found
    ]  # fmt: skip


def _expired_request_drafts(now: dt.datetime) -> int:
    return requests.expire_drafts(now=now)


def register() -> None:
    register_personal_data(
        "assessment_requests", tables=("assessment_request", "case_document"), export=_assessment_requests,
        purge=_expired_request_drafts, title=_l("Requests for an EHC needs assessment"),
        labels={"reference": _l("Reference"), "status": _l("Status"), "started": _l("Started"), "sent": _l("Sent"),
                "answers": None, "documents": _l("Documents"), **DOCUMENT_LABELS},
    )  # fmt: skip
    register_personal_data(
        "cases",
        tables=("ehc_case", "case_milestone", "case_exception", "case_document", "case_message", "draft_comment"),
        export=_cases, title=_l("EHC needs assessments and plans"),
        labels={"reference": _l("Reference"), "child": _l("Child"), "date_of_birth": _l("Date of birth"),
                "school": _l("School or college"), "received": _l("Request received"), "stage": _l("Stage"),
                "assess_decision": _l("Decision on assessing"), "assess_decision_on": _l("Decided on"),
                "plan_decision": _l("Decision on a plan"), "plan_decision_on": _l("Decided on"),
                "draft_served": _l("Draft plan sent"), "plan_issued": _l("Final plan issued"),
                "closed": _l("Closed"), "closed_reason": _l("Why it closed"), "steps": _l("Steps"),
                "step": _l("Step"), "due": _l("Due"), "status": _l("Status"), "done": _l("Done"),
                "adviser": _l("Adviser"), "exceptions": _l("Reasons for delay"),
                "starts": _l("From"), "ends": _l("To"), "explanation": _l("Explanation"),
                "documents": _l("Documents"), **DOCUMENT_LABELS, "messages": _l("Messages"), "sent": _l("Sent"),
                "text": _l("Text"), "draft_plan_comments": _l("Comments on the draft plan"),
                "wants_meeting": _l("Asked for a meeting")},
    )  # fmt: skip
    register_personal_data(
        "case_notifications", tables=("case_notification_preference",), export=_notification_preferences,
        title=_l("How you hear about your case"),
        labels={"email_on_change": _l("Email when something changes"),
                "email_before_due": _l("Email before a date is due"), "calendar_feed": _l("Calendar link made")},
    )  # fmt: skip
