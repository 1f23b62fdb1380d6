"""Language: ?lang= (which also sets the cookie), then the locale cookie, then Accept-Language, then English."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, Flask, Response, current_app, has_request_context, redirect, request

from portal.headers import add_vary
from portal.security import public

LOCALE_COOKIE = "locale"
LANGUAGE_NAMES = {"en": "English", "cy": "Cymraeg", "ur": "اردو"}

bp = Blueprint("i18n", __name__)


def supported() -> tuple[str, ...]:
    return tuple(current_app.config["LANGUAGES"])


def _valid(code: str | None) -> str | None:
    if not code:
        return None
    code = code.strip().lower()[:8]
    return code if code in supported() else None


def get_locale() -> str:
    """The interface language for this request."""
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    cached = request.environ.get("portal.locale")
    if cached:
        return cached
    locale = (
        _valid(request.args.get("lang"))
        or _valid(request.cookies.get(LOCALE_COOKIE))
        or request.accept_languages.best_match(supported())
        or current_app.config["BABEL_DEFAULT_LOCALE"]
    )
    request.environ["portal.locale"] = locale
    return locale


def text_direction(locale: str | None = None) -> str:
    return "rtl" if (locale or get_locale()) in current_app.config["RTL_LANGUAGES"] else "ltr"


def _set_cookie(response: Response, code: str) -> None:
    response.set_cookie(
        LOCALE_COOKIE,
        code,
        max_age=365 * 24 * 3600,
        secure=current_app.config["SESSION_COOKIE_SECURE"],
        httponly=True,
        samesite="Lax",
    )


def safe_next(target: str | None) -> str:
    """Only same-site paths: never an open redirect."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return "/"
    return target


@bp.get("/language/<code>")
@public
def switch_language(code: str) -> Response:
    """Remember the chosen language and go back to the page the user was on."""
    chosen = _valid(code) or current_app.config["BABEL_DEFAULT_LOCALE"]
    response = redirect(safe_next(request.args.get("next")), code=303)
    _set_cookie(response, chosen)
    return response


def language_links(next_value: str | None = None) -> list[dict[str, str | bool]]:
    """Links for the header's language switch: each keeps the current page.

    `next_value` goes into the links as it is, in place of the current page's quoted address (the cached page
    layout puts a placeholder there, filled in for each response: portal/fragment_cache.py).
    """
    current = get_locale()
    if next_value is None:
        next_value = _quote(request.full_path.rstrip("?") if request else "/")
    links = []
    for code in supported():
        links.append(
            {
                "code": code,
                "name": LANGUAGE_NAMES.get(code, code),
                "href": f"/language/{code}?next={next_value}",
                "current": code == current,
            }
        )
    return links


def _quote(path: str) -> str:
    from urllib.parse import quote

    return quote(path, safe="")


def init_i18n(app: Flask) -> None:
    app.register_blueprint(bp)

    @app.after_request
    def _remember_lang(response: Response) -> Response:
        chosen = _valid(request.args.get("lang"))
        if chosen and request.cookies.get(LOCALE_COOKIE) != chosen:
            _set_cookie(response, chosen)
        add_vary(response, "Cookie", "Accept-Language")
        return response
