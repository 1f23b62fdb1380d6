"""Typed settings read from the environment only.

The embedded default (SQLite, a local Whoosh index, an outbox table for e-mail) needs no
settings at all. Production must be told its secret key and database, and refuses to start
without them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from portal.platform.links import trusted_hosts

ROOT = Path(__file__).resolve().parent.parent


def _env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def _env_bool(name: str, default: bool) -> bool:
    value = _env(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_int(name: str, default: int) -> int:
    value = _env(name)
    return int(value) if value is not None else default


@dataclass(frozen=True)
class Council:
    """Who the portal belongs to: everything here is shown to the public."""

    name: str = "Wessex County Council"
    short_name: str = "Wessex"
    service_name: str = "SEND Local Offer"
    website: str = "https://www.wessex.example.gov.uk"
    sen_team_phone: str = "01632 960100"
    sen_team_email: str = "send.team@wessex.example.gov.uk"
    sendiass_name: str = "Wessex SENDIASS"
    sendiass_phone: str = "01632 960200"
    sendiass_email: str = "hello@wessexsendiass.example.org"
    front_door_phone: str = "01632 960300"
    out_of_hours_phone: str = "01632 960399"
    pcf_name: str = "Wessex Parent Carer Forum"
    complaints_email: str = "complaints@wessex.example.gov.uk"
    complaints_phone: str = "01632 960400"
    local_offer_email: str = "localoffer@wessex.example.gov.uk"
    mediation_service_name: str = "Wessex SEND Mediation"
    address: str = "County Hall, Fictional Way, Kingsbridge WX1 1AA"

    def placeholders(self) -> dict[str, str]:
        """Values for the {{placeholders}} used in content/ pages."""
        return {
            "council_name": self.name,
            "sen_team_phone": self.sen_team_phone,
            "sen_team_email": self.sen_team_email,
            "sendiass_name": self.sendiass_name,
            "sendiass_phone": self.sendiass_phone,
            "sendiass_email": self.sendiass_email,
            "front_door_phone": self.front_door_phone,
            "out_of_hours_phone": self.out_of_hours_phone,
            "pcf_name": self.pcf_name,
            "complaints_email": self.complaints_email,
            "complaints_phone": self.complaints_phone,
            "local_offer_email": self.local_offer_email,
            "mediation_service_name": self.mediation_service_name,
        }


def council_from_env() -> Council:
    """Read the council's branding and contact details, falling back to the fictional demo council."""
    defaults = Council()
    values: dict[str, Any] = {}
    for name in Council.__dataclass_fields__:
        values[name] = _env(f"COUNCIL_{name.upper()}", getattr(defaults, name))
    return Council(**values)


