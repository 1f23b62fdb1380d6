"""The young person's space (/young-people): how they feel about school, "All about me", and
"I don't feel safe". One question a page, easy read, every page works without JavaScript.

Answers are kept in the database between steps (the session cookie holds only a random key for them) and
written once, on "Send", with a per-form token so sending twice keeps one copy. Words are screened before the thank-you page is shown.
"""

from __future__ import annotations

import secrets
from typing import Any

from flask import Response, abort, make_response, redirect, render_template, request, session, url_for
from flask_babel import format_datetime, gettext
from flask_babel import lazy_gettext as _l
from wtforms.fields.choices import SelectChoice

from portal.auth import services as auth
from portal.auth import totp
from portal.auth.models import Role
from portal.db import transactional
from portal.extensions import limiter
from portal.feedback import bp, voice
from portal.feedback.voice_forms import (
    ChoicesForm,
    FeelingForm,
    SaveStatementForm,
    SendForm,
    StatementStepForm,
    TellUsForm,
    UnsafeForm,
    WhoForm,
)
from portal.i18n import get_locale, safe_next
from portal.navigation import account_link, officer_link
from portal.security import login_required, officer_required, public

VOICE_DRAFT = "voice_draft"
STATEMENT_DRAFT = "all_about_me_draft"
STATEMENT_IDS = "all_about_me_ids"  # statements made in this browser without signing in
UNSAFE_TOLD = "voice_unsafe_told"
VOICE_OFFICERS = (Role.PARTICIPATION, Role.ADMIN)

officer_link(_l("Young people's views"), "feedback.voice_submissions", VOICE_OFFICERS,
             _l("How young people feel about school, and what they told us."), order=45)  # fmt: skip
account_link(_l("Your space"), "feedback.voice_start",
             _l("Say how school is going, and get help straight away if you do not feel safe."), order=15,
             roles=[Role.YOUNG_PERSON])  # fmt: skip
account_link(_l("All about me"), "feedback.statement_list",
             _l("What you like, what helps you and your hopes, to use in your EHC plan."), order=40)  # fmt: skip


@bp.app_template_filter("sg_datetime")
def sg_datetime(value: Any) -> str:
    """'25 November 2026, 14:05' in UK time and the visitor's language."""
    from portal.feedback.safeguarding import aware

    return format_datetime(aware(value), "d MMMM yyyy, HH:mm") if value else ""


def _page(template: str, **context: Any) -> str:
    return render_template(template, unsafe_form=UnsafeForm(formdata=None, page=request.path), **context)


DRAFT_KIND = {VOICE_DRAFT: "voice", STATEMENT_DRAFT: "all_about_me"}


def _load(key: str) -> dict[str, Any]:
    return voice.load_draft(session.get(key), kind=DRAFT_KIND[key], user=auth.current_user())


def _store(key: str, draft: dict[str, Any]) -> None:
    session[key] = voice.store_draft(session.get(key), kind=DRAFT_KIND[key], user=auth.current_user(), data=draft)


def _discard(key: str) -> None:
    voice.discard_draft(session.pop(key, None))


def _draft() -> dict[str, Any]:
    return _load(VOICE_DRAFT)


def _save_draft(key: str, draft: dict[str, Any], **values: Any) -> None:
    draft.update(values)
    _store(key, draft)


# The start page and urgent help ----------------------------------------------------------------------------


@bp.get("/young-people")
@public
def voice_start() -> str:
    """The young person's space: what you can do here."""
    return _page("feedback/voice/start.html")


def _unsafe_limited(_limit: Any) -> Response:
    # Too many presses from one place: no more alerts, but still the help, never an error page.
    return redirect(url_for("feedback.voice_help"), code=303)


@bp.errorhandler(429)
def _too_many(error: Any) -> Response:
    """A limit that chose its own answer (see _unsafe_limited) gives it; others get the usual page."""
    from portal.htmx import render_page

    if getattr(error, "response", None) is not None and request.endpoint == "feedback.voice_unsafe":
        return error.response
    return render_page("errors/429.html", fragment="content", status=429)


