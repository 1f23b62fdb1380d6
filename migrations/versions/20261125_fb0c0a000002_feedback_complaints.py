"""page feedback and complaints (issue 6)

Revision ID: fb0c0a000002
Revises: c5a5e5000001
Create Date: 2026-11-25 12:10:00
"""

from alembic import op
import sqlalchemy as sa


revision = 'fb0c0a000002'
down_revision = 'c5a5e5000001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
