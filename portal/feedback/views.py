"""Page feedback: "Is this page useful?" and "Report a problem with this page", and the officers' view of it.

The links on Local Offer pages are plain GET links (those pages are cached and must not set a cookie); they
open /feedback/page, which shows the form (htmx loads it in place of the links).
"""

from __future__ import annotations

import secrets

from flask import Response, abort, g, redirect, request, url_for
from flask_babel import lazy_gettext as _l
from wtforms.fields.choices import SelectChoice

from portal.auth import services as auth
from portal.auth import totp
from portal.auth.models import Role
from portal.db import transactional
from portal.extensions import limiter
from portal.feedback import bp, services
from portal.feedback.forms import THEME_CHOICES, ActionedForm, LinkEntryForm, PageFeedbackForm
from portal.htmx import is_htmx, render_page
from portal.i18n import get_locale
from portal.navigation import officer_link
from portal.safeguarding.services import flagged_ids
from portal.security import officer_required, public
from portal.surveys.sources import register_source

FEEDBACK_ROLES = (Role.EDITOR, Role.PARTICIPATION, Role.ADMIN)

officer_link(_l("Page feedback"), "feedback.officer_page_feedback", FEEDBACK_ROLES,
             _l("What people said about Local Offer pages and listings, by page and theme."), order=62)  # fmt: skip
register_source(services.SOURCE, _l("Page feedback"), services.candidates)


def _form_page(form: PageFeedbackForm, path: str, useful: str) -> Response:
    return render_page("feedback/page.html", fragment="page_feedback_form", form=form, path=path, useful=useful,
                       form_errors_inline=is_htmx())  # fmt: skip


@bp.get("/feedback/page")
@public
def page_feedback() -> Response:
    """The feedback form for one page: after "Yes", after "No", or "Report a problem"."""
    path = services.safe_path(request.args.get("path"))
    if path is None:
        abort(404)
    useful = request.args.get("useful") if request.args.get("useful") in ("yes", "no") else ""
    form = PageFeedbackForm(formdata=None, path=path, useful=useful, key=secrets.token_urlsafe(16))
    return _form_page(form, path, useful)


@bp.post("/feedback/page")
@public
@limiter.limit("10 per minute; 60 per day")
@transactional
def send_page_feedback() -> Response:
    """Record the feedback and go back to the page (or, with htmx, thank them in place)."""
    form = PageFeedbackForm()
    path = services.safe_path(form.path.data)
    if path is None:
        abort(404)
    useful = form.useful.data if form.useful.data in ("yes", "no") else ""
    if not form.validate():
        return _form_page(form, path, useful)
    if not form.website.data:  # a person, not a bot that fills in every box
        services.record(path=path, useful={"yes": True, "no": False}.get(useful), theme=form.theme.data or None,
                        doing=form.doing.data, comment=form.comment.data, locale=get_locale(),
                        idempotency_key=form.key.data or None)  # fmt: skip
    if is_htmx():
        return render_page("feedback/page_thanks.html", fragment="page_feedback_form", path=path)
    if g.get("safeguarding_flagged"):
        # Local Offer pages are cached for everyone, so the urgent-help panel gets a page of its own.
        return redirect(url_for("feedback.page_feedback_thanks", path=path), code=303)
    return redirect(f"{path}?feedback=thanks#page-feedback", code=303)


@bp.get("/feedback/page/thanks")
@public
def page_feedback_thanks() -> Response:
    """Thank you, with urgent help when the words sent were flagged for the safeguarding lead."""
    path = services.safe_path(request.args.get("path"))
    if path is None:
        abort(404)
    return render_page("feedback/page_thanks.html", path=path)


@bp.get("/officers/page-feedback")
@officer_required(*FEEDBACK_ROLES)
@totp.second_factor_required
def officer_page_feedback() -> Response:
    """Feedback by page and by theme, with the comments themselves (masked) to action."""
    path = services.safe_path(request.args.get("path"))
    theme = request.args.get("theme") if request.args.get("theme") in services.THEMES else None
    status = request.args.get("status") if request.args.get("status") in ("new", "actioned") else None
    items = services.listing(path=path, theme=theme, status=status)
    links = _yousaid_links(items)
    return render_page(
        "feedback/officer_page_feedback.html",
        items=items,
        pages=services.by_page(),
        themes=services.by_theme(),
        totals=services.totals(),
        theme_labels={c.value: c.label for c in THEME_CHOICES},
        filters={"path": path or "", "theme": theme or "", "status": status or ""},
        actioned_form=ActionedForm(),
        link_form=_link_form(),
        links=links,
        flagged=flagged_ids(services.SOURCE),
    )


@bp.post("/officers/page-feedback/<feedback_id>/actioned")
@officer_required(*FEEDBACK_ROLES)
@totp.second_factor_required
@transactional
def action_page_feedback(feedback_id: str) -> Response:
    """Mark a comment as dealt with, or open it again (audited)."""
    form = ActionedForm()
    item = services.get(feedback_id)
    if item is None or not form.validate():
        abort(404)
    services.mark_actioned(item, user=auth.current_user(), actioned=form.actioned.data != "no")
    return redirect(url_for("feedback.officer_page_feedback", _anchor=f"item-{item.id}"), code=303)


def _link_form() -> LinkEntryForm | None:
    try:
        from portal.surveys import yousaid
    except ImportError:  # the surveys domain is optional here
        return None
    form = LinkEntryForm()
    form.entry.choices = [SelectChoice("", str(_l("Choose an entry")))] + [
        SelectChoice(value, label) for value, label in yousaid.entry_choices()
    ]
    return form


def _yousaid_links(items: list) -> dict[str, list]:
    try:
        from portal.surveys import yousaid
    except ImportError:
        return {}
    return {item.id: yousaid.entries_linked_to(services.SOURCE, item.id) for item in items}


@bp.post("/officers/page-feedback/<feedback_id>/link")
@officer_required(*FEEDBACK_ROLES)
@totp.second_factor_required
@transactional
def link_page_feedback(feedback_id: str) -> Response:
    """Link a comment to a "You said, we did" entry (the surveys domain records and audits it)."""
    from portal.surveys import yousaid

    item = services.get(feedback_id)
    form = _link_form()
    if item is None or form is None:
        abort(404)
    if form.validate() and form.entry.data:
        try:
            yousaid.link_source(form.entry.data, services.SOURCE, item.id, auth.current_user())
        except (yousaid.EntryNotFound, ValueError):
            abort(404)
    return redirect(url_for("feedback.officer_page_feedback", _anchor=f"item-{item.id}"), code=303)
