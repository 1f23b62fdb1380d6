"""EHC needs assessment requests, cases and statutory time limits (issue 5)."""

from flask import Blueprint

bp = Blueprint("cases", __name__)
