"""What gunicorn's master builds before forking, so every worker (and every replacement) starts warm."""

from __future__ import annotations

from portal.chat import decision, intent
from portal.warm import warm_up


def test_warm_up_builds_the_models_and_compiles_every_template(app):
    app.jinja_env.cache.clear()
    warm_up(app)
    assert intent._model is not None and decision._decider is not None
    compiled = {key[1] for key in app.jinja_env.cache}
    assert {"base.html", "chat/ask.html", "cases/family/your_case.html", "local_offer/page.html"} <= compiled
    assert "govuk_frontend_jinja/components/service-navigation/macro.html" in compiled


def test_warm_up_opens_no_database_connection(app, monkeypatch):
    from portal.db import db

    with app.app_context():
        engine = db.engine
    before = engine.pool.checkedout()
    connects: list[object] = []
    monkeypatch.setattr(engine, "connect", lambda *a, **k: connects.append(1))
    warm_up(app)
    assert not connects and engine.pool.checkedout() == before
