"""Search: a plain GET form; htmx swaps in the results as you type."""

from __future__ import annotations

from flask import Response, request

from portal.db import transactional
from portal.extensions import limiter
from portal.htmx import render_page
from portal.i18n import get_locale
from portal.page_cache import cached_page, cached_results
from portal.search import bp, services
from portal.search.forms import SearchForm
from portal.security import public


@bp.get("")
@public
@limiter.limit("120 per minute")
@transactional
@cached_page
def results() -> Response:
    """Search pages and services, with filters and pagination."""
    form = SearchForm(request.args)
    form.validate()
    params = form.params(locale=get_locale())
    hits = None
    if params.q or form.active_filters():
        hits = cached_results(params, lambda: services.search(params), record_gap=services.record_gap)
    return render_page("search/results.html", fragment="search_results", form=form, results=hits)
