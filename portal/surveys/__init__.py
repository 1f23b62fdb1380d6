"""Co-production (issue 8): surveys (views.py, models.py) and "You said, we did" (yousaid_views.py, yousaid_models.py)."""

from flask import Blueprint

bp = Blueprint("surveys", __name__)
