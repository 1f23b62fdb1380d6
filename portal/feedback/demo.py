"""Demo data for the feedback domain, run by `portal seed-demo`: a few complaints at different stages and some
page feedback, all fictional (see demo_complaints.py)."""

from __future__ import annotations

from flask import current_app


def seed_demo() -> str:
    from portal.feedback.demo_complaints import seed

    base = current_app.config.get("PORTAL_BASE_URL") or "http://127.0.0.1:5000"
    with current_app.test_request_context("/", base_url=base):  # the complaints' e-mails carry links
        made = seed()
    return f"Demo complaints: {made} created."
