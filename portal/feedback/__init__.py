"""Page feedback: 'Is this page useful?' and 'Report a problem with this page' (issue 6)."""

from flask import Blueprint

bp = Blueprint("feedback", __name__)
