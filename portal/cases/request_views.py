"""Routes of the cases blueprint: the EHC needs assessment request journey (GOV.UK question pages).

Start page → one question per page (each saved on the server as the family goes) → reports and documents →
check your answers → send (once) → confirmation with the reference.
"""

from __future__ import annotations

from datetime import date
from itertools import groupby
from typing import Any

from flask import Response, abort, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l

from portal.auth.services import current_user
from portal.cases import bp, uploads
from portal.cases import requests as journey
from portal.cases.deadlines import decision_to_assess, final_plan
from portal.cases.forms import STEP_FORMS, SubmitForm, UploadForm
from portal.cases.models import RequestStatus
from portal.db import transactional
from portal.extensions import limiter
from portal.security import login_required, public

UPLOAD_ERRORS: dict[str, Any] = {
    "missing": _l("Select a file to upload"),
    "empty": _l("The selected file is empty"),
    "too_big": _l("The selected file must be smaller than %(num)dMB"),
    "wrong_type": _l("The selected file must be a PDF, a Word document, or a JPEG, PNG or HEIC photo"),
    "infected": _l("The selected file contains a virus. Do not use it"),
    "scan_unavailable": _l("We cannot check files for viruses just now. Try again later"),
}


def _draft(request_id: str) -> Any:
    try:
        return journey.request_for(current_user(), request_id)
    except journey.NotFound:
        abort(404)


@bp.get("/request-an-assessment")
@public
def request_start() -> str:
    """The start page: what an assessment is, and (signed in) start or carry on a request."""
    user = current_user()
    drafts = journey.drafts_for(user) if user else []
    return render_template("cases/request/start.html", user=user, drafts=drafts, form=None,
                           resume={d.id: journey.resume_step(d) for d in drafts})  # fmt: skip


@bp.post("/request-an-assessment/new")
@login_required
@limiter.limit("20 per hour")
@transactional
def request_new() -> Response:
    """Start a new draft (kept on the server, so the family can stop and come back)."""
    draft = journey.start_draft(current_user())
    return redirect(url_for("cases.request_step", request_id=draft.id, step="who"), code=303)


@bp.get("/request-an-assessment/<request_id>")
@login_required
def request_resume(request_id: str) -> Response:
    """Carry on where they stopped."""
    draft = _draft(request_id)
    step = journey.resume_step(draft)
    if step == "check":
        return redirect(url_for("cases.request_check", request_id=draft.id), code=303)
    if step == "uploads":
        return redirect(url_for("cases.request_uploads", request_id=draft.id), code=303)
    return redirect(url_for("cases.request_step", request_id=draft.id, step=step), code=303)


def _form_data(step: str, answers: dict[str, Any]) -> dict[str, Any]:
    data = dict(answers.get(step) or {})
    if step == "child_dob" and data.get("date_of_birth"):
        data["date_of_birth"] = date.fromisoformat(data["date_of_birth"])
    return data


def _answers_from(form: Any) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for field in form:
        if field.name == "csrf_token":
            continue
        value = field.data
        data[field.name] = value.isoformat() if isinstance(value, date) else value
    return data


def _back_link(draft: Any, step: str, changing: bool) -> str:
    if changing:
        return url_for("cases.request_check", request_id=draft.id)
    previous = journey.previous_step(draft.answers or {}, step)
    if previous is None:
        return url_for("cases.request_start")
    return url_for("cases.request_step", request_id=draft.id, step=previous)


def _after(draft: Any, step: str, changing: bool) -> Response:
    answers = draft.answers or {}
    following = journey.next_step(answers, step)
    if (changing and not journey.missing_steps(answers)) or following is None:
        return redirect(url_for("cases.request_check", request_id=draft.id), code=303)
    if following == "uploads":
        return redirect(url_for("cases.request_uploads", request_id=draft.id), code=303)
    return redirect(url_for("cases.request_step", request_id=draft.id, step=following,
                            **({"change": 1} if changing else {})), code=303)  # fmt: skip


@bp.route("/request-an-assessment/<request_id>/<step>", methods=["GET", "POST"])
@login_required
@transactional
def request_step(request_id: str, step: str) -> Response | str:
    """One question page. Answers are saved on the server each time the family continues."""
    draft = _draft(request_id)
    answers = draft.answers or {}
    if step not in STEP_FORMS or (step != "who" and step not in journey.steps_for(answers)):
        abort(404)
    if step != "who" and not answers.get("who"):
        return redirect(url_for("cases.request_step", request_id=draft.id, step="who"), code=303)
    changing = request.args.get("change") == "1"
    form_class = STEP_FORMS[step]
    if request.method == "POST":
        form = form_class()
        if form.validate():
            journey.save_step(draft, step, _answers_from(form))
            return _after(draft, step, changing)
    else:
        form = form_class(data=_form_data(step, answers))
    visible = [f for f in form if f.name != "csrf_token"]
    return render_template(
        "cases/request/step.html", form=form, fields=visible, step=step, draft=draft,
        title=journey.step_title(step, answers), back=_back_link(draft, step, changing), changing=changing,
        young_person=journey.requester_kind(answers) == "young_person",
    )  # fmt: skip


