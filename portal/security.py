"""Access rules. Every route declares exactly one; tests/test_conventions.py checks that."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from flask import abort, redirect, request, url_for

F = TypeVar("F", bound=Callable[..., Any])

ACCESS_ATTRIBUTE = "portal_access"


def public(view: F) -> F:
    """Anyone may use this route, signed in or not."""
    setattr(view, ACCESS_ATTRIBUTE, "public")
    return view


def login_required(view: F) -> F:
    """Any signed-in person (family or officer). Signed-out visitors go to sign in and come back."""

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from portal.auth.services import current_user

        if current_user() is None:
            return redirect(url_for("auth.sign_in", next=request.full_path.rstrip("?")), code=303)
        return view(*args, **kwargs)

    setattr(wrapper, ACCESS_ATTRIBUTE, "signed-in")
    return wrapper  # type: ignore[return-value]


def officer_required(*roles: Any) -> Callable[[F], F]:
    """Only officers holding one of these roles; everyone else signed in gets 403."""
    names = tuple(str(r) for r in roles)

    def decorator(view: F) -> F:
        @functools.wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            from portal.auth.services import current_user

            user = current_user()
            if user is None:
                return redirect(url_for("auth.sign_in", next=request.full_path.rstrip("?")), code=303)
            if not user.has_role(*names):
                abort(403)
            return view(*args, **kwargs)

        setattr(wrapper, ACCESS_ATTRIBUTE, "officer:" + ",".join(sorted(names)))
        return wrapper  # type: ignore[return-value]

    return decorator


def access_of(view: Callable[..., Any]) -> str | None:
    """The access rule a view declared, looking through functools.wraps layers."""
    seen: Callable[..., Any] | None = view
    while seen is not None:
        rule = getattr(seen, ACCESS_ATTRIBUTE, None)
        if rule:
            return rule
        seen = getattr(seen, "__wrapped__", None)
    return None
