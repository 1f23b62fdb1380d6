"""The safeguarding queue (/officers/safeguarding): every flag from any free text, the exact words,
the same-working-day target, and what the safeguarding lead did. Every view and change is audited."""

from __future__ import annotations

from typing import Any

from flask import Response, abort, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from portal.auth import services as auth
from portal.auth import totp
from portal.auth.models import Role
from portal.db import transactional
from portal.feedback import bp, safeguarding
from portal.feedback.safeguarding_forms import REFERRAL_LABELS, AcknowledgeForm, ActionForm, NotAConcernForm
from portal.navigation import officer_link
from portal.safeguarding.services import mark_not_a_concern
from portal.security import officer_required

# Administrators are let in only for the alerts escalated to them (safeguarding.may_read); every other alert needs
# the safeguarding lead grant.
SAFEGUARDING_ROLES = (Role.SAFEGUARDING, Role.ADMIN)

SOURCE_LABELS = {
    "chat": _l("Ask a question (assistant)"),
    "callback": _l("Ask us to contact you"),
    "page_feedback": _l("Page feedback"),
    "complaint": _l("Complaint"),
    "voice": _l("Young person's space: their words"),
    "voice_unsafe": _l("Young person pressed \u201cI don't feel safe\u201d"),
    "all_about_me": _l("All about me"),
    "ehc_request": _l("Request for an EHC needs assessment"),
    "survey_answer": _l("Survey answer"),
    "listing_proposal": _l("Suggested change to a service listing"),
    "account_deletion": _l("Reason for deleting an account"),
}


# What the screen's categories (portal/safeguarding/corpus.py CATEGORIES) mean, in the lead's words.
CATEGORY_LABELS = {
    "suicide-self-harm": _l("Suicide or self-harm"),
    "abuse": _l("Abuse"),
    "domestic-abuse": _l("Domestic abuse"),
    "neglect": _l("Neglect"),
    "exploitation": _l("Exploitation or grooming"),
    "missing": _l("Missing or running away"),
    "eating-disorder": _l("Eating disorder"),
    "immediate-danger": _l("Danger now"),
    "medical-emergency": _l("Medical emergency"),
    "carer-crisis": _l("Carer in crisis"),
    "threat-to-others": _l("Threat to others"),
    "harmful-practices": _l("Forced marriage, FGM or radicalisation"),
    "screen-failed": _l("The screen could not run: read the words"),
}


class _OpenAlerts:
    """The officers' home shows how many alerts are open, worked out when the page is shown."""

    def __bool__(self) -> bool:
        return True

    def __str__(self) -> str:
        return gettext("Open alerts: %(num)d. Due by 5pm on the working day they come in.",
                       num=safeguarding.open_count())  # fmt: skip

    def __html__(self) -> str:
        from markupsafe import escape

        return str(escape(str(self)))


officer_link(_l("Safeguarding alerts"), "feedback.safeguarding_queue", SAFEGUARDING_ROLES, _OpenAlerts(), order=5)


def _flag_or_404(flag_id: str) -> Any:
    try:
        flag = safeguarding.get_flag(flag_id)
    except safeguarding.FlagNotFound:
        abort(404)
    if not safeguarding.may_read(flag, auth.current_user()):
        abort(404)
    return flag


@bp.get("/officers/safeguarding")
@officer_required(*SAFEGUARDING_ROLES)
@totp.second_factor_required
@transactional
def safeguarding_queue() -> str:
    """Open alerts, overdue first; or the closed ones."""
    show = "closed" if request.args.get("show") == "closed" else "open"
    rows = safeguarding.queue(show=show, user=auth.current_user())
    auth.audit(actor=auth.current_user(), action="safeguarding.queue_viewed", object_type="safeguarding_flag",
               show=show, count=len(rows))  # fmt: skip
    return render_template("feedback/safeguarding/queue.html", rows=rows, show=show, sources=SOURCE_LABELS,
                           overdue=sum(1 for row in rows if row.overdue), category_labels=CATEGORY_LABELS)  # fmt: skip


