"""Rendered pieces of pages kept in memory, for parts that are costly to render and the same for many visitors.

The directory and search filter panels render about 40 GOV.UK checkboxes and radios through the
govuk-frontend-wtf macros, which took most of those pages' time. Their HTML depends only on the language
and on the form's values and errors, so it is kept under exactly that key. Nothing per visitor (CSRF tokens,
CSP nonces, names) may go inside a cached fragment.

    {% call cached_fragment("filters", form_state(form, "kind", "category", ...), show_kind) %} ... {% endcall %}
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from flask import current_app
from markupsafe import Markup

from portal.i18n import get_locale

MAX_ENTRIES = 512

_lock = threading.Lock()
_fragments: OrderedDict[tuple[Hashable, ...], Markup] = OrderedDict()


def cached_fragment(name: str, *key: Hashable, caller: Callable[[], str]) -> Markup:
    """The block's HTML, rendered once per (name, language, key) in this process."""
    if current_app.config.get("PAGE_CACHE", True) is False:
        return Markup(caller())
    full_key = (name, get_locale(), *key)
    with _lock:
        hit = _fragments.get(full_key)
        if hit is not None:
            _fragments.move_to_end(full_key)
            return hit
    html = Markup(caller())
    with _lock:
        _fragments[full_key] = html
        while len(_fragments) > MAX_ENTRIES:
            _fragments.popitem(last=False)
    return html


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
    with _lock:
        _fragments.clear()


def register(app: Any) -> None:
    app.jinja_env.globals.update(cached_fragment=cached_fragment, form_state=form_state)
