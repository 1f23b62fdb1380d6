"""Interface text through Flask-Babel, with the translations looked up once per request and language.

Flask-Babel finds the translations for every single string again: three or four look-ups through Flask's
context proxies, the locale turned back into its name, then its cache. A page calls gettext 30 to 100 times,
so that was a noticeable part of rendering one. `Domain.get_translations` here keeps the answer beside
Flask-Babel's own per-request state, under the exact locale object and domain it was found for: a changed
locale (`force_locale`, `refresh`) or domain finds them afresh, so the text is always what Flask-Babel would
have given.
"""

from __future__ import annotations

from typing import Any

from babel.support import NullTranslations, Translations
from flask import Flask, g, has_app_context
from flask_babel import Babel, Domain
from werkzeug.utils import cached_property

_KEPT = "portal_translations"


def _state() -> Any:
    """Flask-Babel's per-request namespace (its locale and domain), or None before it has made one."""
    return getattr(g, "_flask_babel", None) if has_app_context() else None


class RequestDomain(Domain):
    """Flask-Babel's message domain, remembering this request's translations."""

    def get_translations(self) -> Translations | NullTranslations:
        state = _state()
        if state is not None:
            kept = getattr(state, _KEPT, None)
            if kept is not None and kept[0] is self and kept[1] is getattr(state, "babel_locale", None):
                return kept[2]
        translations = super().get_translations()
        state = state or _state()
        if state is not None and isinstance(translations, Translations):
            setattr(state, _KEPT, (self, getattr(state, "babel_locale", None), translations))
        return translations


class PortalBabel(Babel):
    """Flask-Babel, with the default domain above."""

    @cached_property
    def domain_instance(self) -> Domain:
        return RequestDomain(domain=self.domain)


def translations() -> Translations | NullTranslations:
    """This request's translations (in the forced locale inside `force_locale`), as flask_babel.get_translations."""
    state = _state()
    domain = getattr(state, "babel_domain", None) if state is not None else None
    if domain is None:
        from flask_babel import get_domain

        domain = get_domain()
    return domain.get_translations()


def install_jinja_callables(app: Flask) -> None:
    """`_()`, `gettext` and `ngettext` in templates, reading translations() (Flask-Babel installs the same,
    looking them up afresh on every call)."""
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]  # added by jinja2.ext.i18n
        gettext=lambda s: translations().ugettext(s),
        ngettext=lambda s, p, n: translations().ungettext(s, p, n),
        pgettext=lambda c, s: translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: translations().unpgettext(c, s, p, n),
        newstyle=True,
    )
