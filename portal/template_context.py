"""What every template can see: the council, the language, the CSP nonce."""

from __future__ import annotations

from typing import Any

from flask import current_app, has_request_context, request
from flask_babel import gettext

from portal.headers import csp_nonce
from portal.i18n import get_locale, language_links, text_direction


def service_name(council: Any) -> str:
    """The service's name in the visitor's language: the default name is translated, a council's own is kept."""
    return gettext("SEND Local Offer") if council.service_name == "SEND Local Offer" else council.service_name


def inject_globals() -> dict[str, Any]:
    council = current_app.config["COUNCIL"]
    locale = get_locale()
    if not has_request_context():  # e-mails rendered by console commands and jobs
        return {
            "council": council,
            "service_name": service_name(council),
            "htmlLang": locale,
            "textDirection": text_direction(locale),
        }
    return {
        "council": council,
        "service_name": service_name(council),
        "cspNonce": csp_nonce(),
        "htmlLang": locale,
        "textDirection": text_direction(locale),
        "language_links": language_links(),
        "current_path": request.path,
        "asset_version": current_app.config.get("ASSET_VERSION", "1"),
    }
