"""Rendered pieces of pages kept in memory, for parts that are costly to render and the same for many visitors.

The directory and search filter panels render about 40 GOV.UK checkboxes and radios through the
govuk-frontend-wtf macros, which took most of those pages' time. Their HTML depends only on the language
and on the form's values and errors, so it is kept under exactly that key.

A family's case page (its heading, links and timeline) is kept the same way, under the rows it is built from
(`CasePage.timeline_key()`: the case's id, reference, name and dates, its steps and exceptions, and today), so it
is rendered, and its timeline built, once per version of the case, day and language. Its view checks that the
visitor may see the case before the fragment is looked up, and the key holds the case's id, so a copy can only
ever be shown on that case's own page. Nothing per visitor (CSRF tokens, CSP nonces, the visitor's name) may go
inside a cached fragment.

    {% call cached_fragment("filters", form_state(form, "kind", "category", ...), show_kind) %} ... {% endcall %}
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any
from urllib.parse import quote

from flask import current_app, request
from markupsafe import Markup

from portal.i18n import get_locale, language_links
from portal.page_cache import BytesCache

FRAGMENT_CACHE_BYTES = 16 * 1024 * 1024

_fragments = BytesCache(FRAGMENT_CACHE_BYTES)
_layouts = BytesCache(1024 * 1024)  # a few pieces per language and navigation section


def cached_fragment(name: str, *key: Hashable, caller: Callable[[], str], _cache: BytesCache = _fragments) -> Markup:
    """The block's HTML, rendered once per (name, language, key) in this process."""
    if current_app.config.get("PAGE_CACHE", True) is False:
        return Markup(caller())
    full_key = (name, get_locale(), *key)
    hit = _cache.get(full_key)
    if hit is None:
        hit = Markup(caller())
        _cache.put(full_key, hit)
    return hit


# The page layout (header, navigation, phase banner, footer) is the same for everyone in a language, but for the
# current page's address in the language switch's links: the cached copy holds this placeholder there instead.
HERE_SLOT = "\x00portal-here\x00"


def layout_language_links() -> list[dict[str, str | bool]]:
    """The language switch's links with the placeholder for the page's address, for a cached layout."""
    return language_links(next_value=HERE_SLOT)


def cached_layout(name: str, *key: Hashable, caller: Callable[[], str]) -> Markup:
    """A piece of the page layout, rendered once per (name, language, key); this page's address is put in
    for each response. Like every cached fragment it must hold nothing per visitor (no CSRF token, no nonce)."""
    html = cached_fragment(name, *key, caller=caller, _cache=_layouts)
    if HERE_SLOT not in html:
        return html
    # Quoted with nothing kept safe: only letters, digits, "_.-~" and %XX, so nothing in it needs escaping.
    here = request.environ.get("portal.here")
    if here is None:
        here = request.environ["portal.here"] = quote(request.full_path.rstrip("?"), safe="")
    return Markup(html.replace(HERE_SLOT, here))


def form_state(form: Any, *names: str) -> tuple[Hashable, ...]:
    """What shows of these fields (all fields if none named) in the HTML: each one's name, value and errors."""
    state = []
    for field in form:
        if names and field.name not in names:
            continue
        data = field.data
        if isinstance(data, list):
            data = tuple(data)
        state.append((field.name, repr(data), tuple(str(e) for e in field.errors)))
    return tuple(state)


def clear() -> None:
    _fragments.clear()
    _layouts.clear()


def register(app: Any) -> None:
    app.jinja_env.globals.update(cached_fragment=cached_fragment, form_state=form_state, cached_layout=cached_layout,
                                 layout_language_links=layout_language_links)  # fmt: skip
