"""Routes of the surveys blueprint: answering a survey (/surveys/<slug>) and the officers' builder and results."""

from __future__ import annotations

from flask import Response, abort, redirect, render_template, request, session, url_for
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response as BaseResponse

from portal.auth import services as auth
from portal.auth import totp
from portal.auth.models import Role
from portal.db import transactional
from portal.extensions import limiter
from portal.htmx import render_page
from portal.i18n import get_locale
from portal.navigation import officer_link
from portal.platform.links import absolute_url
from portal.security import officer_required, public
from portal.surveys import bp, results, services
from portal.surveys.forms import (
    AboutYouForm,
    ActionForm,
    QuestionForm,
    ResultsFilterForm,
    StartForm,
    SurveyForm,
    TagForm,
    answer_form,
    form_defaults,
    form_value,
)
from portal.surveys.models import Survey, SurveyQuestion, SurveyResponse
from portal.surveys.sources import Candidate, register_source

BUILD_ROLES = (Role.PARTICIPATION, Role.ADMIN)
RESULTS_ROLES = (Role.PARTICIPATION, Role.ADMIN, Role.MANAGER)

officer_link(_l("Surveys"), "surveys.survey_list", RESULTS_ROLES,
             _l("Build co-production surveys, publish them and see the results as they arrive."), order=40)  # fmt: skip


# Sources for You said, we did --------------------------------------------------------------------


def _question_candidates(limit: int) -> list[Candidate]:
    return results.question_candidates(limit)


def _theme_candidates(limit: int) -> list[Candidate]:
    return results.theme_candidates(limit)


register_source("survey_question", _l("Survey questions"), _question_candidates)
register_source("survey_theme", _l("Survey free-text themes"), _theme_candidates)


# Answering -------------------------------------------------------------------------------------


def _survey_or_404(slug: str) -> Survey:
    try:
        return services.published_survey(slug)
    except services.SurveyNotFound:
        abort(404)


def _session_key(survey: Survey) -> str:
    return f"survey:{survey.id}"


def _current_response(survey: Survey) -> SurveyResponse | None:
    if not survey.anonymous:
        return services.response_of_user(survey, auth.current_user())
    return services.response_for(survey, session.get(_session_key(survey)))


def _closed_page(survey: Survey) -> str:
    return render_template("surveys/closed.html", survey=survey, survey_state=services.state(survey), **_words(survey))


def _words(survey: Survey) -> dict[str, object]:
    locale = get_locale()
    title, title_lang = services.localised(survey, "title", locale)
    intro, intro_lang = services.localised(survey, "intro", locale)
    return {
        "survey_title": title,
        "title_lang": title_lang,
        "survey_intro": intro,
        "intro_lang": intro_lang,
        "welsh_missing": locale == "cy" and not services.has_welsh(survey),
    }


@bp.get("/surveys/<slug>")
@public
def survey_start(slug: str) -> str:
    """The start page: what the survey is about, how long it takes, whether answers are anonymous."""
    survey = _survey_or_404(slug)
    if services.state(survey) != "open":
        return _closed_page(survey)
    user = auth.current_user()
    response = _current_response(survey)
    return render_template(
        "surveys/start.html",
        survey=survey,
        form=StartForm(),
        user=user,
        response=response,
        question_count=len(survey.questions),
        **_words(survey),
    )


@bp.post("/surveys/<slug>/start")
@public
@limiter.limit("60 per hour")
@transactional
def survey_begin(slug: str) -> BaseResponse | str:
    """Start (or carry on with) a response."""
    survey = _survey_or_404(slug)
    user = auth.current_user()
    if not survey.anonymous and user is None:
        return redirect(url_for("auth.sign_in", next=url_for("surveys.survey_start", slug=slug)), code=303)
    form = StartForm()
    if not form.validate():
        abort(400)
    existing = _current_response(survey)
    if existing is not None and existing.submitted_at is None and survey.anonymous:
        response = existing
    else:
        try:
            response = services.start_response(survey, user=user, locale=get_locale(),
                                               easy_read=bool(form.easy_read.data))  # fmt: skip
        except services.SurveyClosed:
            return _closed_page(survey)
        except services.AlreadyAnswered:
            return redirect(url_for("surveys.survey_done", slug=slug), code=303)
    session[_session_key(survey)] = response.token
    return redirect(_next_url(survey, response), code=303)


