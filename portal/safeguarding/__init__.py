"""Safeguarding: screening of free text and the safeguarding lead's queue (issue 6)."""

from flask import Blueprint

bp = Blueprint("safeguarding", __name__)
