"""EHC needs assessment requests, cases, milestones, documents and messages (issue 5)

Revision ID: c5a5e5000001
Revises: 69ca66998b04
Create Date: 2026-11-25 12:10:00
"""

from alembic import op
import sqlalchemy as sa


revision = 'c5a5e5000001'
down_revision = '69ca66998b04'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