def _next_url(survey: Survey, response: SurveyResponse) -> str:
    if response.respondent_group is None:
        return url_for("surveys.survey_about", slug=survey.slug)
    _seen, upcoming = services.path(survey, response)
    if upcoming is not None:
        return url_for("surveys.survey_question", slug=survey.slug, number=upcoming.position)
    return url_for("surveys.survey_check", slug=survey.slug)


def _response_or_redirect(survey: Survey) -> SurveyResponse | BaseResponse:
    response = _current_response(survey)
    if response is None:
        return redirect(url_for("surveys.survey_start", slug=survey.slug), code=303)
    if response.submitted_at is not None:
        return redirect(url_for("surveys.survey_done", slug=survey.slug), code=303)
    return response


@bp.route("/surveys/<slug>/about-you", methods=["GET", "POST"])
@public
@limiter.limit("120 per hour", methods=["POST"])
@transactional
def survey_about(slug: str) -> BaseResponse | str:
    """Who is answering and where: only so the results can be split by group and area."""
    survey = _survey_or_404(slug)
    if services.state(survey) != "open":
        return _closed_page(survey)
    response = _response_or_redirect(survey)
    if not isinstance(response, SurveyResponse):
        return response
    if request.method == "GET":
        form = AboutYouForm(respondent_group=response.respondent_group, area=response.area)
    else:
        form = AboutYouForm()
        if form.validate():
            services.set_about_you(response, group=form.respondent_group.data, area=form.area.data)
            if request.form.get("save_later") and not survey.anonymous:
                return redirect(url_for("surveys.survey_saved", slug=slug), code=303)
            return redirect(_next_url(survey, response), code=303)
    return render_template("surveys/about_you.html", survey=survey, form=form, response=response, **_words(survey))


@bp.route("/surveys/<slug>/questions/<int:number>", methods=["GET", "POST"])
@public
@limiter.limit("300 per hour", methods=["POST"])
@transactional
def survey_question(slug: str, number: int) -> BaseResponse | str:
    """One question a page (the GOV.UK pattern), with a back link along the person's own route."""
    survey = _survey_or_404(slug)
    if services.state(survey) != "open":
        return _closed_page(survey)
    response = _response_or_redirect(survey)
    if not isinstance(response, SurveyResponse):
        return response
    question = next((q for q in survey.questions if q.position == number), None)
    if question is None:
        abort(404)
    if response.respondent_group is None or not services.on_path(survey, response, question):
        return redirect(_next_url(survey, response), code=303)
    locale = get_locale()
    stored = services.answers_by_question(response).get(question.id)
    if request.method == "GET":
        defaults = form_defaults(question, stored.value, stored.text) if stored else {}
        form = answer_form(question, locale, formdata=None, data=defaults)
    else:
        form = answer_form(question, locale)
        save_later = bool(request.form.get("save_later")) and not survey.anonymous
        if form.validate():
            value, text = form_value(question, form)
            services.save_answer(response, question, value=value, text=text)
            if save_later:
                return redirect(url_for("surveys.survey_saved", slug=slug), code=303)
            return redirect(_next_url(survey, response), code=303)
        if save_later:
            # Saving for later keeps what was there before; nothing half-typed is lost silently.
            return redirect(url_for("surveys.survey_saved", slug=slug), code=303)
    previous = services.previous_on_path(survey, response, question)
    back = (url_for("surveys.survey_question", slug=slug, number=previous.position) if previous
            else url_for("surveys.survey_about", slug=slug))  # fmt: skip
    text, text_lang = services.localised(question, "text", locale)
    if response.easy_read:
        easy, easy_lang = services.localised(question, "easy_read", locale)
        if easy:
            text, text_lang = easy, easy_lang
    help_text, help_lang = services.localised(question, "help", locale)
    return render_template(
        "surveys/question.html",
        survey=survey,
        question=question,
        form=form,
        response=response,
        back=back,
        question_text=text,
        question_lang=text_lang,
        help_text=help_text,
        help_lang=help_lang,
        total=len(survey.questions),
        **_words(survey),
    )


