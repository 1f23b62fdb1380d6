"""'You said, we did': entries, their sources and the public page (issue 8)."""

from flask import Blueprint

bp = Blueprint("yousaid", __name__)
