"""Home, information pages and the health check."""

from __future__ import annotations

from flask import Response, jsonify, render_template

from portal.core import bp
from portal.core.services import readiness_checks
from portal.i18n import get_locale
from portal.local_offer import content as lo_content
from portal.local_offer import services as local_offer
from portal.page_cache import cached_page
from portal.security import public


@bp.get("/")
@public
@cached_page
def home() -> str:
    """Start page: search, urgent help, and every topic within one click."""
    return render_template(
        "core/home.html",
        sections=lo_content.SECTIONS,
        groups=local_offer.pages_by_section(get_locale()),
        age_bands=lo_content.AGE_BANDS,
        needs=lo_content.NEEDS,
    )


@bp.get("/accessibility")
@public
@cached_page
def accessibility() -> str:
    return render_template("core/accessibility.html")


@bp.get("/privacy")
@public
@cached_page
def privacy() -> str:
    return render_template("core/privacy.html")


@bp.get("/cookies")
@public
@cached_page
def cookies() -> str:
    return render_template("core/cookies.html")


@bp.get("/contact")
@public
@cached_page
def contact() -> str:
    return render_template("core/contact.html")


@bp.get("/healthz")
@public
def healthcheck() -> Response:
    """Liveness: this process answers (a load balancer restarts it when it does not)."""
    return jsonify(status="ok")


@bp.get("/readyz")
@public
def readiness() -> Response:
    """Readiness: the database, Redis (when configured) and this node's search index all answer."""
    checks = readiness_checks()
    ready = all(ok for ok in checks.values())
    response = jsonify(
        status="ok" if ready else "unavailable", checks={k: "ok" if v else "failing" for k, v in checks.items()}
    )
    response.status_code = 200 if ready else 503
    response.headers["Cache-Control"] = "no-store"
    return response
