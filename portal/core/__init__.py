from flask import Blueprint

bp = Blueprint("core", __name__)

from portal.core import views  # noqa: E402,F401
