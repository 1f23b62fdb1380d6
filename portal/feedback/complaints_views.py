"""Complaints: the family's journey (one question a page, check answers, confirmation), their replies and
escalation, and the complaints officers' queue, case screen and themes report."""

from __future__ import annotations

import secrets
from datetime import date
from typing import Any

from flask import Response, abort, current_app, redirect, render_template, request, send_file, session, url_for
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from wtforms.fields.choices import SelectChoice

from portal.auth import services as auth
from portal.auth import totp
from portal.auth.models import Role
from portal.db import transactional
from portal.extensions import limiter
from portal.feedback import bp
from portal.feedback import complaints as svc
from portal.feedback.forms import (
    ABOUT_CHOICES,
    OUTCOME_CHOICES,
    PROCEDURE_CHOICES,
    AcknowledgeForm,
    AdjustmentsForm,
    CaseForm,
    ContactForm,
    EscalateForm,
    ExtendForm,
    NewLinkForm,
    OutcomeForm,
    RespondForm,
    ReviewPanelForm,
    SubmitComplaintForm,
    TriageForm,
    UploadForm,
    WhatHappenedForm,
)
from portal.i18n import get_locale
from portal.navigation import account_link, officer_link
from portal.platform.clock import today_in_london
from portal.security import login_required, officer_required, public
from portal.surveys.sources import register_source

# Reading complaints is its own grant, not part of being an administrator (issue 14).
COMPLAINT_ROLES = (Role.COMPLAINTS,)
REPORT_ROLES = (Role.COMPLAINTS, Role.ADMIN)  # counts by theme, no complainant's words or details
DRAFT_KEY = "complaint_draft"
SENT_KEY = "complaint_sent"

officer_link(_l("Complaints"), "feedback.officer_complaints", COMPLAINT_ROLES,
             _l("Triage, answer on time, and see themes."), order=20)  # fmt: skip
account_link(
    _l("Your complaints"), "feedback.your_complaints", _l("Complaints you have made and our replies."), order=40
)
register_source("complaint_theme", _l("Complaint themes"), svc.theme_candidates)

ABOUT_LABELS = {c.value: c.label for c in ABOUT_CHOICES}
OUTCOME_LABELS = {c.value: c.label for c in OUTCOME_CHOICES}
PROCEDURE_LABELS = {c.value: c.label for c in PROCEDURE_CHOICES}


# The family's journey -----------------------------------------------------------------------------------


def _draft(create: bool = False) -> Any:
    draft = svc.get_draft(session.get(DRAFT_KEY))
    if draft is None and create:
        draft = svc.start_draft(user=auth.current_user())
        session[DRAFT_KEY] = draft.id
    return draft


# Each step: form class, the answer keys it holds, the next step, the previous step.
STEPS: dict[str, tuple[type, tuple[str, ...], str, str]] = {
    "what_happened": (WhatHappenedForm, ("what_happened",), "outcome", "about"),
    "outcome": (OutcomeForm, ("outcome_wanted",), "case", "what_happened"),
    "case": (CaseForm, ("case", "case_reference"), "contact", "outcome"),
    "contact": (ContactForm, ("name", "email", "phone", "contact_by", "address"), "adjustments", "case"),
    "adjustments": (AdjustmentsForm, ("adjustments",), "upload", "contact"),
}
STEP_URLS = {"about": "complaint_about", "what_happened": "complaint_what_happened", "outcome": "complaint_outcome",
             "case": "complaint_case", "contact": "complaint_contact", "adjustments": "complaint_adjustments",
             "upload": "complaint_upload", "check": "complaint_check"}  # fmt: skip


def _url(step: str) -> str:
    return url_for(f"feedback.{STEP_URLS[step]}")


def _after(step: str) -> Response:
    target = "check" if request.args.get("change") else STEPS[step][2] if step in STEPS else "check"
    return redirect(_url(target), code=303)


@bp.get("/complaints")
@public
def complaints_start() -> str:
    """Start: what a complaint is, how long we take, and that some things have a better route."""
    return render_template("feedback/complaints/start.html")


