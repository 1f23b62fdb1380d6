from flask import Blueprint

bp = Blueprint("local_offer", __name__, url_prefix="/local-offer")

from portal.local_offer import views  # noqa: E402,F401
