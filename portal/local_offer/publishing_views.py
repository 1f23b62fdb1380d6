"""Officer publishing screens (editing, review, history, freshness, coverage, listing changes) and the public
"suggest a change to this listing" form. Attached to the local_offer blueprint by create_app (EXTRA_VIEWS)."""

from __future__ import annotations

import datetime as dt
import secrets
from zoneinfo import ZoneInfo

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response as WerkzeugResponse

from portal.auth import services as auth
from portal.auth import totp
from portal.db import transactional
from portal.extensions import limiter
from portal.htmx import is_htmx, render_page
from portal.local_offer import bp, coverage, listings, publishing
from portal.local_offer import freshness as freshness_module
from portal.local_offer import services as lo_services
from portal.local_offer.forms import (
    CoverageForm,
    DecisionForm,
    EmptyForm,
    ReviewedForm,
    ReviewForm,
    edit_form,
    proposal_form,
)
from portal.local_offer.publishing import EDIT_ROLES, VIEW_ROLES
from portal.local_offer.publishing_models import VersionStatus
from portal.navigation import officer_link
from portal.safeguarding.services import flagged_ids, is_flagged
from portal.security import officer_required, public

LONDON = ZoneInfo("Europe/London")
LANGUAGES = {"en": "English", "cy": "Cymraeg", "ur": "اردو"}
STATUS_LABELS = {
    VersionStatus.DRAFT.value: _l("Draft"),
    VersionStatus.IN_REVIEW.value: _l("Waiting for review"),
    VersionStatus.SENT_BACK.value: _l("Sent back"),
    VersionStatus.SCHEDULED.value: _l("Scheduled"),
    VersionStatus.PUBLISHED.value: _l("Published"),
    VersionStatus.SUPERSEDED.value: _l("Replaced"),
    VersionStatus.WITHDRAWN.value: _l("Unpublished"),
}

officer_link(_l("Local Offer pages"), "local_offer.editor_home", EDIT_ROLES,
             _l("Edit pages, send them for review and publish them."), order=20)  # fmt: skip
officer_link(_l("Pages waiting for review"), "local_offer.review_queue", EDIT_ROLES,
             _l("Check another editor's changes before they go live."), order=21)  # fmt: skip
officer_link(_l("Changes to listings"), "local_offer.listing_queue", EDIT_ROLES,
             _l("Changes to directory listings sent by providers and officers."), order=22)  # fmt: skip
officer_link(_l("Keeping the Local Offer up to date"), "local_offer.freshness", VIEW_ROLES,
             _l("What is due for review, and broken links."), order=23)  # fmt: skip
officer_link(_l("Statutory coverage"), "local_offer.coverage_dashboard", VIEW_ROLES,
             _l("What the law says the Local Offer must contain, and the gaps."), order=24)  # fmt: skip


def _user():  # type: ignore[no-untyped-def]
    user = auth.current_user()
    assert user is not None  # officer_required ran first
    return user


def _version_or_404(version_id: str) -> publishing.PageVersion:
    version = publishing.get_version(version_id)
    if version is None:
        abort(404)
    return version


def _common() -> dict[str, object]:
    return {"status_labels": STATUS_LABELS, "languages": LANGUAGES, "user_name": publishing.user_name}


# Pages ----------------------------------------------------------------------------------------


@bp.get("/editor/")
@officer_required(*EDIT_ROLES)
@totp.second_factor_required
@transactional
def editor_home() -> str:
    """Every page in every language, with its draft and review state (publishing any that are due)."""
    publishing.publish_due()
    return render_template("local_offer/editor/home.html", rows=publishing.editor_pages(),
                           queue=publishing.review_queue(), scheduled=publishing.scheduled(), **_common())  # fmt: skip


