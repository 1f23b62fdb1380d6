"""The chat blueprint; its routes are in views.py, attached by create_app."""

from flask import Blueprint

bp = Blueprint("chat", __name__, url_prefix="/ask")
