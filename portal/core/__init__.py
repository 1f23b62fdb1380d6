"""The core blueprint; its routes are in views.py, attached by create_app."""

from flask import Blueprint

bp = Blueprint("core", __name__)