@bp.route("/complaints/about", methods=["GET", "POST"])
@public
@transactional
def complaint_about() -> Response | str:
    """Question 1, and the route check: some things are not for the council's complaints procedure."""
    from portal.feedback.forms import AboutForm

    draft = _draft()
    form = AboutForm(data={"about": (draft.answers or {}).get("about")} if draft else None)
    if request.method == "POST" and form.validate():
        draft = draft or _draft(create=True)
        svc.save_answers(draft, about=form.about.data)
        if form.about.data in svc.ROUTED:
            return redirect(
                url_for("feedback.complaint_route", about=form.about.data, change=request.args.get("change")), code=303
            )
        return _after("about")
    return render_template("feedback/complaints/about.html", form=form, back=url_for("feedback.complaints_start"))


@bp.get("/complaints/better-route/<about>")
@public
def complaint_route(about: str) -> str:
    """Explain the better route (Tribunal, the school, the NHS); they can still go on and log a complaint."""
    if about not in svc.ROUTED:
        abort(404)
    next_url = _url("check") if request.args.get("change") else _url("what_happened")
    return render_template("feedback/complaints/route.html", about=about, next_url=next_url, back=_url("about"))


def _step(step: str, template_title: Any) -> Response | str:
    form_class, keys, _next, previous = STEPS[step]
    draft = _draft()
    if draft is None or not (draft.answers or {}).get("about"):
        return redirect(_url("about"), code=303)
    answers = draft.answers or {}
    data = {k: answers.get(k) for k in keys}
    if step == "contact":  # a signed-in parent should not type what we know; what they saved (even blank) wins
        data.update({k: v for k, v in svc.contact_details_of(auth.current_user()).items() if data.get(k) is None})
    form = form_class(data=data)
    if step == "case":
        _case_choices(form)
    if request.method == "POST" and form.validate():
        values = {k: getattr(form, k).data for k in keys if k in form._fields}
        if step == "case":
            values["case_reference"] = _case_reference(form)
        svc.save_answers(draft, **values)
        return _after(step)
    back = _url("check") if request.args.get("change") else _url(previous)
    return render_template("feedback/complaints/question.html", form=form, step=step, title=template_title, back=back,
                           action=request.full_path.rstrip("?"))  # fmt: skip


def _user_cases() -> list[Any]:
    user = auth.current_user()
    return svc.cases_for(user) if user else []


def _case_choices(form: CaseForm) -> None:
    cases = _user_cases()
    form.case.choices = [SelectChoice("", str(_l("No, or not sure")))] + [
        SelectChoice(c.reference, f"{c.reference}: {c.child_name}") for c in cases
    ]
    form.has_cases = bool(cases)  # type: ignore[attr-defined]


def _case_reference(form: CaseForm) -> str | None:
    # A case picked from the list must be one of theirs (the select's choices already are).
    if form.case.data:
        return form.case.data
    return form.case_reference.data or None


@bp.route("/complaints/what-happened", methods=["GET", "POST"])
@public
@limiter.limit("30 per hour", methods=["POST"])
@transactional
def complaint_what_happened() -> Response | str:
    return _step("what_happened", _l("What happened?"))


@bp.route("/complaints/outcome", methods=["GET", "POST"])
@public
@transactional
def complaint_outcome() -> Response | str:
    return _step("outcome", _l("What would you like us to do to put things right?"))


@bp.route("/complaints/your-case", methods=["GET", "POST"])
@public
@transactional
def complaint_case() -> Response | str:
    return _step("case", _l("Is this about your case?"))


@bp.route("/complaints/contact", methods=["GET", "POST"])
@public
@transactional
def complaint_contact() -> Response | str:
    return _step("contact", _l("How can we contact you?"))


@bp.route("/complaints/help-you-need", methods=["GET", "POST"])
@public
@transactional
def complaint_adjustments() -> Response | str:
    return _step("adjustments", _l("Do you need us to do anything differently to help you?"))


