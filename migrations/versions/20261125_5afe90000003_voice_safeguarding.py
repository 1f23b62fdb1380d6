"""voice of the child and the safeguarding queue (issue 6)

Revision ID: 5afe90000003
Revises: fb0c0a000002
Create Date: 2026-11-25 12:10:00
"""

from alembic import op
import sqlalchemy as sa


revision = '5afe90000003'
down_revision = 'fb0c0a000002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
