"""A test client that validates every page it fetches, in the manner of GOV.UK Notify's client_request."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from bs4 import BeautifulSoup, NavigableString
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from tests.html_rules import content_model_problems


def normalize_spaces(text: str) -> str:
    return " ".join(text.split())


def nonce_from(response: TestResponse) -> str:
    match = re.search(r"'nonce-([^']+)'", response.headers.get("Content-Security-Policy", ""))
    assert match, "response has no CSP nonce"
    return match.group(1)


# Markup or entities that reach the visitor as text: the sign of html escaped twice (issue 15).
MARKUP_AS_TEXT = re.compile(r"</?[a-z][a-z0-9]*[\s>/]|&(?:lt|gt|amp|quot|#\d+|#x[0-9a-f]+);", re.IGNORECASE)


HIDDEN_TEXT = frozenset({"script", "style", "template", "noscript", "textarea", "title"})


def visible_text(soup: BeautifulSoup) -> str:
    """What a sighted visitor reads: the title, and the text of the body without scripts and templates (a
    textarea shows what was typed, exactly as typed)."""
    title = soup.title.get_text() if soup.title else ""
    shown = [
        str(node)
        for node in soup.find_all(string=True)
        if type(node) is NavigableString and not any(p.name in HIDDEN_TEXT for p in node.parents)
    ]
    return title + "\n" + " ".join(shown)


def markup_as_text(soup: BeautifulSoup) -> list[str]:
    """Every place where markup or an entity is shown as text, with a little context."""
    text = visible_text(soup)
    return [
        "…" + " ".join(text[max(m.start() - 40, 0) : m.end() + 40].split()) + "…" for m in MARKUP_AS_TEXT.finditer(text)
    ]


def check_page(
    soup: BeautifulSoup, response: TestResponse, *, fragment: bool = False, typed_markup: bool = False
) -> None:
    """The checks every full page (and every fragment) must pass. `typed_markup`: the page rightly shows markup
    someone typed, as text (a test that publishes a <script> to see it neutralised)."""
    shown = [] if typed_markup else markup_as_text(soup)
    assert not shown, f"markup shown as text: {shown[:3]}"
    ids = [tag["id"] for tag in soup.find_all(id=True)]
    duplicates = [i for i, n in Counter(ids).items() if n > 1]
    assert not duplicates, f"duplicate ids: {duplicates}"
    for form in soup.find_all("form"):
        method = (form.get("method") or "").lower()
        assert method in ("get", "post"), f"form without a method: {form.get('action')}"
        if method == "post":
            assert form.find("input", {"name": "csrf_token"}), f"POST form without CSRF: {form.get('action')}"
    for tag in soup.find_all(style=True):
        raise AssertionError(f"inline style attribute breaks the CSP: {tag.name}")
    problems = content_model_problems(soup)
    assert not problems, f"invalid html: {problems[:5]}"
    if fragment:
        return
    title = soup.find("title")
    assert title and title.text.strip(), "page has no title"
    assert title.text.strip().endswith("Wessex County Council"), f"title pattern: {title.text!r}"
    h1s = soup.find_all("h1")
    assert len(h1s) == 1, f"expected one h1, found {len(h1s)}"
    html = soup.find("html")
    assert html.get("lang"), "html has no lang"
    assert html.get("dir") in ("ltr", "rtl")
    nonce = nonce_from(response)
    for script in soup.find_all("script"):
        assert script.get("nonce") == nonce, f"script without the response's nonce: {script}"
    assert soup.find("main", id="main-content"), "no main landmark"


class PageClient:
    def __init__(self, client: FlaskClient, headers: dict[str, str] | None = None) -> None:
        self.client = client
        self.headers = headers or {}

    def get(
        self, url: str, *, status: int = 200, fragment: bool | None = None, typed_markup: bool = False, **kwargs: Any
    ) -> BeautifulSoup:
        headers = {**self.headers, **kwargs.pop("headers", {})}
        response = self.client.get(url, headers=headers, **kwargs)
        assert response.status_code == status, f"{url}: {response.status_code}"
        soup = BeautifulSoup(response.get_data(as_text=True), "html5lib")
        is_fragment = fragment if fragment is not None else headers.get("HX-Request") == "true"
        check_page(soup, response, fragment=is_fragment, typed_markup=typed_markup)
        soup.response = response  # type: ignore[attr-defined]
        return soup

    def raw(self, url: str, **kwargs: Any) -> TestResponse:
        return self.client.get(url, headers=self.headers, **kwargs)


def token_from(response: TestResponse) -> str:
    """The CSRF token a page's forms carry, for posting as a browser would."""
    match = re.search(r'name="csrf_token" value="([^"]+)"', response.get_data(as_text=True))
    assert match, "page has no CSRF token"
    return match.group(1)