@bp.get("/surveys/<slug>/saved")
@public
def survey_saved(slug: str) -> BaseResponse | str:
    """'We have saved your answers': signed-in people come back to the start page to carry on."""
    survey = _survey_or_404(slug)
    return render_template("surveys/saved.html", survey=survey, **_words(survey))


@bp.get("/surveys/<slug>/check")
@public
def survey_check(slug: str) -> BaseResponse | str:
    """Check your answers before sending them."""
    survey = _survey_or_404(slug)
    if services.state(survey) != "open":
        return _closed_page(survey)
    response = _response_or_redirect(survey)
    if not isinstance(response, SurveyResponse):
        return response
    if response.respondent_group is None:
        return redirect(_next_url(survey, response), code=303)
    _seen, upcoming = services.path(survey, response)
    if upcoming is not None:
        return redirect(url_for("surveys.survey_question", slug=slug, number=upcoming.position), code=303)
    return render_template("surveys/check.html", survey=survey, response=response, form=ActionForm(),
                           rows=services.check_rows(survey, response), **_check_context(survey))  # fmt: skip


def _check_context(survey: Survey) -> dict[str, object]:
    locale = get_locale()
    return {
        "groups": dict(services.GROUPS),
        "areas": dict(services.areas()),
        "words_of": lambda q, a: services.answer_words(q, a, locale),
        "text_of": lambda q: services.localised(q, "text", locale),
        **_words(survey),
    }


@bp.post("/surveys/<slug>/check")
@public
@limiter.limit("60 per hour")
@transactional
def survey_submit(slug: str) -> BaseResponse | str:
    """Send the answers. A second click (or a resubmitted form) finds them already sent and just says thanks."""
    survey = _survey_or_404(slug)
    form = ActionForm()
    if not form.validate():
        abort(400)
    response = _current_response(survey)
    token = request.form.get("response", "")
    if response is None or response.token != token:
        return redirect(url_for("surveys.survey_start", slug=slug), code=303)
    try:
        services.submit(survey, response)
    except services.SurveyClosed:
        return _closed_page(survey)
    except services.Incomplete as missing:
        return redirect(url_for("surveys.survey_question", slug=slug, number=missing.missing[0].position), code=303)
    return redirect(url_for("surveys.survey_done", slug=slug), code=303)


@bp.get("/surveys/<slug>/done")
@public
def survey_done(slug: str) -> str:
    """The confirmation page."""
    survey = _survey_or_404(slug)
    response = _current_response(survey)
    sent = response is not None and response.submitted_at is not None
    return render_template("surveys/done.html", survey=survey, sent=sent, **_words(survey))


# Building (participation lead, administrator) ------------------------------------------------------


def _survey_for_officer(survey_id: str) -> Survey:
    try:
        return services.get_survey(survey_id)
    except services.SurveyNotFound:
        abort(404)


def _question_for_officer(survey: Survey, question_id: str) -> SurveyQuestion:
    try:
        return services.get_question(survey, question_id)
    except services.SurveyNotFound:
        abort(404)


def _can_build() -> bool:
    user = auth.current_user()
    return bool(user and user.has_role(*BUILD_ROLES))


@bp.get("/officers/surveys")
@officer_required(*RESULTS_ROLES)
@totp.second_factor_required
def survey_list() -> str:
    """Every survey, its state and how many responses it has."""
    return render_template("surveys/officer_list.html", surveys=services.list_surveys(), state_of=services.state,
                           can_build=_can_build())  # fmt: skip


def _survey_values(form: SurveyForm) -> dict[str, object]:
    return {
        "title": form.title.data,
        "title_cy": form.title_cy.data,
        "intro": form.intro.data or "",
        "intro_cy": form.intro_cy.data,
        "opens_on": form.opens_on.data,
        "closes_on": form.closes_on.data,
        "anonymous": form.anonymous.data == "yes",
    }


@bp.route("/officers/surveys/new", methods=["GET", "POST"])
@officer_required(*BUILD_ROLES)
@totp.second_factor_required
@transactional
def survey_new() -> BaseResponse | str:
    """Start a new survey (a draft until it is published)."""
    form = SurveyForm()
    if form.validate_on_submit():
        survey = services.create_survey(user=auth.current_user(), slug=form.slug.data, **_survey_values(form))
        return redirect(url_for("surveys.survey_detail", survey_id=survey.id), code=303)
    return render_template("surveys/officer_survey_form.html", form=form, survey=None)


