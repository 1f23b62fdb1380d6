"""Access tables, one module per domain, so parallel work does not collide in one file.

Each module here may define:
- EXPECTED: {endpoint: access rule} for every non-public route of its domain (rules as `access_of` gives them:
  "signed-in" or "officer:<roles sorted, comma-separated>");
- GET_ROUTES: {endpoint: path} for officer GET pages with no URL arguments, checked for every role.
"""

from __future__ import annotations

import importlib
import pkgutil


def _modules():  # type: ignore[no-untyped-def]
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        yield importlib.import_module(f"{__name__}.{info.name}")


def expected() -> dict[str, str]:
    table: dict[str, str] = {}
    for module in _modules():
        table |= getattr(module, "EXPECTED", {})
    return table


def get_routes() -> dict[str, str]:
    table: dict[str, str] = {}
    for module in _modules():
        table |= getattr(module, "GET_ROUTES", {})
    return table
