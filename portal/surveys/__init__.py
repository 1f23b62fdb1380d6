"""Co-production surveys: building, answering and results (issue 8)."""

from flask import Blueprint

bp = Blueprint("surveys", __name__)
