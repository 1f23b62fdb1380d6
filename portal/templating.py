"""The Jinja environment: every template shares the environment's globals as one plain dict.

Jinja gives each template its globals as a ChainMap over the environment's. Each `{% from ... import %}`
then compares the importing page's globals with the macro file's (a set difference over the ChainMap, key by
key in Python), and every render copies them key by key: a third of the time of rendering the page layout,
on every page. Here a template without globals of its own gets the environment's dict itself (still live: a
global added later is seen by every template), so those become operations on one dict. Per-template globals
(`get_template(name, globals=...)`) are not used in the portal and are refused, because with a shared dict
they would leak into every template.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

from flask.templating import Environment
from jinja2 import Template

_REFUSED = "Templates share the environment's globals: add to app.jinja_env.globals instead"


class PortalEnvironment(Environment):
    """Flask's Jinja environment with shared globals (see above)."""

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        if d:
            raise TypeError(_REFUSED)
        return self.globals

    # Jinja adds a cached template's per-template globals into its globals mapping: here, everyone's.
    def get_template(self, name: Any, parent: str | None = None,
                     globals: MutableMapping[str, Any] | None = None) -> Template:  # fmt: skip
        if globals:
            raise TypeError(_REFUSED)
        return super().get_template(name, parent)

    def select_template(self, names: Any, parent: str | None = None,
                        globals: MutableMapping[str, Any] | None = None) -> Template:  # fmt: skip
        if globals:
            raise TypeError(_REFUSED)
        return super().select_template(names, parent)
