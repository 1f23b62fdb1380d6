"""The public Local Offer: topic pages, browsing by age and need, and the directory of services."""

from __future__ import annotations

from flask import Response, abort, current_app, render_template, request

from portal.db import transactional
from portal.htmx import render_page
from portal.i18n import get_locale
from portal.local_offer import bp, services
from portal.local_offer import content as lo_content
from portal.page_cache import cached_page, cached_results
from portal.search import services as search_services
from portal.search.forms import SearchForm
from portal.security import public


@bp.get("/")
@public
@cached_page
def index() -> str:
    """Every topic, grouped the way families look for them."""
    return render_template(
        "local_offer/index.html",
        sections=lo_content.SECTIONS,
        groups=services.pages_by_section(get_locale()),
        age_bands=lo_content.AGE_BANDS,
        needs=lo_content.NEEDS,
    )


@bp.get("/age/<band>")
@public
@cached_page
def by_age(band: str) -> str:
    """Topics for one age group, with a link to the services for that age."""
    bands = {key: (label, low, high) for key, label, low, high in lo_content.AGE_BANDS}
    if band not in bands:
        abort(404)
    label, low, high = bands[band]
    return render_template(
        "local_offer/by_age.html",
        band=band,
        label=label,
        low=low,
        high=high,
        pages=services.pages_for_age(band, get_locale()),
    )


@bp.get("/need/<need>")
@public
@cached_page
def by_need(need: str) -> str:
    """Topics and services for one of the four broad areas of need."""
    if need not in lo_content.NEEDS:
        abort(404)
    pages = services.pages_for_need(need, get_locale())
    return render_template("local_offer/by_need.html", need=need, label=lo_content.NEEDS[need], pages=pages)


@bp.get("/services")
@public
@transactional
@cached_page
def directory() -> Response:
    """The directory of services: filter by category, age, need, cost and distance."""
    form = SearchForm(request.args)
    form.validate()
    params = form.params(locale=get_locale(), kind="service")
    results = cached_results(params, lambda: search_services.search(params), record_gap=search_services.record_gap)
    return render_page("local_offer/directory.html", fragment="search_results", form=form, results=results)


@bp.get("/services/<service_id>")
@public
@cached_page
def service_detail(service_id: str) -> str:
    """One service: who it is for, cost, when and where, how to get it, and when it was last checked."""
    try:
        service = services.get_service(service_id)
    except services.ServiceNotFound:
        abort(404)
    return render_template(
        "local_offer/service_detail.html",
        service=service,
        stale=services.is_stale(service.assured_date),
        categories=lo_content.CATEGORIES,
        need_labels=[str(lo_content.NEEDS[n]) for n in service.need_types if n in lo_content.NEEDS],
        costs=lo_content.COSTS,
    )


@bp.get("/<slug>")
@public
@cached_page
def page(slug: str) -> str:
    """A Local Offer page, in the visitor's language where translated, or its easy-read version."""
    easy = request.args.get("view") == "easy-read"
    try:
        view = services.get_page(slug, locale=get_locale(), variant="easy-read" if easy else "standard")
    except services.PageNotFound:
        abort(404)
    if easy and view.page.variant != "easy-read":
        abort(404)
    council = current_app.config["COUNCIL"]
    return render_template(
        "local_offer/page.html",
        view=view,
        page=view.page,
        body=services.page_html(view.page, council.placeholders()),
        related=services.related_pages(view.english, get_locale()),
        sections=lo_content.SECTIONS,
        easy=easy,
    )