@bp.post("/young-people/not-safe")
@public
@limiter.limit("5 per hour", on_breach=_unsafe_limited)
@transactional
def voice_unsafe() -> Response:
    """'I don't feel safe': tell the safeguarding lead, then show help straight away."""
    form = UnsafeForm()
    form.validate()
    voice.raise_unsafe(user=auth.current_user(), page=safe_next(form.page.data or "/young-people"),
                       language=get_locale())  # fmt: skip
    session[UNSAFE_TOLD] = True
    return redirect(url_for("feedback.voice_help"), code=303)


@bp.get("/young-people/get-help-now")
@public
def voice_help() -> str:
    """Who to call or text now. Reachable by a plain link too, so it works even if the alert could not be sent."""
    told = session.pop(UNSAFE_TOLD, False)
    return render_template("feedback/voice/help.html", told=told, signed_in=auth.current_user() is not None)


# How you feel about school: one question a page --------------------------------------------------------------


@bp.route("/young-people/feel", methods=["GET", "POST"])
@public
@transactional
def voice_feeling() -> Response | str:
    """Question 1: the emoji scale."""
    draft = _draft()
    form = FeelingForm(data={"feeling": draft.get("feeling")} if request.method == "GET" else None)
    if request.method == "POST" and form.validate():
        _save_draft(VOICE_DRAFT, draft, feeling=form.feeling.data)
        return redirect(_next_or("feedback.voice_choices"), code=303)
    return _page("feedback/voice/feeling.html", form=form, feelings=voice.FEELINGS)


@bp.route("/young-people/what-would-help", methods=["GET", "POST"])
@public
@transactional
def voice_choices() -> Response | str:
    """Question 2: a recorded choice, for anyone who would rather pick than write."""
    draft = _draft()
    form = ChoicesForm(data={"choices": draft.get("choices", [])} if request.method == "GET" else None)
    if request.method == "POST" and form.validate():
        _save_draft(VOICE_DRAFT, draft, choices=list(form.choices.data or []))
        return redirect(_next_or("feedback.voice_tell_us"), code=303)
    return _page("feedback/voice/choices.html", form=form, choices=voice.CHOICES)


@bp.route("/young-people/tell-us-more", methods=["GET", "POST"])
@public
@transactional
def voice_tell_us() -> Response | str:
    """Question 3: their own words, after saying who reads them and when."""
    draft = _draft()
    form = TellUsForm(data={"text": draft.get("text", "")} if request.method == "GET" else None)
    if request.method == "POST" and form.validate():
        _save_draft(VOICE_DRAFT, draft, text=form.text.data or "")
        return redirect(url_for("feedback.voice_check"), code=303)
    return _page("feedback/voice/tell_us.html", form=form)


def _next_or(endpoint: str) -> str:
    # "Change" links on the check page come back to it.
    return url_for("feedback.voice_check") if request.args.get("change") else url_for(endpoint)


@bp.get("/young-people/check")
@public
@transactional
def voice_check() -> Response | str:
    """Check your answers, then send."""
    draft = _draft()
    if not draft.get("feeling"):
        return redirect(url_for("feedback.voice_feeling"), code=303)
    form = SendForm(formdata=None, idempotency_key=draft.setdefault("key", secrets.token_urlsafe(16)))
    _store(VOICE_DRAFT, draft)
    return _page("feedback/voice/check.html", form=form, draft=draft, voice=voice)


@bp.post("/young-people/send")
@public
@limiter.limit("10 per hour; 30 per day")
@transactional
def voice_send() -> Response:
    """Keep the answers (once), screen the words, then say thank you."""
    form = SendForm()
    draft = _draft()
    if form.validate() and form.idempotency_key.data != draft.get("key"):
        # Sent twice (the first press already cleared the answers): the first copy is kept.
        if voice.submission_by_key(form.idempotency_key.data) is not None:
            return redirect(url_for("feedback.voice_done"), code=303)
    if not form.validate() or not draft.get("feeling"):
        return redirect(url_for("feedback.voice_check"), code=303)
    voice.submit_voice(
        feeling=int(draft["feeling"]),
        choices=list(draft.get("choices", [])),
        text=draft.get("text"),
        language=get_locale(),
        user=auth.current_user(),
        idempotency_key=form.idempotency_key.data or draft.get("key"),
    )
    _discard(VOICE_DRAFT)
    return redirect(url_for("feedback.voice_done"), code=303)


