"""Demo data for the feedback domain, run by `portal seed-demo`: a few complaints at different stages and some
page feedback, all fictional (see demo_complaints.py)."""

from __future__ import annotations

from portal.links import base_url_context


def seed_demo() -> str:
    from portal.feedback.demo_complaints import seed

    with base_url_context():  # the complaints' e-mails are rendered like pages
        made = seed()
    return f"Demo complaints: {made} created."
