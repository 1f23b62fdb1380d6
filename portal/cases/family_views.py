"""Routes of the cases blueprint: "Your case" for families (timeline, messages, documents, draft plan, calendar).

Every route checks the case against the signed-in person's family links: anyone else gets the same 404 as a
wrong id. Officers reach documents only through their own route, which records each download in the audit trail.
"""

from __future__ import annotations

import io
import secrets
from typing import Any

from flask import Response, abort, redirect, render_template, request, send_file, url_for
from flask_babel import lazy_gettext as _l

from portal.auth import totp
from portal.auth.models import Role
from portal.auth.services import audit, current_user
from portal.cases import bp, uploads
from portal.cases import services as case_services
from portal.cases import timeline as family_cases
from portal.cases.forms import DraftCommentForm, MessageForm, PreferencesForm, UploadForm
from portal.cases.request_views import UPLOAD_ERRORS
from portal.db import transactional
from portal.extensions import limiter
from portal.navigation import account_link
from portal.platform.links import absolute_url
from portal.security import login_required, officer_required, public

account_link(_l("Your case"), "cases.your_cases",
             _l("Where your EHC needs assessment or plan is up to, and what happens next."), order=10)  # fmt: skip
account_link(_l("Ask for an EHC needs assessment"), "cases.request_start",
             _l("Start a request, or carry on with one you saved."), order=11)  # fmt: skip


def _case(case_id: str) -> Any:
    try:
        return family_cases.case_for(current_user(), case_id)
    except family_cases.NotFound:
        abort(404)


def _download(document: Any) -> Response:
    try:
        data = uploads.read(document)
    except FileNotFoundError:
        abort(404)
    response = send_file(io.BytesIO(data), mimetype=document.content_type, as_attachment=True,
                         download_name=uploads.safe_filename(document.filename, document.content_type), max_age=0)  # fmt: skip
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/your-case")
@login_required
def your_cases() -> str:
    """The cases of the children this person may see."""
    user = current_user()
    cases = family_cases.cases_for(user)
    return render_template("cases/family/your_cases.html", cases=cases,
                           timelines={c.id: family_cases.build(c) for c in cases})  # fmt: skip


@bp.get("/your-case/<case_id>")
@login_required
def your_case(case_id: str) -> str:
    """One case: where it is, what happens next and by when, every step, and what the family can do."""
    try:
        page = family_cases.case_page(current_user(), case_id)
    except family_cases.NotFound:
        abort(404)
    # The timeline is built only when its rendered copy is not kept already (the template calls page.timeline).
    return render_template("cases/family/your_case.html", case=page.case, page=page,
                           exception_labels=family_cases.EXCEPTION_LABELS)  # fmt: skip


@bp.route("/your-case/<case_id>/messages", methods=["GET", "POST"])
@login_required
@limiter.limit("30 per hour", methods=["POST"])
@transactional
def case_messages(case_id: str) -> Response | str:
    """Messages between the family and the caseworker, in the case. The same form sent twice is one message."""
    case = _case(case_id)
    form = MessageForm()
    if request.method == "POST" and form.validate():
        family_cases.send_message(case, user=current_user(), body=form.body.data, submit_token=form.submit_token.data)
        return redirect(url_for("cases.case_messages", case_id=case.id, _anchor="messages"), code=303)
    if request.method == "GET":
        form.submit_token.data = secrets.token_urlsafe(32)
    shown = family_cases.messages(case)
    family_cases.mark_read_by_family(case)
    return render_template("cases/family/messages.html", case=case, form=form, messages=shown)


