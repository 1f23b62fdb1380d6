"""gunicorn settings for a web node: `gunicorn -c gunicorn.conf.py portal.wsgi:app` (the Procfile's web process).

Everything can be changed from the environment: PORT (or BIND), WEB_CONCURRENCY, WEB_THREADS, WEB_TIMEOUT,
WEB_MAX_REQUESTS.
"""

import os

bind = os.environ.get("BIND") or f"127.0.0.1:{os.environ.get('PORT', '8000')}"
# Two processes a core is gunicorn's usual advice; the search index is opened once per process.
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("WEB_THREADS", "4"))
worker_class = "gthread"
timeout = int(os.environ.get("WEB_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Restart each process now and then so slow leaks cannot build up; jitter so they do not all go at once. Not too
# often: a replaced worker starts with empty page caches and a closed search index, and at 2,000 requests a busy
# node replaced each worker every few seconds (the topic page served about half the requests it does without).
max_requests = int(os.environ.get("WEB_MAX_REQUESTS", "50000"))
max_requests_jitter = max_requests // 10
# The portal writes its own access line (JSON, with the request id and the route, never the raw path).
accesslog = None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info")
# Load the app before forking: start-up errors (a missing SECRET_KEY or REDIS_URL) stop the master at once, and
# portal/wsgi.py builds the models and compiles the templates there, so every worker starts warm.
preload_app = True
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
