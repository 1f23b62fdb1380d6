"""The migrations build exactly the schema the models describe, and can be undone."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

from portal.models import metadata
from tests.conftest import build_app


def _diff(url: str) -> list[object]:
    engine = create_engine(url)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, metadata)


def test_migrations_match_the_models(tmp_path: Path):
    app = build_app(tmp_path, sqlite_only=True)
    from portal.cli import alembic_config, upgrade_database

    with app.app_context():
        upgrade_database()
        assert _diff(app.config["DATABASE_URL"]) == [], "run `portal db revision` and review the new migration"
        command.downgrade(alembic_config(), "base")
        command.upgrade(alembic_config(), "head")


def test_stored_conversations_continue_after_their_last_message(tmp_path: Path):
    from sqlalchemy import text

    from portal.cli import alembic_config
    from portal.db import db

    app = build_app(tmp_path, sqlite_only=True)
    with app.app_context():
        command.upgrade(alembic_config(), "arch_0001")
        with db.engine.begin() as conn:
            conn.execute(text("INSERT INTO chat_conversation (id, locale, easy_read, misses, created_at, updated_at) "
                              "VALUES ('c1', 'en', 0, 0, '2026-12-01', '2026-12-01'), "
                              "('c2', 'en', 0, 0, '2026-12-01', '2026-12-01')"))  # fmt: skip
            for position in range(4):
                conn.execute(
                    text("INSERT INTO chat_message (id, conversation_id, position, role, text, sources, quick_replies,"
                         " choices, created_at, updated_at) VALUES (:id, 'c1', :p, 'user', 'q', '[]', '[]', '[]',"
                         " '2026-12-01', '2026-12-01')"),
                    {"id": f"m{position}", "p": position},
                )  # fmt: skip
        command.upgrade(alembic_config(), "head")
        with db.engine.connect() as conn:
            counts = dict(conn.execute(text("SELECT id, message_count FROM chat_conversation")).all())
        assert counts == {"c1": 4, "c2": 0}
        db.engine.dispose()
