"""Access rules. Every route declares exactly one; tests/test_conventions.py checks that."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])

ACCESS_ATTRIBUTE = "portal_access"


def public(view: F) -> F:
    """Anyone may use this route, signed in or not."""
    setattr(view, ACCESS_ATTRIBUTE, "public")
    return view


def access_of(view: Callable[..., Any]) -> str | None:
    """The access rule a view declared, looking through functools.wraps layers."""
    seen = view
    while seen is not None:
        rule = getattr(seen, ACCESS_ATTRIBUTE, None)
        if rule:
            return rule
        seen = getattr(seen, "__wrapped__", None)
    return None
