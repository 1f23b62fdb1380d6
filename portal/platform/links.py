"""Absolute links for e-mails and jobs, always built from the configured BASE_URL.

Never from the request's Host header: a request to "forgot password" sent with `Host: evil.example` would
otherwise put the attacker's address in a genuine council e-mail (reset poisoning). Use `absolute_url` for
every link that leaves the portal in a message, whether a web request, a command or a job sends it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from flask import current_app, has_request_context


def base_url() -> str:
    """The portal's public address, without a trailing slash (for example https://send.wessex.gov.uk)."""
    return str(current_app.config["BASE_URL"]).rstrip("/")


def absolute_url(endpoint: str, **values: Any) -> str:
    """The full address of an endpoint, on the configured BASE_URL whatever host the request came to."""
    parts = urlsplit(base_url())
    adapter = current_app.url_map.bind(parts.netloc, script_name=parts.path or "/", url_scheme=parts.scheme)
    anchor = values.pop("_anchor", None)
    url = adapter.build(endpoint, values, force_external=True)
    return f"{url}#{anchor}" if anchor else url


def trusted_hosts(base: str, extra: str | None) -> list[str]:
    """The host names requests may be addressed to: BASE_URL's host plus any named in TRUSTED_HOSTS."""
    hosts = [urlsplit(base).hostname or ""] if base else []
    hosts += [h.strip() for h in (extra or "").split(",") if h.strip()]
    return list(dict.fromkeys(h for h in hosts if h))


@contextlib.contextmanager
def base_url_context() -> Iterator[None]:
    """A request context on BASE_URL for jobs and commands (e-mail templates need one); a no-op inside a request."""
    if has_request_context():
        yield
        return
    with current_app.test_request_context("/", base_url=base_url()):
        yield