@bp.route("/complaints/upload", methods=["GET", "POST"])
@public
@limiter.limit("20 per hour", methods=["POST"])
@transactional
def complaint_upload() -> Response | str:
    """Optional: one file (checked by its content, not its name), kept outside the web root."""
    draft = _draft()
    if draft is None or not (draft.answers or {}).get("about"):
        return redirect(_url("about"), code=303)
    form = UploadForm()
    attachment = (draft.answers or {}).get("attachment")
    if request.method == "POST" and form.validate():
        if form.remove.data:
            svc.save_answers(draft, attachment=None)
            svc.discard_upload(attachment)
            return redirect(_url("upload"), code=303)
        upload = request.files.get("upload")
        if upload and upload.filename:
            try:
                stored = svc.store_upload(upload.read(svc.MAX_UPLOAD + 1), upload.filename)
            except svc.UploadRejected as problem:
                form.upload.errors = [str(problem.args[0])]
                return render_template("feedback/complaints/upload.html", form=form, attachment=attachment,
                                       back=_url("adjustments"))  # fmt: skip
            svc.save_answers(draft, attachment=stored)
            svc.discard_upload(attachment)  # the file it replaces
        return redirect(_url("check"), code=303)
    return render_template(
        "feedback/complaints/upload.html", form=form, attachment=attachment, back=_url("adjustments")
    )


@bp.route("/complaints/check", methods=["GET", "POST"])
@public
@limiter.limit("10 per hour; 30 per day", methods=["POST"])
@transactional
def complaint_check() -> Response | str:
    """Check your answers, then send. The hidden key makes a second press of the button change nothing."""
    draft = _draft()
    form = SubmitComplaintForm()
    if request.method == "POST" and form.validate():
        if draft is None:
            # Already sent from this browser (a double press after the draft went): show what was sent.
            if session.get(SENT_KEY):
                return redirect(url_for("feedback.complaint_sent"), code=303)
            return redirect(_url("about"), code=303)
        missing = svc.missing_step(draft.answers or {})
        if missing:
            return redirect(_url(missing), code=303)
        result = svc.submit(draft, key=form.key.data, user=auth.current_user(), locale=get_locale())
        session.pop(DRAFT_KEY, None)
        session[SENT_KEY] = {"reference": result.complaint.reference, "email": bool(result.complaint.email),
                             "link": svc.view_link(result.complaint, result.token) if result.token else None}  # fmt: skip
        return redirect(url_for("feedback.complaint_sent"), code=303)
    if draft is None:
        return redirect(_url("about"), code=303)
    missing = svc.missing_step(draft.answers or {})
    if missing:
        return redirect(_url(missing), code=303)
    if not form.key.data:
        form.key.data = secrets.token_urlsafe(24)
    return render_template("feedback/complaints/check.html", form=form, answers=draft.answers, labels=ABOUT_LABELS,
                           back=_url("upload"))  # fmt: skip


@bp.get("/complaints/sent")
@public
def complaint_sent() -> Response | str:
    """Confirmation with the reference (committed before this page is shown)."""
    sent = session.get(SENT_KEY)
    if not sent:
        return redirect(url_for("feedback.complaints_start"), code=303)
    return render_template("feedback/complaints/sent.html", sent=sent)


# The complainant's own complaints ---------------------------------------------------------------------------


@bp.get("/complaints/yours")
@login_required
def your_complaints() -> str:
    return render_template("feedback/complaints/yours.html", complaints=svc.complaints_of(auth.current_user()),
                           labels=ABOUT_LABELS)  # fmt: skip


def _own(reference: str) -> Any:
    try:
        return svc.complaint_of(auth.current_user(), reference)
    except svc.ComplaintNotFound:
        abort(404)


def _by_token(token: str) -> Any:
    try:
        return svc.complaint_by_token(token)
    except svc.ComplaintNotFound:
        # Wrong and expired links get the same page, which says how to ask for a new one.
        abort(Response(render_template("feedback/complaints/link_not_working.html"), status=404))


def _show(complaint: Any, *, escalate_url: str, file_url: str | None, form: EscalateForm | None = None) -> str:
    return render_template("feedback/complaints/view.html", complaint=complaint, events=svc.shared_events(complaint),
                           labels=ABOUT_LABELS, can_escalate=svc.can_escalate(complaint), form=form or EscalateForm(),
                           escalate_url=escalate_url, file_url=file_url, clocks=svc.clocks(complaint))  # fmt: skip


@bp.get("/complaints/yours/<reference>")
@login_required
def your_complaint(reference: str) -> str:
    complaint = _own(reference)
    return _show(complaint, escalate_url=url_for("feedback.escalate_your_complaint", reference=reference),
                 file_url=url_for("feedback.your_complaint_file", reference=reference) if complaint.attachment else None)  # fmt: skip