@bp.route("/request-an-assessment/<request_id>/reports", methods=["GET", "POST"])
@login_required
@limiter.limit("60 per hour", methods=["POST"])
@transactional
def request_uploads(request_id: str) -> Response | str:
    """Reports and documents: upload one file at a time, see what is uploaded, remove one, or carry on."""
    draft = _draft(request_id)
    if not (draft.answers or {}).get("who"):
        return redirect(url_for("cases.request_step", request_id=draft.id, step="who"), code=303)
    form = UploadForm()
    changing = request.args.get("change") == "1"
    if request.method == "POST":
        if request.form.get("remove"):
            if form.validate():
                try:
                    journey.remove_upload(draft, request.form["remove"])
                except journey.NotFound:
                    abort(404)
            return redirect(url_for("cases.request_uploads", request_id=draft.id), code=303)
        if request.form.get("continue"):
            if form.validate():
                journey.save_step(draft, "uploads", {"done": True})
                return redirect(url_for("cases.request_check", request_id=draft.id), code=303)
        elif form.validate():
            error = _upload(draft)
            if error is None:
                return redirect(url_for("cases.request_uploads", request_id=draft.id), code=303)
            form.document.errors = [error]
    documents = uploads.documents_for_request(draft.id)
    back = _back_link(draft, "uploads", changing)
    return render_template("cases/request/uploads.html", form=form, draft=draft, documents=documents, back=back,
                           title=journey.step_title("uploads", draft.answers or {}))  # fmt: skip


def _upload(draft: Any) -> Any:
    """Store the posted file; the error message to show, or None."""
    file = request.files.get("document")
    if file is None or not file.filename:
        return UPLOAD_ERRORS["missing"]
    limit = uploads.max_bytes()
    data = file.stream.read(limit + 1)
    try:
        journey.add_upload(draft, data=data, filename=file.filename, user=current_user())
    except uploads.UploadError as problem:
        message = UPLOAD_ERRORS.get(problem.code, UPLOAD_ERRORS["wrong_type"])
        return _l("The selected file must be smaller than %(num)dMB", num=limit // (1024 * 1024)) if (
            problem.code == "too_big") else message  # fmt: skip
    return None


@bp.get("/request-an-assessment/<request_id>/check")
@login_required
def request_check(request_id: str) -> str:
    """Check your answers, with a change link on each, then send."""
    draft = _draft(request_id)
    answers = draft.answers or {}
    return render_template(
        "cases/request/check.html", draft=draft,
        groups=[(step, list(rows)) for step, rows in groupby(journey.answer_rows(answers), key=lambda r: r.step)],
        missing=journey.missing_steps(answers), documents=uploads.documents_for_request(draft.id),
        titles={s: journey.step_title(s, answers) for s in journey.STEPS},
        submit_form=SubmitForm(data={"submit_token": draft.submit_token}), form=None,
    )  # fmt: skip


@bp.post("/request-an-assessment/<request_id>/send")
@login_required
@limiter.limit("30 per hour")
@transactional
def request_submit(request_id: str) -> Response:
    """Send the request: committed before the confirmation shows; a second press shows the same confirmation."""
    form = SubmitForm()
    if not form.validate():
        return redirect(url_for("cases.request_check", request_id=request_id), code=303)
    try:
        journey.submit(request_id, user=current_user(), token=form.submit_token.data)
    except journey.NotFound:
        abort(404)
    except journey.Expired:
        return redirect(url_for("cases.request_start"), code=303)
    except journey.Incomplete:
        return redirect(url_for("cases.request_check", request_id=request_id), code=303)
    return redirect(url_for("cases.request_confirmation", request_id=request_id), code=303)


@bp.get("/request-an-assessment/<request_id>/confirmation")
@login_required
def request_confirmation(request_id: str) -> str:
    """The reference, and what happens next and by when."""
    try:
        sent = journey.request_for(current_user(), request_id, statuses=(RequestStatus.SUBMITTED,))
    except journey.NotFound:
        abort(404)
    case = journey.case_for_request(sent)
    return render_template(
        "cases/request/confirmation.html", sent=sent, case=case,
        decision_due=decision_to_assess(sent.received_on).due, final_due=final_plan(sent.received_on).due,
        can_follow=case is not None and sent.requester_kind != "school",
    )  # fmt: skip


@bp.app_template_global("date_items")
def date_items(field: Any) -> list[dict[str, str]]:
    """The day, month and year boxes of a GOV.UK date input, labelled in the visitor's language."""
    from flask_babel import gettext

    if field.raw_data:
        parts = (list(field.raw_data) + ["", "", ""])[:3]
    elif field.data:
        parts = field.data.strftime("%d %m %Y").split(" ")
    else:
        parts = ["", "", ""]
    error = " govuk-input--error" if field.errors else ""
    names = (("day", gettext("Day"), "govuk-input--width-2"), ("month", gettext("Month"), "govuk-input--width-2"),
             ("year", gettext("Year"), "govuk-input--width-4"))  # fmt: skip
    return [
        {"label": label, "id": f"{field.name}-{part}", "name": field.name, "classes": width + error,
         "value": value}
        for (part, label, width), value in zip(names, parts, strict=True)
    ]  # fmt: skip
