"""The local_offer blueprint; its routes are in views.py, attached by create_app."""

from flask import Blueprint

bp = Blueprint("local_offer", __name__, url_prefix="/local-offer")
