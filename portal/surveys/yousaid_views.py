"""Routes of the surveys blueprint: You said, we did (the public page, its yearly summary, and officers' screens)."""

from __future__ import annotations

from flask import Response, abort, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response as BaseResponse

from portal.auth import services as auth
from portal.auth import totp
from portal.auth.models import Role
from portal.db import transactional
from portal.i18n import get_locale
from portal.navigation import officer_link
from portal.security import officer_required, public
from portal.surveys import bp, summary, yousaid
from portal.surveys.forms import STATUS_LABELS, ActionForm, EntryForm, ExcludeForm, LinkForm, ProgressForm
from portal.surveys.sources import register_source, source, sources
from portal.surveys.yousaid_models import YouSaidEntry

YSWD_ROLES = (Role.PARTICIPATION, Role.ADMIN)

officer_link(_l("You said, we did"), "surveys.entries", YSWD_ROLES,
             _l("Tell families what changed because of their comments, and which comments are still open."),
             order=41)  # fmt: skip
register_source("chat_gap", _l("Questions the assistant could not answer"), yousaid.chat_gap_candidates)


# Public ----------------------------------------------------------------------------------------


@bp.get("/you-said-we-did")
@public
def you_said_we_did() -> str:
    """Every published entry for a year, grouped by theme, each with its current status."""
    years = yousaid.years()
    year = request.args.get("year", type=int)
    if year not in years:
        year = years[0] if years else None
    entries = yousaid.list_entries(year=year, published_only=True) if year else []
    return render_template("surveys/you_said_we_did.html", years=years, year=year,
                           themes=summary.by_theme(entries, get_locale()), statuses=STATUS_LABELS)  # fmt: skip


@bp.get("/you-said-we-did/<int:year>/summary")
@public
def yearly_summary(year: int) -> Response:
    """The year's report as a plain, printable page; ?download=1 serves the same document as a file."""
    entries = yousaid.list_entries(year=year, published_only=True)
    if not entries:
        abort(404)
    body = render_template("surveys/yearly_summary.html", year=year, statuses=STATUS_LABELS, download=bool(request.args.get("download")),
                           themes=summary.by_theme(entries, get_locale()),
                           counts=summary.status_counts(entries))  # fmt: skip
    response = Response(body, mimetype="text/html")
    if request.args.get("download"):
        response.headers["Content-Disposition"] = f'attachment; filename="you-said-we-did-{year}.html"'
    return response


