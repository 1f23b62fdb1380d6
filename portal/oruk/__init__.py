"""The oruk blueprint: the Open Referral UK (HSDS 3.0 UK profile) read-only feed; routes are in views.py."""

from flask import Blueprint

bp = Blueprint("oruk", __name__, url_prefix="/api/oruk")