@bp.route("/officers/surveys/<survey_id>/settings", methods=["GET", "POST"])
@officer_required(*BUILD_ROLES)
@totp.second_factor_required
@transactional
def survey_edit(survey_id: str) -> BaseResponse | str:
    """Change a survey's title, introduction, dates and who can answer."""
    survey = _survey_for_officer(survey_id)
    if request.method == "GET":
        form = SurveyForm(obj=survey, anonymous="yes" if survey.anonymous else "no")
        form.anonymous.data = "yes" if survey.anonymous else "no"
    else:
        form = SurveyForm()
        if form.validate():
            services.update_survey(survey, user=auth.current_user(), slug=form.slug.data, **_survey_values(form))
            return redirect(url_for("surveys.survey_detail", survey_id=survey.id), code=303)
    return render_template("surveys/officer_survey_form.html", form=form, survey=survey)


@bp.get("/officers/surveys/<survey_id>")
@officer_required(*BUILD_ROLES)
@totp.second_factor_required
def survey_detail(survey_id: str) -> str:
    """The builder: settings, questions in order, preview, publish."""
    survey = _survey_for_officer(survey_id)
    return render_template(
        "surveys/officer_survey.html",
        survey=survey,
        survey_state=services.state(survey),
        responses=services.count_submitted(survey),
        kind_labels=services.KIND_LABELS,
        routing_text=services.routing_text,
        action_form=ActionForm(),
        public_url=absolute_url("surveys.survey_start", slug=survey.slug),
    )


def _question_values(form: QuestionForm, question: SurveyQuestion | None) -> dict[str, object]:
    kind = form.kind.data
    return {
        "kind": kind,
        "text": form.text.data,
        "text_cy": form.text_cy.data,
        "help": form.help.data,
        "help_cy": form.help_cy.data,
        "easy_read": form.easy_read.data,
        "easy_read_cy": form.easy_read_cy.data,
        "required": form.required.data == "yes",
        "options": services.parse_options(form.options.data or "", form.options_cy.data,
                                          question.options if question else None)
        if kind in ("single", "multiple")
        else services.parse_rating_labels(kind, form.options.data or "", form.options_cy.data)
        if kind in services.RATING_POINTS else [],
        "rows": services.parse_options(form.rows.data or "", form.rows_cy.data, question.rows if question else None,
                                       prefix="r")
        if kind == "likert" else [],
    }  # fmt: skip


@bp.route("/officers/surveys/<survey_id>/questions/new", methods=["GET", "POST"])
@officer_required(*BUILD_ROLES)
@totp.second_factor_required
@transactional
def question_new(survey_id: str) -> BaseResponse | str:
    """Add a question at the end of the survey."""
    survey = _survey_for_officer(survey_id)
    form = QuestionForm()
    if form.validate_on_submit():
        values = _question_values(form, None)
        # Check the routing against the question as it will be, before anything is written.
        position = len(survey.questions) + 1
        try:
            rules = services.parse_routing(form.routing.data or "", services.draft_question(position=position, **values),
                                           [q.position for q in survey.questions] + [position])  # fmt: skip
        except ValueError as problem:
            form.routing.errors = [str(problem.args[0])]
            return render_template("surveys/officer_question_form.html", form=form, survey=survey, question=None)
        question = services.add_question(survey, user=auth.current_user(), **values)
        if rules:
            services.update_question(question, user=auth.current_user(), routing=rules)
        return redirect(url_for("surveys.survey_detail", survey_id=survey.id, _anchor=f"q{question.position}"),
                        code=303)  # fmt: skip
    return render_template("surveys/officer_question_form.html", form=form, survey=survey, question=None)


