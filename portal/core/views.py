"""Home, information pages and the health check."""

from __future__ import annotations

from flask import Response, jsonify, render_template
from sqlalchemy import text

from portal.core import bp
from portal.db import db
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
    """For load balancers: the database answers."""
    db.session.execute(text("SELECT 1"))
    return jsonify(status="ok")
