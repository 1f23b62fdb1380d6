"""What families see after writing something the screen flagged: the urgent-help panel, on whatever page
thanks them. `screen_and_flag` notes the flag on the request; a redirect carries the note to the next page
in the session (a yes/no only, never the words); `urgent_help_needed()` in a template reads it once."""

from __future__ import annotations

from flask import Flask, Response, g, session

NOTE = "safeguarding_help"


def _carry_over_redirects(response: Response) -> Response:
    if g.get("safeguarding_flagged") and 300 <= response.status_code < 400:
        session[NOTE] = True
    return response


def urgent_help_needed() -> bool:
    """True once after a family's words were flagged: the thank-you page shows the urgent-help panel."""
    return bool(g.get("safeguarding_flagged")) or bool(session.pop(NOTE, False))


def init_safeguarding_web(app: Flask) -> None:
    app.after_request(_carry_over_redirects)
    app.jinja_env.globals["urgent_help_needed"] = urgent_help_needed
