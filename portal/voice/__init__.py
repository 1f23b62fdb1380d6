"""The young person's space: voice of the child, 'All about me', 'I don't feel safe' (issue 6)."""

from flask import Blueprint

bp = Blueprint("voice", __name__)
