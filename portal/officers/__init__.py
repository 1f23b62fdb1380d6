"""The officers blueprint; its routes are in views.py, attached by create_app."""

from flask import Blueprint

bp = Blueprint("officers", __name__, url_prefix="/officers")
