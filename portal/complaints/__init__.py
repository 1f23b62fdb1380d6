"""Complaints: the family's form and the complaints officer's triage and deadlines (issue 6)."""

from flask import Blueprint

bp = Blueprint("complaints", __name__)