@dataclass
class BaseConfig:
    ENV: str = "base"
    SECRET_KEY: str | None = field(default_factory=lambda: _env("SECRET_KEY"))
    DATABASE_URL: str = field(
        default_factory=lambda: _env("DATABASE_URL", f"sqlite:///{ROOT / 'instance' / 'portal.db'}") or ""
    )
    SEARCH_INDEX_DIR: str = field(default_factory=lambda: _env("SEARCH_INDEX_DIR", str(ROOT / "search_index")) or "")
    CONTENT_DIR: str = field(default_factory=lambda: _env("CONTENT_DIR", str(ROOT / "content")) or "")
    REDIS_URL: str | None = field(default_factory=lambda: _env("REDIS_URL"))
    COUNCIL: Council = field(default_factory=council_from_env)
    LANGUAGES: tuple[str, ...] = ("en", "cy", "ur")
    # Interface languages with a complete catalogue; others fall back to English words with the right direction.
    RTL_LANGUAGES: tuple[str, ...] = ("ur", "ar", "fa", "he", "ps")
    BABEL_DEFAULT_LOCALE: str = "en"
    BABEL_DEFAULT_TIMEZONE: str = "Europe/London"
    SESSION_COOKIE_SECURE: bool = True
    SESSION_COOKIE_HTTPONLY: bool = True
    SESSION_COOKIE_SAMESITE: str = "Lax"
    PREFERRED_URL_SCHEME: str = "https"
    WTF_CSRF_TIME_LIMIT: int | None = 3600 * 8
    WTF_CSRF_HEADERS: tuple[str, ...] = ("X-CSRFToken",)
    RATELIMIT_STORAGE_URI: str = field(default_factory=lambda: _env("REDIS_URL", "memory://") or "memory://")
    RATELIMIT_HEADERS_ENABLED: bool = True
    RATELIMIT_ENABLED: bool = field(default_factory=lambda: _env_bool("RATELIMIT_ENABLED", True))
    HSTS_SECONDS: int = 31536000
    # How often (seconds) a web process checks whether published content moved on.
    CONTENT_VERSION_CHECK_SECONDS: int = field(default_factory=lambda: _env_int("CONTENT_VERSION_CHECK_SECONDS", 5))
    SEARCH_GAP_RETENTION_DAYS: int = field(default_factory=lambda: _env_int("SEARCH_GAP_RETENTION_DAYS", 365))
    # Rendered public pages kept in memory per process (see portal/page_cache.py).
    PAGE_CACHE: bool = field(default_factory=lambda: _env_bool("PAGE_CACHE", True))
    # argon2id parameter set (portal/passwords.py): "owasp" everywhere but in tests.
    PASSWORD_HASH_PROFILE: str = "owasp"
    # GOV.UK Notify: with both set, `portal notifications send` delivers the outbox through Notify. The template's
    # subject must be ((subject)) and its body ((body)).
    NOTIFY_API_KEY: str | None = field(default_factory=lambda: _env("NOTIFY_API_KEY"))
    NOTIFY_EMAIL_TEMPLATE_ID: str | None = field(default_factory=lambda: _env("NOTIFY_EMAIL_TEMPLATE_ID"))
    NOTIFY_BASE_URL: str = field(
        default_factory=lambda: _env("NOTIFY_BASE_URL", "https://api.notifications.service.gov.uk") or ""
    )
    # How many reverse proxies sit in front of the app (0: none). Only then are X-Forwarded-For/-Proto/-Host
    # trusted, so sign-in redirect addresses and rate limits see the real scheme, host and client.
    TRUSTED_PROXIES: int = field(default_factory=lambda: _env_int("TRUSTED_PROXIES", 0))
    OFFICER_IDLE_MINUTES: int = field(default_factory=lambda: _env_int("OFFICER_IDLE_MINUTES", 30))
    FAMILY_IDLE_MINUTES: int = field(default_factory=lambda: _env_int("FAMILY_IDLE_MINUTES", 120))
    FAMILY_REMEMBER_DAYS: int = field(default_factory=lambda: _env_int("FAMILY_REMEMBER_DAYS", 30))
    # Absolute session lifetimes, however active the session is (families who chose "keep me signed in" get
    # FAMILY_REMEMBER_DAYS instead).
    OFFICER_SESSION_HOURS: int = field(default_factory=lambda: _env_int("OFFICER_SESSION_HOURS", 12))
    FAMILY_SESSION_HOURS: int = field(default_factory=lambda: _env_int("FAMILY_SESSION_HOURS", 12))
    PERMANENT_SESSION_LIFETIME: int = 30 * 24 * 3600
    OUTBOX_RETENTION_DAYS: int = field(default_factory=lambda: _env_int("OUTBOX_RETENTION_DAYS", 90))
    CALLBACK_RETENTION_DAYS: int = field(default_factory=lambda: _env_int("CALLBACK_RETENTION_DAYS", 365))
    UNVERIFIED_ACCOUNT_DAYS: int = field(default_factory=lambda: _env_int("UNVERIFIED_ACCOUNT_DAYS", 30))
    # Sessions that ended, reset links that expired and sign-in throttles unchanged this long ago are deleted.
    SIGN_IN_RECORD_DAYS: int = field(default_factory=lambda: _env_int("SIGN_IN_RECORD_DAYS", 30))
    # A complaint's secret link (for someone who was not signed in) works this long; a fresh one can be asked for.
    COMPLAINT_LINK_DAYS: int = field(default_factory=lambda: _env_int("COMPLAINT_LINK_DAYS", 90))
    CHAT_RETENTION_DAYS: int = field(default_factory=lambda: _env_int("CHAT_RETENTION_DAYS", 90))
    # Young people's answers in progress are forgotten after this long without a change.
    YOUNG_PEOPLE_DRAFT_HOURS: int = field(default_factory=lambda: _env_int("YOUNG_PEOPLE_DRAFT_HOURS", 48))
    # "All about me" written without signing in: only that browser can open it, so it is of no use for long.
    ANONYMOUS_ALL_ABOUT_ME_DAYS: int = field(default_factory=lambda: _env_int("ANONYMOUS_ALL_ABOUT_ME_DAYS", 30))
    # OpenID Connect sign-in, all optional: a provider is offered only when its issuer, client id and secret are set.
    # Families: GOV.UK One Login or a similar service (OIDC_FAMILY_NAME is shown on its button).
    OIDC_FAMILY_ISSUER: str | None = field(default_factory=lambda: _env("OIDC_FAMILY_ISSUER"))
    OIDC_FAMILY_CLIENT_ID: str | None = field(default_factory=lambda: _env("OIDC_FAMILY_CLIENT_ID"))
    OIDC_FAMILY_CLIENT_SECRET: str | None = field(default_factory=lambda: _env("OIDC_FAMILY_CLIENT_SECRET"))
    OIDC_FAMILY_SCOPES: str = field(default_factory=lambda: _env("OIDC_FAMILY_SCOPES", "openid email profile") or "")
    OIDC_FAMILY_NAME: str = field(default_factory=lambda: _env("OIDC_FAMILY_NAME", "GOV.UK One Login") or "")
    # Staff: the council's own directory. Officer roles come from OIDC_STAFF_ROLE_CLAIM (values are Role values);
    # with no OIDC_STAFF_DEFAULT_ROLE, staff whose claim maps to no officer role are not given an account.
    OIDC_STAFF_ISSUER: str | None = field(default_factory=lambda: _env("OIDC_STAFF_ISSUER"))
    OIDC_STAFF_CLIENT_ID: str | None = field(default_factory=lambda: _env("OIDC_STAFF_CLIENT_ID"))
    OIDC_STAFF_CLIENT_SECRET: str | None = field(default_factory=lambda: _env("OIDC_STAFF_CLIENT_SECRET"))
    OIDC_STAFF_SCOPES: str = field(default_factory=lambda: _env("OIDC_STAFF_SCOPES", "openid email profile") or "")
    OIDC_STAFF_ROLE_CLAIM: str = field(default_factory=lambda: _env("OIDC_STAFF_ROLE_CLAIM", "roles") or "")
    OIDC_STAFF_DEFAULT_ROLE: str | None = field(default_factory=lambda: _env("OIDC_STAFF_DEFAULT_ROLE"))
    # Officers must set up an authenticator app (TOTP) before any officer page works.
    TOTP_REQUIRED_FOR_OFFICERS: bool = field(default_factory=lambda: _env_bool("TOTP_REQUIRED_FOR_OFFICERS", False))
    # The name authenticator apps show next to the code; the council's name unless set.
    TOTP_ISSUER: str = field(default_factory=lambda: _env("TOTP_ISSUER") or council_from_env().name)
    # EHC needs assessment requests (portal/cases): drafts, uploads and the virus scanner.
    DRAFT_DAYS: int = field(default_factory=lambda: _env_int("DRAFT_DAYS", 28))
    DRAFT_WARNING_DAYS: int = field(default_factory=lambda: _env_int("DRAFT_WARNING_DAYS", 7))
    UPLOAD_DIR: str = field(default_factory=lambda: _env("UPLOAD_DIR", str(ROOT / "instance" / "uploads")) or "")
    MAX_UPLOAD_MB: int = field(default_factory=lambda: _env_int("MAX_UPLOAD_MB", 10))
    CLAMD_SOCKET: str | None = field(default_factory=lambda: _env("CLAMD_SOCKET"))  # a unix socket path
    CLAMD_HOST: str | None = field(default_factory=lambda: _env("CLAMD_HOST"))  # "host:port" when over TCP
    # Where the portal is served. Every link in an e-mail or a job is built from it (portal/platform/links.py),
    # never from the request's Host header. Required in production; PORTAL_BASE_URL is its older name.
    BASE_URL: str = field(default_factory=lambda: _env("BASE_URL") or _env("PORTAL_BASE_URL") or "")
    # Host names requests may use besides BASE_URL's own (comma-separated); requests to any other get 400.
    TRUSTED_HOSTS_EXTRA: str | None = field(default_factory=lambda: _env("TRUSTED_HOSTS"))
    # `portal run` (the development server) runs the job schedule on a thread of its own, so reminders and
    # escalations happen with no worker; production runs `portal jobs worker` processes instead.
    JOBS_IN_PROCESS: bool = field(default_factory=lambda: _env_bool("JOBS_IN_PROCESS", True))
    # Where uploaded case documents live: "local" (UPLOAD_DIR, one machine) or "database" (the stored_file table,
    # shared by every node).
    UPLOAD_STORAGE: str = field(default_factory=lambda: _env("UPLOAD_STORAGE", "local") or "local")
    # Logs: "json" (one JSON object a line, for production log collectors) or "text".
    LOG_FORMAT: str = field(default_factory=lambda: _env("LOG_FORMAT", "text") or "text")
    DEMO_DATA: bool = True
    TESTING: bool = False
    DEBUG: bool = False

    def validate(self) -> None:
        """Fail fast at start-up when a required secret is missing."""
        if not self.SECRET_KEY:
            raise RuntimeError("SECRET_KEY must be set in the environment")

    def as_flask(self) -> dict[str, Any]:
        settings = {name: getattr(self, name) for name in self.__dataclass_fields__}
        # Refuse oversized bodies before anything (the CSRF check included) reads them: one upload plus the form.
        settings["MAX_CONTENT_LENGTH"] = (self.MAX_UPLOAD_MB + 1) * 1024 * 1024
        settings["PORTAL_BASE_URL"] = self.BASE_URL  # the older name, for code not yet moved to platform/links.py
        # Flask refuses (400) any request whose Host is not one of these, before a view runs.
        settings["TRUSTED_HOSTS"] = trusted_hosts(self.BASE_URL, self.TRUSTED_HOSTS_EXTRA)
        del settings["TRUSTED_HOSTS_EXTRA"]
        return settings