@bp.route("/officers/surveys/<survey_id>/questions/<question_id>", methods=["GET", "POST"])
@officer_required(*BUILD_ROLES)
@totp.second_factor_required
@transactional
def question_edit(survey_id: str, question_id: str) -> BaseResponse | str:
    """Change a question, its answers, Welsh and easy read words, and its routing."""
    survey = _survey_for_officer(survey_id)
    question = _question_for_officer(survey, question_id)
    if request.method == "GET":
        form = QuestionForm(
            obj=question,
            required="yes" if question.required else "no",
            options=services.options_text(question.options, "en"),
            options_cy=services.options_text(question.options, "cy"),
            rows=services.options_text(question.rows, "en"),
            rows_cy=services.options_text(question.rows, "cy"),
            routing=services.routing_text(question),
        )
        form.required.data = "yes" if question.required else "no"
        form.options.data = services.options_text(question.options, "en")
        form.options_cy.data = services.options_text(question.options, "cy").strip() or ""
        form.rows.data = services.options_text(question.rows, "en")
        form.rows_cy.data = services.options_text(question.rows, "cy").strip() or ""
        form.routing.data = services.routing_text(question)
    else:
        form = QuestionForm()
        if form.validate():
            values = _question_values(form, question)
            user = auth.current_user()
            # Validate before writing: an invalid routing rule must leave the question exactly as it was.
            try:
                rules = services.parse_routing(form.routing.data or "",
                                               services.draft_question(position=question.position, **values),
                                               [q.position for q in survey.questions])  # fmt: skip
            except ValueError as problem:
                form.routing.errors = [str(problem.args[0])]
                return render_template("surveys/officer_question_form.html", form=form, survey=survey,
                                       question=question)  # fmt: skip
            services.update_question(question, user=user, routing=rules, **values)
            return redirect(url_for("surveys.survey_detail", survey_id=survey.id, _anchor=f"q{question.position}"),
                            code=303)  # fmt: skip
    return render_template("surveys/officer_question_form.html", form=form, survey=survey, question=question)


@bp.post("/officers/surveys/<survey_id>/questions/<question_id>/delete")
@officer_required(*BUILD_ROLES)
@totp.second_factor_required
@transactional
def question_delete(survey_id: str, question_id: str) -> BaseResponse:
    """Remove a question."""
    survey = _survey_for_officer(survey_id)
    if not ActionForm().validate():
        abort(400)
    question = _question_for_officer(survey, question_id)
    services.delete_question(question, user=auth.current_user())
    return redirect(url_for("surveys.survey_detail", survey_id=survey.id), code=303)


@bp.post("/officers/surveys/<survey_id>/questions/<question_id>/move")
@officer_required(*BUILD_ROLES)
@totp.second_factor_required
@transactional
def question_move(survey_id: str, question_id: str) -> BaseResponse:
    """Move a question up or down one place."""
    survey = _survey_for_officer(survey_id)
    if not ActionForm().validate():
        abort(400)
    question = _question_for_officer(survey, question_id)
    services.move_question(question, user=auth.current_user(), up=request.form.get("direction") == "up")
    return redirect(url_for("surveys.survey_detail", survey_id=survey.id, _anchor=f"q{question.position}"), code=303)


@bp.get("/officers/surveys/<survey_id>/preview")
@officer_required(*BUILD_ROLES)
@totp.second_factor_required
def survey_preview(survey_id: str) -> str:
    """Every question as families will see it, in English, Welsh or easy read (nothing can be sent)."""
    survey = _survey_for_officer(survey_id)
    locale = "cy" if request.args.get("version") == "cy" else "en"
    easy = request.args.get("version") == "easy"
    questions = []
    for question in survey.questions:
        text, lang = services.localised(question, "text", locale)
        if easy and question.easy_read:
            text = question.easy_read
        help_text, help_lang = services.localised(question, "help", locale)
        form = answer_form(question, locale, formdata=None, meta={"csrf": False}, prefix=f"q{question.position}")
        questions.append({"question": question, "text": text, "lang": lang, "help": help_text, "help_lang": help_lang,
                          "form": form})  # fmt: skip
    title, title_lang = services.localised(survey, "title", locale)
    return render_template("surveys/officer_preview.html", survey=survey, questions=questions, version=locale
                           if not easy else "easy", preview_title=title, preview_title_lang=title_lang,
                           routing_text=services.routing_text)  # fmt: skip


