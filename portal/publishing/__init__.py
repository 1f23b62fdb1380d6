"""Publishing the Local Offer: drafts, review, versions, listing proposals, freshness (issue 7)."""

from flask import Blueprint

bp = Blueprint("publishing", __name__)