@bp.route("/editor/pages/<slug>/<locale>", methods=["GET", "POST"])
@officer_required(*EDIT_ROLES)
@totp.second_factor_required
@transactional
def editor_edit(slug: str, locale: str) -> Response | WerkzeugResponse:
    """Edit a page (or its translation, beside the English): preview, save a draft, send it for review."""
    if locale not in publishing.LOCALES:
        abort(404)
    start = publishing.starting_fields(slug, locale)
    if start is None:
        abort(404)
    translation = locale != "en"
    english = publishing.live_page(slug, "en")
    open_version = publishing.open_version(slug, locale)
    form = edit_form(translation=translation, formdata=request.form if request.method == "POST" else None)
    action = request.form.get("action", "save")
    preview = None
    if request.method == "GET":
        form.fill(start)
    elif action == "preview":
        # Preview never saves; errors show only once the editor saves.
        preview = {"title": form.title.data, "summary": form.summary.data,
                   "html": publishing.preview_html(form.body_md.data or "")}  # fmt: skip
        if is_htmx():
            return render_page("local_offer/editor/edit.html", fragment="preview", preview=preview, locale=locale)
    elif form.validate():
        base = publishing.page_fields(english) if translation and english is not None else None
        try:
            draft = publishing.save_draft(slug=slug, locale=locale, fields=form.values(base), author=_user())
            if action == "submit":
                publishing.submit(draft, actor=_user())
                flash(_("Sent for review. Another editor must approve it before it is published."))
            else:
                flash(_("Draft saved. It is not published yet."))
        except publishing.PublishingError as exc:
            flash(_("Your changes were not saved: %(reason)s", reason=str(exc)), "error")
            return redirect(url_for("local_offer.editor_edit", slug=slug, locale=locale), code=303)
        return redirect(url_for("local_offer.editor_version", version_id=draft.id), code=303)
    return render_page(
        "local_offer/editor/edit.html",
        form=form,
        slug=slug,
        locale=locale,
        english=english if translation else None,
        english_html=publishing.preview_html(english.body_md, id_prefix="english-") if translation and english else "",
        open_version=open_version,
        live=publishing.live_page(slug, locale),
        preview=preview,
        csrf_in_body=True,
        **_common(),
    )


@bp.get("/editor/pages/<slug>/<locale>/history")
@officer_required(*EDIT_ROLES)
@totp.second_factor_required
def editor_history(slug: str, locale: str) -> str:
    """Every version of a page, with a form to compare any two."""
    rows = publishing.versions(slug, locale)
    live = publishing.live_page(slug, locale)
    if not rows and live is None:
        abort(404)
    return render_template("local_offer/editor/history.html", slug=slug, locale=locale, versions=rows, live=live,
                           form=EmptyForm(), **_common())  # fmt: skip


@bp.get("/editor/pages/<slug>/<locale>/compare")
@officer_required(*EDIT_ROLES)
@totp.second_factor_required
def editor_diff(slug: str, locale: str) -> str:
    """A readable comparison of two versions: fields, then the text line by line."""
    try:
        old_n, new_n = int(request.args.get("old", "")), int(request.args.get("new", ""))
    except ValueError:
        abort(404)
    old = publishing.version_by_number(slug, locale, "standard", old_n)
    new = publishing.version_by_number(slug, locale, "standard", new_n)
    if old is None or new is None:
        abort(404)
    field_labels = {name: field.label.text for name, field in edit_form(translation=False)._fields.items()}
    return render_template("local_offer/editor/diff.html", diff=publishing.diff(old, new), slug=slug, locale=locale,
                           field_labels=field_labels, **_common())  # fmt: skip


@bp.get("/editor/versions/<version_id>")
@officer_required(*EDIT_ROLES)
@totp.second_factor_required
def editor_version(version_id: str) -> str:
    """One version as the public would see it, with what can be done with it next."""
    version = _version_or_404(version_id)
    user = _user()
    previous = publishing.version_by_number(version.slug, version.locale, version.variant, version.based_on or 0)
    return render_template(
        "local_offer/editor/version.html",
        version=version,
        html=publishing.preview_html(version.body_md),
        is_author=version.author_id == user.id,
        previous=previous,
        open_version=publishing.open_version(version.slug, version.locale, version.variant),
        live=publishing.live_page(version.slug, version.locale, version.variant),
        form=EmptyForm(),
        **_common(),
    )