@bp.get("/young-people/thank-you")
@public
def voice_done() -> str:
    return _page("feedback/voice/done.html")


# "All about me" ----------------------------------------------------------------------------------------------


def _statement_draft() -> dict[str, Any]:
    return _load(STATEMENT_DRAFT) or {"answers": {}}


@bp.get("/young-people/all-about-me")
@public
def statement_start() -> str:
    """What 'All about me' is and how it is used in the EHC process."""
    user = auth.current_user()
    return _page("feedback/voice/statement_start.html", signed_in=user is not None,
                 saved=voice.statements_for(user) if user else [])  # fmt: skip


@bp.get("/young-people/all-about-me/begin")
@public
@transactional
def statement_begin() -> Response:
    """Start a new statement (or the one you already keep about yourself, if signed in)."""
    user = auth.current_user()
    _discard(STATEMENT_DRAFT)
    if user is not None and voice.subjects_for(user):
        return redirect(url_for("feedback.statement_who"), code=303)
    if user is not None:
        existing = next((s for s in voice.statements_for(user) if s.child_id is None), None)
        if existing is not None:
            return redirect(url_for("feedback.statement_edit", statement_id=existing.id), code=303)
    return redirect(url_for("feedback.statement_step", step=1), code=303)


@bp.route("/young-people/all-about-me/who", methods=["GET", "POST"])
@login_required
@transactional
def statement_who() -> Response | str:
    """A parent writing with their child: who is this about?"""
    user = auth.current_user()
    form = WhoForm()
    form.subject.choices = [SelectChoice("self", gettext("Me"))] + [
        SelectChoice(child_id, name) for child_id, name in voice.subjects_for(user)
    ]
    if request.method == "POST" and form.validate():
        subject = form.subject.data
        existing = next((s for s in voice.statements_for(user) if s.subject_key == subject), None)
        if existing is not None:
            return redirect(url_for("feedback.statement_edit", statement_id=existing.id), code=303)
        draft = _statement_draft()
        _save_draft(STATEMENT_DRAFT, draft, subject=None if subject == "self" else subject)
        return redirect(url_for("feedback.statement_step", step=1), code=303)
    return _page("feedback/voice/statement_who.html", form=form)


@bp.route("/young-people/all-about-me/step/<int:step>", methods=["GET", "POST"])
@public
@transactional
def statement_step(step: int) -> Response | str:
    """One part of 'All about me' a page."""
    if not 1 <= step <= len(voice.STATEMENTS):
        abort(404)
    name, symbol, question, hint = voice.STATEMENTS[step - 1]
    draft = _statement_draft()
    answers = dict(draft.get("answers", {}))
    form = StatementStepForm(data={"answer": answers.get(name, "")} if request.method == "GET" else None)
    form.answer.label.text = question
    form.answer.description = hint
    if request.method == "POST" and form.validate():
        answers[name] = form.answer.data or ""
        _save_draft(STATEMENT_DRAFT, draft, answers=answers)
        if request.args.get("change") or step == len(voice.STATEMENTS):
            return redirect(url_for("feedback.statement_check"), code=303)
        return redirect(url_for("feedback.statement_step", step=step + 1), code=303)
    back = url_for("feedback.statement_step", step=step - 1) if step > 1 else url_for("feedback.statement_start")
    return _page("feedback/voice/statement_step.html", form=form, step=step, total=len(voice.STATEMENTS),
                 symbol_name=symbol, back=back)  # fmt: skip


@bp.get("/young-people/all-about-me/check")
@public
@transactional
def statement_check() -> str:
    """Check your 'All about me' before keeping it."""
    draft = _statement_draft()
    draft.setdefault("key", secrets.token_urlsafe(16))
    _store(STATEMENT_DRAFT, draft)
    form = SaveStatementForm(formdata=None, idempotency_key=draft["key"])
    return _page("feedback/voice/statement_check.html", form=form, answers=draft.get("answers", {}),
                 statements=voice.STATEMENTS, signed_in=auth.current_user() is not None)  # fmt: skip


