"""Extensions, created unbound; create_app binds them."""

from authlib.integrations.flask_client import OAuth
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_wtf.csrf import CSRFProtect

from portal.db import db
from portal.platform.translations import PortalBabel

csrf = CSRFProtect()
babel = PortalBabel()
limiter = Limiter(key_func=get_remote_address, default_limits=[], headers_enabled=True)
oauth = OAuth()

__all__ = ["babel", "csrf", "db", "limiter", "oauth"]