@bp.post("/editor/versions/<version_id>/submit")
@officer_required(*EDIT_ROLES)
@totp.second_factor_required
@transactional
def editor_submit(version_id: str) -> WerkzeugResponse:
    """Send a draft for review."""
    version = _version_or_404(version_id)
    if not EmptyForm().validate():
        abort(400)
    try:
        publishing.submit(version, actor=_user())
        flash(_("Sent for review. Another editor must approve it before it is published."))
    except publishing.PublishingError as exc:
        flash(str(exc), "error")
    return redirect(url_for("local_offer.editor_version", version_id=version.id), code=303)


def _publish_at(form: ReviewForm) -> dt.datetime | None:
    if not form.publish_date.data:
        return None
    hour, minute = (int(x) for x in (form.publish_time.data or "00:00").split(":"))
    local = dt.datetime.combine(form.publish_date.data, dt.time(hour, minute), tzinfo=LONDON)
    return local.astimezone(dt.UTC)


@bp.route("/editor/versions/<version_id>/review", methods=["GET", "POST"])
@officer_required(*EDIT_ROLES)
@totp.second_factor_required
@transactional
def editor_review(version_id: str) -> str | WerkzeugResponse:
    """A second editor approves (now or at a set time) or sends the changes back with comments."""
    version = _version_or_404(version_id)
    user = _user()
    if version.status != VersionStatus.IN_REVIEW.value:
        flash(_("This version is not waiting for review."), "error")
        return redirect(url_for("local_offer.editor_version", version_id=version.id), code=303)
    form = ReviewForm()
    is_author = user.id in publishing.contributors(version)
    live_version = publishing.version_by_number(version.slug, version.locale, version.variant, version.based_on or 0)
    context = {"version": version, "is_author": is_author, "diff": publishing.diff(live_version, version)
               if live_version else None, "html": publishing.preview_html(version.body_md), **_common()}  # fmt: skip
    if request.method == "POST" and not is_author and form.validate():
        try:
            if form.decision.data == "approve":
                publish_at = _publish_at(form)
                publishing.approve(version, reviewer=user, publish_at=publish_at)
                if version.status == VersionStatus.SCHEDULED.value:
                    flash(_("Approved. It will be published on %(when)s.",
                            when=publish_at.astimezone(LONDON).strftime("%d/%m/%Y %H:%M") if publish_at else ""))  # fmt: skip
                else:
                    flash(_("Approved and published. Search shows the new version now."))
            else:
                publishing.send_back(version, reviewer=user, comment=form.comment.data)
                flash(_("Sent back to the author with your comments."))
        except publishing.PublishingError as exc:
            flash(str(exc), "error")
        return redirect(url_for("local_offer.editor_version", version_id=version.id), code=303)
    return render_template("local_offer/editor/review.html", form=form, **context)


@bp.post("/editor/versions/<version_id>/restore")
@officer_required(*EDIT_ROLES)
@totp.second_factor_required
@transactional
def editor_restore(version_id: str) -> WerkzeugResponse:
    """Start a new draft from an old version."""
    version = _version_or_404(version_id)
    if not EmptyForm().validate():
        abort(400)
    try:
        draft = publishing.restore(version, actor=_user())
    except publishing.PublishingError as exc:
        flash(str(exc), "error")
        return redirect(url_for("local_offer.editor_version", version_id=version.id), code=303)
    flash(_("A new draft was made from version %(number)s. Check it, then send it for review.", number=version.number))
    return redirect(url_for("local_offer.editor_edit", slug=draft.slug, locale=draft.locale), code=303)