@bp.get("/you-said-we-did/<int:year>/summary.csv")
@public
def yearly_summary_csv(year: int) -> Response:
    """The year's entries as a spreadsheet."""
    entries = yousaid.list_entries(year=year, published_only=True)
    if not entries:
        abort(404)
    response = Response(summary.csv_summary(entries, get_locale()), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="you-said-we-did-{year}.csv"'
    return response


# Officers --------------------------------------------------------------------------------------


def _entry_or_404(entry_id: str) -> YouSaidEntry:
    try:
        return yousaid.get_entry(entry_id)
    except yousaid.EntryNotFound:
        abort(404)


@bp.get("/officers/you-said-we-did")
@officer_required(*YSWD_ROLES)
@totp.second_factor_required
def entries() -> str:
    """Every entry, published or not, newest year first."""
    return render_template("surveys/officer_entries.html", entries=yousaid.list_entries(), statuses=STATUS_LABELS)


def _entry_values(form: EntryForm) -> dict[str, object]:
    return {name: getattr(form, name).data for name in yousaid.ENTRY_FIELDS}


@bp.route("/officers/you-said-we-did/new", methods=["GET", "POST"])
@officer_required(*YSWD_ROLES)
@totp.second_factor_required
@transactional
def entry_new() -> BaseResponse | str:
    """A new entry; when started from a piece of feedback (?kind=&ref=), its words are filled in and it is linked."""
    kind, ref = request.values.get("kind", ""), request.values.get("ref", "")
    candidate = yousaid.find_candidate(kind, ref) if kind and ref else None
    if request.method == "GET":
        form = EntryForm(formdata=None)
        if candidate is not None:
            form.title.data = candidate.title[:200]
            form.you_said.data = "\n".join(x for x in (candidate.title, candidate.detail) if x)
    else:
        form = EntryForm()
        if form.validate():
            user = auth.current_user()
            entry = yousaid.create_entry(user=user, **_entry_values(form))
            if candidate is not None:
                yousaid.link_source(entry.id, candidate.kind, candidate.ref, user)
            return redirect(url_for("surveys.entry_detail", entry_id=entry.id), code=303)
    return render_template("surveys/officer_entry_form.html", form=form, entry=None, candidate=candidate,
                           kind=kind, ref=ref)  # fmt: skip


@bp.route("/officers/you-said-we-did/<entry_id>/edit", methods=["GET", "POST"])
@officer_required(*YSWD_ROLES)
@totp.second_factor_required
@transactional
def entry_edit(entry_id: str) -> BaseResponse | str:
    """Change an entry's words, owner, date, year or theme."""
    entry = _entry_or_404(entry_id)
    form = EntryForm(obj=entry) if request.method == "GET" else EntryForm()
    if request.method == "POST" and form.validate():
        yousaid.update_entry(entry, user=auth.current_user(), **_entry_values(form))
        return redirect(url_for("surveys.entry_detail", entry_id=entry.id), code=303)
    return render_template("surveys/officer_entry_form.html", form=form, entry=entry, candidate=None, kind="", ref="")


@bp.get("/officers/you-said-we-did/<entry_id>")
@officer_required(*YSWD_ROLES)
@totp.second_factor_required
def entry_detail(entry_id: str) -> str:
    """An entry: its words, progress, the feedback it answers, and feedback that could be linked to it."""
    entry = _entry_or_404(entry_id)
    chosen = request.args.get("source", "")
    registered = source(chosen)
    candidates = registered.candidates(30) if registered else []
    linked = {(link.kind, link.ref) for link in entry.links}
    return render_template(
        "surveys/officer_entry.html",
        entry=entry,
        statuses=STATUS_LABELS,
        progress_form=ProgressForm(formdata=None, status=entry.status),
        action_form=ActionForm(),
        exclude_forms={link.id: ExcludeForm(formdata=None, prefix=f"x{link.id[:8]}") for link in entry.links},
        sources=sources(),
        chosen=registered,
        candidates=[c for c in candidates if (c.kind, c.ref) not in linked],
        labels={s.kind: s.label for s in sources()},
    )


@bp.post("/officers/you-said-we-did/<entry_id>/progress")
@officer_required(*YSWD_ROLES)
@totp.second_factor_required
@transactional
def entry_progress(entry_id: str) -> BaseResponse | str:
    """Add a progress update (which sets the status)."""
    entry = _entry_or_404(entry_id)
    form = ProgressForm()
    if form.validate():
        yousaid.add_update(entry, user=auth.current_user(), status=form.status.data, note=form.note.data,
                           note_cy=form.note_cy.data)  # fmt: skip
        return redirect(url_for("surveys.entry_detail", entry_id=entry.id, _anchor="progress"), code=303)
    return render_template("surveys/officer_progress_form.html", entry=entry, form=form)


@bp.post("/officers/you-said-we-did/<entry_id>/publish")
@officer_required(*YSWD_ROLES)
@totp.second_factor_required
@transactional
def entry_publish(entry_id: str) -> BaseResponse:
    """Show the entry on the public page, or take it off."""
    entry = _entry_or_404(entry_id)
    if not ActionForm().validate():
        abort(400)
    yousaid.set_published(entry, user=auth.current_user(), published=request.form.get("action") == "publish")
    return redirect(url_for("surveys.entry_detail", entry_id=entry.id), code=303)


@bp.post("/officers/you-said-we-did/<entry_id>/links")
@officer_required(*YSWD_ROLES)
@totp.second_factor_required
@transactional
def entry_link(entry_id: str) -> BaseResponse:
    """Link a piece of feedback to the entry (linking twice changes nothing)."""
    entry = _entry_or_404(entry_id)
    form = LinkForm()
    if not form.validate():
        abort(400)
    try:
        yousaid.link_source(entry.id, form.kind.data, form.ref.data, auth.current_user())
    except ValueError:
        abort(400)
    return redirect(url_for("surveys.entry_detail", entry_id=entry.id, source=form.kind.data, _anchor="linked"),
                    code=303)  # fmt: skip


@bp.post("/officers/you-said-we-did/<entry_id>/links/<link_id>/unlink")
@officer_required(*YSWD_ROLES)
@totp.second_factor_required
@transactional
def entry_unlink(entry_id: str, link_id: str) -> BaseResponse:
    """Take a piece of feedback off the entry."""
    entry = _entry_or_404(entry_id)
    if not ActionForm().validate():
        abort(400)
    try:
        link = yousaid.get_link(entry, link_id)
    except yousaid.EntryNotFound:
        abort(404)
    yousaid.unlink(entry, link, user=auth.current_user())
    return redirect(url_for("surveys.entry_detail", entry_id=entry.id, _anchor="linked"), code=303)


@bp.route("/officers/you-said-we-did/<entry_id>/links/<link_id>/exclude", methods=["GET", "POST"])
@officer_required(*YSWD_ROLES)
@totp.second_factor_required
@transactional
def entry_exclude(entry_id: str, link_id: str) -> BaseResponse | str:
    """Leave a comment out of what is published (vexatious, or about one person's own case), or put it back."""
    entry = _entry_or_404(entry_id)
    try:
        link = yousaid.get_link(entry, link_id)
    except yousaid.EntryNotFound:
        abort(404)
    prefix = f"x{link.id[:8]}"
    if request.method == "POST" and request.form.get("action") == "include":
        if not ActionForm().validate():
            abort(400)
        yousaid.set_excluded(link, user=auth.current_user(), excluded=False)
        return redirect(url_for("surveys.entry_detail", entry_id=entry.id, _anchor="linked"), code=303)
    form = ExcludeForm(prefix=prefix) if request.method == "POST" else ExcludeForm(formdata=None, prefix=prefix)
    if request.method == "POST" and form.validate():
        yousaid.set_excluded(link, user=auth.current_user(), excluded=True, reason=form.reason.data,
                             note=form.note.data)  # fmt: skip
        return redirect(url_for("surveys.entry_detail", entry_id=entry.id, _anchor="linked"), code=303)
    return render_template("surveys/officer_exclude.html", entry=entry, link=link, form=form,
                           labels={s.kind: s.label for s in sources()})  # fmt: skip


@bp.get("/officers/you-said-we-did/sources")
@officer_required(*YSWD_ROLES)
@totp.second_factor_required
def feedback_sources() -> str:
    """For each source of feedback: which comments led to change, which are being acted on, which are open."""
    return render_template("surveys/officer_sources.html", overview=yousaid.source_overview(30),
                           statuses=STATUS_LABELS)  # fmt: skip