def _detail(flag: Any, form: ActionForm | None = None, concern_form: NotAConcernForm | None = None) -> str:
    if form is None:
        form = ActionForm(formdata=None, action_taken=flag.action_taken, referral=flag.referral,
                          referral_reason=flag.referral_reason)  # fmt: skip
    return render_template(
        "feedback/safeguarding/flag.html",
        flag=flag,
        due=safeguarding.due_of(flag),
        overdue=safeguarding.is_overdue(flag),
        who=safeguarding.who_raised(flag),
        sources=SOURCE_LABELS,
        referrals=REFERRAL_LABELS,
        ack_form=AcknowledgeForm(formdata=None),
        form=form,
        concern_form=concern_form or NotAConcernForm(formdata=None),
        category_labels=CATEGORY_LABELS,
    )


@bp.get("/officers/safeguarding/<flag_id>")
@officer_required(*SAFEGUARDING_ROLES)
@totp.second_factor_required
@transactional
def safeguarding_flag(flag_id: str) -> str:
    """One alert: the exact words, when, where from, who (if known), and what has been done."""
    flag = _flag_or_404(flag_id)
    auth.audit(actor=auth.current_user(), action="safeguarding.flag_viewed", object_type="safeguarding_flag",
               object_id=flag.id)  # fmt: skip
    return _detail(flag)


@bp.post("/officers/safeguarding/<flag_id>/acknowledge")
@officer_required(*SAFEGUARDING_ROLES)
@totp.second_factor_required
@transactional
def safeguarding_acknowledge(flag_id: str) -> Response:
    """'I have read this': the same-working-day clock stops."""
    flag = _flag_or_404(flag_id)
    if AcknowledgeForm().validate():
        try:
            safeguarding.acknowledge(flag, actor=auth.current_user())
        except safeguarding.FlagClosed:
            pass
    return redirect(url_for("feedback.safeguarding_flag", flag_id=flag.id), code=303)


@bp.post("/officers/safeguarding/<flag_id>/action")
@officer_required(*SAFEGUARDING_ROLES)
@totp.second_factor_required
@transactional
def safeguarding_action(flag_id: str) -> Response | str:
    """Record what was done and the referral made (or why none); 'Save and close' closes the alert."""
    flag = _flag_or_404(flag_id)
    form = ActionForm()
    if flag.status == "closed":
        return redirect(url_for("feedback.safeguarding_flag", flag_id=flag.id), code=303)
    if not form.validate():
        return _detail(flag, form)
    close = request.form.get("close") == "yes"
    safeguarding.record_action(flag, actor=auth.current_user(), action_taken=form.action_taken.data,
                               referral=form.referral.data, referral_reason=form.referral_reason.data or None,
                               close=close)  # fmt: skip
    if close:
        return redirect(url_for("feedback.safeguarding_queue"), code=303)
    return redirect(url_for("feedback.safeguarding_flag", flag_id=flag.id), code=303)


@bp.post("/officers/safeguarding/<flag_id>/not-a-concern")
@officer_required(*SAFEGUARDING_ROLES)
@totp.second_factor_required
@transactional
def safeguarding_not_a_concern(flag_id: str) -> Response | str:
    """'Not a concern', with a reason: closes the alert; kept (masked on export) for the next training round."""
    flag = _flag_or_404(flag_id)
    if flag.status == "closed":
        return redirect(url_for("feedback.safeguarding_flag", flag_id=flag.id), code=303)
    form = NotAConcernForm()
    if not form.validate():
        return _detail(flag, concern_form=form)
    mark_not_a_concern(flag, actor=auth.current_user(), reason=form.reason.data)
    auth.audit(actor=auth.current_user(), action="safeguarding.not_a_concern", object_type="safeguarding_flag",
               object_id=flag.id)  # fmt: skip
    return redirect(url_for("feedback.safeguarding_queue"), code=303)
