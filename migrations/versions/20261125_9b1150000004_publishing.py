"""page versions, review workflow, listing proposals and freshness (issue 7)

Revision ID: 9b1150000004
Revises: 5afe90000003
Create Date: 2026-11-25 12:10:00
"""

from alembic import op
import sqlalchemy as sa


revision = '9b1150000004'
down_revision = '5afe90000003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