@bp.post("/complaints/yours/<reference>/escalate")
@login_required
@limiter.limit("10 per hour")
@transactional
def escalate_your_complaint(reference: str) -> Response | str:
    complaint = _own(reference)
    return _escalate(complaint, url_for("feedback.escalate_your_complaint", reference=reference),
                     url_for("feedback.your_complaint", reference=reference))  # fmt: skip


@bp.get("/complaints/yours/<reference>/file")
@login_required
def your_complaint_file(reference: str) -> Response:
    return _send(_own(reference))


@bp.get("/complaints/view/<token>")
@public
def complaint_by_link(token: str) -> str:
    """The secret link e-mailed to someone who was not signed in."""
    complaint = _by_token(token)
    return _show(complaint, escalate_url=url_for("feedback.escalate_by_link", token=token),
                 file_url=url_for("feedback.complaint_file_by_link", token=token) if complaint.attachment else None)  # fmt: skip


@bp.post("/complaints/view/<token>/escalate")
@public
@limiter.limit("10 per hour")
@transactional
def escalate_by_link(token: str) -> Response | str:
    complaint = _by_token(token)
    return _escalate(complaint, url_for("feedback.escalate_by_link", token=token),
                     url_for("feedback.complaint_by_link", token=token))  # fmt: skip


@bp.get("/complaints/view/<token>/file")
@public
def complaint_file_by_link(token: str) -> Response:
    return _send(_by_token(token))


@bp.route("/complaints/new-link", methods=["GET", "POST"])
@public
@limiter.limit("5 per hour; 20 per day", methods=["POST"])
@transactional
def complaint_new_link() -> Response | str:
    """Ask for a fresh secret link by e-mail. The reply is the same whether or not such a complaint exists."""
    form = NewLinkForm()
    if request.method == "POST" and form.validate():
        svc.send_fresh_link(reference=form.reference.data, email=form.email.data)
        return redirect(url_for("feedback.complaint_new_link_sent"), code=303)
    return render_template("feedback/complaints/new_link.html", form=form)


@bp.get("/complaints/new-link/sent")
@public
def complaint_new_link_sent() -> str:
    return render_template("feedback/complaints/new_link_sent.html", days=current_app.config["COMPLAINT_LINK_DAYS"])


def _escalate(complaint: Any, escalate_url: str, back_url: str) -> Response | str:
    form = EscalateForm()
    if not svc.can_escalate(complaint):
        abort(404)
    if not form.validate():
        return _show(complaint, escalate_url=escalate_url, file_url=None, form=form)
    svc.escalate(complaint, reason=form.reason.data, actor=auth.current_user())
    return redirect(f"{back_url}#history", code=303)


def _send(complaint: Any) -> Response:
    try:
        path, name, mimetype = svc.attachment_for(complaint)
    except svc.ComplaintNotFound:
        abort(404)
    response = send_file(path, mimetype=mimetype, as_attachment=True, download_name=name)
    response.headers["Cache-Control"] = "private, no-store"
    return response


# Complaints officers ----------------------------------------------------------------------------------------


@bp.get("/officers/complaints")
@officer_required(*COMPLAINT_ROLES)
@totp.second_factor_required
@transactional
def officer_complaints() -> str:
    """The queue: most urgent first, with overdue and due-soon markers."""
    status = request.args.get("status") if request.args.get("status") in ("open", "closed", "all") else "open"
    mine = request.args.get("mine") == "1"
    user = auth.current_user()
    found = svc.queue(status=None if status == "all" else status, assigned_to=user.id if mine else None)
    auth.audit(actor=user, action="complaint.queue_read", object_type="complaint", count=len(found))
    people = {u.id: u for u in svc.officers()}
    return render_template("feedback/complaints/officer_queue.html", complaints=found, status=status, mine=mine,
                           labels=ABOUT_LABELS, procedures=PROCEDURE_LABELS, people=people, svc=svc,
                           today=today_in_london())  # fmt: skip


def _officer_complaint(complaint_id: str) -> Any:
    try:
        return svc.get_for_officer(complaint_id, user=auth.current_user())
    except svc.ComplaintNotFound:
        abort(404)


