"""Officer routes of the cases blueprint: the caseworker queue, case pages, the SEN panel and the manager dashboard.

Every read of a case is audited (services.get_case with a viewer) and every change goes through services.
"""

from __future__ import annotations

import secrets
from datetime import date
from typing import Any

from flask import (
    Response,
    abort,
    current_app,
    flash,
    get_flashed_messages,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from portal.auth import services as auth
from portal.auth import totp
from portal.auth.family_forms import RELATIONSHIP_LABELS
from portal.auth.models import Role
from portal.cases import bp, dashboard, services
from portal.cases.forms import ABOUT_ME_QUESTIONS, YEAR_GROUPS, YES_NO
from portal.cases.models import Case, CaseMilestone, MilestoneStatus, Stage
from portal.cases.officer_forms import (
    EXCEPTION_LABELS,
    OUTCOME_LABELS,
    RECOMMENDATION_LABELS,
    RULE_SET_LABELS,
    ApproveExceptionForm,
    ExceptionForm,
    MilestoneForm,
    PanelForm,
    PhaseTransferForm,
    ProjectionForm,
    ReplyForm,
    SignOffForm,
)
from portal.db import transactional
from portal.htmx import render_page
from portal.navigation import officer_link
from portal.platform import clock
from portal.security import officer_required

# Administrators run accounts, not cases: reading case records is its own grant (issue 14), given by another
# administrator and recorded in the audit trail. The dashboards hold figures, not records.
CASE_ROLES = (Role.CASEWORKER, Role.MANAGER)
DASHBOARD_ROLES = (Role.MANAGER, Role.ADMIN)
CONFLICT = _l("Someone else changed this case while you were working on it. Here is what changed.")

officer_link(_l("EHC cases"), "cases.case_queue", CASE_ROLES,
             _l("Requests and plans by next due date, overdue first."), order=10)  # fmt: skip
officer_link(_l("EHC dashboard"), "cases.manager_dashboard", DASHBOARD_ROLES,
             _l("Timeliness figures the DfE asks for, and a projection of plans in force."), order=11)  # fmt: skip

STAGE_LABELS = {
    Stage.REQUESTED: _l("Deciding whether to assess"),
    Stage.ASSESSING: _l("Assessing"),
    Stage.NOT_ASSESSING: _l("Not assessing"),
    Stage.DECIDING_PLAN: _l("Deciding whether to issue a plan"),
    Stage.NO_PLAN: _l("No plan"),
    Stage.DRAFT_PLAN: _l("Draft plan"),
    Stage.PLAN_ISSUED: _l("Plan issued"),
    Stage.REVIEW: _l("Annual review"),
    Stage.CLOSED: _l("Closed"),
}

MILESTONE_LABELS = {
    "decision_to_assess": _l("Decision whether to assess"),
    "advice_due": _l("Advice returned"),
    "no_plan_decision": _l("Decision not to issue a plan"),
    "draft_comment_window": _l("Comment window on the draft plan ends"),
    "final_plan": _l("Final EHC plan issued"),
    "review_complete": _l("Annual review complete"),
    "review_decision": _l("Review decision (keep, amend or cease)"),
    "amended_plan": _l("Final amended plan issued"),
    "phase_transfer": _l("Plan reviewed and amended for the transfer"),
    "appeal_deadline": _l("Last day to appeal to the tribunal"),
    "mediation_certificate": _l("Mediation certificate issued"),
    "mediation_contact": _l("Contact the mediation adviser"),
    "panel": _l("SEN panel"),
    "sign_off": _l("Manager signs off the panel's recommendation"),
    "draft_plan": _l("Draft plan served"),
    "review_meeting": _l("Annual review meeting held"),
}

STATE_TAGS = {
    "done": (_l("Done"), "govuk-tag--green"),
    "late": (_l("Done late"), "govuk-tag--orange"),
    "not_needed": (_l("Not needed"), "govuk-tag--grey"),
    "overdue": (_l("Overdue"), "govuk-tag--red"),
    "due": (_l("Due"), "govuk-tag--blue"),
    "family": (_l("Family's time limit"), "govuk-tag--purple"),
    "passed": (_l("Date passed"), "govuk-tag--grey"),
}


def today() -> date:
    return clock.today_in_london()


def _context() -> dict[str, object]:
    return {
        "stage_labels": STAGE_LABELS,
        "milestone_labels": MILESTONE_LABELS,
        "state_tags": STATE_TAGS,
        "outcome_labels": OUTCOME_LABELS,
        "exception_labels": EXCEPTION_LABELS,
        "recommendation_labels": RECOMMENDATION_LABELS,
        "year_groups": YEAR_GROUPS,
        "rule_set_labels": RULE_SET_LABELS,
        "today": today(),
        "milestone_state": services.milestone_state,
        "family_codes": services.FAMILY_CODES,
    }


def _case_or_404(case_id: str) -> Case:
    try:
        return services.get_case(case_id, viewer=auth.current_user())
    except LookupError:
        abort(404)


def _milestone_or_404(case: Case, milestone_id: str) -> CaseMilestone:
    try:
        return services.milestone_for(case, milestone_id)
    except LookupError:
        abort(404)


def _field_error(form: Any, error: services.InvalidStep, *, default: str) -> None:
    """Show a service's refusal against the field it is about, so the error summary links to it."""
    target = getattr(form, error.field or default, None) or getattr(form, default)
    target.errors = [*target.errors, str(error.message)]


# The queue ----------------------------------------------------------------------------------------------------


@bp.get("/officers/cases")
@officer_required(*CASE_ROLES)
@totp.second_factor_required
@transactional
def case_queue() -> Response:
    """Cases by next due date, overdue first, with search by name or reference and filters by team, stage, school
    and caseworker. With htmx the results update as the officer types (active search); without it, the form."""
    args = request.args
    user = auth.current_user()
    try:
        page = int(args.get("page", "1"))
    except ValueError:
        page = 1
    filters = services.QueueFilters(
        q=(args.get("q") or "").strip()[:100] or None,
        team=args.get("team") or None,
        stage=args.get("stage") if args.get("stage") in {s.value for s in Stage} else None,
        school=args.get("school") or None,
        caseworker_id=user.id if args.get("mine") == "yes" and user else None,
        overdue_only=args.get("overdue") == "yes",
        page=page,
    )
    found = services.queue(filters, today=today())
    auth.audit(actor=user, action="cases.queue_viewed", object_type="case_queue", page=found.page,
               shown=len(found.cases))  # fmt: skip
    query = {k: v for k, v in args.items() if k != "page" and v}
    return render_page("cases/officers/case_queue.html", fragment="case_queue_results", found=found,
                       next_due=services.pending_by_case(found.cases), query=query, mine=args.get("mine") == "yes",
                       **_context())  # fmt: skip


# One case ------------------------------------------------------------------------------------------------------


@bp.get("/officers/cases/<case_id>")
@officer_required(*CASE_ROLES)
@totp.second_factor_required
@transactional
def case_detail(case_id: str) -> str:
    """Everything about one case for officers: milestones, exceptions, panel, messages and documents."""
    case = _case_or_404(case_id)
    return _render_case(case)


def _render_case(case: Case, *, reply: ReplyForm | None = None, status: int = 200) -> Response:
    reply = reply or ReplyForm(formdata=None)
    if not reply.submit_token.data:
        reply.submit_token.data = secrets.token_urlsafe(24)
    body = render_template(
        "cases/officers/case_detail.html",
        case=case,
        milestones=sorted(case.milestones, key=lambda m: (m.due, m.code, m.sequence)),
        panels=services.panel_records(case),
        reply=reply,
        form=reply,
        approve_form=ApproveExceptionForm(formdata=None),
        can_approve=auth.current_user().has_role(Role.MANAGER),
        download_endpoint=_download_endpoint(),
        notices=get_flashed_messages(),
        **_context(),
    )
    return make_response(body, status)


def _download_endpoint() -> str | None:
    """The family side serves documents; link to its officer download route when it exists."""
    for name in ("cases.officer_case_document",):
        if name in current_app.view_functions:
            return name
    return None


@bp.post("/officers/cases/<case_id>/messages")
@officer_required(*CASE_ROLES)
@totp.second_factor_required
@transactional
def case_reply(case_id: str) -> Response:
    """An officer replies to the family in the case."""
    case = _case_or_404(case_id)
    form = ReplyForm()
    if form.validate():
        try:
            services.officer_reply(case, body=form.body.data, user=auth.current_user(),
                                   submit_token=form.submit_token.data or None)  # fmt: skip
        except services.InvalidStep as error:
            form.body.errors = [str(error.message)]
        else:
            services.mark_family_messages_read(case)
            flash(gettext("Message sent to the family"))
            return redirect(url_for("cases.case_detail", case_id=case.id, _anchor="messages"), code=303)
    return _render_case(case, reply=form)


@bp.route("/officers/cases/<case_id>/phase-transfer", methods=["GET", "POST"])
@officer_required(*CASE_ROLES)
@totp.second_factor_required
@transactional
def phase_transfer(case_id: str) -> Response | str:
    """Add the phase-transfer deadline (reg 18) for a move between phases of education."""
    case = _case_or_404(case_id)
    form = PhaseTransferForm()
    conflict = False
    if request.method == "GET":
        form.version.data = str(case.version)
        form.transfer_year.data = form.transfer_year.data or today().year + 1
    elif form.validate():
        try:
            expected = int(form.version.data or "0")
        except ValueError:
            expected = 0
        try:
            services.add_phase_transfer(case, transfer_year=form.transfer_year.data, transfer=form.transfer.data,
                                        user=auth.current_user(), expected_version=expected)  # fmt: skip
        except services.Conflict:
            case = _case_or_404(case_id)
            form.version.data = str(case.version)
            conflict = True
        else:
            flash(gettext("Phase transfer deadline added"))
            return redirect(url_for("cases.case_detail", case_id=case.id, _anchor="milestones"), code=303)
    return render_template("cases/officers/phase_transfer.html", case=case, form=form, conflict=conflict,
                           conflict_message=CONFLICT, **_context())  # fmt: skip


@bp.route("/officers/cases/<case_id>/milestones/<milestone_id>", methods=["GET", "POST"])
@officer_required(*CASE_ROLES)
@totp.second_factor_required
@transactional
def milestone_update(case_id: str, milestone_id: str) -> Response | str:
    """Record a milestone as done, with its date and outcome. Refuses to overwrite someone else's change."""
    case = _case_or_404(case_id)
    milestone = _milestone_or_404(case, milestone_id)
    form = MilestoneForm()
    form.set_outcomes(services.OUTCOMES.get(milestone.code, (services.DEFAULT_OUTCOME,)))
    conflict: list[str] | None = None
    if request.method == "GET":
        form.version.data = str(milestone.version)
        form.completed_on.data = form.completed_on.data or today()
    elif form.validate():
        try:
            expected = int(form.version.data or "0")
        except ValueError:
            expected = 0
        advisers = [line.strip() for line in (form.advisers.data or "").splitlines() if line.strip()]
        try:
            services.complete_milestone(case, milestone, on=form.completed_on.data, outcome=form.outcome.data,
                                        user=auth.current_user(), expected_version=expected, note=form.note.data,
                                        advisers=advisers)  # fmt: skip
        except services.Conflict:
            case = _case_or_404(case_id)
            milestone = _milestone_or_404(case, milestone_id)
            conflict = services.changes_since(milestone, expected) or [
                gettext("The case's steps or stage changed. Check them before you save again.")
            ]
            form.version.data = str(milestone.version)
        except services.InvalidStep as error:
            _field_error(form, error, default="completed_on")
        else:
            flash(gettext("%(name)s recorded", name=MILESTONE_LABELS.get(milestone.code, milestone.name)))
            return redirect(url_for("cases.case_detail", case_id=case.id), code=303)
    return render_template("cases/officers/milestone_update.html", case=case, milestone=milestone, form=form,
                           conflict=conflict, conflict_message=CONFLICT,
                           milestone_recorded=milestone.status != MilestoneStatus.PENDING, **_context())  # fmt: skip


@bp.route("/officers/cases/<case_id>/exceptions/new", methods=["GET", "POST"])
@officer_required(*CASE_ROLES)
@totp.second_factor_required
@transactional
def exception_new(case_id: str) -> Response | str:
    """Record an exception to a time limit, with dates, evidence and plain words for the family."""
    case = _case_or_404(case_id)
    user = auth.current_user()
    form = ExceptionForm()
    codes = sorted({m.code for m in case.milestones if m.statutory and m.code in _EXCEPTION_CODES})
    form.milestone_code.choices = [("", gettext("Select a time limit"))] + [
        (code, str(MILESTONE_LABELS.get(code, code))) for code in codes
    ]
    if request.method == "POST" and form.validate():
        approver = user if form.approve.data and user.has_role(Role.MANAGER) else None
        if form.approve.data and approver is None:
            form.approve.errors = [gettext("Only an SEN manager can approve an exception")]
        else:
            try:
                services.record_exception(case, kind=form.kind.data, milestone_code=form.milestone_code.data or None,
                                          starts_on=form.starts_on.data, ends_on=form.ends_on.data,
                                          evidence=form.evidence.data, family_explanation=form.family_explanation.data,
                                          user=user, approved_by=approver)  # fmt: skip
            except services.InvalidStep as error:
                _field_error(form, error, default="kind")
            else:
                flash(gettext("Exception recorded"))
                return redirect(url_for("cases.case_detail", case_id=case.id, _anchor="exceptions"), code=303)
    return render_template("cases/officers/exception_new.html", case=case, form=form,
                           is_manager=user.has_role(Role.MANAGER), **_context())  # fmt: skip


_EXCEPTION_CODES = {"decision_to_assess", "advice_due", "no_plan_decision", "final_plan"}


@bp.post("/officers/cases/<case_id>/exceptions/<exception_id>/approve")
@officer_required(Role.MANAGER)
@totp.second_factor_required
@transactional
def exception_approve(case_id: str, exception_id: str) -> Response:
    """A manager approves a recorded exception."""
    case = _case_or_404(case_id)
    if not ApproveExceptionForm().validate():
        abort(400)
    try:
        services.approve_exception(services.exception_for(case, exception_id), manager=auth.current_user())
    except LookupError:
        abort(404)
    flash(gettext("Exception approved"))
    return redirect(url_for("cases.case_detail", case_id=case.id, _anchor="exceptions"), code=303)


# The SEN panel ----------------------------------------------------------------------------------------------


@bp.get("/officers/cases/<case_id>/panel-sheet")
@officer_required(*CASE_ROLES)
@totp.second_factor_required
@transactional
def panel_sheet(case_id: str) -> str:
    """A one-page printable summary of the request for the SEN panel."""
    case = _case_or_404(case_id)
    return render_template("cases/officers/panel_sheet.html", case=case, sheet=services.front_sheet(case, today()),
                           about_me_questions=ABOUT_ME_QUESTIONS, relationship_labels=RELATIONSHIP_LABELS,
                           yes_no={c.value: c.label for c in YES_NO}, **_context())  # fmt: skip


@bp.route("/officers/cases/<case_id>/panel", methods=["GET", "POST"])
@officer_required(*CASE_ROLES)
@totp.second_factor_required
@transactional
def panel_record(case_id: str) -> Response | str:
    """Record the panel's recommendation; the manager's sign-off then falls due within 24 hours."""
    case = _case_or_404(case_id)
    form = PanelForm()
    if request.method == "GET":
        form.question.data = "issue" if case.assess_decision == "assess" else "assess"
        form.panel_on.data = today()
    elif form.validate():
        try:
            services.record_panel(case, question=form.question.data, panel_on=form.panel_on.data,
                                  recommendation=form.recommendation.data, reasons=form.reasons.data,
                                  user=auth.current_user())  # fmt: skip
        except services.InvalidStep as error:
            _field_error(form, error, default="recommendation")
        except services.Conflict:
            form.recommendation.errors = [str(CONFLICT)]
        else:
            flash(gettext("Panel recommendation recorded. A manager should sign it off within 24 hours."))
            return redirect(url_for("cases.case_detail", case_id=case.id, _anchor="panel"), code=303)
    return render_template("cases/officers/panel_record.html", case=case, form=form, **_context())


@bp.route("/officers/cases/<case_id>/panel/<record_id>/sign-off", methods=["GET", "POST"])
@officer_required(Role.MANAGER)
@totp.second_factor_required
@transactional
def panel_sign_off(case_id: str, record_id: str) -> Response | str:
    """A manager agrees (or not) with the panel's recommendation."""
    case = _case_or_404(case_id)
    try:
        record = services.panel_record_for(case, record_id)
    except LookupError:
        abort(404)
    form = SignOffForm()
    if request.method == "POST" and form.validate():
        try:
            services.sign_off_panel(case, record, decision=form.decision.data, manager=auth.current_user(),
                                    on=today())  # fmt: skip
        except services.InvalidStep as error:
            _field_error(form, error, default="decision")
        except services.Conflict:
            form.decision.errors = [str(CONFLICT)]
        else:
            flash(gettext("Sign-off recorded"))
            return redirect(url_for("cases.case_detail", case_id=case.id, _anchor="panel"), code=303)
    return render_template("cases/officers/panel_sign_off.html", case=case, record=record, form=form, **_context())


# The manager dashboard --------------------------------------------------------------------------------------


def _year_arg() -> int | None:
    try:
        return int(request.args["year"])
    except (KeyError, ValueError):
        return None


@bp.get("/officers/cases/dashboard")
@officer_required(*DASHBOARD_ROLES)
@totp.second_factor_required
@transactional
def manager_dashboard() -> str:
    """SEN2-style figures by year and month, as charts and tables, and the 12-month projection."""
    board = dashboard.dashboard(year=_year_arg(), viewer=auth.current_user())
    projection = dashboard.project(today=today())
    return render_template("cases/officers/dashboard.html", board=board, projection=projection,
                           bar_width=dashboard.bar_width, series_max=dashboard.series_max,
                           notices=get_flashed_messages(), **_context())  # fmt: skip


@bp.get("/officers/cases/dashboard.csv")
@officer_required(*DASHBOARD_ROLES)
@totp.second_factor_required
@transactional
def dashboard_csv() -> Response:
    """The dashboard's figures as CSV: by year, or by month of ?year=YYYY."""
    year = _year_arg()
    rows = dashboard.figures(monthly=year is not None, year=year)
    auth.audit(actor=auth.current_user(), action="cases.dashboard_exported", object_type="dashboard", year=year)
    name = f"ehc-timeliness-{year or 'by-year'}.csv"
    return Response(dashboard.to_csv(rows), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})  # fmt: skip


