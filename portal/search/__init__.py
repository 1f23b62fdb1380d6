from flask import Blueprint

bp = Blueprint("search", __name__, url_prefix="/search")

from portal.search import views  # noqa: E402,F401
