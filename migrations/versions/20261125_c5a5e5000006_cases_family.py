"""EHC requests: the family side's later columns (issue 5)

Revision ID: c5a5e5000006
Revises: c5a5e5000001
Create Date: 2026-11-25 12:30:00
"""

from alembic import op
import sqlalchemy as sa


revision = 'c5a5e5000006'
down_revision = 'c5a5e5000001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
