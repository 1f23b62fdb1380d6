"""Where signed-in people find their tools: one registry that each domain adds its links to.

A domain's views module calls `officer_link(...)` or `account_link(...)` at import time. The officers'
home page (/officers) lists the officer links the signed-in officer's roles allow; "Your account" lists
the account links. Nothing here decides access: the routes keep their own rules.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Link:
    label: Any  # a lazy string, translated when shown
    endpoint: str
    roles: frozenset[str]  # empty: everyone signed in
    description: Any = ""
    order: int = 100


_officer_links: dict[str, Link] = {}
_account_links: dict[str, Link] = {}


def officer_link(label: Any, endpoint: str, roles: Iterable[Any], description: Any = "", order: int = 100) -> None:
    """Show a link on the officers' home page to officers holding any of `roles`."""
    _officer_links[endpoint] = Link(label, endpoint, frozenset(str(r) for r in roles), description, order)


def account_link(label: Any, endpoint: str, description: Any = "", order: int = 100, roles: Iterable[Any] = ()) -> None:
    """Show a link on 'Your account' (to everyone signed in, or to holders of `roles`)."""
    _account_links[endpoint] = Link(label, endpoint, frozenset(str(r) for r in roles), description, order)


def _visible(links: dict[str, Link], roles: Iterable[Any]) -> list[Link]:
    held = {str(r) for r in roles}
    found = [link for link in links.values() if not link.roles or link.roles & held]
    return sorted(found, key=lambda link: (link.order, str(link.label)))


def officer_links_for(roles: Iterable[Any]) -> list[Link]:
    return _visible(_officer_links, roles)


def account_links_for(roles: Iterable[Any]) -> list[Link]:
    return _visible(_account_links, roles)
