"""A family's account pages: their children, what a young person shares, and their data rights."""

from __future__ import annotations

import json

from flask import Response, abort, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l

from portal.auth import bp, family, privacy
from portal.auth.family_forms import RELATIONSHIP_LABELS, AddChildForm, DeletionForm
from portal.auth.models import Role, User
from portal.auth.services import audit, current_user
from portal.db import transactional
from portal.navigation import account_link
from portal.security import login_required

# A young person's account is their own, not a parent's: no list of children, but their sharing choices.
account_link(
    _l("Children and young people"),
    "auth.children",
    _l("The children you care for, and who can see their records."),
    order=20,
    roles=[Role.PARENT],
)
account_link(
    _l("Who can see your records"),
    "auth.sharing",
    _l("Choose which parents or carers can see your requests and your plan."),
    order=30,
    roles=[Role.YOUNG_PERSON],
)
account_link(
    _l("Your data"), "auth.your_data", _l("Download what we hold about you, or ask us to delete it."), order=90
)


def _young_person_only(user: User) -> bool:
    return user.has_role(Role.YOUNG_PERSON) and not user.has_role(Role.PARENT)


@bp.get("/children")
@login_required
def children() -> Response | str:
    user = current_user()
    if _young_person_only(user):
        from portal.auth.views import account  # their own account page, which has no list of children

        return account()
    return render_template("auth/children.html", children=family.children_of(user), labels=RELATIONSHIP_LABELS)


@bp.route("/children/add", methods=["GET", "POST"])
@login_required
@transactional
def add_child() -> Response | str:
    if _young_person_only(current_user()):
        return redirect(url_for("auth.account"), code=303)
    form = AddChildForm()
    if request.method == "POST" and form.validate():
        pr = {"yes": True, "no": False}.get(form.parental_responsibility.data)
        family.add_child(parent=current_user(), first_name=form.first_name.data, last_name=form.last_name.data,
                         date_of_birth=form.date_of_birth.data, relationship=form.relationship.data,
                         parental_responsibility=pr)  # fmt: skip
        return redirect(url_for("auth.children"), code=303)
    return render_template("auth/add_child.html", form=form)


@bp.get("/children/<child_id>")
@login_required
@transactional
def child_detail(child_id: str) -> str:
    """One child, only for someone linked to them (anyone else gets the same 404 as a wrong id)."""
    user = current_user()
    try:
        child = family.child_for(user, child_id)
    except family.NotFound:
        abort(404)
    audit(actor=user, action="family.child_viewed", object_type="child", object_id=child.id)
    return render_template("auth/child_detail.html", child=child, own_rights=family.holds_own_rights(child))


@bp.get("/sharing")
@login_required
def sharing() -> str:
    """For a young person: which parents or carers can see your records."""
    return render_template(
        "auth/sharing.html", links=family.parent_links_for(current_user()), labels=RELATIONSHIP_LABELS
    )


@bp.post("/sharing/<link_id>")
@login_required
@transactional
def change_sharing(link_id: str) -> Response:
    try:
        family.set_parent_access(young_person=current_user(), parent_link_id=link_id,
                                 allow=request.form.get("allow") == "yes")  # fmt: skip
    except family.NotFound:
        abort(404)
    except PermissionError:
        abort(403)
    return redirect(url_for("auth.sharing"), code=303)


@bp.get("/your-data")
@login_required
def your_data() -> str:
    return render_template("auth/your_data.html", form=DeletionForm())


@bp.get("/your-data/download.json")
@login_required
@transactional
def download_data_json() -> Response:
    """Everything we hold about you, machine-readable."""
    data = privacy.export_for(current_user())
    response = Response(json.dumps(data, ensure_ascii=False, indent=2), mimetype="application/json")
    response.headers["Content-Disposition"] = 'attachment; filename="your-data.json"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/your-data/download")
@login_required
@transactional
def download_data() -> Response:
    """Everything we hold about you, readable by a person (and printable)."""
    data = privacy.export_for(current_user())
    response = Response(render_template("auth/your_data_download.html", data=data, sections=privacy.readable(data)))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/your-data/delete")
@login_required
@transactional
def request_deletion() -> Response | str:
    form = DeletionForm()
    if not form.validate():
        return render_template("auth/your_data.html", form=form)
    privacy.request_deletion(current_user(), form.reason.data or None)
    return redirect(url_for("auth.deletion_requested"), code=303)


@bp.get("/your-data/deletion-requested")
@login_required
def deletion_requested() -> str:
    return render_template("auth/deletion_requested.html")