def _officer_page(complaint: Any, **forms: Any) -> str:
    chosen = [k for k in request.args.getlist("template") if k in svc.RESPONSE_TEMPLATES]
    triage = forms.get("triage") or TriageForm(formdata=None, category=complaint.category or complaint.about,
                                               team=complaint.team or "", procedure=complaint.procedure,
                                               assigned_to=complaint.assigned_to or "")  # fmt: skip
    triage.assigned_to.choices = [SelectChoice("", str(_l("Nobody yet")))] + [
        SelectChoice(u.id, u.display_name or u.email) for u in svc.officers()
    ]
    # No date in the message: the e-mail adds the one reply date, worked out once the acknowledgement is recorded.
    acknowledge = forms.get("acknowledge") or AcknowledgeForm(formdata=None, message=str(_l(
        "Thank you for your complaint. We have logged it and we are looking into it.")))  # fmt: skip
    panel = forms.get("panel") or ReviewPanelForm(formdata=None, panel_on=complaint.panel_on,
                                                  report_on=complaint.panel_report_on)  # fmt: skip
    respond = forms.get("respond") or RespondForm(formdata=None, body=svc.template_text(chosen) if chosen else "")
    return render_template(
        "feedback/complaints/officer_complaint.html", complaint=complaint, labels=ABOUT_LABELS,
        procedures=PROCEDURE_LABELS, outcomes=OUTCOME_LABELS, clocks=svc.clocks(complaint), rule=svc.rule_for(complaint),
        ack_due=svc.acknowledge_due(complaint), response_due=svc.response_due(complaint), final=svc.is_final(complaint),
        triage_form=triage, acknowledge_form=acknowledge, extend_form=forms.get("extend") or ExtendForm(formdata=None),
        respond_form=respond, panel_form=panel, has_panel=svc.has_review_panel(complaint),
        panel_due=svc.panel_due(complaint), panel_report_due=svc.panel_report_due(complaint),
        templates=svc.RESPONSE_TEMPLATES, chosen=chosen, ombudsman=svc.ombudsman_text(),
        next_stage=svc.next_stage_text(complaint), people={u.id: u for u in svc.officers()},
        form=next((f for f in forms.values() if f is not None and f.errors), None),
    )  # fmt: skip


@bp.get("/officers/complaints/<complaint_id>")
@officer_required(*COMPLAINT_ROLES)
@totp.second_factor_required
@transactional
def officer_complaint(complaint_id: str) -> str:
    """One complaint: what they said, the clock, and triage, acknowledge, extend and respond (audited read)."""
    return _officer_page(_officer_complaint(complaint_id))


def _done(complaint: Any) -> Response:
    return redirect(url_for("feedback.officer_complaint", complaint_id=complaint.id), code=303)


@bp.post("/officers/complaints/<complaint_id>/triage")
@officer_required(*COMPLAINT_ROLES)
@totp.second_factor_required
@transactional
def triage_complaint(complaint_id: str) -> Response | str:
    complaint = _officer_complaint(complaint_id)
    form = TriageForm()
    form.assigned_to.choices = [SelectChoice("", "")] + [SelectChoice(u.id, u.email) for u in svc.officers()]
    if not form.validate():
        return _officer_page(complaint, triage=form)
    try:
        svc.triage(complaint, user=auth.current_user(), category=form.category.data, team=form.team.data,
                   procedure=form.procedure.data, assigned_to=form.assigned_to.data, note=form.note.data)  # fmt: skip
    except svc.NotAllowed:
        form.procedure.errors = [str(_l("This complaint is past the last stage of that procedure"))]
        return _officer_page(complaint, triage=form)
    return _done(complaint)


@bp.post("/officers/complaints/<complaint_id>/acknowledge")
@officer_required(*COMPLAINT_ROLES)
@totp.second_factor_required
@transactional
def acknowledge_complaint(complaint_id: str) -> Response | str:
    complaint = _officer_complaint(complaint_id)
    form = AcknowledgeForm()
    if not form.validate():
        return _officer_page(complaint, acknowledge=form)
    try:
        svc.acknowledge(complaint, user=auth.current_user(), message=form.message.data)
    except svc.NotAllowed:
        abort(409)
    return _done(complaint)


