"""The SEN team's queue of 'Ask us to contact you' requests: the 2-working-day clock and the outcome."""

from __future__ import annotations

from flask import Response, abort, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response as BaseResponse

from portal.auth import services as auth
from portal.auth import totp
from portal.auth.models import Role
from portal.chat import callbacks
from portal.chat.callbacks import OUTCOME_LABELS, STATE_LABELS
from portal.db import transactional
from portal.navigation import officer_link
from portal.officers import bp
from portal.officers.forms import ContactOutcomeForm
from portal.platform.clock import today_in_london
from portal.security import officer_required

SEN_TEAM = (Role.CASEWORKER, Role.MANAGER, Role.ADMIN)

officer_link(_l("Requests to contact families"), "officers.contact_requests", SEN_TEAM,
             _l("People who asked us to contact them: reply within 2 working days."), order=15)  # fmt: skip


@bp.get("/contact-requests")
@officer_required(*SEN_TEAM)
@totp.second_factor_required
@transactional
def contact_requests() -> str:
    """Open requests, overdue first, with their due dates (or those done)."""
    show = "done" if request.args.get("show") == "done" else "open"
    rows = callbacks.queue(show=show)
    auth.audit(actor=auth.current_user(), action="callback.queue_read", object_type="callback_request",
               count=len(rows))  # fmt: skip
    return render_template("officers/contact_requests.html", rows=rows, show=show, states=STATE_LABELS,
                           outcomes=OUTCOME_LABELS)  # fmt: skip


def _callback_or_404(callback_id: str) -> callbacks.CallbackRequest:
    try:
        return callbacks.get_for_officer(callback_id, user=auth.current_user())
    except callbacks.CallbackNotFound:
        abort(404)


def _page(callback: callbacks.CallbackRequest, form: ContactOutcomeForm) -> str:
    return render_template("officers/contact_request.html", callback=callback, form=form,
                           state=callbacks.state(callback), states=STATE_LABELS, outcomes=OUTCOME_LABELS,
                           flagged=callbacks.is_flagged(callback), handler=callbacks.handler_of(callback))  # fmt: skip


@bp.route("/contact-requests/<callback_id>", methods=["GET", "POST"])
@officer_required(*SEN_TEAM)
@totp.second_factor_required
@transactional
def contact_request(callback_id: str) -> Response | BaseResponse | str:
    """One request (an audited read) and the form to record what happened."""
    callback = _callback_or_404(callback_id)
    if request.method == "GET":
        return _page(callback, ContactOutcomeForm(formdata=None, done_on=today_in_london()))
    if callback.status == callbacks.DONE:
        return redirect(url_for("officers.contact_request", callback_id=callback.id), code=303)
    form = ContactOutcomeForm()
    if not form.validate():
        return _page(callback, form)
    try:
        callbacks.record_outcome(callback, user=auth.current_user(), outcome=form.outcome.data,
                                 note=form.note.data, done_on=form.done_on.data)  # fmt: skip
    except callbacks.NotAllowed:
        form.done_on.errors = [str(_l("The date must be on or after the day the request came in"))]
        return _page(callback, form)
    return redirect(url_for("officers.contact_requests"), code=303)
