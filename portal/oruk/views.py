"""The Open Referral UK feed: anonymous, read-only JSON for other directories and apps.

English-only by design: field names and error details are part of the data standard, not interface text.
"""

from __future__ import annotations

from flask import Response, jsonify, request, url_for
from werkzeug.exceptions import HTTPException

from portal.oruk import bp, openapi, params, services
from portal.page_cache import cached_feed
from portal.security import public


@bp.after_request
def _open_data_headers(response: Response) -> Response:
    # The profile requires that any web page can read the feed.
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


def _error(status: int, error: str, detail: str) -> tuple[Response, int]:
    return jsonify(status=status, error=error, detail=detail), status


@bp.errorhandler(params.BadParameter)
def _bad_parameter(exc: params.BadParameter) -> tuple[Response, int]:
    return _error(400, "Bad Request", f"{exc.name} {exc.message}")


@bp.errorhandler(services.NotFound)
def _not_found(_exc: services.NotFound) -> tuple[Response, int]:
    return _error(404, "Not Found", "Nothing published has that id.")


@bp.errorhandler(HTTPException)
def _http_error(exc: HTTPException) -> tuple[Response, int]:
    code = exc.code or 500
    return _error(code, exc.name, exc.description or exc.name)


@bp.get("/")
@public
@cached_feed
def api_info() -> Response:
    """The HSDS version and profile, and where the OpenAPI document is."""
    return jsonify(services.api_info(url_for("oruk.openapi_document", _external=True)))


@bp.get("/openapi.json")
@public
def openapi_document() -> Response:
    """The feed's own OpenAPI document."""
    return jsonify(openapi.document())


@bp.get("/services")
@public
@cached_feed
def services_list() -> Response:
    """A page of published services."""
    return jsonify(services.services_page(params.service_filters(request.args), params.paging(request.args)))


@bp.get("/services/<service_id>")
@public
@cached_feed
def service_detail(service_id: str) -> Response:
    """One published service, fully nested."""
    return jsonify(services.service_detail(service_id))


@bp.get("/service_at_locations")
@public
@cached_feed
def service_at_locations_list() -> Response:
    """A page of places where published services are offered, optionally nearest first from a postcode."""
    args = request.args
    return jsonify(
        services.service_at_locations_page(params.service_filters(args), params.paging(args), params.nearby(args))
    )


@bp.get("/service_at_locations/<sal_id>")
@public
@cached_feed
def service_at_location_detail(sal_id: str) -> Response:
    """One place where a published service is offered, fully nested."""
    return jsonify(services.service_at_location_detail(sal_id))


@bp.get("/taxonomies")
@public
@cached_feed
def taxonomies_list() -> Response:
    """A page of taxonomies."""
    return jsonify(services.taxonomies_page(params.paging(request.args)))


@bp.get("/taxonomies/<taxonomy_id>")
@public
@cached_feed
def taxonomy_detail(taxonomy_id: str) -> Response:
    """One taxonomy with its terms."""
    return jsonify(services.taxonomy_detail(taxonomy_id))


@bp.get("/taxonomy_terms")
@public
@cached_feed
def taxonomy_terms_list() -> Response:
    """A page of taxonomy terms."""
    return jsonify(services.taxonomy_terms_page(params.term_filters(request.args), params.paging(request.args)))


@bp.get("/taxonomy_terms/<term_id>")
@public
@cached_feed
def taxonomy_term_detail(term_id: str) -> Response:
    """One taxonomy term with its taxonomy."""
    return jsonify(services.taxonomy_term_detail(term_id))


@bp.get("/<path:unknown>")
@public
def unknown_path(unknown: str) -> tuple[Response, int]:
    """Anything else under the feed: a JSON 404, not the site's HTML error page."""
    return _error(404, "Not Found", "There is no such endpoint in this feed.")
