"""What every template can see: the council, the language, the CSP nonce."""

from __future__ import annotations

from typing import Any

from flask import current_app, has_request_context, request, url_for
from flask_babel import gettext
from markupsafe import Markup

from portal.headers import csp_nonce
from portal.i18n import get_locale, text_direction
from portal.platform.language import evidence
from portal.platform.static_files import fingerprint


def service_name(council: Any) -> str:
    """The service's name in the visitor's language: the default name is translated, a council's own is kept."""
    return gettext("SEND Local Offer") if council.service_name == "SEND Local Offer" else council.service_name


def lang_attrs(code: str | None = "en") -> Markup:
    """lang (and dir, when it differs) for text in another language than the page's, so screen readers switch voice.

    Empty when the text is in the page's language. Provider text and pages we have only in English are
    written in English: `<p{{ lang_attrs() }}>{{ service.description }}</p>`.
    """
    code = code or "en"
    page = get_locale()
    if code == page:
        return Markup("")
    attrs = Markup(' lang="{}"').format(code)
    if text_direction(code) != text_direction(page):
        attrs += Markup(' dir="{}"').format(text_direction(code))
    return attrs


def in_lang(text: object, code: str | None = "en") -> Markup:
    """Inline text in another language, as a span carrying lang_attrs; plain (escaped) text when it is the page's."""
    attrs = lang_attrs(code)
    return Markup("<span{}>{}</span>").format(attrs, text) if attrs else Markup("{}").format(text)


def typed_attrs(text: object) -> Markup:
    """lang (and dir) for words someone typed (a complaint, a comment, a search), when the words show a language
    that is not the page's: `<p{{ typed_attrs(complaint.what_happened) }}>`. No claim without evidence."""
    written = evidence(str(text or ""))
    return lang_attrs(written) if written else Markup("")


def typed(text: object) -> Markup:
    """Inline words someone typed, marked as typed_attrs says (for table cells and summary lists)."""
    attrs = typed_attrs(text)
    return Markup("<span{}>{}</span>").format(attrs, text) if attrs else Markup("{}").format(text)


_STATIC_URLS: dict[tuple[str, str, str], str] = {}


def static_url(filename: str) -> str:
    """url_for("static", filename=...) with ?v= the file's fingerprint (portal.platform.static_files), worked out once per
    address the app is served at: the layout asks for four of them on every page, and they never change while
    the app runs (but for `flask run --debug`, where an edited file gets its new address at once). A browser keeps
    a fingerprinted file for a year without asking again (PortalFlask.get_send_file_max_age), and a deploy that
    changes the file changes its address."""
    key = (request.script_root, current_app.static_url_path or "", filename)
    url = None if current_app.debug else _STATIC_URLS.get(key)
    if url is None:
        if len(_STATIC_URLS) > 1000:  # only the layout's few files are asked for; never let it grow
            _STATIC_URLS.clear()
        version = fingerprint(current_app.static_folder or "", filename, fresh=current_app.debug)
        url = _STATIC_URLS[key] = url_for("static", filename=filename, v=version)
    return url


def nav_section(path: str) -> str | None:
    """Which item of the service navigation the page at `path` belongs to (it is shown as the current one)."""
    if path == "/local-offer/urgent-help":
        return "urgent"
    if path.startswith("/local-offer/services"):
        return "services"
    for prefix, section in (("/local-offer", "topics"), ("/search", "search"), ("/ask", "ask"),
                            ("/young-people", "young-people")):  # fmt: skip
        if path.startswith(prefix):
            return section
    return None


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
        "current_path": request.path,
        "nav_section": nav_section(request.path),
    }
