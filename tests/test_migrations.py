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
