"""The SEND family portal: create_app() is the only way an app is made."""

from __future__ import annotations

from collections.abc import Callable
from inspect import CO_COROUTINE
from pathlib import Path
from types import FunctionType
from typing import Any

from flask import Flask, request

from portal.config import ROOT, BaseConfig, get_config
from portal.platform.static_files import max_age
from portal.templating import PortalEnvironment


class PortalFlask(Flask):
    """Flask, with the portal's Jinja environment (portal/templating.py), and a quicker answer for the views and
    hooks that are plain functions when Flask asks, about each one on every request, whether it is a coroutine
    (inspect.iscoroutinefunction unwraps methods and partials first; the portal has no async views or hooks)."""

    jinja_environment = PortalEnvironment

    def get_send_file_max_age(self, filename: str | None) -> int | None:
        """A static file asked for at its fingerprinted address (static_url) is kept by the browser for a year."""
        # Only the app's own static files: send_file asks the same for a family's document downloads.
        if filename is None or self.static_folder is None or request.endpoint != "static":
            return super().get_send_file_max_age(filename)
        kept = max_age(self.static_folder, filename, request.args.get("v"), fresh=self.debug)
        return kept if kept is not None else super().get_send_file_max_age(filename)

    def ensure_sync(self, func: Callable[..., Any]) -> Callable[..., Any]:
        if (
            type(func) is FunctionType
            and not func.__code__.co_flags & CO_COROUTINE
            and getattr(func, "_is_coroutine_marker", None) is None  # inspect.markcoroutinefunction (3.12)
        ):
            return func
        return super().ensure_sync(func)


def create_app(config: BaseConfig | str | None = None, **overrides: Any) -> Flask:
    """Build the app: settings, extensions, templates, blueprints, errors, commands."""
    settings = config if isinstance(config, BaseConfig) else get_config(config)
    settings.validate()
    app = PortalFlask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(Path(__file__).parent / "static"),
        static_url_path="/static",
    )
    app.config.from_mapping(settings.as_flask())
    app.config.update(overrides)
    app.config["SETTINGS"] = settings
    from portal.front_cache import install as install_front_cache

    install_front_cache(app)  # inside ProxyFix, so it keys on the address the proxy says was asked for
    if app.config.get("TRUSTED_PROXIES"):
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = int(app.config["TRUSTED_PROXIES"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]

    from portal.compression import init_compression

    init_compression(app)

    from portal.log_filters import install as keep_tokens_out_of_logs

    keep_tokens_out_of_logs()

    from portal.logs import init_request_logging

    init_request_logging(app)
    _init_extensions(app)
    _init_templates(app)
    _register_blueprints(app)
    _register_personal_data()
    _init_content_freshness(app)

    from portal.safeguarding.web import init_safeguarding_web

    init_safeguarding_web(app)

    from portal.errors import register_error_handlers

    register_error_handlers(app)

    from portal.commands import register_commands

    register_commands(app)
    return app


def _init_extensions(app: Flask) -> None:
    from portal.auth.oidc import register_providers
    from portal.extensions import babel, csrf, db, limiter, oauth
    from portal.headers import init_security_headers
    from portal.i18n import get_locale, init_i18n
    from portal.platform.translations import install_jinja_callables

    db.init_app(app)
    csrf.init_app(app)
    babel.init_app(
        app,
        locale_selector=get_locale,
        default_translation_directories=str(Path(__file__).parent / "translations"),
    )
    install_jinja_callables(app)
    app.config["RATELIMIT_STORAGE_URI"] = app.config["RATELIMIT_STORAGE_URI"]
    limiter.init_app(app)
    oauth.init_app(app)
    register_providers(app)
    init_security_headers(app)
    init_i18n(app)


def _init_templates(app: Flask) -> None:
    from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader

    from portal import filters, fragment_cache
    from portal.template_context import in_lang, inject_globals, lang_attrs, static_url, typed, typed_attrs

    app.jinja_loader = ChoiceLoader(
        [
            FileSystemLoader(str(ROOT / "templates")),
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.add_extension("jinja2.ext.i18n")
    app.jinja_env.add_extension("jinja2.ext.do")
    filters.register(app)
    fragment_cache.register(app)
    app.context_processor(inject_globals)
    app.jinja_env.globals["lang_attrs"] = lang_attrs
    app.jinja_env.globals["in_lang"] = in_lang
    app.jinja_env.globals["typed"] = typed
    app.jinja_env.globals["typed_attrs"] = typed_attrs
    app.jinja_env.globals["static_url"] = static_url


# Further view modules on a domain's blueprint (kept apart so each stays small).
DOMAINS = ("core", "local_offer", "search", "chat", "auth", "officers", "oruk", "cases", "feedback", "surveys")
EXTRA_VIEWS: dict[str, tuple[str, ...]] = {
    "auth": ("family_views", "oidc", "account_views"),
    "feedback": ("complaints_views", "voice_views", "safeguarding_views"),
    "surveys": ("yousaid_views",),
    "cases": ("request_views", "family_views"),
    "local_offer": ("publishing_views",),
    "officers": ("contact_requests",),
}


def _register_blueprints(app: Flask) -> None:
    import importlib

    # Each domain's __init__ defines only its blueprint; importing views attaches the routes.
    for domain in DOMAINS:
        package = importlib.import_module(f"portal.{domain}")
        importlib.import_module(f"portal.{domain}.views")
        if domain == "officers":
            importlib.import_module("portal.officers.admin")
        for extra in EXTRA_VIEWS.get(domain, ()):
            importlib.import_module(f"portal.{domain}.{extra}")
        app.register_blueprint(package.bp)


# Domains that keep personal data, in the order "Your data" lists their sections and retention runs (each rule
# stands alone: none needs another to have run first).
PERSONAL_DATA = ("auth", "cases", "feedback", "surveys", "local_offer", "chat", "notifications", "search")


def _register_personal_data() -> None:
    import importlib

    for domain in PERSONAL_DATA:
        importlib.import_module(f"portal.{domain}.personal_data").register()


def _init_content_freshness(app: Flask) -> None:
    """Every web process notices when the content version moves (its worker rebuilds the index)."""
    from flask import request

    from portal.search.services import notice_content_version

    @app.before_request
    def _check_content_version() -> None:
        if request.endpoint in (None, "static", "core.healthcheck", "core.readiness"):
            return
        notice_content_version()