@bp.post("/officers/complaints/<complaint_id>/review-panel")
@officer_required(*COMPLAINT_ROLES)
@totp.second_factor_required
@transactional
def review_panel_complaint(complaint_id: str) -> Response | str:
    """Statutory stage 3: record the panel's meeting and report dates, which start the next clocks (audited)."""
    complaint = _officer_complaint(complaint_id)
    form = ReviewPanelForm()
    if not form.validate():
        return _officer_page(complaint, panel=form)
    try:
        svc.record_review_panel(complaint, user=auth.current_user(), panel_on=form.panel_on.data,
                                report_on=form.report_on.data)  # fmt: skip
    except svc.NotAllowed:
        form.panel_on.errors = [str(_l("The panel must meet on or after the day stage 3 was asked for"))]
        return _officer_page(complaint, panel=form)
    return _done(complaint)


@bp.post("/officers/complaints/<complaint_id>/extend")
@officer_required(*COMPLAINT_ROLES)
@totp.second_factor_required
@transactional
def extend_complaint(complaint_id: str) -> Response | str:
    complaint = _officer_complaint(complaint_id)
    form = ExtendForm()
    if not form.validate():
        return _officer_page(complaint, extend=form)
    try:
        svc.extend(complaint, user=auth.current_user(), days=int(form.days.data), reason=form.reason.data)
    except svc.NotAllowed:
        form.days.errors = [ngettext("You can add up to %(num)d working day at this stage",
                                      "You can add up to %(num)d working days at this stage",
                                      svc.rule_for(complaint).max_extension - complaint.extension_days)]  # fmt: skip
        return _officer_page(complaint, extend=form)
    return _done(complaint)


@bp.post("/officers/complaints/<complaint_id>/respond")
@officer_required(*COMPLAINT_ROLES)
@totp.second_factor_required
@transactional
def respond_complaint(complaint_id: str) -> Response | str:
    complaint = _officer_complaint(complaint_id)
    form = RespondForm()
    if not form.validate():
        return _officer_page(complaint, respond=form)
    try:
        svc.respond(complaint, user=auth.current_user(), outcome=form.outcome.data, body=form.body.data)
    except svc.NotAllowed:
        abort(409)
    return _done(complaint)


@bp.post("/officers/complaints/<complaint_id>/close")
@officer_required(*COMPLAINT_ROLES)
@totp.second_factor_required
@transactional
def close_complaint(complaint_id: str) -> Response:
    complaint = _officer_complaint(complaint_id)
    if complaint.status != "responded":
        abort(409)
    svc.close_unescalated(complaint, user=auth.current_user())
    return _done(complaint)


@bp.get("/officers/complaints/<complaint_id>/file")
@officer_required(*COMPLAINT_ROLES)
@totp.second_factor_required
@transactional
def officer_complaint_file(complaint_id: str) -> Response:
    complaint = _officer_complaint(complaint_id)
    auth.audit(actor=auth.current_user(), action="complaint.file_read", object_type="complaint", object_id=complaint.id)
    return _send(complaint)


def _period() -> tuple[date | None, date | None]:
    def _day(name: str) -> date | None:
        try:
            return date.fromisoformat(request.args.get(name, ""))
        except ValueError:
            return None

    return _day("from"), _day("to")


@bp.get("/officers/complaints/report")
@officer_required(*REPORT_ROLES)
@totp.second_factor_required
def complaints_report() -> str:
    """Themes for the annual complaints report and "You said, we did": tables and a CSV."""
    since, until = _period()
    return render_template("feedback/complaints/report.html", report=svc.report(since=since, until=until),
                           labels=ABOUT_LABELS, outcomes=OUTCOME_LABELS, since=since, until=until)  # fmt: skip


@bp.get("/officers/complaints/report.csv")
@officer_required(*REPORT_ROLES)
@totp.second_factor_required
@transactional
def complaints_report_csv() -> Response:
    since, until = _period()
    auth.audit(actor=auth.current_user(), action="complaint.report_exported", object_type="complaint")
    body = svc.report_csv(since=since, until=until)
    return Response(body, mimetype="text/csv",
                    headers={"Content-Disposition": "attachment; filename=complaints-themes.csv",
                             "Cache-Control": "private, no-store"})  # fmt: skip