@bp.post("/editor/versions/<version_id>/cancel")
@officer_required(*EDIT_ROLES)
@totp.second_factor_required
@transactional
def editor_cancel_schedule(version_id: str) -> WerkzeugResponse:
    """Stop a scheduled publication; the version becomes a draft again."""
    version = _version_or_404(version_id)
    if not EmptyForm().validate():
        abort(400)
    try:
        publishing.cancel_schedule(version, actor=_user())
        flash(_("It will not be published. It is a draft again."))
    except publishing.PublishingError as exc:
        flash(str(exc), "error")
    return redirect(url_for("local_offer.editor_version", version_id=version.id), code=303)


@bp.route("/editor/pages/<slug>/<locale>/unpublish", methods=["GET", "POST"])
@officer_required(*EDIT_ROLES)
@totp.second_factor_required
@transactional
def editor_unpublish(slug: str, locale: str) -> str | WerkzeugResponse:
    """Take a page off the public site, after asking to confirm."""
    page = publishing.live_page(slug, locale)
    if page is None or not page.published:
        abort(404)
    form = EmptyForm()
    if request.method == "POST" and form.validate():
        publishing.unpublish(slug=slug, locale=locale, actor=_user())
        flash(_("The page is unpublished. Families can no longer see it."))
        return redirect(url_for("local_offer.editor_history", slug=slug, locale=locale), code=303)
    return render_template("local_offer/editor/unpublish.html", page=page, form=form, **_common())


@bp.get("/editor/review")
@officer_required(*EDIT_ROLES)
@totp.second_factor_required
def review_queue() -> str:
    """Changes waiting for a second editor."""
    return render_template("local_offer/editor/review_queue.html", queue=publishing.review_queue(),
                           me=_user().id, **_common())  # fmt: skip


# Freshness and coverage ------------------------------------------------------------------------


@bp.get("/editor/freshness")
@officer_required(*VIEW_ROLES)
@totp.second_factor_required
def freshness() -> str:
    """What is overdue or due for review soon, and the broken links the last check found."""
    today = dt.date.today()
    user = _user()
    return render_template("local_offer/editor/freshness.html", items=freshness_module.due_items(today), today=today,
                           links=freshness_module.broken_links(), can_edit=user.has_role(*[str(r) for r in EDIT_ROLES]),
                           form=ReviewedForm())  # fmt: skip


@bp.post("/editor/freshness/checked")
@officer_required(*EDIT_ROLES)
@totp.second_factor_required
@transactional
def mark_reviewed() -> WerkzeugResponse:
    """An owner has checked a page or listing is still right."""
    form = ReviewedForm()
    if not form.validate():
        abort(400)
    try:
        title = freshness_module.mark_reviewed(kind=form.kind.data or "", key=form.key.data or "", actor=_user())
    except freshness_module.NotFound:
        abort(404)
    flash(_("%(title)s is marked as checked today.", title=title))
    return redirect(url_for("local_offer.freshness"), code=303)


@bp.get("/editor/coverage")
@officer_required(*VIEW_ROLES)
@totp.second_factor_required
def coverage_dashboard() -> str:
    """The statutory checklist against what is published."""
    results = coverage.dashboard()
    counts = {key: sum(1 for r in results if r.status == key) for key in coverage.STATUSES}
    return render_template("local_offer/editor/coverage.html", results=results, counts=counts,
                           statuses=coverage.STATUSES, can_edit=_user().has_role(*[str(r) for r in EDIT_ROLES]))  # fmt: skip


@bp.route("/editor/coverage/<code>", methods=["GET", "POST"])
@officer_required(*EDIT_ROLES)
@totp.second_factor_required
@transactional
def coverage_item(code: str) -> str | WerkzeugResponse:
    """Override the automatic judgement on one checklist item."""
    result = next((r for r in coverage.dashboard() if r.item.code == code), None)
    if result is None:
        abort(404)
    form = CoverageForm()
    if request.method == "GET":
        form.status.data = result.override.status if result.override else "auto"
        form.note.data = result.override.note if result.override else ""
    elif form.validate():
        coverage.set_override(code=code, status=form.status.data, note=form.note.data or "", actor=_user())
        flash(_("Your judgement on %(code)s is saved.", code=code))
        return redirect(url_for("local_offer.coverage_dashboard", _anchor=code.lower()), code=303)
    return render_template("local_offer/editor/coverage_item.html", result=result, form=form,
                           statuses=coverage.STATUSES)  # fmt: skip


