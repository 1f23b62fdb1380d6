"""Finding broken links in Local Offer pages and listings.

Internal links are checked against the app's routes, the published pages and the directory. External
links are checked only when asked (they need the internet), one request each with a short timeout.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import current_app
from markdown_it import MarkdownIt
from sqlalchemy import delete, select
from werkzeug.exceptions import HTTPException, MethodNotAllowed
from werkzeug.routing import RequestRedirect

from portal.db import db, utcnow
from portal.local_offer.markdown import fill_placeholders
from portal.local_offer.models import Page, Service
from portal.local_offer.publishing_models import LinkProblem

_md = MarkdownIt("commonmark").enable("table")
SKIP_SCHEMES = ("mailto:", "tel:", "#")


@dataclass(frozen=True)
class Found:
    source_type: str
    source_key: str
    source_label: str
    url: str
    reason: str
    external: bool


def links_in_markdown(text: str) -> list[str]:
    """Every link and image address in a Markdown text, in order."""
    found: list[str] = []

    def walk(tokens: list) -> None:  # type: ignore[type-arg]
        for token in tokens:
            if token.type == "link_open" and token.attrGet("href"):
                found.append(str(token.attrGet("href")))
            elif token.type == "image" and token.attrGet("src"):
                found.append(str(token.attrGet("src")))
            if token.children:
                walk(token.children)

    walk(_md.parse(text))
    return found


def internal_problem(url: str) -> str | None:
    """Why an address inside the portal does not lead anywhere, or None if it works."""
    parts = urlsplit(url)
    path = parts.path or "/"
    if not path.startswith("/"):
        return "Not a full address: start it with /"
    adapter = current_app.url_map.bind("localhost")
    try:
        endpoint, args = adapter.match(path, method="GET")
    except RequestRedirect as redirect:
        return internal_problem(urlsplit(redirect.new_url).path)
    except MethodNotAllowed:
        return None
    except HTTPException:
        return "No such page"
    if endpoint == "local_offer.page":
        exists = db.session.scalar(select(Page.id).where(Page.slug == args["slug"], Page.published.is_(True)).limit(1))
        return None if exists else "No published Local Offer page with this address"
    if endpoint == "local_offer.service_detail":
        service = db.session.get(Service, args["service_id"])
        return None if service is not None and service.status != "defunct" else "No such listing"
    return None


def external_problem(url: str, *, timeout: float) -> str | None:
    """Why an external address does not answer, or None if it does (HEAD first, then GET)."""
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers={"User-Agent": "WessexLocalOfferLinkCheck/1"})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - http(s) only
                if response.status < 400:
                    return None
        except urllib.error.HTTPError as exc:
            if method == "HEAD" and exc.code in (405, 501):
                continue
            return f"HTTP {exc.code}"
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            return f"No answer ({type(getattr(exc, 'reason', exc)).__name__})"
    return "No answer"


def _sources() -> list[tuple[str, str, str, list[str]]]:
    placeholders = current_app.config["COUNCIL"].placeholders()
    rows: list[tuple[str, str, str, list[str]]] = []
    for page in db.session.scalars(select(Page).where(Page.published.is_(True))):
        key = f"{page.slug}/{page.locale}/{page.variant}"
        rows.append(("page", key, page.title, links_in_markdown(fill_placeholders(page.body_md, placeholders))))
    for service in db.session.scalars(select(Service).where(Service.status != "defunct")):
        urls = [u for u in (service.url, service.sen_information_report_url) if u]
        rows.append(("service", service.id, service.name, urls))
    return rows


def check_links(*, external: bool = False, timeout: float = 5.0,
                progress: Callable[[str], None] | None = None) -> list[Found]:  # fmt: skip
    """Check every link in published pages and listings; keep the broken ones for the dashboard."""
    problems: list[Found] = []
    external_cache: dict[str, str | None] = {}
    for source_type, key, label, urls in _sources():
        for url in dict.fromkeys(urls):
            if url.startswith(SKIP_SCHEMES):
                continue
            scheme = urlsplit(url).scheme
            if scheme in ("http", "https"):
                if not external:
                    continue
                if url not in external_cache:
                    if progress:
                        progress(url)
                    external_cache[url] = external_problem(url, timeout=timeout)
                reason = external_cache[url]
            elif scheme:
                reason = "Links must start with https://, http://, mailto: or tel:"
            else:
                reason = internal_problem(url)
            if reason:
                problems.append(Found(source_type, key, label, url, reason, bool(scheme)))
    stmt = delete(LinkProblem) if external else delete(LinkProblem).where(LinkProblem.external.is_(False))
    db.session.execute(stmt)
    now = utcnow()
    db.session.add_all(
        LinkProblem(
            source_type=f.source_type,
            source_key=f.source_key,
            source_label=f.source_label[:255],
            url=f.url[:1000],
            reason=f.reason,
            external=f.external,
            checked_at=now,
        )  # fmt: skip
        for f in problems
    )
    db.session.flush()
    return problems
