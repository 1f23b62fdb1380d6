"""Redress and voice (issue 6): page feedback, complaints, the young person's space, and the safeguarding queue.

Modules: views.py (page feedback), complaints*.py, voice*.py, safeguarding*.py; each area has its own
models module, all imported by portal/models.py.
"""

from flask import Blueprint

bp = Blueprint("feedback", __name__)