@dataclass
class DevConfig(BaseConfig):
    ENV: str = "development"
    # A development key is generated per machine into instance/, never committed.
    SECRET_KEY: str | None = field(default_factory=lambda: _env("SECRET_KEY") or _dev_secret())
    SESSION_COOKIE_SECURE: bool = False
    PREFERRED_URL_SCHEME: str = "http"
    HSTS_SECONDS: int = 0
    DEBUG: bool = False
    BASE_URL: str = field(
        default_factory=lambda: _env("BASE_URL") or _env("PORTAL_BASE_URL") or "http://127.0.0.1:5000"
    )
    # The local names a developer's browser uses, whatever BASE_URL says.
    TRUSTED_HOSTS_EXTRA: str | None = field(default_factory=lambda: _env("TRUSTED_HOSTS") or "localhost,127.0.0.1")


@dataclass
class TestConfig(BaseConfig):
    __test__ = False  # not a pytest test class

    ENV: str = "test"
    SECRET_KEY: str | None = "test-only-secret-key-not-for-production"
    DATABASE_URL: str = field(default_factory=lambda: _env("PORTAL_TEST_DATABASE_URL", "sqlite://") or "sqlite://")
    SESSION_COOKIE_SECURE: bool = False
    PREFERRED_URL_SCHEME: str = "http"
    RATELIMIT_ENABLED: bool = False
    RATELIMIT_STORAGE_URI: str = "memory://"
    CONTENT_VERSION_CHECK_SECONDS: int = 0
    JOBS_IN_PROCESS: bool = False
    PAGE_CACHE: bool = False
    # The cheapest argon2 settings, so signing in costs the suite nothing; tests/auth/test_passwords.py checks OWASP's.
    PASSWORD_HASH_PROFILE: str = "test"
    TESTING: bool = True
    # Tests switch providers on themselves, so a developer's own OIDC settings never leak in.
    OIDC_FAMILY_ISSUER: str | None = None
    OIDC_STAFF_ISSUER: str | None = None
    BASE_URL: str = "http://localhost"
    TRUSTED_HOSTS_EXTRA: str | None = "localhost,127.0.0.1"


