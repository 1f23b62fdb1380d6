"""Load once, before gunicorn forks, what every worker would otherwise build on its first requests.

gunicorn loads the app in its master (preload_app) and forks the workers from it, again each time one is
replaced (max_requests). Whatever the master already holds, every worker starts with: the learned intent
model and the letter model that tells languages apart (read from instance/models/ where an earlier process kept
them, else trained from their corpora: about 5 s and 2 s here; portal/platform/trained.py), the decision model,
the safeguarding screen's model, the synonym list and every compiled template. Nothing that holds a file or a
connection is opened here (no database, no search index): those are opened by each worker for itself.
"""

from __future__ import annotations

import logging

from flask import Flask

log = logging.getLogger(__name__)


def warm_up(app: Flask) -> None:
    """Build the per-process models and compile every template now (in the master, before the fork)."""
    from portal.chat import decision, intent
    from portal.platform import langid
    from portal.safeguarding.screen import model as screening_model
    from portal.search.services import synonyms

    intent.model()
    decision.decider()
    langid.guess("")
    screening_model()
    synonyms()
    env = app.jinja_env
    for name in env.list_templates(filter_func=lambda name: name.endswith(".html")):
        try:
            env.get_template(name)
        except Exception:  # noqa: BLE001 - a template that will not compile fails on its own request, as before
            log.warning("template did not compile at start-up", extra={"summary": name})