@bp.post("/young-people/all-about-me/save")
@public
@limiter.limit("20 per hour")
@transactional
def statement_save() -> Response:
    """Keep it: in your account if you are signed in, or for this browser only if not."""
    form = SaveStatementForm()
    draft = _statement_draft()
    if not form.validate() or not form.idempotency_key.data:
        return redirect(url_for("feedback.statement_check"), code=303)
    if form.idempotency_key.data != draft.get("key"):
        # Saved twice (the first press already cleared the draft): show what the first one kept.
        done = voice.statement_by_key(form.idempotency_key.data)
        if done is not None:
            return redirect(url_for("feedback.statement_view", statement_id=done.id), code=303)
        return redirect(url_for("feedback.statement_check"), code=303)
    user = auth.current_user()
    existing = _statement_or_404(draft["editing"]) if draft.get("editing") else None
    try:
        statement = voice.save_statement(
            owner=user,
            child_id=draft.get("subject") if user else None,
            answers=draft.get("answers", {}),
            language=get_locale(),
            idempotency_key=form.idempotency_key.data,
            existing=existing,
        )
    except voice.StatementNotFound:
        abort(404)
    if user is None:
        ids = [i for i in session.get(STATEMENT_IDS, []) if i != statement.id][-4:]
        session[STATEMENT_IDS] = [*ids, statement.id]
    _discard(STATEMENT_DRAFT)
    return redirect(url_for("feedback.statement_view", statement_id=statement.id, saved=1), code=303)


def _statement_or_404(statement_id: str) -> Any:
    try:
        return voice.statement_for(statement_id, user=auth.current_user(), session_ids=session.get(STATEMENT_IDS, []))
    except voice.StatementNotFound:
        abort(404)


@bp.get("/young-people/all-about-me/<statement_id>")
@public
def statement_view(statement_id: str) -> str:
    """Your 'All about me', ready to print or download."""
    statement = _statement_or_404(statement_id)
    return _page("feedback/voice/statement_view.html", statement=statement, statements=voice.STATEMENTS,
                 about=voice.subject_name(statement), saved=bool(request.args.get("saved")),
                 signed_in=auth.current_user() is not None)  # fmt: skip


@bp.get("/young-people/all-about-me/<statement_id>/download")
@public
def statement_download(statement_id: str) -> Response:
    """The statement as a text file, to keep or to send to whoever is writing the EHC plan."""
    statement = _statement_or_404(statement_id)
    about = voice.subject_name(statement)
    heading = gettext("All about %(name)s", name=about) if about else gettext("All about me")
    body = f"{heading}\n\n{voice.statement_text(statement)}\n"
    response = make_response(body)
    response.headers["Content-Type"] = "text/plain; charset=utf-8"
    response.headers["Content-Disposition"] = "attachment; filename=all-about-me.txt"
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/young-people/all-about-me/<statement_id>/edit")
@public
@transactional
def statement_edit(statement_id: str) -> Response:
    """Change a statement: its words go back into the steps, and saving updates it."""
    statement = _statement_or_404(statement_id)
    answers = {name: getattr(statement, name) or "" for name in voice.STATEMENT_FIELDS}
    _discard(STATEMENT_DRAFT)
    _store(STATEMENT_DRAFT, {"answers": answers, "subject": statement.child_id, "editing": statement.id,
                             "key": secrets.token_urlsafe(16)})  # fmt: skip
    return redirect(url_for("feedback.statement_check"), code=303)


@bp.get("/account/all-about-me")
@login_required
def statement_list() -> str:
    """The 'All about me' statements you keep in your account."""
    user = auth.current_user()
    return _page("feedback/voice/statement_list.html", saved=voice.statements_for(user),
                 name_of=voice.subject_name)  # fmt: skip


# For officers ----------------------------------------------------------------------------------------------


@bp.get("/officers/young-people")
@officer_required(*VOICE_OFFICERS)
@totp.second_factor_required
@transactional
def voice_submissions() -> str:
    """What young people told us, anonymised; words with a safeguarding flag are held for the lead."""
    report = voice.voice_report()
    auth.audit(actor=auth.current_user(), action="voice.submissions_viewed", object_type="voice_submission",
               count=report.total)  # fmt: skip
    return render_template("feedback/voice/submissions.html", report=report, voice=voice)


def _register_source() -> None:
    from portal.surveys.sources import register_source

    register_source("voice", _l("Young people's views"), voice.voice_candidates)


_register_source()