@bp.route("/your-case/<case_id>/documents", methods=["GET", "POST"])
@login_required
@limiter.limit("60 per hour", methods=["POST"])
@transactional
def case_documents(case_id: str) -> Response | str:
    """Documents in the case, and sending more evidence."""
    case = _case(case_id)
    form = UploadForm()
    if request.method == "POST" and form.validate():
        file = request.files.get("document")
        if file is None or not file.filename:
            form.document.errors = [UPLOAD_ERRORS["missing"]]
        else:
            limit = uploads.max_bytes()
            try:
                family_cases.add_evidence(case, user=current_user(), data=file.stream.read(limit + 1),
                                          filename=file.filename)  # fmt: skip
            except uploads.UploadError as problem:
                message = UPLOAD_ERRORS.get(problem.code, UPLOAD_ERRORS["wrong_type"])
                if problem.code == "too_big":
                    message = _l("The selected file must be smaller than %(num)dMB", num=limit // (1024 * 1024))
                form.document.errors = [message]
            else:
                return redirect(url_for("cases.case_documents", case_id=case.id), code=303)
    return render_template("cases/family/documents.html", case=case, form=form,
                           documents=family_cases.documents(case))  # fmt: skip


@bp.get("/your-case/<case_id>/documents/<document_id>")
@login_required
def case_document(case_id: str, document_id: str) -> Response:
    """Download a document of the family's own case (never shown inline)."""
    case = _case(case_id)
    try:
        document = family_cases.document_for(case, document_id)
    except family_cases.NotFound:
        abort(404)
    return _download(document)


@bp.route("/your-case/<case_id>/draft-plan", methods=["GET", "POST"])
@login_required
@limiter.limit("30 per hour", methods=["POST"])
@transactional
def draft_plan(case_id: str) -> Response | str:
    """Read the draft plan, and send comments and the school you want within the 15-day window."""
    case = _case(case_id)
    timeline = family_cases.build(case)
    form = DraftCommentForm()
    if request.method == "POST" and form.validate():
        try:
            family_cases.add_draft_comment(
                case, user=current_user(), comments=form.comments.data, school_requested=form.school_requested.data,
                wants_meeting=bool(form.wants_meeting.data), submit_token=form.submit_token.data,
            )  # fmt: skip
        except family_cases.WindowClosed:
            return redirect(url_for("cases.draft_plan", case_id=case.id), code=303)
        return redirect(url_for("cases.draft_plan", case_id=case.id, sent=1), code=303)
    if request.method == "GET":
        form.submit_token.data = secrets.token_urlsafe(32)
    return render_template(
        "cases/family/draft_plan.html", case=case, timeline=timeline, form=form,
        drafts=family_cases.draft_plans(case), comments=family_cases.draft_comments(case),
        sent=request.args.get("sent") == "1",
    )  # fmt: skip


@bp.route("/your-case/notifications", methods=["GET", "POST"])
@login_required
@transactional
def case_notifications() -> Response | str:
    """How you hear about your case: e-mails, and a private link to add your dates to a calendar."""
    user = current_user()
    prefs = family_cases.preferences_for(user)
    if request.method == "POST":
        form = PreferencesForm()
        if form.validate():
            prefs.email_on_change = bool(form.email_on_change.data)
            prefs.email_before_due = bool(form.email_before_due.data)
            return redirect(url_for("cases.case_notifications", saved=1), code=303)
    else:
        form = PreferencesForm(data={"email_on_change": prefs.email_on_change,
                                     "email_before_due": prefs.email_before_due})  # fmt: skip
    token = family_cases.calendar_token(user)
    return render_template("cases/family/notifications.html", form=form, saved=request.args.get("saved") == "1",
                           calendar_url=absolute_url("cases.case_calendar", token=token))  # fmt: skip


@bp.post("/your-case/calendar/new-link")
@login_required
@transactional
def rotate_calendar() -> Response:
    """A new calendar link; the old one stops working at once."""
    form = PreferencesForm()
    if form.validate():
        family_cases.calendar_token(current_user(), rotate=True)
    return redirect(url_for("cases.case_notifications", rotated=1), code=303)


@bp.get("/your-case/calendar/<token>.ics")
@public
@limiter.limit("120 per hour")
def case_calendar(token: str) -> Response:
    """The family's dates as an iCalendar feed, at a secret link (calendar apps cannot sign in)."""
    try:
        user = family_cases.user_for_calendar(token)
    except family_cases.NotFound:
        abort(404)
    body = family_cases.icalendar(user, host=request.host.split(":")[0] or "portal")
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Type"] = "text/calendar; charset=utf-8"
    response.headers["Content-Disposition"] = 'inline; filename="your-case.ics"'
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.get("/officers/cases/<case_id>/documents/<document_id>")
@officer_required(Role.CASEWORKER, Role.MANAGER)
@totp.second_factor_required
@transactional
def officer_case_document(case_id: str, document_id: str) -> Response:
    """An officer downloads a document of a case; every download is in the audit trail."""
    user = current_user()
    try:
        case = case_services.get_case(case_id)
        document = family_cases.document_for(case, document_id)
    except (LookupError, family_cases.NotFound):
        abort(404)
    audit(actor=user, action="case.document_downloaded", object_type="case_document", object_id=document.id,
          case_id=case.id)  # fmt: skip
    return _download(document)
