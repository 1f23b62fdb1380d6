"""/ask: the assistant as a conversation. A form that posts and re-renders without JavaScript;
with htmx the new answer is swapped in and announced by a live region."""

from __future__ import annotations

import secrets
from datetime import date

from flask import Response, abort, redirect, render_template, request, session, url_for
from flask_babel import gettext
from flask_limiter.errors import RateLimitExceeded

from portal.auth.services import current_user
from portal.chat import bp, services
from portal.chat.forms import AskForm, CallbackForm, HelpfulForm
from portal.db import commit_writes, reading, transactional
from portal.extensions import limiter
from portal.htmx import is_htmx, render_page
from portal.i18n import get_locale
from portal.security import public

SESSION_KEY = "chat_conversation"
CALLBACK_DUE_KEY = "callback_due"


def _conversation(*, for_update: bool = False) -> object | None:
    return services.get_conversation(session.get(SESSION_KEY), for_update=for_update)


def _page(form: AskForm, status: int = 200) -> Response:
    conversation = _conversation()
    return render_page(
        "chat/ask.html",
        fragment="conversation",
        status=status,
        form=form,
        conversation=conversation,
        helpful_form=HelpfulForm(),
        csrf_in_body=True,
    )


@bp.get("")
@public
def ask() -> Response:
    """The conversation so far and a box for the next question."""
    conversation = _conversation()
    form = AskForm(easy_read=bool(conversation and conversation.easy_read))
    return _page(form)


def _too_many(_limit: object) -> Response:
    """The chat rate limit was hit: say so, and give back what they typed so nothing is lost."""
    form = AskForm()
    form.message.errors = [gettext("You have asked a lot of questions in a short time. Wait a minute, then ask again.")]
    # htmx swaps only successful responses, so it gets 200; a plain form post gets the honest 429.
    return _page(form, status=200 if is_htmx() else 429)


@bp.errorhandler(RateLimitExceeded)
def _rate_limited(error: RateLimitExceeded) -> Response:
    """Use the answer _too_many prepared (the app-wide 429 page would lose what they typed)."""
    return error.response if error.response is not None else error.get_response()


@bp.post("")
@public
@limiter.limit("20 per minute; 200 per day", on_breach=_too_many)
@transactional
def send() -> Response:
    """Answer a question. Quick replies post the same form."""
    form = AskForm()
    if not form.validate():
        return _page(form)
    easy_read = bool(form.easy_read.data)
    # Answering only reads: the write (on SQLite, the database's one write lock) comes after, for the rows alone.
    with reading():
        conversation = _conversation()
        new = conversation is None
        if new:
            conversation = services.start_conversation(locale=get_locale(), easy_read=easy_read)
        user = current_user()
        answered = services.answer_in(conversation, form.message.data, locale=get_locale(), easy_read=easy_read,
                                      user=user.email if user else None)  # fmt: skip
    if new:
        session[SESSION_KEY] = conversation.id
        session.permanent = False
    elif easy_read != conversation.easy_read:
        services.set_easy_read(conversation, easy_read)
    services.record(conversation, form.message.data, answered.reply, answered.state, locale=get_locale(),
                    screening=answered.screening, written=answered.written)  # fmt: skip
    commit_writes()  # stored before the answer is shown, and before the page is built
    if is_htmx():
        return _page(AskForm(formdata=None, easy_read=conversation.easy_read))
    return redirect(url_for("chat.ask", _anchor="latest"), code=303)


@bp.post("/new")
@public
def new_conversation() -> Response:
    """Start again: forget this conversation in the browser (stored messages expire on their own)."""
    session.pop(SESSION_KEY, None)
    return redirect(url_for("chat.ask"), code=303)


@bp.post("/helpful/<message_id>")
@public
@limiter.limit("60 per minute")
@transactional
def helpful(message_id: str) -> Response:
    """'Was this helpful?' Only answers in the visitor's own conversation can be rated."""
    form = HelpfulForm()
    conversation = _conversation()
    if not form.validate() or not services.record_helpful(conversation, message_id, form.helpful.data == "yes"):
        abort(404)
    if is_htmx():
        return render_page("chat/helpful_thanks.html")
    return redirect(url_for("chat.ask", _anchor=f"answer-{message_id}"), code=303)


@bp.route("/contact", methods=["GET", "POST"])
@public
@limiter.limit("10 per hour", methods=["POST"])
@transactional
def contact() -> Response | str:
    """Ask us to contact you: a person from the SEND team gets back to you."""
    form = CallbackForm()
    if request.method == "GET":
        form.idempotency_key.data = secrets.token_urlsafe(16)
        return render_template("chat/contact.html", form=form)
    if not form.validate():
        return render_template("chat/contact.html", form=form, error_title=True)
    conversation = _conversation()
    callback = services.request_callback(
        name=form.name.data,
        phone=form.phone.data or None,
        email=form.email.data or None,
        preferred_time=form.preferred_time.data,
        about=form.about.data,
        locale=get_locale(),
        conversation_id=conversation.id if conversation else None,
        idempotency_key=form.idempotency_key.data or None,
        user_id=user.id if (user := current_user()) else None,
    )
    # The confirmation names the day they will hear by (kept in their session, not in the address).
    session[CALLBACK_DUE_KEY] = callback.due_on.isoformat() if callback.due_on else None
    return redirect(url_for("chat.contact_done"), code=303)


@bp.get("/contact/done")
@public
def contact_done() -> str:
    try:
        due = date.fromisoformat(session.get(CALLBACK_DUE_KEY) or "")
    except ValueError:
        due = None
    return render_template("chat/contact_done.html", due=due)
