"""The search blueprint; its routes are in views.py, attached by create_app."""

from flask import Blueprint

bp = Blueprint("search", __name__, url_prefix="/search")
