"""The auth blueprint; its routes are in views.py, attached by create_app."""

from flask import Blueprint

bp = Blueprint("auth", __name__, url_prefix="/account")
