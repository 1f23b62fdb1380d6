"""Every template shares the environment's globals as one dict (portal/templating.py)."""

from __future__ import annotations

import pytest


def test_templates_see_globals_added_after_they_were_loaded(app):
    env = app.jinja_env
    template = env.get_template("layouts/two_thirds.html")
    assert template.globals is env.globals
    try:
        env.globals["portal_test_late_global"] = "added later"
        assert env.from_string("{{ portal_test_late_global }}").render() == "added later"
        assert "portal_test_late_global" in env.get_template("layouts/two_thirds.html").globals
    finally:
        env.globals.pop("portal_test_late_global", None)


def test_per_template_globals_are_refused_so_they_cannot_reach_every_template(app):
    env = app.jinja_env
    env.get_template("layouts/two_thirds.html")
    with pytest.raises(TypeError):
        env.get_template("layouts/two_thirds.html", globals={"leak": 1})
    with pytest.raises(TypeError):
        env.select_template(["layouts/two_thirds.html"], globals={"leak": 1})
    with pytest.raises(TypeError):
        env.from_string("{{ leak }}", globals={"leak": 1})
    assert "leak" not in env.globals


def test_imported_macros_and_pages_render_with_the_shared_globals(pages):
    soup = pages.get("/local-offer/")
    assert soup.select_one("a.govuk-skip-link") is not None
    assert soup.select_one(".govuk-service-navigation") is not None