@bp.post("/officers/surveys/<survey_id>/publish")
@officer_required(*BUILD_ROLES)
@totp.second_factor_required
@transactional
def survey_publish(survey_id: str) -> BaseResponse | str:
    """Publish (the link starts working), take back to draft, or close now."""
    survey = _survey_for_officer(survey_id)
    if not ActionForm().validate():
        abort(400)
    action = request.form.get("action")
    user = auth.current_user()
    if action == "publish":
        try:
            services.set_published(survey, user=user, published=True)
        except ValueError:
            return redirect(url_for("surveys.survey_detail", survey_id=survey.id, error="no-questions"), code=303)
    elif action == "unpublish":
        services.set_published(survey, user=user, published=False)
    elif action == "close":
        services.close_now(survey, user=user)
    else:
        abort(400)
    return redirect(url_for("surveys.survey_detail", survey_id=survey.id), code=303)


# Results -----------------------------------------------------------------------------------------


@bp.get("/officers/surveys/<survey_id>/results")
@officer_required(*RESULTS_ROLES)
@totp.second_factor_required
def survey_results(survey_id: str) -> Response:
    """Results as charts and tables, filtered by group and area; htmx refreshes the figures every few seconds."""
    survey = _survey_for_officer(survey_id)
    form = ResultsFilterForm(request.args)
    group = form.group.data if form.validate() and form.group.data else None
    area = form.area.data if form.area.data and form.area.data in dict(services.areas()) else None
    found = results.results(survey, group=group, area=area, locale=get_locale())
    return render_page(
        "surveys/officer_results.html",
        fragment="survey_results",
        survey=survey,
        filter_form=form,
        found=found,
        bar_width=results.bar_width,
        can_build=_can_build(),
        query=request.query_string.decode(),
    )


@bp.get("/officers/surveys/<survey_id>/results.csv")
@officer_required(*RESULTS_ROLES)
@totp.second_factor_required
@transactional
def survey_results_csv(survey_id: str) -> Response:
    """Every response as a row: free text masked, flagged text held back."""
    survey = _survey_for_officer(survey_id)
    form = ResultsFilterForm(request.args)
    group = form.group.data or None if form.validate() else None
    area = form.area.data if form.area.data in dict(services.areas()) else None
    body = results.csv_export(survey, group=group, area=area)
    auth.audit(actor=auth.current_user(), action="survey.export", object_type="survey", object_id=survey.id)
    response = Response(body, mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{survey.slug}-results.csv"'
    return response


@bp.get("/officers/surveys/<survey_id>/questions/<question_id>/themes")
@officer_required(*BUILD_ROLES)
@totp.second_factor_required
def question_themes(survey_id: str, question_id: str) -> str:
    """Tag free-text answers with themes, with suggestions from the words people used."""
    survey = _survey_for_officer(survey_id)
    question = _question_for_officer(survey, question_id)
    if question.kind != "text":
        abort(404)
    found = results.results(survey, locale=get_locale())
    result = next(r for r in found.questions if r.question.id == question.id)
    themes = results.survey_themes(survey)
    forms = {}
    for answer in result.texts:
        form = TagForm(formdata=None, prefix=f"a{answer.id[:8]}")
        form.themes.choices = [(t.id, t.name) for t in themes]
        form.themes.data = [t.id for t in themes if t.name in answer.themes]
        forms[answer.id] = form
    return render_template("surveys/officer_themes.html", survey=survey, question=question, result=result,
                           forms=forms, suggestions=results.theme_suggestions(result, themes),
                           themes=themes)  # fmt: skip


@bp.post("/officers/surveys/<survey_id>/answers/<answer_id>/themes")
@officer_required(*BUILD_ROLES)
@totp.second_factor_required
@transactional
def tag_answer(survey_id: str, answer_id: str) -> BaseResponse:
    """Save the themes of one answer."""
    survey = _survey_for_officer(survey_id)
    try:
        answer = results.get_text_answer(survey, answer_id)
    except services.SurveyNotFound:
        abort(404)
    prefix = f"a{answer.id[:8]}"
    form = TagForm(prefix=prefix)
    form.themes.choices = [(t.id, t.name) for t in results.survey_themes(survey)]
    if not form.validate():
        abort(400)
    results.set_answer_themes(survey, answer, form.themes.data or [], user=auth.current_user(),
                              new_theme=form.new_theme.data)  # fmt: skip
    return redirect(url_for("surveys.question_themes", survey_id=survey.id, question_id=answer.question_id,
                            _anchor=f"answer-{answer.id}"), code=303)  # fmt: skip
