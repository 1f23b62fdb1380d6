"""WSGI entry point for gunicorn: `gunicorn portal.wsgi:app`."""

import os

from portal import create_app
from portal.warm import warm_up

app = create_app()
if os.environ.get("PORTAL_WARM_UP", "1") != "0":
    # With preload_app (gunicorn.conf.py) this runs once in the master; every worker forked from it is warm.
    warm_up(app)
