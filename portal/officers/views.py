"""Officer screens: content gaps from search and the assistant, and the development outbox."""

from __future__ import annotations

from flask import current_app, render_template
from flask_babel import lazy_gettext as _l

from portal.auth import services as auth
from portal.auth import totp
from portal.auth.models import OFFICER_ROLES, Role
from portal.chat import services as chat
from portal.db import transactional
from portal.log_filters import redact
from portal.navigation import officer_link, officer_links_for
from portal.notifications import services as notifications
from portal.officers import bp
from portal.search import services as search
from portal.security import officer_required

CONTENT_ROLES = (Role.EDITOR, Role.MANAGER, Role.PARTICIPATION, Role.ADMIN)

officer_link(_l("Content gaps"), "officers.content_gaps", CONTENT_ROLES,
             _l("What families searched for or asked and did not find."), order=60)  # fmt: skip
officer_link(_l("Outbox"), "officers.outbox", [Role.ADMIN], _l("E-mails waiting to be sent, and those sent."), order=90)


@bp.get("")
@officer_required(*OFFICER_ROLES)
@totp.second_factor_required
def home() -> str:
    """The officers' home: the tools this officer's roles allow."""
    user = auth.current_user()
    return render_template("officers/home.html", links=officer_links_for(user.roles if user else ()))


@bp.get("/content-gaps")
@officer_required(*CONTENT_ROLES)
@totp.second_factor_required
def content_gaps() -> str:
    """What families looked for and did not find: searches with no results, unanswered and unhelpful questions."""
    report = chat.report(100)
    return render_template(
        "officers/content_gaps.html",
        gaps=search.search_gaps(100),
        unanswered=report["Not answered"],
        unhelpful=report["Marked not helpful"],
        urgent=report["Urgent (flagged to the safeguarding queue)"],
    )


@bp.get("/outbox")
@officer_required(Role.ADMIN)
@totp.second_factor_required
@transactional
def outbox() -> str:
    """Messages waiting in (or sent from) the outbox. In development nothing leaves, so links are read here; in
    production the links' secrets are hidden (they would let an administrator reset anyone's password). Every read
    is audited."""
    development = current_app.config["ENV"] != "production"
    messages = notifications.recent(50)
    bodies = {m.id: m.body if development else redact(m.body) for m in messages}
    auth.audit(actor=auth.current_user(), action="admin.outbox_read", object_type="outbox", object_id=None,
          shown=len(messages), masked=not development)  # fmt: skip
    return render_template("officers/outbox.html", messages=messages, bodies=bodies, development=development)