@bp.route("/officers/cases/projection", methods=["GET", "POST"])
@officer_required(*DASHBOARD_ROLES)
@totp.second_factor_required
@transactional
def projection_assumptions() -> Response | str:
    """Change the projection's assumptions (blank: use what the data shows)."""
    form = ProjectionForm()
    if request.method == "GET":
        saved = dashboard.assumptions()
        if saved is not None:
            form.requests_per_month.data = saved.requests_per_month
            form.conversion_rate.data = None if saved.conversion_rate is None else round(saved.conversion_rate * 100, 1)
            form.ceasing_per_month.data = saved.ceasing_per_month
    elif form.validate():
        dashboard.save_assumptions(
            requests_per_month=_float(form.requests_per_month.data),
            conversion_rate=None if form.conversion_rate.data is None else float(form.conversion_rate.data) / 100,
            ceasing_per_month=_float(form.ceasing_per_month.data),
            user=auth.current_user(),
        )
        flash(gettext("Projection assumptions saved"))
        return redirect(url_for("cases.manager_dashboard", _anchor="projection"), code=303)
    return render_template("cases/officers/projection.html", form=form,
                           projection=dashboard.project(today=today()), **_context())  # fmt: skip


def _float(value: object) -> float | None:
    return None if value is None else float(value)  # type: ignore[arg-type]