@dataclass
class ProdConfig(BaseConfig):
    ENV: str = "production"
    DEMO_DATA: bool = False
    JOBS_IN_PROCESS: bool = False
    LOG_FORMAT: str = field(default_factory=lambda: _env("LOG_FORMAT", "json") or "json")

    def validate(self) -> None:
        super().validate()
        if self.DATABASE_URL.startswith("sqlite") and not _env_bool("ALLOW_SQLITE_IN_PRODUCTION", False):
            raise RuntimeError("Set DATABASE_URL to PostgreSQL in production (or ALLOW_SQLITE_IN_PRODUCTION=1)")
        if not self.BASE_URL.startswith("https://"):
            # Links in e-mails must never come from a request's Host header (see portal/platform/links.py).
            raise RuntimeError("Set BASE_URL to the portal's public https:// address in production")
        # Rate limits counted in each process's memory would be N times looser with N processes: no fallback.
        if not self.REDIS_URL:
            raise RuntimeError("Set REDIS_URL in production: rate limits must be shared by every web process")
        if self.UPLOAD_STORAGE not in ("local", "database"):
            raise RuntimeError("UPLOAD_STORAGE must be local or database")


def _dev_secret() -> str:
    import secrets

    path = ROOT / "instance" / "dev-secret-key"
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def get_config(name: str | None = None) -> BaseConfig:
    """Pick the settings class from PORTAL_ENV (development by default)."""
    name = name or _env("PORTAL_ENV", "development")
    classes: dict[str, type[BaseConfig]] = {
        "development": DevConfig,
        "test": TestConfig,
        "production": ProdConfig,
    }
    if name not in classes:
        raise RuntimeError(f"Unknown PORTAL_ENV {name!r}")
    return classes[name]()
