"""House rules checked on real pages: a crawl of every page type, as each kind of user sees it, with demo data.

What it catches: markup shown as text (a macro given escaped html), pages that break for one role only, HTML
that a validator refuses (parse errors, elements where they are not allowed) and aria-describedby or
label references that lead nowhere or to an empty hint. The crawl follows the links each user can see,
fetching at most a couple of pages per route, so it covers every page type without visiting 2,000 cases.
Each role's crawl runs once per test process and every check reads from it.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from unittest import mock
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from flask import Flask
from werkzeug.exceptions import HTTPException

from tests.conftest import build_app, load_everything
from tests.html_rules import content_model_problems, parse_errors
from tests.pages import markup_as_text, token_from

DEMO_PASSWORD = "wessex-demo-only-2026"  # noqa: S105 - the fictional demo accounts' password
ROLES = {
    "public": None,
    "parent": "parent.one@example.com",
    "young person": "young.person@example.com",
    "caseworker": "caseworker@example.com",
    "manager": "manager@example.com",
    "editor": "editor@example.com",
    "complaints": "complaints@example.com",
    "safeguarding": "safeguarding@example.com",
    "participation": "participation@example.com",
    "administrator": "admin@example.com",
}
START = ["/", "/account", "/officers", "/young-people", "/local-offer/", "/search?q=short+breaks", "/ask"]
PER_ROUTE = 2
MAX_PAGES = 220
SKIP_PREFIXES = ("/static/", "/language/", "/api/", "/account/sign-out", "/healthz")
SKIP_SUFFIXES = (".csv", ".json", ".ics", ".pdf", "/download", "/print")


@pytest.fixture(scope="module")
def demo_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """Its own SQLite app with the demo accounts and a small slice of the demo cases."""
    from portal_demo import cases as demo

    app = build_app(tmp_path_factory.mktemp("crawl"), sqlite_only=True)
    load_everything(app)
    original = demo.seed_demo
    with mock.patch.object(demo, "seed_demo", lambda: original(count=40)):
        result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    yield app


def route_of(app: Flask, path: str) -> str | None:
    adapter = app.url_map.bind("localhost")
    try:
        endpoint, _ = adapter.match(path, method="GET")
    except HTTPException:
        return None
    except Exception:  # a redirect for a missing slash
        return None
    return str(endpoint)


def crawl(app: Flask, email: str | None, *, locale: str = "en") -> Iterator[tuple[str, str, BeautifulSoup]]:
    """Every page a user reaches by following links, a couple per route: its address, html and parsed soup."""
    client = app.test_client()
    client.set_cookie("locale", locale)
    if email:
        token = token_from(client.get("/account/sign-in"))
        response = client.post(
            "/account/sign-in", data={"email": email, "password": DEMO_PASSWORD, "csrf_token": token}
        )
        assert response.status_code in (302, 303), f"{email} could not sign in"
    per_route: Counter[str] = Counter()
    seen: set[str] = set()
    queue = deque(START)
    fetched = 0
    while queue and fetched < MAX_PAGES:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        path = urlsplit(url).path
        endpoint = route_of(app, path)
        if endpoint is None or per_route[endpoint] >= PER_ROUTE:
            continue
        per_route[endpoint] += 1
        response = client.get(url)
        fetched += 1
        assert response.status_code < 500, f"{url}: {response.status_code}"
        if response.status_code != 200 or not response.mimetype == "text/html":
            continue
        html = response.get_data(as_text=True)
        soup = BeautifulSoup(html, "html5lib")
        for anchor in soup.find_all("a", href=True):
            href = anchor["href"]
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.path.startswith("/"):
                continue
            if parts.path.startswith(SKIP_PREFIXES) or parts.path.endswith(SKIP_SUFFIXES) or "lang=" in parts.query:
                continue
            queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
        yield url, html, soup


@dataclass
class Findings:
    pages: int = 0
    markup_as_text: list[str] = field(default_factory=list)
    invalid_html: list[str] = field(default_factory=list)
    without_description: list[str] = field(default_factory=list)


def findings(app: Flask, role: str, locale: str = "en") -> Findings:
    """One crawl per role and language, with every check's findings."""
    cache: dict[tuple[str, str], Findings] = app.extensions.setdefault("crawl findings", {})
    key = (role, locale)
    if key not in cache:
        found = Findings()
        for url, html, soup in crawl(app, ROLES[role], locale=locale):
            found.pages += 1
            found.invalid_html += [f"{url}: {p}" for p in parse_errors(html) + content_model_problems(soup)]
            found.markup_as_text += [f"{url}: {shown}" for shown in markup_as_text(soup)]
            descriptions = soup.find_all("meta", attrs={"name": "description"})
            if len(descriptions) != 1 or not descriptions[0].get("content", "").strip():
                found.without_description.append(url)
        cache[key] = found
    return cache[key]


@pytest.mark.parametrize("role", list(ROLES))
def test_no_page_shows_markup_as_text(demo_app, role):
    found = findings(demo_app, role)
    assert found.pages > 3, f"the crawl as {role} reached only {found.pages} pages"
    assert not found.markup_as_text, "markup shown as text:\n" + "\n".join(found.markup_as_text[:20])


@pytest.mark.parametrize("locale", ["cy", "ur"])
def test_no_translated_page_shows_markup_as_text(demo_app, locale):
    found = findings(demo_app, "public", locale)
    assert not found.markup_as_text, "markup shown as text:\n" + "\n".join(found.markup_as_text[:20])


@pytest.mark.parametrize(("role", "locale"), [*((role, "en") for role in ROLES), ("public", "cy"), ("parent", "cy")])
def test_every_page_is_valid_html(demo_app, role, locale):
    """What the W3C Nu checker would refuse, signed in as each role; includes aria-describedby to missing or
    empty hints."""
    found = findings(demo_app, role, locale)
    assert found.pages > 3
    assert not found.invalid_html, "invalid html:\n" + "\n".join(found.invalid_html[:20])


@pytest.mark.parametrize("locale", ["en", "cy"])
def test_every_public_page_has_one_description(demo_app, locale):
    """Issue 15: search engines and link previews show it. test_conventions checks the pages without parameters;
    the crawl reaches the rest (topic pages, listings, search results) as a visitor who is not signed in."""
    found = findings(demo_app, "public", locale)
    assert not found.without_description, f"pages without one description: {found.without_description[:20]}"