# Listings ---------------------------------------------------------------------------------------


@bp.get("/editor/listings")
@officer_required(*EDIT_ROLES)
@totp.second_factor_required
def listing_queue() -> str:
    """Changes to listings waiting for a decision."""
    return render_template("local_offer/editor/listing_queue.html", rows=listings.pending(),
                           flagged=flagged_ids("listing_proposal"))  # fmt: skip


@bp.route("/editor/listings/<proposal_id>", methods=["GET", "POST"])
@officer_required(*EDIT_ROLES)
@totp.second_factor_required
@transactional
def listing_decide(proposal_id: str) -> str | WerkzeugResponse:
    """Compare a proposed change with the live listing, field by field, and approve or reject it."""
    proposal = listings.get_proposal(proposal_id)
    if proposal is None:
        abort(404)
    try:
        service = lo_services.get_service(proposal.service_id)
    except lo_services.ServiceNotFound:
        abort(404)
    user = _user()
    auth.audit(actor=user, action="listings.proposal_viewed", object_type="listing_proposal", object_id=proposal.id)
    form = DecisionForm()
    if request.method == "POST" and proposal.status == "pending" and form.validate():
        if form.decision.data == "approve":
            listings.approve_proposal(proposal, officer=user)
            flash(_("The listing is changed. Search shows the change now."))
        else:
            listings.reject_proposal(proposal, officer=user, reason=form.reason.data)
            flash(_("The change was rejected. We have e-mailed the person who sent it."))
        return redirect(url_for("local_offer.listing_queue"), code=303)
    return render_template("local_offer/editor/listing_decide.html", proposal=proposal, service=service, form=form,
                           rows=listings.proposal_diff(proposal, service), statuses=listings.STATUSES,
                           flagged=is_flagged("listing_proposal", proposal.id))  # fmt: skip


@bp.route("/services/<service_id>/suggest-change", methods=["GET", "POST"])
@public
@limiter.limit("5 per minute; 30 per day", methods=["POST"])
@transactional
def suggest_change(service_id: str) -> str | WerkzeugResponse:
    """Providers (and anyone) propose a change to a listing; an officer checks it before it goes live."""
    try:
        service = lo_services.get_service(service_id)
    except lo_services.ServiceNotFound:
        abort(404)
    form = proposal_form(service.is_education_provider, formdata=request.form if request.method == "POST" else None)
    user = auth.current_user()
    live = listings.live_values(service)
    nothing_changed = False
    if request.method == "GET":
        for name, value in live.items():
            if name in form._fields:
                form[name].data = value
        form.key.data = secrets.token_urlsafe(16)
        if user is not None:
            form.proposer_email.data = user.email
            form.proposer_name.data = user.display_name
    elif form.fax_number.data:
        # A bot filled in the hidden field: say thank you and keep nothing.
        return redirect(url_for("local_offer.suggest_change_done", service_id=service.id), code=303)
    elif form.validate():
        values = {name: form[name].data or "" for name in listings.FIELDS if name in form._fields}
        try:
            listings.propose(service=service, values=values, name=form.proposer_name.data,
                             email=form.proposer_email.data, proposer=user, idempotency_key=form.key.data or None)  # fmt: skip
        except listings.NothingChanged:
            nothing_changed = True
        else:
            return redirect(url_for("local_offer.suggest_change_done", service_id=service.id), code=303)
    return render_template("local_offer/suggest_change.html", form=form, service=service,
                           nothing_changed=nothing_changed, error_title=nothing_changed)  # fmt: skip


@bp.get("/services/<service_id>/suggest-change/done")
@public
def suggest_change_done(service_id: str) -> str:
    """Thank you: what happens next."""
    try:
        service = lo_services.get_service(service_id)
    except lo_services.ServiceNotFound:
        abort(404)
    return render_template("local_offer/suggest_change_done.html", service=service)
